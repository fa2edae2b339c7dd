"""Webhook bodies in Atlassian Statuspage's shape, for receivers that already understand
Statuspage's webhooks (chat bots, incident tools): one incident payload per update, then one
component payload per component the update changed.

The fields come from the one Statuspage mapping, `generator.outputs.statuspage_api`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from generator.core import endpoints
from generator.core.model import Hub
from generator.core.status import snapshot
from generator.outputs import statuspage_api as api
from generator.wording.shaping import Message

Payload = dict[str, Any]
DOCUMENTATION = "https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/"


def statuspage_payloads(hub: Hub, now: datetime, site_url: str, site_name: str,
                        ) -> Callable[[Message], list[Payload]]:
    """A function from a message to the Statuspage bodies it becomes (none for a
    scheduled post, which is no incident). What it reads of the hub is prepared at its
    first call: a plan without a Statuspage webhook never calls it."""
    @cache
    def prepared() -> tuple[api.Site, dict[str, Payload], dict[tuple[str, str], Any]]:
        site = api.Site(hub=hub, snapshot=snapshot(hub, now), name=site_name, url=site_url)
        return site, api.components_by_id(site), {
            (i.id, u.id): (i, u) for i in hub.incidents for u in i.updates}

    def payloads(message: Message) -> list[Payload]:
        site, listed, updates = prepared()
        found = updates.get((message.incident_id or "", message.key))
        if found is None:
            return []
        incident, update = found
        meta = {"unsubscribe": endpoints.absolute(site_url, endpoints.SUBSCRIBE),
                "documentation": DOCUMENTATION, "generated_at": api.timestamp(now, site)}
        page = {"id": site.page_id, "status_indicator": site.snapshot.indicator.value,
                "status_description": site.snapshot.description}
        body = api.incident(site, incident, listed)
        upto = {api.short_id(u.id) for u in incident.updates if u.at <= update.at}
        body["incident_updates"] = [u for u in body["incident_updates"] if u["id"] in upto]
        body["status"] = update.status.value
        body["updated_at"] = api.timestamp(update.at, site)
        result = [{"meta": meta, "page": page, "incident": body}]
        at = api.timestamp(update.at, site)
        for change in update.changes:
            component = dict(listed.get(change.component_id, {"id": change.component_id}))
            component["status"] = change.new.value
            result.append({"meta": meta, "page": page, "component_update": {
                "id": api.short_id(f"{update.id}/{change.component_id}"), "created_at": at,
                "old_status": change.old.value, "new_status": change.new.value,
                "component_id": component.get("id", change.component_id)},
                "component": component})
        return result

    return payloads
