"""Uptime and the 90-day bars of a component, derived from incidents and maintenance.

Formula (Statuspage's weights): over a window,
    uptime % = 100 × (1 − (major_outage time + 0.3 × partial_outage time) / window length)
Degraded performance and maintenance do not count as downtime. Where incidents overlap,
the worst status at each moment counts once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise

from generator.core.model import Hub, Incident
from generator.core.status import maintenance_state
from generator.core.vocabulary import ComponentStatus, MaintenanceState, UpdateStatus, worst

DOWNTIME_WEIGHT = {ComponentStatus.MAJOR_OUTAGE: 1.0, ComponentStatus.PARTIAL_OUTAGE: 0.3}
WINDOW_DAYS = 90


@dataclass(frozen=True)
class Segment:
    start: datetime
    end: datetime
    status: ComponentStatus
    incident_id: str | None = None


@dataclass(frozen=True)
class DayBar:
    day: date
    status: ComponentStatus
    uptime: float
    incident_ids: tuple[str, ...]


def incident_segments(incident: Incident, component_id: str, now: datetime) -> list[Segment]:
    """The statuses this incident gave the component, as time segments up to `now`."""
    states = incident.component_states()
    segments = []
    for (start, state), (end, _) in pairwise([*states, (now, {})]):
        status = state.get(component_id)
        if status is not None and status is not ComponentStatus.OPERATIONAL and end > start:
            segments.append(Segment(start, min(end, now), status, incident.id))
    return segments


def resolved_before(incident: Incident, moment: datetime) -> bool:
    """Whether every segment of `incident` ends before `moment`: it started and was updated
    before it, and its last update resolves it (every component back to operational)."""
    updates = incident.updates
    return bool(updates) and updates[-1].status is UpdateStatus.RESOLVED and \
        incident.started < moment and all(u.at < moment for u in updates)


def component_segments(hub: Hub, component_id: str, incidents: list[Incident],
                       now: datetime) -> list[Segment]:
    segments = [s for i in incidents for s in incident_segments(i, component_id, now)]
    for maintenance in hub.maintenances:
        if component_id in maintenance.components and \
                maintenance_state(maintenance, now) is not MaintenanceState.SCHEDULED:
            segments.append(Segment(maintenance.start, min(maintenance.end, now),
                                    ComponentStatus.UNDER_MAINTENANCE))
    return segments


def downtime_seconds(segments: list[Segment], start: datetime, end: datetime) -> float:
    """Weighted downtime within [start, end), counting the worst status at each moment.

    One sweep over the moments where a segment starts or ends (a 90-day window of a big hub
    holds hundreds of segments): between two such moments the same statuses cover the
    component. Every such moment cuts the window into pieces, summed in time order, so the
    sum is the same float however the segments lie."""
    changes: dict[datetime, Counter[ComponentStatus]] = defaultdict(Counter)
    for segment in segments:
        for moment in (segment.start, segment.end):
            if start <= moment <= end:
                changes[moment]  # noqa: B018 - a cut, even where no status changes
        left, right = max(segment.start, start), min(segment.end, end)
        if left < right:
            changes[left][segment.status] += 1
            changes[right][segment.status] -= 1
    covering: Counter[ComponentStatus] = Counter()
    total, previous = 0.0, start
    for moment in sorted(changes):
        if covering:
            weight = DOWNTIME_WEIGHT.get(worst(list(covering)), 0.0)
            total += weight * (moment - previous).total_seconds()
        covering.update(changes[moment])
        covering = +covering  # only the statuses still covering
        previous = moment
    return total


def uptime_percent(segments: list[Segment], start: datetime, end: datetime) -> float:
    length = (end - start).total_seconds()
    if length <= 0:
        return 100.0
    return round(100.0 * (1 - downtime_seconds(segments, start, end) / length), 3)


def day_bars(hub: Hub, component_id: str, incidents: list[Incident], now: datetime,
             days: int = WINDOW_DAYS) -> tuple[list[DayBar], float]:
    """One bar per day (oldest first, in the hub's time zone) and the window's uptime %."""
    zone = hub.time_zone
    today = now.astimezone(zone).date()
    window_start = datetime.combine(today - timedelta(days=days - 1), time(), zone).astimezone(UTC)
    # Only what touches the window counts (a big hub has years of incidents before it).
    incidents = [i for i in incidents if not resolved_before(i, window_start)]
    segments = [s for s in component_segments(hub, component_id, incidents, now)
                if s.start < now and s.end > window_start]
    return daily_bars(segments, zone, now, days), uptime_percent(segments, window_start, now)


def daily_bars(segments: list[Segment], zone: tzinfo, now: datetime, days: int) -> list[DayBar]:
    """One bar per day of the last `days` in `zone` (oldest first): the segments touching
    that day (start before its end, end after its start; the day ends at `now` at most)."""
    today = now.astimezone(zone).date()
    dates = [today - timedelta(days=offset) for offset in range(days - 1, -1, -1)]
    # In UTC: a day of the DST change has 23 or 25 hours, not 24 (same-zone arithmetic
    # in Python is wall-clock arithmetic).
    starts = [datetime.combine(day, time(), zone).astimezone(UTC) for day in dates]
    ends = [*starts[1:], datetime.combine(today + timedelta(days=1), time(), zone).astimezone(UTC)]
    ends = [min(end, now) for end in ends]
    # The segments touching each day (start < day's end, end > day's start), in their own
    # order: a segment touches the days from the first that ends after it starts to the
    # last that starts before it ends (both lists only grow).
    touching: list[list[Segment]] = [[] for _ in dates]
    for segment in segments:
        for index in range(bisect_right(ends, segment.start), bisect_left(starts, segment.end)):
            touching[index].append(segment)
    return [DayBar(day=day, status=worst([s.status for s in found]),
                   uptime=uptime_percent(found, start, end),
                   incident_ids=tuple(dict.fromkeys(s.incident_id for s in found
                                                    if s.incident_id)))
            for day, start, end, found in zip(dates, starts, ends, touching, strict=True)]
