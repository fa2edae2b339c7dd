"""A generic webhook for subscribers' own systems: JSON signed with HMAC-SHA256.

Receivers verify `X-CrisisHub-Signature: sha256=<hex>` over "<timestamp>.<body>" with the
shared secret, and drop a repeated `X-CrisisHub-Delivery` id.

With `format: statuspage` the bodies are Statuspage's instead (generator.crosspost.
statuspage_webhooks): one incident body per update, then one per changed component, each
signed and with its own delivery id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.crosspost.channels.base import (
    Clock,
    HttpAdapter,
    PostResult,
    Thread,
    UnknownOutcome,
    utc_now,
)
from generator.wording.shaping import Message, TextRules

if TYPE_CHECKING:
    import httpx

DEFAULT_RULES = TextRules(limit=10000, counting="utf16")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class Webhook(HttpAdapter):
    kind = "webhook"
    idempotent = False
    threads = True
    default_rules = DEFAULT_RULES

    def __init__(self, name: str, client: httpx.AsyncClient, url: str, secret: str, *,
                 rules: TextRules | None = None, clock: Clock = utc_now,
                 statuspage: Callable[[Message], list[dict[str, Any]]] | None = None) -> None:
        super().__init__(name, client, rules=rules, clock=clock)
        self.url = url  # the receiver's whole URL, as written (no `api_base`)
        self._secret = secret
        self.statuspage = statuspage

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        delivery = hashlib.sha256(f"{self.name}:{message.key}".encode()).hexdigest()[:32]
        if self.statuspage is None:
            await self._deliver(self._own_payload(message, thread), delivery)
            return PostResult(remote_id=delivery)
        bodies = self.statuspage(message)
        if not bodies:  # a scheduled post is no incident: Statuspage receivers get nothing
            return PostResult(extra={"skipped": "not an incident"})
        for number, body in enumerate(bodies):
            try:
                await self._deliver(body, f"{delivery}-{number}")
            except Exception as exc:
                if number == 0:
                    raise
                raise UnknownOutcome(f"the incident went, component {number} of "
                                     f"{len(bodies) - 1} did not: {exc}") from None
        return PostResult(remote_id=f"{delivery}-0")

    def _own_payload(self, message: Message, thread: Thread | None) -> dict[str, Any]:
        return {
            "type": "crisishub.update" if message.incident_id else "crisishub.scheduled",
            "id": message.key, "incident": message.incident_id, "title": message.title,
            "text": message.text, "url": message.link,
            "in_reply_to": thread.parent.remote_id if thread else None,
        }

    async def _deliver(self, payload: dict[str, Any], delivery: str) -> None:
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        timestamp = str(int(self.clock().timestamp()))
        request = self.client.build_request("POST", self.url, content=body, headers={
            "Content-Type": "application/json",
            "X-CrisisHub-Delivery": delivery,
            "X-CrisisHub-Timestamp": timestamp,
            "X-CrisisHub-Signature": signature(self._secret, timestamp, body),
        })
        response = await self.exchange(request, detail_from=("error", "message"))
        self.refuse_html(response, "the receiver's answer", "it may have been delivered")
