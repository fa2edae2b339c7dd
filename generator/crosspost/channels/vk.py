"""VK: wall.post on the community wall; follow-ups as wall.createComment on the first post.

VK answers errors with HTTP 200 and {"error": {"error_code", "error_msg"}}; 6, 9 and 29 are
rate limits. `guid` makes a repeat of the same post or comment harmless while VK remembers
it (not documented how long), so an unknown outcome is settled by reading the wall back
(`wall.get`, `wall.getComments`).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from generator.crosspost.channels.base import (
    Clock,
    HttpAdapter,
    PermanentError,
    PostResult,
    RateLimited,
    Thread,
    TransientError,
    answer_field,
    json_body,
    utc_now,
)
from generator.wording.shaping import Message, TextRules

if TYPE_CHECKING:
    import httpx

API_VERSION = "5.199"
# Conservative: far below what a wall post takes, so every summary fits unchanged.
DEFAULT_RULES = TextRules(limit=4096, counting="utf16")
# How long to wait for each rate-limit code: per second, flood control, daily quota.
RATE_LIMIT_WAIT = {6: 1.0, 9: 60.0, 29: 3600.0}


class VK(HttpAdapter):
    kind = "vk"
    idempotent = True
    threads = True
    default_rules = DEFAULT_RULES
    default_api_base = "https://api.vk.com"

    def __init__(self, name: str, client: httpx.AsyncClient, token: str, group_id: int, *,
                 api_base: str | None = None, rules: TextRules | None = None,
                 clock: Clock = utc_now) -> None:
        super().__init__(name, client, api_base=api_base, rules=rules, clock=clock)
        self._token = token
        self.group_id = abs(int(group_id))

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        guid = hashlib.sha256(f"crisishub:{self.name}:{message.key}".encode()).hexdigest()[:32]
        owner = f"-{self.group_id}"
        if thread is not None and thread.root.remote_id:
            post_id = thread.root.remote_id
            body = await self._call("wall.createComment", {
                "owner_id": owner, "post_id": post_id, "from_group": str(self.group_id),
                "message": message.text, "guid": guid,
            }, acted=True)
            return self._comment(post_id, answer_field(body, "VK", "comment_id", acted=True))
        body = await self._call("wall.post", {
            "owner_id": owner, "from_group": "1", "message": message.text, "guid": guid,
        }, acted=True)
        return self._post(answer_field(body, "VK", "post_id", acted=True))

    async def find(self, message: Message, thread: Thread | None) -> PostResult | None:
        """The wall post, or the comment under the thread's first post, with this message's
        text, or None. The wall is always searched: the thread a message would join now may
        differ from the one of its earlier, unanswered attempt."""
        owner = f"-{self.group_id}"
        body = await self._call("wall.get", {"owner_id": owner, "count": "100"})
        for item in _items(body):
            if _same(item, message):
                return self._post(item["id"])
        if thread is not None and thread.root.remote_id:
            post_id = thread.root.remote_id
            body = await self._call("wall.getComments", {
                "owner_id": owner, "post_id": post_id, "count": "100", "sort": "desc"})
            for item in _items(body):
                if _same(item, message):
                    return self._comment(post_id, item["id"])
        return None

    def _post(self, post_id: Any) -> PostResult:
        owner = f"-{self.group_id}"
        return PostResult(remote_id=str(post_id), url=f"https://vk.com/wall{owner}_{post_id}")

    def _comment(self, post_id: str, comment_id: Any) -> PostResult:
        owner = f"-{self.group_id}"
        return PostResult(remote_id=str(comment_id),
                          url=f"https://vk.com/wall{owner}_{post_id}?reply={comment_id}",
                          extra={"post_id": post_id})

    async def _call(self, method: str, params: dict[str, str], *,
                    acted: bool = False) -> dict[str, Any]:
        form = {**params, "access_token": self._token, "v": API_VERSION}
        request = self.client.build_request("POST", f"{self.api_base}/method/{method}",
                                            data=form)
        response = await self.exchange(request)
        body = json_body(response, "VK", acted=acted)
        if not isinstance(body, dict):
            body = {}
        if "error" in body:
            error = body["error"]
            code = int(error.get("error_code", 0))
            what = f"error {code}: {error.get('error_msg', 'no message')}"
            if code in RATE_LIMIT_WAIT:
                raise RateLimited(what, RATE_LIMIT_WAIT[code])
            if code in (1, 10):  # unknown / internal server error: it may have posted
                raise TransientError(what, ambiguous=acted)
            raise PermanentError(what)
        if not isinstance(body.get("response"), dict):
            if acted:
                raise TransientError("VK answered without a response; the post may have gone "
                                     "through", ambiguous=True)
            raise PermanentError("VK answered without a response")
        return dict(body["response"])


def _items(body: dict[str, Any]) -> list[dict[str, Any]]:
    items = body.get("items")
    return [i for i in items if isinstance(i, dict) and "id" in i] if isinstance(items, list) \
        else []


def _same(item: dict[str, Any], message: Message) -> bool:
    return " ".join(str(item.get("text", "")).split()) == " ".join(message.text.split())
