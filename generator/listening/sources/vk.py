"""VK: wall.getById for the counts (likes, reposts, comments, views) and wall.getComments
(100 a page) for the replies.

Both methods refuse a community token (error 27, "method is unavailable with group auth"):
reading needs a service token of a VK app or a user token, in CRISISHUB_<NAME>_READ_TOKEN.
Errors come as HTTP 200 with {"error": {...}}; 6, 9 and 29 are rate limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.crosspost.channels.base import Clock, PermanentError, RateLimited
from generator.crosspost.channels.vk import API_VERSION, RATE_LIMIT_WAIT
from generator.listening.sources.base import CannotRead, Collected, Gone, Posted, Sleep, get_json
from generator.listening.store import Reply

if TYPE_CHECKING:
    import httpx

BATCH = 100
PAGE = 100
COMMUNITY_TOKEN_REFUSED = 27
AUTH_FAILED = 5
GONE_CODES = (15, 18, 30, 100, 212)  # access denied / deleted / private / no such post


def _vk_error(response: httpx.Response) -> None:
    try:
        body = response.json()
    except ValueError:
        return
    error = body.get("error") if isinstance(body, dict) else None
    if not error:
        return
    code = int(error.get("error_code", 0))
    what = f"error {code}: {error.get('error_msg', 'no message')}"
    if code in RATE_LIMIT_WAIT:
        raise RateLimited(what, RATE_LIMIT_WAIT[code])
    if code == COMMUNITY_TOKEN_REFUSED:
        raise CannotRead(f"{what}: VK refuses a community token for reading; set the "
                         "READ_TOKEN variable to a service token of a VK app or a user token")
    if code == AUTH_FAILED:
        raise CannotRead(f"{what}: the read token is not valid")
    if code in GONE_CODES:
        raise Gone(what)
    raise PermanentError(what)


class VKReader:
    kind = "vk"

    def __init__(self, name: str, client: httpx.AsyncClient, token: str, group_id: int, *,
                 api_base: str = "https://api.vk.com", clock: Clock, sleep: Sleep) -> None:
        self.name = name
        self.client = client
        self._token = token
        self.group_id = abs(int(group_id))
        self.api_base = api_base.rstrip("/")
        self.clock = clock
        self.sleep = sleep

    async def _call(self, method: str, params: dict[str, str]) -> Any:
        form = {**params, "access_token": self._token, "v": API_VERSION}
        url = f"{self.api_base}/method/{method}"
        body = await get_json(self.client,
                              lambda: self.client.build_request("POST", url, data=form),
                              clock=self.clock, sleep=self.sleep, check=_vk_error)
        return body.get("response")

    async def read(self, posts: list[Posted], out: Collected) -> None:
        owner = f"-{self.group_id}"
        for start in range(0, len(posts), BATCH):
            batch = posts[start:start + BATCH]
            found = await self._call("wall.getById", {
                "posts": ",".join(f"{owner}_{p.remote_id}" for p in batch)})
            items = found.get("items", []) if isinstance(found, dict) else (found or [])
            by_id = {str(item.get("id")): item for item in items}
            for post in batch:
                item = by_id.get(post.remote_id)
                if item is None:
                    out.snapshot(post, self.clock(), state="deleted")
                    continue
                counts = {name: int((item.get(field) or {}).get("count", 0)) for name, field in
                          (("likes", "likes"), ("reposts", "reposts"), ("replies", "comments"),
                           ("views", "views"))}
                try:
                    replies = await self._comments(post) if counts["replies"] else []
                except Gone:
                    replies = []
                out.snapshot(post, self.clock(), counts=counts, replies=tuple(replies),
                             replies_read=True)

    async def _comments(self, post: Posted) -> list[Reply]:
        owner = f"-{self.group_id}"
        replies: list[Reply] = []
        offset = 0
        while True:
            page = await self._call("wall.getComments", {
                "owner_id": owner, "post_id": post.remote_id, "count": str(PAGE),
                "offset": str(offset), "sort": "asc", "need_likes": "1",
                "thread_items_count": "10"})
            items = page.get("items", [])
            for item in items:
                replies.append(self._reply(item, post.remote_id, post.remote_id))
                for inner in (item.get("thread") or {}).get("items", []):
                    parent = str(inner.get("reply_to_comment") or item["id"])
                    replies.append(self._reply(inner, post.remote_id, parent))
            offset += len(items)
            total = int(page.get("current_level_count", page.get("count", 0)))
            if not items or offset >= total:
                return replies

    def _reply(self, item: dict[str, Any], post_id: str, parent: str) -> Reply:
        author = int(item.get("from_id", 0))
        handle = f"id{author}" if author > 0 else f"club{-author}"
        comment = str(item["id"])
        return Reply(id=comment, author=handle,
                     url=f"https://vk.com/wall-{self.group_id}_{post_id}?reply={comment}",
                     text=str(item.get("text", "")), likes=int((item.get("likes") or {})
                                                                .get("count", 0)),
                     parent=parent, own=author == -self.group_id)
