"""Which pages the status site has, and what each one shows: pure, from the model.

The MkDocs plugin turns each `PageView` into a virtual file rendered by the template named
here; the templates in `overrides/crisishub/` read the typed page object in `view.page`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import groupby
from typing import ClassVar

from generator.core import endpoints
from generator.core.model import (
    Component,
    ComponentGroup,
    FaqEntry,
    GroupOfComponents,
    Hub,
    Incident,
    Update,
)
from generator.core.status import Snapshot
from generator.core.uptime import DayBar, day_bars

RECENT_DAYS = 7


class Page:
    """What one kind of generated page shows; `kind` names it for the shared templates."""

    kind: ClassVar[str]


@dataclass(frozen=True)
class ComponentHistory:
    """A component's day bars (oldest first) and its uptime over them, as the home shows."""

    bars: list[DayBar]
    uptime: float

    @property
    def days(self) -> int:
        return len(self.bars)


@dataclass(frozen=True)
class HomePage(Page):
    kind: ClassVar[str] = "home"
    groups: list[GroupOfComponents]
    recent: list[Incident]
    recent_days: int
    history: dict[str, ComponentHistory]
    # Incidents whose latest update already says, in its own words, when the next one comes:
    # the home card then shows no second "Next update by ..." line below it.
    next_update_said: frozenset[str] = frozenset()

    def shows_next_update(self, incident: Incident) -> bool:
        return incident.next_update_due is not None and incident.id not in self.next_update_said


@dataclass(frozen=True)
class IncidentPage(Page):
    kind: ClassVar[str] = "incident"
    incident: Incident
    faq: list[FaqEntry]


@dataclass(frozen=True)
class HistoryMonth:
    key: str  # YYYY-MM
    year: int
    month: int
    url: str
    incidents: list[Incident]


@dataclass(frozen=True)
class MonthLink:
    """A month as other history pages link to it: its name, address and, on the history
    front page only, how many incidents it had (None on the month pages: a new incident
    then changes two pages, the front page and its month, not every month's page)."""

    key: str  # YYYY-MM
    year: int
    month: int
    url: str
    count: int | None = None


@dataclass(frozen=True)
class HistoryPage(Page):
    kind: ClassVar[str] = "history"
    month: HistoryMonth | None
    # The other months hold only what the page shows of them, so a month's page (and its
    # key) does not carry the whole hub.
    months: list[MonthLink]
    newer: MonthLink | None
    older: MonthLink | None

    @property
    def incidents(self) -> list[Incident]:
        return self.month.incidents if self.month else []


@dataclass(frozen=True)
class ComponentsPage(Page):
    kind: ClassVar[str] = "components"
    groups: list[GroupOfComponents]


@dataclass(frozen=True)
class ComponentPage(Page):
    kind: ClassVar[str] = "component"
    component: Component
    group: ComponentGroup | None
    incidents: list[Incident]  # ongoing, or resolved within the bars' days
    bars: list[DayBar]
    uptime: float
    earlier: int = 0  # incidents resolved before the bars' first day (on the history pages)

    @property
    def days(self) -> int:
        return len(self.bars)


@dataclass(frozen=True)
class MaintenancePage(Page):
    kind: ClassVar[str] = "maintenance"


@dataclass(frozen=True)
class FaqIndexPage(Page):
    kind: ClassVar[str] = "faq_index"
    entries: list[FaqEntry]


@dataclass(frozen=True)
class FaqPage(Page):
    kind: ClassVar[str] = "faq"
    entry: FaqEntry
    incidents: list[Incident]


@dataclass(frozen=True)
class EmailSignup:
    """A Listmonk subscription form: where it posts and the lists a reader may tick, as
    (key, uuid) with key 'all' or a component id."""

    action: str
    lists: list[tuple[str, str]]


@dataclass(frozen=True)
class SubscribePage(Page):
    """Every way to follow the hub: feeds (hub, per component), the calendar, the JSON API,
    webhooks when the team sends them, and email when a Listmonk channel is set up."""

    kind: ClassVar[str] = "subscribe"
    components: list[Component]
    email: EmailSignup | None
    webhooks: bool

    def component_name(self, key: str) -> str:
        return next((c.name for c in self.components if c.id == key), key)


@dataclass(frozen=True)
class DevelopersPage(Page):
    """For developers and webmasters: the Statuspage-compatible JSON API, the status badges
    and the HTML to embed the badge (kept off the home page, which is for the public)."""

    kind: ClassVar[str] = "developers"
    components: list[Component]
    api_files: tuple[str, ...] = endpoints.API_FILES

    def api_path(self, name: str) -> str:
        return endpoints.API_ROOT + name


@dataclass(frozen=True)
class PageView:
    """One generated page: its address, its template, its title and what it shows."""

    url: str
    template: str
    title: str
    page: Page

    @property
    def src_uri(self) -> str:
        return endpoints.page_source(self.url)

    @property
    def kind(self) -> str:
        return self.page.kind


