"""A read-only copy of Atlassian Statuspage's public v2 API, from the hub: pure dicts.

Aggregators and widgets that read `https://<page>/api/v2/summary.json` read a Crisis Hub
site unchanged. Same top-level keys, field names and enums as Statuspage; the mapping of
our content to their fields (and what we cannot know) is documented in
docs/feeds-and-api.md. Ids are stable across builds:

- page id: the first 12 characters of a SHA-256 of the site URL;
- component and group ids: our ids from components.yml;
- incident id: the incident folder name; maintenance id: the maintenance file name;
- incident update id: 12 characters of a SHA-256 of the update's stable id
  ("<incident folder>/<file name>"), so editing or inserting an update changes no id.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from generator.core import endpoints
from generator.core.model import Component, ComponentGroup, Hub, Incident, Maintenance, Update
from generator.core.status import Snapshot, maintenance_state
from generator.core.vocabulary import ComponentStatus, MaintenanceState, UpdateStatus

INCIDENTS_LIMIT = 50  # Statuspage's incidents.json lists the 50 most recent.
MAINTENANCE_NOTES = {
    # Statuspage's own wording for the automatic maintenance updates.
    MaintenanceState.IN_PROGRESS: "Scheduled maintenance is currently in progress. "
                                  "We will provide updates as necessary.",
    MaintenanceState.COMPLETED: "The scheduled maintenance has been completed.",
}
Payload = dict[str, Any]


def short_id(text: str) -> str:
    """A 12-character opaque id, like Statuspage's, that only depends on `text`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def timestamp(moment: datetime | None, site: Site) -> str | None:
    """ISO 8601 with the hub's offset and milliseconds, as Statuspage writes them."""
    if moment is None:
        return None
    return moment.astimezone(site.hub.time_zone).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Site:
    hub: Hub
    snapshot: Snapshot
    name: str
    url: str  # site_url, absolute, with a trailing slash
    # Markdown → plain text (rendered, sanitised, tags removed): Statuspage bodies are text.
    plain: Callable[[str], str] = str

    @property
    def page_id(self) -> str:
        return short_id(self.url)

    @cached_property
    def changed_at(self) -> dict[str, datetime]:
        return components_changed_at(self.hub, self.snapshot.now)


def content_updated_at(site: Site) -> datetime | None:
    """The last moment anything on the page changed, up to the build time.

    Only content times count (updates, incident starts, maintenance windows that have
    begun or ended), never the clock itself; so a rebuild gives the same value unless
    a maintenance window began or ended in between.
    """
    now = site.snapshot.now
    moments = [i.started for i in site.hub.incidents] + [
        u.at for i in site.hub.incidents for u in i.updates]
    moments += [t for m in site.hub.maintenances for t in (m.start, m.end)]
    past = [m for m in moments if m <= now]
    return max(past, default=min(moments, default=None))


def epoch(site: Site) -> datetime | None:
    """The earliest time in the content: stands in for components' unknown creation date."""
    moments = [i.started for i in site.hub.incidents] + [m.start for m in site.hub.maintenances]
    return min(moments, default=None)


# -- page, status, components ----------------------------------------------------------------
def page(site: Site) -> Payload:
    return {
        "id": site.page_id,
        "name": site.name,
        "url": site.url.rstrip("/"),
        "time_zone": site.hub.time_zone.key,
        "updated_at": timestamp(content_updated_at(site), site),
    }


def status(site: Site) -> Payload:
    """Statuspage's indicator includes `maintenance` when all is well but work is running."""
    maintenance = site.snapshot.headline == "maintenance"
    return {"indicator": "maintenance" if maintenance else site.snapshot.indicator.value,
            "description": site.snapshot.description}


def component_changed_at(site: Site, component_id: str) -> datetime | None:
    """When the component's status last changed, as far as the content says."""
    return site.changed_at.get(component_id, epoch(site))


