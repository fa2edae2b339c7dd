"""Which pages the status site has, and what each one shows: pure, from the model.

The MkDocs plugin turns each `PageView` into a virtual file rendered by the template named
here; the templates in `overrides/crisishub/` read the view's fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby
from typing import Any

from generator.model import Component, ComponentGroup, Hub, Incident
from generator.status import Snapshot
from generator.uptime import DayBar, day_bars

RECENT_DAYS = 7


@dataclass(frozen=True)
class GroupView:
    group: ComponentGroup | None
    components: list[Component]


@dataclass
class PageView:
    """One generated page: where it lives, its template, its title and what it shows."""

    src_uri: str
    template: str
    title: str
    kind: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return "" if self.src_uri == "index.md" else self.src_uri.removesuffix(
            "index.md").removesuffix(".md").rstrip("/") + "/"


def incident_url(incident_id: str) -> str:
    return f"incidents/{incident_id}/"


def component_url(component_id: str) -> str:
    return f"components/{component_id}/"


def month_key(incident: Incident, hub: Hub) -> str:
    return incident.started.astimezone(hub.time_zone).strftime("%Y-%m")


def grouped_components(hub: Hub) -> list[GroupView]:
    """Components by group, in order; ungrouped components first."""
    views = []
    loose = hub.components_in(None)
    if loose:
        views.append(GroupView(None, loose))
    for group in sorted(hub.groups, key=lambda g: g.order):
        members = hub.components_in(group.id)
        if members:
            views.append(GroupView(group, members))
    return views


def build_views(hub: Hub, snap: Snapshot, titles: dict[str, str]) -> list[PageView]:
    """Every generated page of the site. `titles` gives the translated section titles."""
    now = snap.now
    by_component: dict[str, list[Incident]] = {c.id: [] for c in hub.components}
    for incident in hub.incidents:
        for component_id in incident.affected_component_ids:
            by_component.setdefault(component_id, []).append(incident)

    months = [(key, list(items)) for key, items in groupby(
        hub.incidents, key=lambda i: month_key(i, hub))]
    recent_since = now - timedelta(days=RECENT_DAYS)
    recent = [i for i in hub.incidents if i.is_resolved and i.updated_at >= recent_since]
    groups = grouped_components(hub)

    views = [PageView("index.md", "crisishub/home.html", titles["status"], "home", {
        "groups": groups, "recent": recent, "recent_days": RECENT_DAYS,
    })]
    for incident in hub.incidents:
        views.append(PageView(
            f"incidents/{incident.id}.md", "crisishub/incident.html", incident.title, "incident",
            {"incident": incident, "faq": hub.faq_for(incident.id)},
        ))
    views.extend(_history_views(months, titles["history"]))
    views.append(PageView("components/index.md", "crisishub/components.html",
                          titles["components"], "components", {"groups": groups}))
    for component in hub.components:
        bars, uptime = day_bars(hub, component.id, by_component[component.id], now)
        group = next((g for g in hub.groups if g.id == component.group_id), None)
        views.append(PageView(
            f"components/{component.id}.md", "crisishub/component.html", component.name,
            "component", {"component": component, "group": group,
                          "incidents": by_component[component.id], "bars": bars,
                          "uptime": uptime, "days": len(bars)},
        ))
    views.append(PageView("maintenance/index.md", "crisishub/maintenance.html",
                          titles["maintenance"], "maintenance", {}))
    views.append(PageView("faq/index.md", "crisishub/faq_index.html", titles["faq"], "faq_index",
                          {"entries": list(hub.faq)}))
    for entry in hub.faq:
        views.append(PageView(f"faq/{entry.id}.md", "crisishub/faq.html", entry.question, "faq",
                              {"entry": entry,
                               "incidents": [hub.incident(i) for i in entry.incident_ids]}))
    return views


def _history_views(months: list[tuple[str, list[Incident]]], title: str) -> list[PageView]:
    """history/ shows the newest month; history/YYYY-MM/ each month, with newer/older links."""
    keys = [key for key, _ in months]
    views = []
    for index, (key, incidents) in enumerate(months):
        data = {
            "month": key, "incidents": incidents, "months": months,
            "newer": keys[index - 1] if index > 0 else None,
            "older": keys[index + 1] if index + 1 < len(keys) else None,
        }
        views.append(PageView(f"history/{key}.md", "crisishub/history.html", title, "history", data))
    index_data = dict(views[0].data) if views else {"month": None, "incidents": [],
                                                    "months": [], "newer": None, "older": None}
    views.insert(0, PageView("history/index.md", "crisishub/history.html", title, "history",
                             index_data))
    return views


def bar_is_clear(bar: DayBar) -> bool:
    return not bar.incident_ids and bar.uptime >= 100.0


def updates_newest_first(incident: Incident) -> list[Any]:
    return list(reversed(incident.updates))


def incident_duration(incident: Incident, now: datetime) -> timedelta:
    return (incident.resolved_at or now) - incident.started
