"""Mastodon: POST /api/v1/statuses with an Idempotency-Key; limits read from the instance."""

from __future__ import annotations

import hashlib

import httpx

from generator.crosspost.channels.base import (
    Clock,
    PermanentError,
    PostResult,
    Thread,
    error_detail,
    raise_for_http,
    seconds_until_iso,
    send,
    utc_now,
)
from generator.wording.shaping import Message, TextRules

DEFAULT_RULES = TextRules(limit=500, counting="graphemes", url_weight=23)
# Mastodon keeps an Idempotency-Key for one hour; after that a repeat would post again.
IDEMPOTENCY_WINDOW_SECONDS = 3600


class Mastodon:
    kind = "mastodon"
    idempotent = True
    threads = True
    idempotency_window = IDEMPOTENCY_WINDOW_SECONDS

    def __init__(self, name: str, client: httpx.AsyncClient, instance: str, token: str, *,
                 visibility: str = "public", rules: TextRules = DEFAULT_RULES,
                 clock: Clock = utc_now) -> None:
        self.name = name
        self.client = client
        self.instance = instance.rstrip("/")
        self._token = token
        self.visibility = visibility
        self.rules = rules
        self.clock = clock

    async def prepare(self) -> None:
        """Read `configuration.statuses` from /api/v2/instance (defaults 500 and 23)."""
        request = self.client.build_request("GET", f"{self.instance}/api/v2/instance")
        response = await send(self.client, request, idempotent=True)
        raise_for_http(response, idempotent=True, now=self.clock())
        try:
            statuses = response.json()["configuration"]["statuses"]
        except (ValueError, KeyError, TypeError):
            return
        self.rules = TextRules(
            limit=int(statuses.get("max_characters", 500)), counting="graphemes",
            url_weight=int(statuses.get("characters_reserved_per_url", 23)),
        )

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        form = {"status": message.text, "visibility": self.visibility}
        if thread is not None and thread.parent.remote_id:
            form["in_reply_to_id"] = thread.parent.remote_id
        request = self.client.build_request(
            "POST", f"{self.instance}/api/v1/statuses", data=form,
            headers={"Authorization": f"Bearer {self._token}",
                     "Idempotency-Key": idempotency_key(self.name, message.key)},
        )
        response = await send(self.client, request, idempotent=True)
        now = self.clock()
        raise_for_http(
            response, idempotent=True, now=now, detail=error_detail(response, "error"),
            retry_after=seconds_until_iso(response.headers.get("X-RateLimit-Reset"), now)
            if response.status_code == 429 else None,
        )
        try:
            status = response.json()
            return PostResult(remote_id=str(status["id"]), url=status.get("url"))
        except (ValueError, KeyError, TypeError):
            raise PermanentError("the instance answered without a status id") from None


def idempotency_key(channel: str, key: str) -> str:
    """Stable for one message on one channel, so a repeat is recognised."""
    return hashlib.sha256(f"crisishub:{channel}:{key}".encode()).hexdigest()[:32]