def build_views(hub: Hub, snap: Snapshot, titles: dict[str, str],
                email: EmailSignup | None = None, webhooks: bool = False,
                next_update_said: frozenset[str] = frozenset()) -> list[PageView]:
    """Every generated page of the site. `titles` gives the translated section titles;
    `email` and `webhooks` what the Subscribe page offers beyond feeds and the calendar;
    `next_update_said` the incidents whose latest update names its next update in words."""
    now = snap.now
    by_component = hub.incidents_by_component()

    recent_since = now - timedelta(days=RECENT_DAYS)
    recent = [i for i in hub.incidents if i.is_resolved and i.updated_at >= recent_since]
    groups = hub.grouped_components()

    history = {}
    for component in hub.components:
        bars, uptime = day_bars(hub, component.id, by_component[component.id], now)
        history[component.id] = ComponentHistory(bars, uptime)
    views = [PageView(endpoints.HOME, "crisishub/home.html", titles["status"],
                      HomePage(groups, recent, RECENT_DAYS, history, next_update_said))]
    views.extend(incident_view(hub, incident) for incident in hub.incidents)
    views.extend(_history_views(hub, titles["history"]))
    views.append(PageView(endpoints.COMPONENTS, "crisishub/components.html",
                          titles["components"], ComponentsPage(groups)))
    groups_by_id = {g.id: g for g in hub.groups}
    for component in hub.components:
        seen = history[component.id]
        # The page shows the window of its day bars: its size does not grow with the hub.
        since = datetime.combine(seen.bars[0].day, time(), hub.time_zone) if seen.bars else now
        shown = [i for i in by_component[component.id]
                 if i.resolved_at is None or i.resolved_at >= since]
        views.append(PageView(
            endpoints.component_page(component.id), "crisishub/component.html", component.name,
            ComponentPage(component, groups_by_id.get(component.group_id or ""), shown,
                          seen.bars, seen.uptime, len(by_component[component.id]) - len(shown))))
    views.append(PageView(endpoints.MAINTENANCE, "crisishub/maintenance.html",
                          titles["maintenance"], MaintenancePage()))
    views.append(PageView(endpoints.FAQ, "crisishub/faq_index.html", titles["faq"],
                          FaqIndexPage(list(hub.faq))))
    for entry in hub.faq:
        views.append(PageView(endpoints.faq_page(entry.id), "crisishub/faq.html", entry.question,
                              FaqPage(entry, [hub.incident(i) for i in entry.incident_ids])))
    views.append(PageView(endpoints.SUBSCRIBE, "crisishub/subscribe_page.html",
                          titles["subscribe"], SubscribePage(list(hub.components), email,
                                                             webhooks)))
    views.append(PageView(endpoints.DEVELOPERS, "crisishub/developers.html",
                          titles["developers"], DevelopersPage(list(hub.components))))
    return views


def incident_view(hub: Hub, incident: Incident) -> PageView:
    """An incident's page (with the FAQ entries that name it)."""
    return PageView(endpoints.incident_page(incident.id), "crisishub/incident.html",
                    incident.title, IncidentPage(incident, hub.faq_for(incident.id)))


def _history_views(hub: Hub, title: str) -> list[PageView]:
    """history/ shows the newest month; history/YYYY-MM/ each month, with newer/older links."""
    months = [HistoryMonth(key, int(key[:4]), int(key[5:]), endpoints.history_page(key),
                           list(items))
              for key, items in groupby(hub.incidents, key=hub.history_month)]
    links = [MonthLink(m.key, m.year, m.month, m.url) for m in months]
    views = []
    for index, month in enumerate(months):
        newer = links[index - 1] if index > 0 else None
        older = links[index + 1] if index + 1 < len(months) else None
        views.append(PageView(month.url, "crisishub/history.html", title,
                              HistoryPage(month, links, newer, older)))
    counted = [MonthLink(m.key, m.year, m.month, m.url, len(m.incidents)) for m in months]
    newest = HistoryPage(months[0], counted, None, links[1] if len(links) > 1 else None) \
        if months else HistoryPage(None, [], None, None)
    views.insert(0, PageView(endpoints.HISTORY, "crisishub/history.html", title, newest))
    return views


def bar_is_clear(bar: DayBar) -> bool:
    return not bar.incident_ids and bar.uptime >= 100.0


def updates_newest_first(incident: Incident) -> list[Update]:
    return list(reversed(incident.updates))


def incident_duration(incident: Incident, now: datetime) -> timedelta:
    return (incident.resolved_at or now) - incident.started


def clock_free(view: PageView) -> bool:
    """Whether a page shows nothing that depends on the build time or the current snapshot:
    a resolved incident, or a history month whose incidents are all resolved (their link
    cards too: overrides/crisishub/head.html). Every other page reads the clock or the
    snapshot (durations so far, "checked at", uptime bars, current statuses, what is active,
    the whole hub), so it is rendered by every build."""
    page = view.page
    if isinstance(page, IncidentPage):
        return page.incident.resolved_at is not None
    if isinstance(page, HistoryPage) and page.month is not None:
        return all(i.resolved_at is not None for i in page.month.incidents)
    return False

