"""X: GET /2/tweets?ids=…&tweet.fields=public_metrics (100 ids a call) with the OAuth 1.0a
keys cross-posting uses. Reading needs an access level that allows it (the Free level may
only post): a 401 or 403 skips X with one line. Reply texts would need the search API: not
read. A deleted post comes back in `errors` with its id."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from generator.crosspost.channels.base import Clock
from generator.crosspost.channels.x import OAuth1Keys, oauth1_header, rate_limit_wait
from generator.listening.sources.base import CannotRead, Collected, Posted, Sleep, get_json, json_detail

if TYPE_CHECKING:
    import httpx

BATCH = 100


def _refused(response: httpx.Response) -> None:
    if response.status_code in (401, 403):
        raise CannotRead(f"HTTP {response.status_code}: "
                         f"{json_detail(response, 'detail', 'title')}: the configured access "
                         "cannot read posts; skipped")


class XReader:
    kind = "x"

    def __init__(self, name: str, client: httpx.AsyncClient, keys: OAuth1Keys, *,
                 api_base: str = "https://api.x.com", clock: Clock, sleep: Sleep) -> None:
        self.name = name
        self.client = client
        self._keys = keys
        self.api_base = api_base.rstrip("/")
        self.clock = clock
        self.sleep = sleep

    def _request(self, ids: str) -> httpx.Request:
        url = f"{self.api_base}/2/tweets?ids={ids}&tweet.fields=public_metrics"
        header = oauth1_header("GET", url, self._keys, timestamp=int(self.clock().timestamp()))
        return self.client.build_request("GET", url, headers={"Authorization": header})

    async def read(self, posts: list[Posted], out: Collected) -> None:
        for start in range(0, len(posts), BATCH):
            batch = posts[start:start + BATCH]
            ids = ",".join(p.remote_id for p in batch)
            body = await get_json(self.client, partial(self._request, ids),
                                  clock=self.clock, sleep=self.sleep, retry_after=rate_limit_wait,
                                  detail_keys=("detail", "title"), gone=(), check=_refused)
            found = {str(t.get("id")): t for t in body.get("data") or []}
            for post in batch:
                tweet = found.get(post.remote_id)
                if tweet is None:
                    out.snapshot(post, self.clock(), state="deleted")
                    continue
                metrics = tweet.get("public_metrics") or {}
                counts = {"likes": int(metrics.get("like_count", 0)),
                          "reposts": int(metrics.get("retweet_count", 0)),
                          "replies": int(metrics.get("reply_count", 0)),
                          "quotes": int(metrics.get("quote_count", 0))}
                if "impression_count" in metrics:
                    counts["views"] = int(metrics["impression_count"])
                out.snapshot(post, self.clock(), counts=counts)
