"""Chat webhooks: Slack (text + blocks), Discord (?wait=true, keeps the message id) and
Microsoft Teams Workflows (an Adaptive Card). The webhook URL is the secret."""

from __future__ import annotations

from typing import Any

import httpx

from generator.crosspost.channels.base import (
    Clock,
    PostResult,
    Thread,
    UnknownOutcome,
    error_detail,
    raise_for_http,
    send,
    utc_now,
)
from generator.wording.shaping import Message, TextRules, slack_escape, slack_link

# A section block's text: 3000 characters as Slack sees them, after escaping and mark-up.
SLACK_RULES = TextRules(limit=3000, counting="slack")
DISCORD_RULES = TextRules(limit=2000, counting="utf16")
TEAMS_RULES = TextRules(limit=4000, counting="utf16")


class _Webhook:
    kind = ""
    idempotent = False
    threads = False  # incoming webhooks cannot reply in a thread

    def __init__(self, name: str, client: httpx.AsyncClient, url: str, *,
                 rules: TextRules | None = None, clock: Clock = utc_now) -> None:
        self.name = name
        self.client = client
        self._url = url
        self.rules = rules or self.default_rules()
        self.clock = clock

    @staticmethod
    def default_rules() -> TextRules:
        raise NotImplementedError

    async def prepare(self) -> None:
        return None

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        raise NotImplementedError

    async def _post_json(self, url: str, payload: dict[str, Any], *keys: str) -> httpx.Response:
        request = self.client.build_request("POST", url, json=payload)
        response = await send(self.client, request, idempotent=False)
        raise_for_http(response, idempotent=False, now=self.clock(),
                       detail=error_detail(response, *keys))
        if "html" in response.headers.get("Content-Type", ""):  # a proxy's page, not the API
            raise UnknownOutcome(f"HTTP {response.status_code} with an HTML page instead of "
                                 "the API's answer; the message may have been sent")
        return response


class Slack(_Webhook):
    kind = "slack"

    @staticmethod
    def default_rules() -> TextRules:
        return SLACK_RULES

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        # Incoming webhooks cannot reply in a thread and return no message id.
        text = slack_escape(message.text)
        if message.link:
            text = (slack_escape(message.text[: message.link_start])
                    + slack_link(message.link, message.shown_link)
                    + slack_escape(message.text[message.link_end:]))
        payload = {"text": slack_escape(message.text),
                   "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}
        await self._post_json(self._url, payload)
        return PostResult()


class Discord(_Webhook):
    kind = "discord"

    @staticmethod
    def default_rules() -> TextRules:
        return DISCORD_RULES

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        url = self._url + ("&" if "?" in self._url else "?") + "wait=true"
        payload = {"content": message.text, "allowed_mentions": {"parse": []}}
        response = await self._post_json(url, payload, "message")
        try:
            body = response.json()
            return PostResult(remote_id=str(body["id"]), extra={"channel_id": body.get("channel_id")})
        except (ValueError, KeyError, TypeError):
            raise UnknownOutcome("Discord accepted the message but sent no message id") from None


class Teams(_Webhook):
    kind = "teams"

    @staticmethod
    def default_rules() -> TextRules:
        return TEAMS_RULES

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        await self._post_json(self._url, adaptive_card(message), "error", "message")
        return PostResult()  # Workflows answer 202 Accepted, without an id


def adaptive_card(message: Message) -> dict[str, Any]:
    """A Teams Workflows message: one Adaptive Card with the text and a link button."""
    body: list[dict[str, Any]] = []
    if message.title:
        body.append({"type": "TextBlock", "text": message.title, "weight": "Bolder",
                     "size": "Medium", "wrap": True})
    body.append({"type": "TextBlock", "text": message.text, "wrap": True})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard", "version": "1.4", "body": body,
    }
    if message.link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Open the status page",
                            "url": message.link}]
    return {"type": "message", "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
        "content": card,
    }]}
