"""Times checked against each other and against the build time: pure rules.

A status site that is wrong about time is wrong about everything: a "resolved" update dated
next year shows a negative duration, and a page built before an update's time still says it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from generator.core.model import Hub
from generator.core.problems import Problems

# Clocks of laptops and CI differ a little; more than this ahead of the build is a typo.
FUTURE_TOLERANCE = timedelta(minutes=15)


def future_problems(hub: Hub, now: datetime) -> Problems:
    """A warning for every incident start, update and announcement after the build time."""
    problems = Problems()
    limit = now + FUTURE_TOLERANCE
    shown_now = now.isoformat(timespec="minutes")

    def warn(path: str, line: int | None, name: str, moment: datetime) -> None:
        problems.warning(path, line, name,
                         f"{moment.isoformat(timespec='minutes')} is in the future (the build "
                         f"time is {shown_now}); check the date, or wait until then to publish")

    for incident in hub.incidents:
        if incident.started > limit:
            warn(incident.path, incident.line_of("started"), "started", incident.started)
        for update in incident.updates:
            if update.at > limit:
                warn(update.path, update.line_of("at"), "at", update.at)
    for maintenance in hub.maintenances:
        if maintenance.announced is not None and maintenance.announced > limit:
            warn(maintenance.path, None, "announced", maintenance.announced)
    return problems
