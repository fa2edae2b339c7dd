"""Telegram: reaction counts of channel posts arrive as `message_reaction_count` updates.

The bot must be an administrator of the channel, and the updates must be asked for by name
(`allowed_updates`); Telegram sends them with a delay of up to a few minutes, and only for
anonymous reactions (channels). Bots cannot see views, and comments live in the linked
discussion group: neither is read. Counts are totals, so reading an update twice is harmless.
getUpdates does not work while the bot has a webhook (HTTP 409).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from generator.crosspost.channels.base import Clock, RateLimited
from generator.listening.sources.base import CannotRead, Collected, Posted, Sleep, get_json

if TYPE_CHECKING:
    import httpx

MAX_BATCHES = 50  # 100 updates each


def _telegram_error(response: httpx.Response) -> None:
    try:
        body = response.json()
    except ValueError:
        return
    if not isinstance(body, dict) or body.get("ok", True):
        return
    code = int(body.get("error_code", response.status_code))
    what = f"error {code}: {body.get('description', 'no description')}"
    if code == 429:
        raise RateLimited(what, float((body.get("parameters") or {}).get("retry_after", 30)))
    if code == 409:
        raise CannotRead(f"{what}: the bot has a webhook set, so its updates cannot be read "
                         "here; remove the webhook or read reactions where it points")
    if code in (401, 403, 404):
        raise CannotRead(f"{what}: check the bot token and that the bot is an administrator "
                         "of the channel")


class TelegramReader:
    kind = "telegram"

    def __init__(self, name: str, client: httpx.AsyncClient, token: str, chat_id: str, *,
                 api_base: str = "https://api.telegram.org", clock: Clock, sleep: Sleep) -> None:
        self.name = name
        self.client = client
        self._token = token
        self.chat_id = str(chat_id)
        self.api_base = api_base.rstrip("/")
        self.clock = clock
        self.sleep = sleep

    def _our_chat(self, chat: dict[str, Any]) -> bool:
        if self.chat_id.startswith("@"):
            return str(chat.get("username", "")).lower() == self.chat_id[1:].lower()
        return str(chat.get("id")) == self.chat_id

    async def read(self, posts: list[Posted], out: Collected) -> None:
        url = f"{self.api_base}/bot{self._token}/getUpdates"
        latest: dict[str, int] = {}
        offset: int | None = None
        for _ in range(MAX_BATCHES):
            payload: dict[str, Any] = {"allowed_updates": ["message_reaction_count"],
                                       "timeout": 0, "limit": 100}
            if offset is not None:
                payload["offset"] = offset  # confirms every earlier update
            body = await get_json(
                self.client, partial(self.client.build_request, "POST", url, json=payload),
                clock=self.clock, sleep=self.sleep, check=_telegram_error, gone=(),
                detail_keys=("description",))
            updates = body.get("result") or []
            if not updates:
                break
            for update in updates:
                counted = update.get("message_reaction_count")
                if counted and self._our_chat(counted.get("chat") or {}):
                    latest[str(counted["message_id"])] = sum(
                        int(r.get("total_count", 0)) for r in counted.get("reactions") or [])
            offset = max(int(u["update_id"]) for u in updates) + 1
        for post in posts:
            if post.remote_id in latest:
                out.snapshot(post, self.clock(), counts={"reactions": latest[post.remote_id]})
