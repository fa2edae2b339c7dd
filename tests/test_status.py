"""The status rules: component status, overall indicator, maintenance state, uptime."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from support import BERLIN, HubFolder

from generator.core.model import FaqEntry, Hub, Incident, Update
from generator.core.status import snapshot
from generator.core.uptime import (
    DOWNTIME_WEIGHT,
    DayBar,
    Segment,
    daily_bars,
    day_bars,
    downtime_seconds,
    incident_segments,
    resolved_before,
    uptime_percent,
)
from generator.core.vocabulary import (
    ComponentStatus,
    Impact,
    MaintenanceState,
    UpdateStatus,
    worst,
)

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=BERLIN)


def test_no_incidents_means_all_operational(hub: HubFolder) -> None:
    loaded, _ = hub.load()
    snap = snapshot(loaded, NOW)
    assert snap.indicator is Impact.NONE
    assert snap.description == "All Systems Operational"
    assert set(snap.components.values()) == {ComponentStatus.OPERATIONAL}


def test_component_takes_the_latest_state_of_an_unresolved_incident(hub: HubFolder) -> None:
    hub.write_incident("2026-11-24-a", impact="minor", components={"web": "major_outage"})
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 10:00")
    hub.write_update("2026-11-24-a", "02", at="2026-11-24 11:00", status="monitoring",
                     components={"web": "degraded_performance"})
    snap = snapshot(hub.load()[0], NOW)
    assert snap.components["web"] is ComponentStatus.DEGRADED_PERFORMANCE
    assert snap.indicator is Impact.MINOR
    assert snap.description == "Partially Degraded Service"


def test_worst_status_over_incidents_and_maintenance_wins(hub: HubFolder) -> None:
    hub.write_incident("2026-11-24-a", impact="minor", components={"api": "degraded_performance"})
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 10:00")
    hub.write_incident("2026-11-24-b", impact="major", components={"api": "partial_outage"})
    hub.write_update("2026-11-24-b", "01", at="2026-11-24 11:00")
    hub.write_maintenance("2026-11-24-db", start="2026-11-24 11:30", end="2026-11-24 13:00",
                          components=["api", "web"])
    snap = snapshot(hub.load()[0], NOW)
    assert snap.components == {"web": ComponentStatus.UNDER_MAINTENANCE,
                               "api": ComponentStatus.PARTIAL_OUTAGE}
    assert snap.indicator is Impact.MAJOR
    assert [i.id for i in snap.active] == ["2026-11-24-b", "2026-11-24-a"]


def test_resolved_incident_no_longer_counts(hub: HubFolder) -> None:
    hub.write_incident("2026-11-24-a", components={"api": "major_outage"})
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 10:00")
    hub.write_update("2026-11-24-a", "02", at="2026-11-24 11:00", status="resolved")
    loaded = hub.load()[0]
    snap = snapshot(loaded, NOW)
    assert snap.indicator is Impact.NONE and snap.active == []
    incident = loaded.incidents[0]
    assert incident.is_resolved and incident.resolved_at == datetime(2026, 11, 24, 11, tzinfo=BERLIN)
    assert [(c.component_id, c.old.value, c.new.value) for c in incident.updates[1].changes] == [
        ("api", "major_outage", "operational")]


def test_incident_without_components_still_raises_the_indicator(hub: HubFolder) -> None:
    hub.write_incident("2026-11-24-leak", impact="critical", title="Customer data exposed")
    hub.write_update("2026-11-24-leak", "01", at="2026-11-24 10:00")
    assert snapshot(hub.load()[0], NOW).indicator is Impact.CRITICAL


def test_maintenance_state_follows_the_build_time(hub: HubFolder) -> None:
    hub.write_maintenance("2026-11-24-db", start="2026-11-24 11:00", end="2026-11-24 13:00",
                          components=["web"])
    loaded = hub.load()[0]
    from generator.core.status import maintenance_state

    window = loaded.maintenances[0]
    assert maintenance_state(window, NOW - timedelta(hours=2)) is MaintenanceState.SCHEDULED
    assert maintenance_state(window, NOW) is MaintenanceState.IN_PROGRESS
    assert maintenance_state(window, NOW + timedelta(hours=2)) is MaintenanceState.COMPLETED
    snap = snapshot(loaded, NOW)
    assert snap.headline == "maintenance"
    assert snap.description == "Service Under Maintenance"


def test_uptime_weights_partial_outage_at_thirty_percent() -> None:
    start = datetime(2026, 11, 24, 0, 0, tzinfo=BERLIN)
    end = start + timedelta(hours=10)
    segments = [
        Segment(start, start + timedelta(hours=1), ComponentStatus.MAJOR_OUTAGE),
        Segment(start + timedelta(hours=2), start + timedelta(hours=4), ComponentStatus.PARTIAL_OUTAGE),
        # Overlaps the major outage: the worst status counts once.
        Segment(start, start + timedelta(minutes=30), ComponentStatus.PARTIAL_OUTAGE),
        Segment(start + timedelta(hours=5), start + timedelta(hours=9),
                ComponentStatus.DEGRADED_PERFORMANCE),
    ]
    # downtime = 1 h + 0.3 × 2 h = 1.6 h of 10 h
    assert uptime_percent(segments, start, end) == 84.0


def test_ninety_day_bars(hub: HubFolder) -> None:
    hub.write_incident("2026-11-20-a", components={"api": "major_outage"})
    hub.write_update("2026-11-20-a", "01", at="2026-11-20 12:00")
    hub.write_update("2026-11-20-a", "02", at="2026-11-20 18:00", status="resolved")
    loaded = hub.load()[0]
    bars, uptime = day_bars(loaded, "api", list(loaded.incidents), NOW)
    assert len(bars) == 90 and bars[-1].day.isoformat() == "2026-11-24"
    day = next(b for b in bars if b.day.isoformat() == "2026-11-20")
    assert day.status is ComponentStatus.MAJOR_OUTAGE
    assert day.uptime == 75.0 and day.incident_ids == ("2026-11-20-a",)
    window_hours = 89 * 24 + 12 + 1  # 90 days up to 12:00 on the last one (Oct 26 is 25 h: DST)
    assert uptime == round(100 * (1 - 6 / window_hours), 3)


# -- time across a daylight-saving change: durations are elapsed time, shown in local time ----

def test_an_incident_across_the_autumn_change_lasts_three_hours(hub: HubFolder) -> None:
    from generator.site.views import incident_duration

    # Berlin, 25 October 2026: 03:00 summer time becomes 02:00 winter time.
    hub.write_incident("2026-10-25-night", started="2026-10-25 01:30")
    hub.write_update("2026-10-25-night", "01", at="2026-10-25 01:40")
    hub.write_update("2026-10-25-night", "02", at="2026-10-25 03:30", status="resolved")
    incident = hub.load()[0].incidents[0]
    assert incident_duration(incident, NOW) == timedelta(hours=3)


def test_the_25_hour_day_counts_25_hours_of_downtime(hub: HubFolder) -> None:
    from generator.core.uptime import day_bars

    hub.write_incident("2026-10-25-day", started="2026-10-25 00:00",
                       components={"web": "major_outage"})
    hub.write_update("2026-10-25-day", "01", at="2026-10-25 00:00")
    hub.write_update("2026-10-25-day", "02", at="2026-10-26 00:00", status="resolved")
    loaded = hub.load()[0]
    bars, _ = day_bars(loaded, "web", list(loaded.incidents), NOW)
    day = next(b for b in bars if b.day.isoformat() == "2026-10-25")
    assert day.uptime == 0.0  # all 25 hours down, not 24 of 25 (which would show 4 %)


def test_an_ambiguous_local_time_asks_for_the_offset(hub: HubFolder) -> None:
    hub.write_incident("2026-10-25-night", started="2026-10-25 01:00")
    hub.write_update("2026-10-25-night", "01", at="2026-10-25 02:30")
    assert ("content/incidents/2026-10-25-night/01.md:2: at: '2026-10-25 02:30' happens twice in "
            "Europe/Berlin (the clocks go back then); give the offset: 2026-10-25T02:30+02:00 for "
            "the first time, 2026-10-25T02:30+01:00 for the second") in hub.problems()


STATUS_ORDER = [UpdateStatus.INVESTIGATING, UpdateStatus.IDENTIFIED, UpdateStatus.MONITORING,
                UpdateStatus.RESOLVED]
SOME_STATUSES = [ComponentStatus.OPERATIONAL, ComponentStatus.DEGRADED_PERFORMANCE,
                 ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.MAJOR_OUTAGE]


@settings(max_examples=200, deadline=None)
@given(initial=st.dictionaries(st.sampled_from(["api", "web"]), st.sampled_from(SOME_STATUSES)),
       steps=st.lists(st.tuples(st.integers(-2000, 2000), st.sampled_from(STATUS_ORDER),
                                st.dictionaries(st.sampled_from(["api", "web"]),
                                                st.sampled_from(SOME_STATUSES))), max_size=5),
       cut=st.integers(-3000, 3000))
def test_an_incident_resolved_before_the_window_gives_it_no_segment(
        initial: dict[str, ComponentStatus],
        steps: list[tuple[int, UpdateStatus, dict[str, ComponentStatus]]], cut: int) -> None:
    # The 90-day bars leave out incidents resolved before the window (`resolved_before`):
    # none of their segments, for any component, may reach past that moment.
    start = NOW - timedelta(days=200)
    updates = tuple(Update(incident_id="i", slug=f"u{n}", at=start + timedelta(hours=hours),
                           status=status, body="", path=f"u{n}.md", components=components)
                    for n, (hours, status, components) in enumerate(steps))
    incident = Incident(id="i", title="t", impact=Impact.MINOR, started=start, path="i.md",
                        initial_components=initial, updates=updates)
    moment = start + timedelta(hours=cut)
    if resolved_before(incident, moment):
        for component in ("api", "web"):
            assert all(s.end < moment for s in incident_segments(incident, component, NOW))


def downtime_by_definition(segments: list[Segment], start: datetime, end: datetime) -> float:
    """The formula as written: cut the window at every moment a segment starts or ends;
    each piece weighs its worst covering status."""
    cuts = sorted({start, end, *(s.start for s in segments), *(s.end for s in segments)})
    total = 0.0
    for left, right in pairwise(cuts):
        if left < start or right > end:
            continue
        covering = [s.status for s in segments if s.start < right and s.end > left]
        total += DOWNTIME_WEIGHT.get(worst(covering), 0.0) * (right - left).total_seconds()
    return total


moments = st.integers(0, 40 * 3600).map(lambda s: NOW + timedelta(seconds=s))


@given(st.lists(st.tuples(moments, st.just(0) | st.integers(1, 20 * 3600),  # an instant too
                          st.sampled_from(ComponentStatus)), max_size=12),
       moments, st.integers(0, 40 * 3600))
@settings(max_examples=500, deadline=None)
def test_downtime_is_the_formula_to_the_last_bit(found: list[tuple[datetime, int, ComponentStatus]],
                                                   start: datetime, length: int) -> None:
    """The sweep `downtime_seconds` makes (hundreds of segments in a big hub's window) sums
    the same pieces in the same order as the definition: the same float, not a close one."""
    segments = [Segment(at, at + timedelta(seconds=seconds), status)
                for at, seconds, status in found]
    end = start + timedelta(seconds=length)
    assert downtime_seconds(segments, start, end) == downtime_by_definition(segments, start, end)


def bars_by_definition(segments: list[Segment], now: datetime, days: int) -> list[DayBar]:
    """Each day's bar from the segments that touch it, found one day at a time."""
    today = now.astimezone(BERLIN).date()
    bars = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        start = datetime.combine(day, time(), BERLIN).astimezone(UTC)
        end = min(datetime.combine(day + timedelta(days=1), time(), BERLIN).astimezone(UTC), now)
        touching = [s for s in segments if s.start < end and s.end > start]
        bars.append(DayBar(day, worst([s.status for s in touching]),
                           uptime_percent(touching, start, end),
                           tuple(dict.fromkeys(s.incident_id for s in touching if s.incident_id))))
    return bars


# Around the autumn clock change in Berlin (a day of 25 hours): the moment of the build
# anywhere in its day, segments before, inside and after the window, instants included.
AUTUMN = datetime(2026, 10, 20, tzinfo=BERLIN)
hours = st.integers(0, 14 * 24 * 3600).map(lambda s: AUTUMN + timedelta(seconds=s))


@given(st.lists(st.tuples(hours, st.just(0) | st.integers(1, 4 * 24 * 3600),
                          st.sampled_from(ComponentStatus), st.sampled_from(["a", "b", None])),
                max_size=15),
       hours, st.integers(1, 9))
@settings(max_examples=300, deadline=None)
def test_each_day_bar_is_made_of_the_segments_touching_that_day(
        found: list[tuple[datetime, int, ComponentStatus, str | None]], now: datetime,
        days: int) -> None:
    """`daily_bars` finds each day's segments in one pass over them (a big hub's window holds
    hundreds, for 90 days): the same bars as looking at every segment for every day."""
    segments = [Segment(at, at + timedelta(seconds=seconds), status, incident)
                for at, seconds, status, incident in found]
    assert daily_bars(segments, BERLIN, now, days) == bars_by_definition(segments, now, days)


def test_an_incident_page_lists_the_faq_entries_that_name_it_once_each_in_faq_order() -> None:
    def entry(id_: str, *incident_ids: str) -> FaqEntry:
        return FaqEntry(id_, f"{id_}?", "Because.", f"content/faq/{id_}.md",
                        incident_ids=incident_ids)

    refunds = entry("refunds", "2026-11-24-payments", "2026-11-24-payments")
    delays = entry("delays", "2026-11-20-couriers", "2026-11-24-payments")
    hub = Hub(time_zone=BERLIN, faq=(refunds, delays))
    assert hub.faq_for("2026-11-24-payments") == [refunds, delays]
    assert hub.faq_for("2026-11-20-couriers") == [delays]
    assert hub.faq_for("2026-11-01-other") == []
    hub.faq_for("2026-11-20-couriers").clear()  # each caller gets its own list
    assert hub.faq_for("2026-11-20-couriers") == [delays]
