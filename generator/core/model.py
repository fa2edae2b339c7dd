"""The content model: what the team wrote, as plain immutable objects.

Nothing here does I/O or knows about MkDocs; the rules that derive status from these
objects live in `generator.core.status`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from functools import cached_property
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from generator.core.vocabulary import (
    ComponentStatus,
    Impact,
    IncidentKind,
    UpdateStatus,
    status_word_key,
)

if TYPE_CHECKING:
    from generator.core.translations import Translations


@dataclass(frozen=True)
class ComponentGroup:
    id: str
    name: str
    description: str = ""
    order: int = 0


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    description: str = ""
    group_id: str | None = None
    order: int = 0
    only_show_if_degraded: bool = False


@dataclass(frozen=True)
class ComponentChange:
    """A component moving from one status to another with an update."""

    component_id: str
    old: ComponentStatus
    new: ComponentStatus


@dataclass(frozen=True)
class Update:
    """One public statement in an incident's timeline (one Markdown file)."""

    incident_id: str
    slug: str
    at: datetime
    status: UpdateStatus
    body: str
    path: str
    components: dict[str, ComponentStatus] = field(default_factory=dict)
    changes: tuple[ComponentChange, ...] = ()
    next_update: datetime | None = None
    social: str | dict[str, str] | None = None
    body_line: int = 1
    draft: bool = False  # only on the internal site, never posted
    lines: dict[str, int] = field(default_factory=dict)  # see `line_of`

    def line_of(self, *key: object) -> int | None:
        """The line of a front-matter field ('social', 'x' for social.x), for messages."""
        return self.lines.get(".".join(str(k) for k in key))

    @property
    def id(self) -> str:
        """Stable id: the incident folder and the file name, never the position."""
        return f"{self.incident_id}/{self.slug}"

    @property
    def anchor(self) -> str:
        return f"update-{self.slug}"


@dataclass(frozen=True)
class ActionItem:
    """Something the team promised to change after an incident, with who and by when."""

    what: str
    owner: str
    due: date
    done: bool = False


