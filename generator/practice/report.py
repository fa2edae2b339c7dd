"""The crisis report: how well the team communicated, per incident, per month, per component.

Pure: computed from the hub, the build time and the cross-posting ledger's entries.
`read_ledger()` is the one small reader of the ledger file (JSON Lines); `report_json()`
gives the report as plain data for other tools; `report_text()` for the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from statistics import mean
from typing import Any

from generator.core import cadence
from generator.core.cadence import PromiseState
from generator.core.i18n import count
from generator.core.model import ActionItem, Hub, Incident
from generator.core.problems import Problems
from generator.core.vocabulary import UpdateStatus
from generator.reading.ledger_file import read_ledger as read_ledger_file


@dataclass(frozen=True)
class LedgerEntry:
    update_id: str
    channel: str
    state: str


def read_ledger(path: Path | None, problems: Problems | None = None,
                shown: str | None = None) -> list[LedgerEntry]:
    """What the report needs of the cross-posting ledger, read by the one ledger reader
    (`generator.reading.ledger_file.read_ledger`) with its one policy: a crash-cut last line
    is left out with a warning; any other damaged line is an error and no entry is used.
    The problems go to `problems` (a missing file means nothing was cross-posted)."""
    if path is None:
        return []
    found = problems if problems is not None else Problems()
    return [LedgerEntry(e.key, e.channel, e.state)
            for e in read_ledger_file(path, shown or path.as_posix(), found)]


def kept_percent(kept: int, broken: int) -> float | None:
    """Promises kept, in % of those decided (kept or broken); None when none was decided."""
    decided = kept + broken
    return 100.0 * kept / decided if decided else None


KEPT_GOOD = 90.0  # % of promises kept: at or above, the share is good (green)
KEPT_FAIR = 70.0  # at or above, it needs attention (amber); below, it is poor (red)


def kept_level(percent: float | None) -> str:
    """'good', 'fair', 'poor' or 'none' (nothing decided yet): how the report colours a
    kept-promise share; the thresholds are documented in docs/crisis-practice.md."""
    if percent is None:
        return "none"
    return "good" if percent >= KEPT_GOOD else "fair" if percent >= KEPT_FAIR else "poor"


@dataclass(frozen=True)
class IncidentFigures:
    incident: Incident
    first_statement: timedelta | None
    to_identify: timedelta | None
    to_resolve: timedelta | None
    updates: int
    kept: int
    broken: int
    pending: int
    gaps: tuple[timedelta, ...]
    channels: tuple[str, ...]

    @property
    def kept_percent(self) -> float | None:
        return kept_percent(self.kept, self.broken)


@dataclass(frozen=True)
class Totals:
    """Sums and means over a group of incidents (a month, a component, everything)."""

    key: str
    incidents: int
    updates: int
    kept: int
    broken: int
    mean_first_statement: timedelta | None
    mean_to_resolve: timedelta | None

    @property
    def kept_percent(self) -> float | None:
        return kept_percent(self.kept, self.broken)


@dataclass(frozen=True)
class OpenAction:
    incident_id: str
    item: ActionItem
    overdue: bool


@dataclass(frozen=True)
class CrisisReport:
    now: datetime
    incidents: tuple[IncidentFigures, ...]  # oldest first
    total: Totals
    by_month: tuple[Totals, ...]
    by_component: tuple[Totals, ...]
    lessons: tuple[tuple[str, str], ...]  # (incident id, lesson)
    open_actions: tuple[OpenAction, ...]
    first_statement_target: timedelta


def time_to_identify(incident: Incident) -> timedelta | None:
    """From `started` to the first update that is identified, monitoring or resolved."""
    found = next((u.at for u in incident.updates
                  if u.status.rank >= UpdateStatus.IDENTIFIED.rank), None)
    return found - incident.started if found else None


def incident_figures(incident: Incident, now: datetime,
                     ledger: list[LedgerEntry]) -> IncidentFigures:
    promises = cadence.promises(incident, now)
    update_ids = {u.id for u in incident.updates}
    channels = sorted({e.channel for e in ledger
                       if e.state == "posted" and e.update_id in update_ids})
    return IncidentFigures(
        incident=incident,
        first_statement=cadence.first_statement_delay(incident),
        to_identify=time_to_identify(incident),
        to_resolve=incident.resolved_at - incident.started if incident.resolved_at else None,
        updates=len(incident.updates),
        kept=sum(p.state is PromiseState.KEPT for p in promises),
        broken=sum(p.state is PromiseState.BROKEN for p in promises),
        pending=sum(p.state is PromiseState.PENDING for p in promises),
        gaps=tuple(cadence.update_gaps(incident)),
        channels=tuple(channels),
    )


def _mean(lengths: list[timedelta | None]) -> timedelta | None:
    known = [length.total_seconds() for length in lengths if length is not None]
    return timedelta(seconds=mean(known)) if known else None


def totals(key: str, figures: list[IncidentFigures]) -> Totals:
    return Totals(
        key=key, incidents=len(figures), updates=sum(f.updates for f in figures),
        kept=sum(f.kept for f in figures), broken=sum(f.broken for f in figures),
        mean_first_statement=_mean([f.first_statement for f in figures]),
        mean_to_resolve=_mean([f.to_resolve for f in figures]),
    )


def crisis_report(hub: Hub, now: datetime, ledger: list[LedgerEntry],
                  first_statement_target: timedelta = cadence.DEFAULT_FIRST_STATEMENT_TARGET,
                  ) -> CrisisReport:
    """Every figure of the report, from the hub as it is at `now`."""
    ordered = sorted(hub.incidents, key=lambda i: (i.started, i.id))
    figures = [incident_figures(i, now, ledger) for i in ordered]
    months: dict[str, list[IncidentFigures]] = {}
    for figure in figures:
        key = figure.incident.started.astimezone(hub.time_zone).strftime("%Y-%m")
        months.setdefault(key, []).append(figure)
    by_component = [
        totals(c.id, [f for f in figures if c.id in f.incident.affected_component_ids])
        for c in hub.components
    ]
    lessons = tuple((i.id, lesson) for i in ordered if i.postmortem
                    for lesson in i.postmortem.lessons)
    today = now.astimezone(hub.time_zone).date()
    actions = tuple(OpenAction(i.id, item, item.due < today) for i in ordered if i.postmortem
                    for item in i.postmortem.action_items if not item.done)
    return CrisisReport(
        now=now, incidents=tuple(figures), total=totals("all", figures),
        by_month=tuple(totals(k, v) for k, v in sorted(months.items())),
        by_component=tuple(by_component), lessons=lessons,
        open_actions=tuple(sorted(actions, key=lambda a: (a.item.due, a.incident_id))),
        first_statement_target=first_statement_target,
    )


# -- output -------------------------------------------------------------------------------
def minutes(length: timedelta | None) -> float | None:
    """Whole minutes (one decimal for means); None stays None."""
    return None if length is None else round(length.total_seconds() / 60, 1)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _totals_json(t: Totals) -> dict[str, Any]:
    return {"key": t.key, "incidents": t.incidents, "updates": t.updates,
            "promises_kept": t.kept, "promises_broken": t.broken,
            "kept_percent": _percent(t.kept_percent),
            "mean_first_statement_minutes": minutes(t.mean_first_statement),
            "mean_time_to_resolve_minutes": minutes(t.mean_to_resolve)}


def report_json(report: CrisisReport) -> dict[str, Any]:
    """The report as JSON-ready data; durations in minutes, times in ISO 8601."""
    def day(value: date) -> str:
        return value.isoformat()

    return {
        "generated_at": report.now.isoformat(),
        "first_statement_target_minutes": minutes(report.first_statement_target),
        "incidents": [{
            "id": f.incident.id, "title": f.incident.title, "impact": f.incident.impact.value,
            "owner": f.incident.owner, "started": f.incident.started.isoformat(),
            "resolved": f.incident.resolved_at.isoformat() if f.incident.resolved_at else None,
            "components": f.incident.affected_component_ids,
            "first_statement_minutes": minutes(f.first_statement),
            "time_to_identify_minutes": minutes(f.to_identify),
            "time_to_resolve_minutes": minutes(f.to_resolve),
            "updates": f.updates, "promises_kept": f.kept, "promises_broken": f.broken,
            "promises_pending": f.pending, "kept_percent": _percent(f.kept_percent),
            "gaps_minutes": [minutes(g) for g in f.gaps], "channels": list(f.channels),
        } for f in report.incidents],
        "total": _totals_json(report.total),
        "by_month": [_totals_json(t) for t in report.by_month],
        "by_component": [_totals_json(t) for t in report.by_component],
        "lessons": [{"incident": i, "lesson": text} for i, text in report.lessons],
        "open_action_items": [{"incident": a.incident_id, "what": a.item.what,
                               "owner": a.item.owner, "due": day(a.item.due),
                               "overdue": a.overdue} for a in report.open_actions],
    }


def _m(length: timedelta | None) -> str:
    value = minutes(length)
    return "—" if value is None else f"{value:g} min"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} %"


def report_text(report: CrisisReport) -> str:
    """A plain-text report for the terminal."""
    lines = [f"Crisis report at {report.now:%Y-%m-%d %H:%M %Z}", ""]
    for f in report.incidents:
        lines += [f"{f.incident.id}  ({f.incident.impact.value})", *report_text_lines(f)]
    lines += ["", "By month:"]
    lines += [_totals_line(t) for t in report.by_month]
    lines += ["", "By component:"]
    lines += [_totals_line(t) for t in report.by_component]
    lines += ["", _totals_line(report.total), "", "Lessons:"]
    lines += [f"  - {text} ({incident})" for incident, text in report.lessons] or ["  none"]
    lines += ["", "Open action items:"]
    lines += [f"  - {a.item.what} — {a.item.owner}, due {a.item.due.isoformat()}"
              + (" (OVERDUE)" if a.overdue else "") + f" ({a.incident_id})"
              for a in report.open_actions] or ["  none"]
    return "\n".join(lines) + "\n"


def report_text_lines(f: IncidentFigures) -> list[str]:
    """An incident's figures, indented, as the text reports write them."""
    return [
        f"  first statement {_m(f.first_statement)}, identified {_m(f.to_identify)}, "
        f"resolved {_m(f.to_resolve)}",
        f"  {count(f.updates, 'update')}, promises kept {f.kept}/{f.kept + f.broken} "
        f"({_pct(f.kept_percent)}), gaps: {', '.join(_m(g) for g in f.gaps) or '—'}",
        f"  channels: {', '.join(f.channels) or 'none'}",
    ]


def _totals_line(t: Totals) -> str:
    return (f"  {t.key}: {count(t.incidents, 'incident')}, {count(t.updates, 'update')}, "
            "first statement "
            f"{_m(t.mean_first_statement)} on average, resolved in {_m(t.mean_to_resolve)} on "
            f"average, promises kept {t.kept}/{t.kept + t.broken} ({_pct(t.kept_percent)})")
