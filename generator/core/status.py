"""The status rules: what is active, each component's status, the overall indicator.

Pure functions of the hub and the build time (`now`); the one place these are decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from generator.core.model import Hub, Incident, Maintenance
from generator.core.vocabulary import (
    HEADLINE_ICONS,
    INDICATOR_OF_STATUS,
    ComponentStatus,
    Impact,
    MaintenanceState,
    worst,
)

# The sentence for each headline; the headline is the indicator, or "maintenance" when
# nothing is wrong but maintenance is in progress.
# Statuspage's own sentences, as public Statuspage pages write them in status.json
# (tests/test_statuspage_api.py holds the captured values).
DESCRIPTIONS = {
    "none": "All Systems Operational",
    "minor": "Partially Degraded Service",
    "major": "Partial System Outage",
    "critical": "Major Service Outage",
    "maintenance": "Service Under Maintenance",
    # Statuspage's meaning is kept: a statement does not claim a component outage.
    "statement": "All Systems Operational",
}


def maintenance_state(maintenance: Maintenance, now: datetime) -> MaintenanceState:
    """Derived from the build time: scheduled before start, completed after end."""
    if now < maintenance.start:
        return MaintenanceState.SCHEDULED
    if now < maintenance.end:
        return MaintenanceState.IN_PROGRESS
    return MaintenanceState.COMPLETED


def active_incidents(hub: Hub) -> list[Incident]:
    """Unresolved incidents, most recently started first."""
    return [i for i in hub.incidents if not i.is_resolved]


def component_statuses(hub: Hub, now: datetime) -> dict[str, ComponentStatus]:
    """Each component's current status: the worst over the latest state of every unresolved
    incident and every in-progress maintenance."""
    found: dict[str, list[ComponentStatus]] = {c.id: [] for c in hub.components}
    for incident in active_incidents(hub):
        for component_id, status in incident.current_components.items():
            found.setdefault(component_id, []).append(status)
    for maintenance in hub.maintenances:
        if maintenance_state(maintenance, now) is MaintenanceState.IN_PROGRESS:
            for component_id in maintenance.components:
                found.setdefault(component_id, []).append(ComponentStatus.UNDER_MAINTENANCE)
    return {component_id: worst(statuses) for component_id, statuses in found.items()}


@dataclass(frozen=True)
class Snapshot:
    """The hub's state at one moment: what the status home shows."""

    now: datetime
    components: dict[str, ComponentStatus]
    indicator: Impact
    headline: str
    active: list[Incident] = field(default_factory=list)
    in_progress: list[Maintenance] = field(default_factory=list)
    upcoming: list[Maintenance] = field(default_factory=list)
    completed: list[Maintenance] = field(default_factory=list)
    statements: list[Incident] = field(default_factory=list)

    @property
    def description(self) -> str:
        """The English sentence for the headline ("All systems operational", ...)."""
        return DESCRIPTIONS[self.headline]

    @property
    def headline_icon(self) -> str:
        return HEADLINE_ICONS[self.headline]

    def group_status(self, component_ids: list[str]) -> ComponentStatus:
        return worst([self.components[c] for c in component_ids if c in self.components])


def snapshot(hub: Hub, now: datetime) -> Snapshot:
    """Compute the state of the hub at `now` (the build time)."""
    statuses = component_statuses(hub, now)
    active = active_incidents(hub)
    statements = [i for i in active if i.is_statement]
    # A public statement (a recall, a rumour) raises no outage indicator: only service
    # incidents and component states do.
    indicator = max(
        [INDICATOR_OF_STATUS[s] for s in statuses.values()]
        + [i.impact for i in active if not i.is_statement],
        key=lambda impact: impact.rank, default=Impact.NONE,
    )
    states = {m.id: maintenance_state(m, now) for m in hub.maintenances}
    in_progress = [m for m in hub.maintenances if states[m.id] is MaintenanceState.IN_PROGRESS]
    headline = indicator.value
    if indicator is Impact.NONE:
        headline = "statement" if statements else "maintenance" if in_progress else "none"
    return Snapshot(
        now=now, components=statuses, indicator=indicator, headline=headline,
        active=active, in_progress=in_progress, statements=statements,
        upcoming=[m for m in hub.maintenances if states[m.id] is MaintenanceState.SCHEDULED],
        completed=[m for m in reversed(hub.maintenances)
                   if states[m.id] is MaintenanceState.COMPLETED],
    )
