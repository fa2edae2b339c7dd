"""Bluesky: app.bsky.feed.getPosts (25 posts a call) for the counts and getPostThread for the
replies, from the public AppView: no login. A deleted post is simply missing from getPosts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.crosspost.channels.base import Clock
from generator.crosspost.channels.bluesky import rate_limit_wait
from generator.listening.sources.base import Collected, Gone, Posted, Sleep, get_json
from generator.listening.store import Reply

if TYPE_CHECKING:
    import httpx

PUBLIC_APPVIEW = "https://public.api.bsky.app"
BATCH = 25  # getPosts takes at most 25 uris
THREAD_DEPTH = 6
THREAD_POST = "app.bsky.feed.defs#threadViewPost"


def _not_found(response: httpx.Response) -> None:
    """getPostThread answers 400 {"error": "NotFound"} for a deleted post."""
    if response.status_code == 400:
        try:
            error = response.json().get("error")
        except (ValueError, AttributeError):
            return
        if error == "NotFound":
            raise Gone("NotFound")


class BlueskyReader:
    kind = "bluesky"

    def __init__(self, name: str, client: httpx.AsyncClient, *, appview: str = PUBLIC_APPVIEW,
                 clock: Clock, sleep: Sleep) -> None:
        self.name = name
        self.client = client
        self.appview = appview.rstrip("/")
        self.clock = clock
        self.sleep = sleep

    async def _get(self, nsid: str, params: list[tuple[str, str | int | float | bool | None]],
                   ) -> Any:
        url = f"{self.appview}/xrpc/{nsid}"
        return await get_json(self.client,
                              lambda: self.client.build_request("GET", url, params=params),
                              clock=self.clock, sleep=self.sleep, retry_after=rate_limit_wait,
                              detail_keys=("message", "error"), check=_not_found)

    async def read(self, posts: list[Posted], out: Collected) -> None:
        for start in range(0, len(posts), BATCH):
            batch = posts[start:start + BATCH]
            body = await self._get("app.bsky.feed.getPosts", [("uris", p.remote_id) for p in batch])
            found = {str(v.get("uri")): v for v in body.get("posts", [])}
            for post in batch:
                view = found.get(post.remote_id)
                if view is None:
                    out.snapshot(post, self.clock(), state="deleted")
                    continue
                counts = {"likes": int(view.get("likeCount", 0)),
                          "reposts": int(view.get("repostCount", 0)),
                          "replies": int(view.get("replyCount", 0)),
                          "quotes": int(view.get("quoteCount", 0))}
                replies: list[Reply] = []
                if counts["replies"]:
                    try:
                        thread = await self._get("app.bsky.feed.getPostThread",
                                                 [("uri", post.remote_id),
                                                  ("depth", str(THREAD_DEPTH))])
                    except Gone:
                        thread = {}
                    own = str((view.get("author") or {}).get("did", ""))
                    _walk((thread.get("thread") or {}), own, replies)
                out.snapshot(post, self.clock(), counts=counts, replies=tuple(replies),
                             replies_read=True)


def _walk(node: dict[str, Any], own_did: str, into: list[Reply]) -> None:
    parent = str((node.get("post") or {}).get("uri", ""))
    for child in node.get("replies") or []:
        if child.get("$type") != THREAD_POST:  # notFoundPost, blockedPost
            continue
        post = child.get("post") or {}
        author = post.get("author") or {}
        handle = str(author.get("handle", "?"))
        uri = str(post.get("uri", ""))
        into.append(Reply(
            id=uri, author="@" + handle,
            url=f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}",
            text=str((post.get("record") or {}).get("text", "")),
            at=(post.get("record") or {}).get("createdAt"), likes=int(post.get("likeCount", 0)),
            parent=parent or None, own=bool(own_did) and author.get("did") == own_did))
        _walk(child, own_did, into)
