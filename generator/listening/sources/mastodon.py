"""Mastodon: GET /api/v1/statuses/:id for the counts and /context for the replies.

Public statuses need no token. Without one, an instance shows at most 60 descendants of a
status in its context (Mastodon 4.x); the reply count is always the full one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.crosspost.channels.base import Clock
from generator.crosspost.channels.mastodon import rate_limit_wait
from generator.listening.sources.base import (
    Collected,
    Gone,
    Posted,
    Sleep,
    get_json,
    plain_text,
)
from generator.listening.store import Reply

if TYPE_CHECKING:
    import httpx


class MastodonReader:
    kind = "mastodon"

    def __init__(self, name: str, client: httpx.AsyncClient, instance: str, *, clock: Clock,
                 sleep: Sleep) -> None:
        self.name = name
        self.client = client
        self.instance = instance.rstrip("/")
        self.clock = clock
        self.sleep = sleep

    async def _get(self, path: str) -> Any:
        url = f"{self.instance}{path}"
        return await get_json(self.client, lambda: self.client.build_request("GET", url),
                              clock=self.clock, sleep=self.sleep, retry_after=rate_limit_wait)

    async def read(self, posts: list[Posted], out: Collected) -> None:
        for post in posts:
            try:
                status = await self._get(f"/api/v1/statuses/{post.remote_id}")
            except Gone:
                out.snapshot(post, self.clock(), state="deleted")
                continue
            counts = {"likes": int(status.get("favourites_count", 0)),
                      "reposts": int(status.get("reblogs_count", 0)),
                      "replies": int(status.get("replies_count", 0))}
            if "quotes_count" in status:  # Mastodon 4.5 and later
                counts["quotes"] = int(status["quotes_count"])
            replies: tuple[Reply, ...] = ()
            if counts["replies"]:
                try:
                    context = await self._get(f"/api/v1/statuses/{post.remote_id}/context")
                except Gone:
                    context = {}
                own = str((status.get("account") or {}).get("id", ""))
                replies = tuple(_reply(s, own) for s in context.get("descendants", []))
            out.snapshot(post, self.clock(), counts=counts, replies=replies, replies_read=True)


def _reply(status: dict[str, Any], own_account: str) -> Reply:
    account = status.get("account") or {}
    return Reply(id=str(status["id"]), author="@" + str(account.get("acct", "?")),
                 url=status.get("url"), text=plain_text(str(status.get("content", ""))),
                 at=status.get("created_at"), likes=int(status.get("favourites_count", 0)),
                 parent=str(status.get("in_reply_to_id") or "") or None,
                 own=bool(own_account) and str(account.get("id")) == own_account)