def components_changed_at(hub: Hub, now: datetime) -> dict[str, datetime]:
    """For each component named by the content, when its status last changed up to `now`:
    an incident's start for its initial states, an update that names it (a resolve names
    every component its incident touched), a maintenance window's start and end. One pass
    over the hub (it was one per component and group)."""
    latest: dict[str, datetime] = {}

    def seen(component_id: str, moment: datetime) -> None:
        if moment <= now and (component_id not in latest or moment > latest[component_id]):
            latest[component_id] = moment

    for incident in hub.incidents:
        for component_id in incident.initial_components:
            seen(component_id, incident.started)
        for update in incident.updates:
            named = list(update.components)
            if update.status is UpdateStatus.RESOLVED:
                named += incident.affected_component_ids
            for component_id in named:
                seen(component_id, update.at)
    for maintenance in hub.maintenances:
        for component_id in maintenance.components:
            seen(component_id, maintenance.start)
            seen(component_id, maintenance.end)
    return latest


def component(site: Site, item: Component, position: int) -> Payload:
    return {
        "id": item.id,
        "name": item.name,
        "status": site.snapshot.components.get(item.id, ComponentStatus.OPERATIONAL).value,
        "created_at": timestamp(epoch(site), site),
        "updated_at": timestamp(component_changed_at(site, item.id), site),
        "position": position,
        "description": item.description or None,
        "showcase": True,
        "start_date": None,
        "group_id": item.group_id,
        "page_id": site.page_id,
        "group": False,
        "only_show_if_degraded": item.only_show_if_degraded,
    }


def group(site: Site, item: ComponentGroup, position: int) -> Payload:
    members = [c.id for c in site.hub.components_in(item.id)]
    changed = [component_changed_at(site, c) for c in members]
    return {
        "id": item.id,
        "name": item.name,
        "status": site.snapshot.group_status(members).value,
        "created_at": timestamp(epoch(site), site),
        "updated_at": timestamp(max([c for c in changed if c], default=epoch(site)), site),
        "position": position,
        "description": item.description or None,
        "showcase": False,
        "start_date": None,
        "group_id": None,
        "page_id": site.page_id,
        "group": True,
        "only_show_if_degraded": False,
        "components": members,
    }


def components(site: Site) -> list[Payload]:
    """Groups and components in page order, positions from 1, as Statuspage lists them."""
    found: list[Payload] = []
    for group_view in site.hub.grouped_components():
        if group_view.group is not None:
            found.append(group(site, group_view.group, len(found) + 1))
        for item in group_view.components:
            found.append(component(site, item, len(found) + 1))
    return found


# -- incidents -------------------------------------------------------------------------------
def affected_components(site: Site, update: Update) -> list[Payload] | None:
    """What the update changed; null when nothing, as Statuspage writes it."""
    return [{"code": change.component_id, "name": site.hub.component(change.component_id).name,
             "old_status": change.old.value, "new_status": change.new.value}
            for change in update.changes] or None


def incident_update(site: Site, update: Update) -> Payload:
    at = timestamp(update.at, site)
    return {
        "id": short_id(update.id),
        "status": update.status.value,
        "body": site.plain(update.body),
        "incident_id": update.incident_id,
        "created_at": at,
        "updated_at": at,
        "display_at": at,
        "affected_components": affected_components(site, update),
        "deliver_notifications": True,
    }


def incident(site: Site, item: Incident, listed: dict[str, Payload]) -> Payload:
    """`listed`: the component payloads by id (see `components_by_id`)."""
    first = item.first_update
    return {
        "id": item.id,
        "name": item.title,
        "status": item.status.value,
        "impact": item.impact.value,
        "created_at": timestamp(first.at if first else item.started, site),
        "updated_at": timestamp(item.updated_at, site),
        "started_at": timestamp(item.started, site),
        "monitoring_at": timestamp(item.first_time_in(UpdateStatus.MONITORING), site),
        "resolved_at": timestamp(item.resolved_at, site),
        "shortlink": endpoints.absolute(site.url, endpoints.incident_page(item.id)),
        "page_id": site.page_id,
        "incident_updates": [incident_update(site, u) for u in reversed(item.updates)],
        "components": [listed[c] for c in item.affected_component_ids if c in listed],
    }