@dataclass(frozen=True)
class Postmortem:
    """The review after an incident; the typed fields are read from `meta` by the loader."""

    body: str
    path: str
    meta: dict[str, Any] = field(default_factory=dict)
    body_line: int = 1
    title: str = ""
    summary: str = ""
    root_cause: str = ""
    lessons: tuple[str, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    published: datetime | None = None
    draft: bool = False  # only on the internal site
    lines: dict[str, int] = field(default_factory=dict)  # front-matter field -> line

    def line_of(self, *key: object) -> int | None:
        """The line of a front-matter field ('summary', 'lessons.0'), for messages."""
        return self.lines.get(".".join(str(k) for k in key))

    def is_public_at(self, now: datetime | None) -> bool:
        """Not a draft, and its `published:` time (if any) has come by `now` (the content
        clock); with no `now` only the draft mark counts."""
        return not self.draft and (now is None or self.published is None
                                   or self.published <= now)


@dataclass(frozen=True)
class Incident:
    """An incident: its folder's incident.md plus its updates, oldest first."""

    id: str
    title: str
    impact: Impact
    started: datetime
    path: str
    owner: str | None = None
    initial_components: dict[str, ComponentStatus] = field(default_factory=dict)
    summary: str = ""
    updates: tuple[Update, ...] = ()
    postmortem: Postmortem | None = None
    draft: bool = False  # the whole incident is only on the internal site
    lines: dict[str, int] = field(default_factory=dict)  # see `line_of`
    body_line: int = 1
    started_given: bool = True  # False: `started` is the first update's time (or the folder's day)
    kind: IncidentKind = IncidentKind.SERVICE

    def line_of(self, *key: object) -> int | None:
        """The line of a field of incident.md ('owner', 'components', ...), for messages."""
        return self.lines.get(".".join(str(k) for k in key))

    @property
    def is_statement(self) -> bool:
        """A public statement (recall, data matter, rumour) claims no component outage."""
        return self.kind is IncidentKind.STATEMENT

    @property
    def status_key(self) -> str:
        """The locale key of the current status word, in this kind's words."""
        return status_word_key(self.kind, self.status)

    @property
    def slug(self) -> str:
        return self.id[11:]

    @property
    def latest_update(self) -> Update | None:
        return self.updates[-1] if self.updates else None

    @property
    def first_update(self) -> Update | None:
        return self.updates[0] if self.updates else None

    @property
    def status(self) -> UpdateStatus:
        latest = self.latest_update
        return latest.status if latest else UpdateStatus.INVESTIGATING

    @property
    def is_resolved(self) -> bool:
        """An incident is resolved when its latest update says resolved."""
        return self.status is UpdateStatus.RESOLVED

    @property
    def resolved_at(self) -> datetime | None:
        return self.latest_update.at if self.is_resolved and self.latest_update else None

    def first_time_in(self, status: UpdateStatus) -> datetime | None:
        """When the incident first reached `status` (e.g. identified, monitoring)."""
        return next((u.at for u in self.updates if u.status is status), None)

    @property
    def next_update_due(self) -> datetime | None:
        """The promise made by the latest update, if the incident is still open."""
        latest = self.latest_update
        if self.is_resolved or latest is None:
            return None
        return latest.next_update

    @property
    def updated_at(self) -> datetime:
        latest = self.latest_update
        return latest.at if latest else self.started

    @property
    def affected_component_ids(self) -> list[str]:
        """Every component this incident touched, in first-mentioned order."""
        seen = dict.fromkeys(self.initial_components)
        for update in self.updates:
            seen.update(dict.fromkeys(update.components))
        return list(seen)

    def component_states(self) -> list[tuple[datetime, dict[str, ComponentStatus]]]:
        """The state of every affected component from `started` and after each update."""
        state = dict(self.initial_components)
        states = [(self.started, dict(state))]
        for update in self.updates:
            state = state_after(state, update)
            states.append((update.at, state))
        return states

    @property
    def current_components(self) -> dict[str, ComponentStatus]:
        return self.component_states()[-1][1]


def state_after(state: dict[str, ComponentStatus], update: Update) -> dict[str, ComponentStatus]:
    """The components' states after an update: what it names changes; a resolve sets every
    component the incident held back to operational (the one home of that rule)."""
    after = {**state, **update.components}
    if update.status is UpdateStatus.RESOLVED:
        return {c: ComponentStatus.OPERATIONAL for c in after}
    return after


def with_changes(initial: dict[str, ComponentStatus], updates: list[Update]) -> tuple[Update, ...]:
    """Each update (oldest first) with the component transitions it caused (old -> new)."""
    state = dict(initial)
    result = []
    operational = ComponentStatus.OPERATIONAL
    for update in updates:
        changes = tuple(ComponentChange(cid, state.get(cid, operational), new)
                        for cid, new in update.components.items()
                        if state.get(cid, operational) is not new)
        if update.status is UpdateStatus.RESOLVED:
            changes += tuple(ComponentChange(cid, old, operational) for cid, old in state.items()
                             if old is not operational and cid not in update.components)
        result.append(replace(update, changes=changes))
        state = state_after(state, update)
    return tuple(result)


def newest_first(incidents: Iterable[Incident]) -> tuple[Incident, ...]:
    """The hub's order of incidents: the newest start first (the id for the same start)."""
    return tuple(sorted(incidents, key=lambda i: (i.started, i.id), reverse=True))


def assembled(incident: Incident, updates: list[Update], zone: ZoneInfo) -> Incident:
    """The incident with these updates, ordered, their changes derived, and `started` taken
    from the first update (else the folder's day) when incident.md gives none."""
    ordered = sorted(updates, key=lambda u: (u.at, u.slug))
    started = incident.started
    if not incident.started_given:
        started = ordered[0].at if ordered else datetime.combine(
            date.fromisoformat(incident.id[:10]), time(), zone)
    return replace(incident, started=started,
                   updates=with_changes(incident.initial_components, ordered))


@dataclass(frozen=True)
class Maintenance:
    id: str
    title: str
    start: datetime
    end: datetime
    path: str
    components: tuple[str, ...] = ()
    body: str = ""
    body_line: int = 1
    announced: datetime | None = None

    @property
    def anchor(self) -> str:
        return f"maintenance-{self.id}"

    @property
    def announced_at(self) -> datetime:
        """When readers were told: `announced:`, else (not recorded) the window's start."""
        return self.announced if self.announced is not None else self.start


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: str
    answer: str
    path: str
    order: int = 0
    incident_ids: tuple[str, ...] = ()
    body_line: int = 1


@dataclass(frozen=True)
class GroupOfComponents:
    """Components shown together: a group (None for the ungrouped ones) and its members."""

    group: ComponentGroup | None
    components: list[Component]


@dataclass(frozen=True)
class Hub:
    """Everything in a content folder, validated and ordered."""

    time_zone: ZoneInfo
    components: tuple[Component, ...] = ()
    groups: tuple[ComponentGroup, ...] = ()
    incidents: tuple[Incident, ...] = ()
    maintenances: tuple[Maintenance, ...] = ()
    faq: tuple[FaqEntry, ...] = ()
    # The words in the other languages (generator.core.translations); None: one language.
    translations: Translations | None = field(default=None, compare=False)
    # A digest of where each incident the reader made came from (its files' bytes and the
    # code and settings that read them: generator/reading/incident_cache.py), by the
    # object's id, with the object (kept alive, so no id is reused). Output keys use it
    # instead of hashing the incident (generator/core/manifest.py). An incident made
    # otherwise (drafts left out, a translation) is not in it, and is hashed.
    sources: dict[int, tuple[Incident, bytes]] = field(default_factory=dict, compare=False,
                                                       repr=False)

    def component(self, component_id: str) -> Component:
        return self._components_by_id[component_id]

    def source_of(self, incident: Incident) -> bytes | None:
        """The digest of what `incident` was made from (`sources`), when this very object is
        the one read; None for an incident made otherwise."""
        known = self.sources.get(id(incident))
        return known[1] if known is not None and known[0] is incident else None

    def incident(self, incident_id: str) -> Incident:
        return self._incidents_by_id[incident_id]

    @cached_property
    def _components_by_id(self) -> dict[str, Component]:
        return {c.id: c for c in self.components}

    @cached_property
    def _incidents_by_id(self) -> dict[str, Incident]:
        return {i.id: i for i in self.incidents}

    def incidents_by_component(self) -> dict[str, list[Incident]]:
        """The incidents that touched each component, in `incidents`' order (one pass over
        the hub); every component is listed, one without incidents too."""
        found: dict[str, list[Incident]] = {c.id: [] for c in self.components}
        for incident in self.incidents:
            for component_id in incident.affected_component_ids:
                found.setdefault(component_id, []).append(incident)
        return found

    def components_in(self, group_id: str | None) -> list[Component]:
        return [c for c in self.components if c.group_id == group_id]

    def grouped_components(self) -> list[GroupOfComponents]:
        """Components by group, in order; ungrouped components first."""
        found = []
        loose = self.components_in(None)
        if loose:
            found.append(GroupOfComponents(None, loose))
        for group in sorted(self.groups, key=lambda g: g.order):
            members = self.components_in(group.id)
            if members:
                found.append(GroupOfComponents(group, members))
        return found

    def history_month(self, incident: Incident) -> str:
        """The month (YYYY-MM, in the hub's zone) whose history page lists the incident."""
        return incident.started.astimezone(self.time_zone).strftime("%Y-%m")

    def faq_for(self, incident_id: str) -> list[FaqEntry]:
        """The FAQ entries that name the incident, in the FAQ's order."""
        return list(self._faq_by_incident.get(incident_id, ()))

    @cached_property
    def _faq_by_incident(self) -> dict[str, list[FaqEntry]]:
        """One pass over the FAQ (every incident's page asks: 5,000 passes on a big hub)."""
        found: dict[str, list[FaqEntry]] = {}
        for entry in self.faq:
            for incident_id in dict.fromkeys(entry.incident_ids):
                found.setdefault(incident_id, []).append(entry)
        return found

    def without_drafts(self, now: datetime | None = None) -> Hub:
        """The public hub: no draft incident, no draft update, no draft postmortem and, given
        `now`, no postmortem whose `published:` time is still to come (the content is read
        once, with drafts, and the public site, feeds and posts use this view of it)."""
        def public(incident: Incident) -> Incident:
            """The incident itself when nothing of it is hidden (most of a big hub)."""
            shown = [u for u in incident.updates if not u.draft]
            pm = incident.postmortem
            hidden = pm is not None and not pm.is_public_at(now)
            if len(shown) == len(incident.updates) and not hidden:
                return incident
            if hidden:
                incident = replace(incident, postmortem=None)
            return assembled(incident, shown, self.time_zone)

        incidents = [public(i) for i in self.incidents if not i.draft]
        if len(incidents) == len(self.incidents) and all(
                new is old for new, old in zip(incidents, self.incidents, strict=True)):
            return self
        return replace(self, incidents=newest_first(incidents))

    def with_incident(self, incident: Incident) -> Hub:
        """The hub with `incident` in place of the one of the same id (read again from its
        folder: `crisishub serve`'s preview of an edit), in the hub's order."""
        others = [i for i in self.incidents if i.id != incident.id]
        return replace(self, incidents=newest_first([*others, incident]))
