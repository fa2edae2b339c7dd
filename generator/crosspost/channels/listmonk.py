"""Email subscribers through Listmonk (self-hosted): one campaign per update, sent to the
"all" list and the lists of the incident's components.

Exactly once: the campaign's name holds the update's key, and every send looks it up first
(`find_campaign`, the read-back): a campaign created by an interrupted run is started, not
created again; one already running or sent is taken as posted. So a repeat never mails twice
and the channel counts as idempotent. API: POST /api/campaigns, PUT /api/campaigns/{id}/status,
GET /api/campaigns?query=..., with `Authorization: token user:token`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from generator.crosspost.channels.base import (
    Clock,
    HttpAdapter,
    PermanentError,
    PostResult,
    Thread,
    utc_now,
)
from generator.wording.shaping import Message, TextRules

if TYPE_CHECKING:
    import httpx

DEFAULT_RULES = TextRules(limit=10000, counting="utf16")
EVERYTHING = "all"  # the list for every update, beside one list per component
SENT = ("running", "finished", "paused")  # the campaign went (or is going) out


def campaign_name(key: str) -> str:
    return f"Crisis Hub {key}"


class Listmonk(HttpAdapter):
    kind = "listmonk"
    idempotent = True  # every send reads back by name first
    threads = False
    default_rules = DEFAULT_RULES

    def __init__(self, name: str, client: httpx.AsyncClient, url: str, user: str, token: str,
                 lists: Mapping[str, int], components_of: Mapping[str, Sequence[str]], *,
                 sender: str | None = None, template_id: int | None = None,
                 rules: TextRules | None = None, clock: Clock = utc_now) -> None:
        super().__init__(name, client, api_base=url, rules=rules, clock=clock)
        self.api = self.api_base + "/api"
        self._auth = f"token {user}:{token}"
        self.lists = dict(lists)
        self.components_of = components_of
        self.sender = sender
        self.template_id = template_id

    def lists_for(self, message: Message) -> list[int]:
        """The "all" list and the lists of the incident's components, each once."""
        wanted = [EVERYTHING, *self.components_of.get(message.incident_id or "", ())]
        return list(dict.fromkeys(self.lists[w] for w in wanted if w in self.lists))

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        request = self.client.build_request(method, self.api + path, headers={
            "Authorization": self._auth}, **kwargs)
        response = await self.exchange(request, detail_from=("message",))
        try:
            return response.json()["data"]
        except (ValueError, KeyError, TypeError):
            raise PermanentError(f"HTTP {response.status_code}: not a Listmonk answer "
                                 "(check url: in channels.yml)") from None

    async def find_campaign(self, key: str) -> dict[str, Any] | None:
        """The read-back: the campaign made for this update, if any run made one."""
        name = campaign_name(key)
        data = await self._call("GET", "/campaigns", params={
            "query": name, "per_page": "100", "order_by": "created_at", "order": "DESC"})
        found = [c for c in data.get("results", []) if c.get("name") == name]
        return found[0] if found else None

    async def find(self, message: Message, thread: Thread | None) -> PostResult | None:
        """The read-back that settles an unknown outcome: the update's campaign, once it was
        started (a campaign created but never started is finished by the next `post`)."""
        campaign = await self.find_campaign(message.key)
        if campaign is None or campaign.get("status") not in SENT:
            return None
        return PostResult(remote_id=str(campaign["id"]), extra={"uuid": campaign.get("uuid")})

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        lists = self.lists_for(message)
        if not lists:
            raise PermanentError(f"no list for {message.key}: add an '{EVERYTHING}:' list "
                                 "under lists: in channels.yml")
        campaign = await self.find_campaign(message.key)
        if campaign is None:
            body: dict[str, Any] = {
                "name": campaign_name(message.key), "subject": message.title or message.text[:80],
                "lists": lists, "type": "regular", "content_type": "plain",
                "body": message.text, "tags": ["crisishub"]}
            if self.sender:
                body["from_email"] = self.sender
            if self.template_id is not None:
                body["template_id"] = self.template_id
            campaign = await self._call("POST", "/campaigns", json=body)
        if campaign.get("status") not in SENT:
            campaign = await self._call("PUT", f"/campaigns/{campaign['id']}/status",
                                        json={"status": "running"})
        return PostResult(remote_id=str(campaign["id"]), extra={"uuid": campaign.get("uuid")})
