"""The one-crisis report (`crisishub report INCIDENT`): one incident's figures, every promise
with how late it was kept or how long it has been overdue, and the tone findings of its texts.

Pure: computed from the hub, the build time, the ledger's entries and the tone rules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from generator.core import cadence
from generator.core.cadence import Promise, PromiseState
from generator.core.model import Hub, Incident
from generator.core.problems import Problem, Problems
from generator.practice.report import (
    IncidentFigures,
    LedgerEntry,
    incident_figures,
    minutes,
    report_text_lines,
)
from generator.wording.tone import ToneRules
from generator.wording.tone_check import tone_problems


@dataclass(frozen=True)
class PromiseOutcome:
    """One 'next update by' promise: kept, broken (and by how much) or still open."""

    promise: Promise
    late_by: timedelta | None  # broken: how late the next update came, or how overdue it is now
    still_overdue: bool  # broken and no update has come yet


@dataclass(frozen=True)
class IncidentReport:
    now: datetime
    figures: IncidentFigures
    promises: tuple[PromiseOutcome, ...]
    tone: tuple[Problem, ...]  # warnings about the incident's own texts (updates, postmortem)
    first_statement_target: timedelta

    @property
    def incident(self) -> Incident:
        return self.figures.incident


def promise_outcomes(incident: Incident, now: datetime) -> list[PromiseOutcome]:
    outcomes = []
    for promise in cadence.promises(incident, now):
        overdue = promise.state is PromiseState.BROKEN and promise.followed_by is None
        late = now - promise.due if overdue else promise.late_by
        outcomes.append(PromiseOutcome(promise, late, overdue))
    return outcomes


def incident_report(hub: Hub, incident: Incident, now: datetime, ledger: list[LedgerEntry],
                    tone: ToneRules,
                    first_statement_target: timedelta = cadence.DEFAULT_FIRST_STATEMENT_TARGET,
                    ) -> IncidentReport:
    """Everything the report says about one incident, as it is at `now`."""
    found = Problems()
    tone_problems(replace(hub, incidents=(incident,), faq=(), maintenances=()), tone, found)
    return IncidentReport(
        now=now, figures=incident_figures(incident, now, ledger),
        promises=tuple(promise_outcomes(incident, now)),
        tone=tuple(sorted(found.items, key=lambda p: (p.path, p.line or 0))),
        first_statement_target=first_statement_target,
    )


def incident_report_json(report: IncidentReport) -> dict[str, Any]:
    """The one-crisis report as JSON-ready data; durations in minutes, times in ISO 8601."""
    f = report.figures
    return {
        "generated_at": report.now.isoformat(),
        "first_statement_target_minutes": minutes(report.first_statement_target),
        "id": f.incident.id, "title": f.incident.title, "kind": f.incident.kind.value,
        "impact": f.incident.impact.value, "owner": f.incident.owner,
        "started": f.incident.started.isoformat(),
        "resolved": f.incident.resolved_at.isoformat() if f.incident.resolved_at else None,
        "first_statement_minutes": minutes(f.first_statement),
        "time_to_identify_minutes": minutes(f.to_identify),
        "time_to_resolve_minutes": minutes(f.to_resolve),
        "updates": f.updates, "promises_kept": f.kept, "promises_broken": f.broken,
        "promises_pending": f.pending,
        "kept_percent": None if f.kept_percent is None else round(f.kept_percent, 1),
        "gaps_minutes": [minutes(g) for g in f.gaps], "channels": list(f.channels),
        "promises": [{
            "made_by": o.promise.made_by.id, "due": o.promise.due.isoformat(),
            "state": o.promise.state.value,
            "kept_by": o.promise.followed_by.id if o.promise.followed_by else None,
            "late_minutes": minutes(o.late_by), "still_overdue": o.still_overdue,
        } for o in report.promises],
        "tone": [{"file": p.path, "line": p.line, "field": p.field, "message": p.message}
                 for p in report.tone],
    }


def incident_report_text(report: IncidentReport) -> str:
    """The one-crisis report for the terminal."""
    incident = report.incident
    lines = [f"Crisis report for {incident.id} at {report.now:%Y-%m-%d %H:%M %Z}",
             f"{incident.title} ({incident.kind.value}, {incident.impact.value})", ""]
    lines += report_text_lines(report.figures)
    lines += ["", "Promises (next update by ...):"]
    for o in report.promises:
        due = f"{o.promise.due:%Y-%m-%d %H:%M}"
        made = o.promise.made_by.slug
        if o.promise.state is PromiseState.KEPT:
            lines.append(f"  - {due} ({made}): kept")
        elif o.promise.state is PromiseState.PENDING:
            lines.append(f"  - {due} ({made}): not due yet")
        elif o.still_overdue:
            lines.append(f"  - {due} ({made}): BROKEN, no update yet, "
                         f"{minutes(o.late_by):g} min overdue")
        else:
            follow = o.promise.followed_by.slug if o.promise.followed_by else "?"
            lines.append(f"  - {due} ({made}): BROKEN, next update ({follow}) came "
                         f"{minutes(o.late_by):g} min late")
    if not report.promises:
        lines.append("  none made")
    lines += ["", "Tone:"]
    lines += [f"  {p}" for p in report.tone] or ["  no findings"]
    return "\n".join(lines) + "\n"
