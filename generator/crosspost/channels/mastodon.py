"""Mastodon: POST /api/v1/statuses with an Idempotency-Key; limits read from the instance;
a send whose outcome is unknown is settled by reading the account's own recent statuses."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from generator.crosspost.channels.base import (
    Clock,
    HttpAdapter,
    PostResult,
    Thread,
    answer_field,
    json_body,
    seconds_until_iso,
    utc_now,
)
from generator.wording.shaping import Message, TextRules

if TYPE_CHECKING:
    import httpx

DEFAULT_RULES = TextRules(limit=500, counting="graphemes", url_weight=23)
# Mastodon keeps an Idempotency-Key for one hour only: a repeat after that would post again,
# so an unknown outcome is settled by reading back, not by resending.
RECENT_STATUSES = 40  # the most /api/v1/accounts/:id/statuses returns at once


def rate_limit_wait(response: httpx.Response, now: datetime) -> float | None:
    """Mastodon's own reset header on a 429: an ISO 8601 time (posting and reading alike)."""
    return seconds_until_iso(response.headers.get("X-RateLimit-Reset"), now) \
        if response.status_code == 429 else None


class Mastodon(HttpAdapter):
    kind = "mastodon"
    idempotent = True
    threads = True
    default_rules = DEFAULT_RULES

    def __init__(self, name: str, client: httpx.AsyncClient, instance: str, token: str, *,
                 visibility: str = "public", rules: TextRules | None = None,
                 clock: Clock = utc_now) -> None:
        super().__init__(name, client, api_base=instance, rules=rules, clock=clock)
        self._token = token
        self.visibility = visibility
        self._account: str | None = None

    async def prepare(self) -> None:
        """Read `configuration.statuses` from /api/v2/instance (defaults 500 and 23)."""
        response = await self.exchange(
            self.client.build_request("GET", f"{self.api_base}/api/v2/instance"))
        try:
            statuses = response.json()["configuration"]["statuses"]
        except (ValueError, KeyError, TypeError):
            return  # an instance that does not say keeps the defaults
        self.rules = TextRules(
            limit=int(statuses.get("max_characters", 500)), counting="graphemes",
            url_weight=int(statuses.get("characters_reserved_per_url", 23)),
        )

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        form = {"status": message.text, "visibility": self.visibility}
        if thread is not None and thread.parent.remote_id:
            form["in_reply_to_id"] = thread.parent.remote_id
        request = self.client.build_request(
            "POST", f"{self.api_base}/api/v1/statuses", data=form,
            headers={"Authorization": f"Bearer {self._token}",
                     "Idempotency-Key": idempotency_key(self.name, message.key)},
        )
        response = await self.exchange(request, detail_from=("error",),
                                       retry_after=rate_limit_wait)
        status = json_body(response, "Mastodon", acted=True)
        status_id = answer_field(status, "Mastodon", "id", acted=True)
        return PostResult(remote_id=str(status_id), url=status.get("url"))

    async def find(self, message: Message, thread: Thread | None) -> PostResult | None:
        """The status of `message` among the account's own recent ones, or None."""
        for status in await self._recent():
            if isinstance(status, dict) and _same(status, message):
                return PostResult(remote_id=str(status.get("id")), url=status.get("url"))
        return None

    async def _recent(self) -> list[Any]:
        if self._account is None:
            me = json_body(await self._get("/api/v1/accounts/verify_credentials"), "Mastodon")
            self._account = str(answer_field(me, "Mastodon", "id"))
        statuses = json_body(await self._get(f"/api/v1/accounts/{self._account}/statuses",
                                              limit=str(RECENT_STATUSES)), "Mastodon")
        return statuses if isinstance(statuses, list) else []

    async def _get(self, path: str, **params: str) -> httpx.Response:
        request = self.client.build_request(
            "GET", f"{self.api_base}{path}", params=params,
            headers={"Authorization": f"Bearer {self._token}"})
        return await self.exchange(request, detail_from=("error",))


def _same(status: dict[str, Any], message: Message) -> bool:
    """Whether a status shows `message`: an update's link (unique: it names the update) or
    the same words."""
    content = str(status.get("content") or "")
    links = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', content)]
    if message.incident_id and message.link and message.link in links:
        return True
    return _words(html.unescape(re.sub(r"<[^>]+>", "", content))) == _words(message.text)


def _words(text: str) -> str:
    return " ".join(text.split())


def idempotency_key(channel: str, key: str) -> str:
    """Stable for one message on one channel, so a repeat is recognised."""
    return hashlib.sha256(f"crisishub:{channel}:{key}".encode()).hexdigest()[:32]