def maintenance(site: Site, item: Maintenance, listed: dict[str, Payload]) -> Payload:
    """A maintenance as Statuspage's scheduled maintenance (an incident with a window).

    `created_at` and the "scheduled" update are dated when it was announced (`announced:`,
    else the window's start); the in-progress and completed updates appear as the window
    begins and ends.
    """
    state = maintenance_state(item, site.snapshot.now)
    steps = [(MaintenanceState.SCHEDULED, item.announced_at, site.plain(item.body))]
    if state is not MaintenanceState.SCHEDULED:
        steps.append((MaintenanceState.IN_PROGRESS, item.start,
                      MAINTENANCE_NOTES[MaintenanceState.IN_PROGRESS]))
    if state is MaintenanceState.COMPLETED:
        steps.append((MaintenanceState.COMPLETED, item.end,
                      MAINTENANCE_NOTES[MaintenanceState.COMPLETED]))
    updates: list[Payload] = [{
        "id": short_id(f"maintenance/{item.id}/{step.value}"),
        "status": step.value,
        "body": body,
        "incident_id": item.id,
        "created_at": timestamp(at, site),
        "updated_at": timestamp(at, site),
        "display_at": timestamp(at, site),
        "affected_components": None,
        "deliver_notifications": True,
    } for step, at, body in reversed(steps)]
    return {
        "id": item.id,
        "name": item.title,
        "status": state.value,
        "impact": "maintenance",
        "created_at": timestamp(item.announced_at, site),
        "updated_at": updates[0]["updated_at"],
        "started_at": timestamp(item.start, site),
        "monitoring_at": None,
        "resolved_at": timestamp(item.end, site) if state is MaintenanceState.COMPLETED else None,
        "shortlink": endpoints.absolute(site.url, endpoints.maintenance_link(item.anchor)),
        "page_id": site.page_id,
        "scheduled_for": timestamp(item.start, site),
        "scheduled_until": timestamp(item.end, site),
        "incident_updates": updates,
        "components": [listed[c] for c in item.components if c in listed],
    }


def components_by_id(site: Site) -> dict[str, Payload]:
    return {c["id"]: c for c in components(site) if not c["group"]}


def maintenances_newest_first(site: Site) -> list[Maintenance]:
    return sorted(site.hub.maintenances, key=lambda m: (m.start, m.id), reverse=True)


# -- the files -------------------------------------------------------------------------------
def api_files(site: Site) -> dict[str, Payload]:
    """Every file of api/v2/ (`endpoints.API_FILES`, in that order), by path below api/v2/,
    as JSON-ready dicts."""
    head = {"page": page(site)}
    listed_components = components(site)
    listed = {c["id"]: c for c in listed_components if not c["group"]}
    # Only the listed ones are built: a big hub has thousands.
    recent = [incident(site, i, listed) for i in site.hub.incidents[:INCIDENTS_LIMIT]]
    unresolved = [incident(site, i, listed) for i in site.snapshot.active]
    all_maintenance = [maintenance(site, m, listed) for m in maintenances_newest_first(site)]
    upcoming = [m for m in all_maintenance if m["status"] == MaintenanceState.SCHEDULED.value]
    active = [m for m in all_maintenance if m["status"] == MaintenanceState.IN_PROGRESS.value]
    return {
        "summary.json": {**head, "status": status(site), "components": listed_components,
                         "incidents": unresolved,
                         "scheduled_maintenances": active + upcoming},
        "status.json": {**head, "status": status(site)},
        "components.json": {**head, "components": listed_components},
        "incidents.json": {**head, "incidents": recent},
        "incidents/unresolved.json": {**head, "incidents": unresolved},
        "scheduled-maintenances.json": {**head, "scheduled_maintenances": all_maintenance},
        "scheduled-maintenances/upcoming.json": {**head, "scheduled_maintenances": upcoming},
        "scheduled-maintenances/active.json": {**head, "scheduled_maintenances": active},
    }


def dumps(payload: Payload) -> str:
    """Stable JSON text: sorted keys, real UTF-8 characters, one line, newline at the end."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
