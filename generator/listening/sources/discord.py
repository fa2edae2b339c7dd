"""Discord: GET /webhooks/{id}/{token}/messages/{message.id} gives a message sent through the
webhook with `?wait=true` (its id is in the ledger), and its reactions. Webhooks see no
replies and no views."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from generator.crosspost.channels.base import Clock, parse_retry_after
from generator.listening.sources.base import Collected, Gone, Posted, Sleep, get_json

if TYPE_CHECKING:
    import httpx


def _retry(response: httpx.Response, now: Any) -> float | None:
    """Discord's 429 body says `retry_after` in seconds (float); the header may round it."""
    if response.status_code != 429:
        return None
    try:
        return float(response.json()["retry_after"])
    except (ValueError, KeyError, TypeError):
        return parse_retry_after(response.headers.get("Retry-After"), now)


class DiscordReader:
    kind = "discord"

    def __init__(self, name: str, client: httpx.AsyncClient, webhook_url: str, *,
                 clock: Clock, sleep: Sleep) -> None:
        self.name = name
        self.client = client
        self._url = webhook_url.split("?", 1)[0].rstrip("/")
        self.clock = clock
        self.sleep = sleep

    async def read(self, posts: list[Posted], out: Collected) -> None:
        for post in posts:
            url = f"{self._url}/messages/{post.remote_id}"
            try:
                message = await get_json(self.client,
                                         partial(self.client.build_request, "GET", url),
                                         clock=self.clock, sleep=self.sleep, retry_after=_retry,
                                         detail_keys=("message",))
            except Gone:
                out.snapshot(post, self.clock(), state="deleted")
                continue
            total = sum(int(r.get("count", 0)) for r in message.get("reactions") or [])
            out.snapshot(post, self.clock(), counts={"reactions": total})
