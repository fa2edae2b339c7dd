"""Cadence: promises of the next update, the first statement's delay, and their warnings."""

from __future__ import annotations

from datetime import datetime, timedelta

from support import BERLIN, example_hub

from generator.core.cadence import (
    PromiseState,
    cadence_problems,
    first_statement_delay,
    overdue_promise,
    promises,
)
from generator.core.model import Hub, Incident, Update
from generator.core.problems import Problems
from generator.core.vocabulary import Impact, UpdateStatus
from generator.practice.report import kept_percent


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 11, 24, hour, minute, tzinfo=BERLIN)


def update(slug: str, when: datetime, promise: datetime | None,
           status: UpdateStatus = UpdateStatus.INVESTIGATING) -> Update:
    return Update(incident_id="2026-11-24-x", slug=slug, at=when, status=status, body="Text.",
                  path=f"content/incidents/2026-11-24-x/{slug}.md", next_update=promise,
                  lines={"at": 2, "next_update": 4})


def incident(*updates: Update) -> Incident:
    return Incident(id="2026-11-24-x", title="X", impact=Impact.MAJOR, started=at(9, 0),
                    path="content/incidents/2026-11-24-x/incident.md", updates=updates)


def test_a_promise_is_kept_by_an_update_at_or_before_its_time() -> None:
    found = promises(incident(
        update("01", at(9, 10), at(9, 40)),
        update("02", at(9, 40), at(10, 0)),          # exactly on time: kept
        update("03", at(10, 5), at(11, 0)),          # 5 minutes late: broken
        update("04", at(10, 50), None, UpdateStatus.RESOLVED),
    ), now=at(12, 0))
    assert [p.state for p in found] == [PromiseState.KEPT, PromiseState.BROKEN, PromiseState.KEPT]
    assert found[1].late_by == timedelta(minutes=5)
    assert kept_percent(2, 1) == 200 / 3


def test_the_latest_promise_is_pending_until_its_time_then_broken() -> None:
    ongoing = incident(update("01", at(9, 10), at(9, 40)))
    assert [p.state for p in promises(ongoing, now=at(9, 30))] == [PromiseState.PENDING]
    assert [p.state for p in promises(ongoing, now=at(9, 41))] == [PromiseState.BROKEN]
    assert overdue_promise(ongoing, at(9, 40)) is None
    assert overdue_promise(ongoing, at(9, 41)) == at(9, 40)


def test_first_statement_delay() -> None:
    assert first_statement_delay(incident(update("01", at(9, 12), None))) == timedelta(minutes=12)
    assert first_statement_delay(incident()) is None


def test_check_warns_about_a_broken_promise_and_a_late_first_statement() -> None:
    hub = Hub(time_zone=BERLIN, incidents=(incident(update("01", at(9, 45), at(10, 15))),))
    problems = Problems()
    cadence_problems(hub, at(10, 40), timedelta(minutes=30), problems)
    assert [str(p) for p in problems] == [
        "content/incidents/2026-11-24-x/01.md:4: warning: next_update: the next update was "
        "promised by 2026-11-24T10:15:00+01:00 and is 25 minutes late; post an update now, "
        "even if there is no news",
        "content/incidents/2026-11-24-x/01.md:2: warning: at: the first public update came "
        "45 minutes after the incident started; the target is 30 minutes "
        "(plugins.crisishub.first_statement_target): post a short holding statement first, "
        "details later",
    ]


def test_the_example_hub_keeps_its_cadence_at_its_frozen_time() -> None:
    problems = Problems()
    cadence_problems(example_hub(), at(11, 40), timedelta(minutes=30), problems)
    assert list(problems) == []
    # At 12:10 the delivery-tracking promise (12:00) has passed.
    cadence_problems(example_hub(), at(12, 10), timedelta(minutes=30), problems)
    assert [p.path for p in problems] == [
        "content/incidents/2026-11-24-delivery-tracking-delays/02-identified.md"]
    assert "10 minutes late" in str(problems.items[0])
