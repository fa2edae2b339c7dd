"""Chat webhooks: Slack (text + blocks), Discord (?wait=true, keeps the message id) and
Microsoft Teams Workflows (an Adaptive Card). The webhook URL is the secret."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.crosspost.channels.base import (
    Clock,
    HttpAdapter,
    PostResult,
    Thread,
    UnknownOutcome,
    utc_now,
)
from generator.wording.shaping import Message, TextRules, slack_escape, slack_link

if TYPE_CHECKING:
    import httpx

# A section block's text: 3000 characters as Slack sees them, after escaping and mark-up.
SLACK_RULES = TextRules(limit=3000, counting="slack")
DISCORD_RULES = TextRules(limit=2000, counting="utf16")
TEAMS_RULES = TextRules(limit=4000, counting="utf16")


class _Webhook(HttpAdapter):
    """A chat's incoming webhook: the whole URL is given (and secret), so no `api_base`."""

    idempotent = False
    threads = False  # incoming webhooks cannot reply in a thread

    def __init__(self, name: str, client: httpx.AsyncClient, url: str, *,
                 rules: TextRules | None = None, clock: Clock = utc_now) -> None:
        super().__init__(name, client, rules=rules, clock=clock)
        self._url = url

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        raise NotImplementedError

    async def _post_json(self, url: str, payload: dict[str, Any], *keys: str) -> httpx.Response:
        response = await self.exchange(self.client.build_request("POST", url, json=payload),
                                       detail_from=keys)
        self.refuse_html(response, "the API's answer", "the message may have been sent")
        return response


class Slack(_Webhook):
    kind = "slack"
    default_rules = SLACK_RULES

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
    default_rules = DISCORD_RULES

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
    default_rules = TEAMS_RULES

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
