"""Cadence: how fast the first statement came, and whether each promised update came in time.

Pure functions of an incident and the build time. An update that says `next_update: T`
makes a promise; the promise is kept when the incident's next update is at or before T.
A promise whose time has not come yet is pending and counts neither way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise

from generator.core.model import Hub, Incident, Update
from generator.core.problems import Problems

DEFAULT_FIRST_STATEMENT_TARGET = timedelta(minutes=30)


class PromiseState(StrEnum):
    KEPT = "kept"
    BROKEN = "broken"
    PENDING = "pending"


@dataclass(frozen=True)
class Promise:
    """'Next update by T', made by `made_by`, and what became of it."""

    made_by: Update
    due: datetime
    state: PromiseState
    followed_by: Update | None = None

    @property
    def late_by(self) -> timedelta | None:
        """How late the next update came (None when kept, pending, or it never came)."""
        if self.state is not PromiseState.BROKEN or self.followed_by is None:
            return None
        return self.followed_by.at - self.due


def promises(incident: Incident, now: datetime) -> list[Promise]:
    """Every promise the incident's updates made, in order, with its outcome at `now`."""
    found = []
    updates = incident.updates
    for index, update in enumerate(updates):
        if update.next_update is None:
            continue
        following = updates[index + 1] if index + 1 < len(updates) else None
        if following is not None:
            state = PromiseState.KEPT if following.at <= update.next_update else PromiseState.BROKEN
        elif incident.is_resolved or now <= update.next_update:
            # A promise made by the final update of a resolved incident has nothing to keep.
            state = PromiseState.PENDING
        else:
            state = PromiseState.BROKEN
        found.append(Promise(update, update.next_update, state, following))
    return found


def first_statement_delay(incident: Incident) -> timedelta | None:
    """From `started` to the first public update; None when nothing was posted yet."""
    first = incident.first_update
    return first.at - incident.started if first else None


def overdue_promise(incident: Incident, now: datetime) -> datetime | None:
    """The promised time of an active incident's latest update, if it has passed at `now`."""
    due = incident.next_update_due
    return due if due is not None and due < now else None


def update_gaps(incident: Incident) -> list[timedelta]:
    """The time between consecutive updates (the first gap starts at `started`)."""
    times = [incident.started] + [u.at for u in incident.updates]
    return [later - earlier for earlier, later in pairwise(times)]


def _minutes(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    return f"{minutes} minute" + ("" if minutes == 1 else "s")


def cadence_problems(hub: Hub, now: datetime, target: timedelta, problems: Problems) -> None:
    """Warn about broken promises of active incidents and slow first statements."""
    for incident in hub.incidents:
        due = overdue_promise(incident, now)
        latest = incident.latest_update
        if due is not None and latest is not None:
            problems.warning(
                latest.path, latest.line_of("next_update"), "next_update",
                f"the next update was promised by {due.isoformat()} and is "
                f"{_minutes(now - due)} late; post an update now, even if there is no news",
            )
        delay = first_statement_delay(incident)
        if delay is not None and delay > target and incident.first_update is not None:
            first = incident.first_update
            problems.warning(
                first.path, first.line_of("at"), "at",
                f"the first public update came {_minutes(delay)} after the incident started; "
                f"the target is {_minutes(target)} (plugins.crisishub.first_statement_target): "
                "post a short holding statement first, details later",
            )
