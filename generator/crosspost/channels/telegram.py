"""Telegram Bot API: sendMessage to a channel, HTML with escaping, replies for threads."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from generator.crosspost.channels.base import (
    Clock,
    HttpAdapter,
    PermanentError,
    PostResult,
    RateLimited,
    Thread,
    TransientError,
    UnknownOutcome,
    utc_now,
)
from generator.wording.shaping import Message, TextRules

if TYPE_CHECKING:
    import httpx

# "1-4096 characters after entities parsing"; Telegram measures in UTF-16 code units.
DEFAULT_RULES = TextRules(limit=4096, counting="utf16")


class Telegram(HttpAdapter):
    kind = "telegram"
    idempotent = False
    threads = True
    default_rules = DEFAULT_RULES
    default_api_base = "https://api.telegram.org"

    def __init__(self, name: str, client: httpx.AsyncClient, token: str, chat_id: str, *,
                 api_base: str | None = None, rules: TextRules | None = None,
                 clock: Clock = utc_now) -> None:
        super().__init__(name, client, api_base=api_base, rules=rules, clock=clock)
        self._token = token
        self.chat_id = chat_id

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        payload: dict[str, Any] = {
            "chat_id": self.chat_id, "text": render_html(message), "parse_mode": "HTML",
        }
        if thread is not None and thread.parent.remote_id:
            payload["reply_parameters"] = {
                "message_id": int(thread.parent.remote_id), "allow_sending_without_reply": True,
            }
        request = self.client.build_request(
            "POST", f"{self.api_base}/bot{self._token}/sendMessage", json=payload)
        response = await self.send(request)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or (response.status_code < 300 and not body.get("ok")):
            if response.status_code < 300:
                raise UnknownOutcome(f"Telegram answered HTTP {response.status_code} without "
                                     "its usual JSON; the message may have been sent")
            body = {}
        if response.status_code < 300 and body.get("ok"):
            result = body.get("result")
            if not isinstance(result, dict) or "message_id" not in result:
                raise UnknownOutcome("Telegram sent no message id; the message may have been "
                                     "sent")
            message_id = str(result["message_id"])
            return PostResult(remote_id=message_id, url=self._public_url(result, message_id))
        self._raise(response.status_code, body)
        raise AssertionError("unreachable")

    def _public_url(self, result: dict[str, Any], message_id: str) -> str | None:
        username = (result.get("chat") or {}).get("username")
        return f"https://t.me/{username}/{message_id}" if username else None

    @staticmethod
    def _raise(status: int, body: dict[str, Any]) -> None:
        code = body.get("error_code", status)
        what = f"error {code}: {body.get('description', 'no description')}"
        if code == 429:
            retry = (body.get("parameters") or {}).get("retry_after", 30)
            raise RateLimited(what, float(retry))
        if status >= 500:
            if status == 503:
                raise TransientError(what)
            raise UnknownOutcome(f"{what}; the message may have been sent")
        raise PermanentError(what)


def render_html(message: Message) -> str:
    """The text escaped for parse_mode=HTML, with the link as an anchor on its shown text."""
    before = html.escape(message.text[: message.link_start], quote=False)
    after = html.escape(message.text[message.link_end:], quote=False)
    if not message.link:
        return html.escape(message.text, quote=False)
    anchor = (f'<a href="{html.escape(message.link, quote=True)}">'
              f"{html.escape(message.shown_link, quote=False)}</a>")
    return before + anchor + after
