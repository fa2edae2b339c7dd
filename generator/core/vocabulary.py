"""The words of the trade: impacts, update statuses, component statuses (Statuspage's)."""

from __future__ import annotations

from enum import StrEnum


class RankedEnum(StrEnum):
    """A string enum whose members are ordered from best to worst by declaration order."""

    @property
    def rank(self) -> int:
        return list(type(self)).index(self)

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]

    def __str__(self) -> str:
        return self.value


class Impact(RankedEnum):
    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class IncidentKind(RankedEnum):
    """What a crisis is: a service incident (components, outage words, Statuspage semantics)
    or a public statement (a recall, a data or safety matter, a rumour: no component states)."""

    SERVICE = "service"
    STATEMENT = "statement"


class UpdateStatus(RankedEnum):
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


class ComponentStatus(RankedEnum):
    # Ordered from best to worst: "worst" is the highest rank.
    OPERATIONAL = "operational"
    UNDER_MAINTENANCE = "under_maintenance"
    DEGRADED_PERFORMANCE = "degraded_performance"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"

    @property
    def icon(self) -> str:
        """The sign shown beside the word: status is never shown by colour alone."""
        return STATUS_ICONS[self.value]


class MaintenanceState(RankedEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


def worst(statuses: list[ComponentStatus]) -> ComponentStatus:
    """The worst of the given statuses; operational when there are none."""
    return max(statuses, key=lambda s: s.rank, default=ComponentStatus.OPERATIONAL)


# How a component status contributes to the overall indicator (Statuspage's mapping).
INDICATOR_OF_STATUS: dict[ComponentStatus, Impact] = {
    ComponentStatus.OPERATIONAL: Impact.NONE,
    ComponentStatus.UNDER_MAINTENANCE: Impact.NONE,
    ComponentStatus.DEGRADED_PERFORMANCE: Impact.MINOR,
    ComponentStatus.PARTIAL_OUTAGE: Impact.MAJOR,
    ComponentStatus.MAJOR_OUTAGE: Impact.CRITICAL,
}


# The sign beside a component status word, and beside each headline of the status banner.
STATUS_ICONS = {"operational": "✓", "under_maintenance": "🔧", "degraded_performance": "◐",
                "partial_outage": "!", "major_outage": "✕"}
HEADLINE_ICONS = {"none": "✓", "minor": "◐", "major": "!", "critical": "✕", "maintenance": "🔧",
                  "statement": "📣"}


def status_word_key(kind: IncidentKind, status: UpdateStatus) -> str:
    """The locale key of an update's status word: a statement is not "Investigating" an outage
    but "Responding"; one place decides, for pages, feeds and posts."""
    prefix = "statement" if kind is IncidentKind.STATEMENT else "update"
    return f"{prefix}.{status.value}"
