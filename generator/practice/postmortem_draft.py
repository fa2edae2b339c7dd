"""The first draft of a postmortem (`crisishub postmortem INCIDENT`), pre-filled from the
incident: the timeline of its updates, its times and its promises, as `draft: true`.

Pure: returns the text of postmortem.md; the front-matter is the one
`generator/reading/postmortems.py` reads, and the `[placeholders]` are for the team to fill
(a published postmortem that still has one stops the build).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from generator.core.cadence import PromiseState
from generator.core.i18n import Translator
from generator.practice.incident_report import IncidentReport
from generator.practice.report import minutes

ACTION_DUE_IN = timedelta(days=14)  # the pre-filled due date of the first action item

def _clock(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"


def _first_line(text: str) -> str:
    """The first sentence of an update's first paragraph, without Markdown emphasis."""
    paragraph = " ".join(text.strip().split("\n\n", 1)[0].split())
    plain = re.sub(r"[*_`]+", "", paragraph)
    sentence = re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0]
    return sentence if len(sentence) <= 200 else sentence[:199].rstrip() + "…"


def postmortem_draft(report: IncidentReport, zone: ZoneInfo, language: str,
                     today: date) -> str:
    """postmortem.md for the incident of `report`, as a draft for the team to complete."""
    t = Translator(language)

    def word(key: str, **values: str) -> str:
        return str(t(f"postmortem_draft.{key}", **values))

    incident, f = report.incident, report.figures
    fields: dict[str, Any] = {
        "title": incident.title, "draft": True, "summary": word("summary"),
        "root_cause": word("root_cause"), "lessons": [word("lesson")],
        "action_items": [{"what": word("what"), "owner": word("owner"),
                          "due": (today + ACTION_DUE_IN).isoformat()}],
    }

    def after(length: timedelta | None) -> str:
        value = minutes(length)
        return word("not_yet") if value is None else word("after", minutes=f"{value:g}")

    target = word("target", minutes=f"{minutes(report.first_statement_target):g}")
    body = [f"## {word('what_happened')}", "", word("fill"), "",
            f"## {word('timeline')}", "",
            f"- {_clock(incident.started, zone)}: {word('started')}"]
    body += [f"- {_clock(u.at, zone)}: **{u.status.value}**: {_first_line(u.body)}"
             for u in incident.updates]
    body += ["", f"## {word('figures')}", "",
             f"- {word('first')}: {after(f.first_statement)} ({target})",
             f"- {word('identified')}: {after(f.to_identify)}",
             f"- {word('resolved')}: {after(f.to_resolve)}",
             f"- {word('promises')}: {f.kept}/{f.kept + f.broken}"]
    for outcome in report.promises:
        if outcome.promise.state is PromiseState.BROKEN and outcome.late_by is not None:
            key = "overdue" if outcome.still_overdue else "late"
            body.append("  - " + word(key, due=_clock(outcome.promise.due, zone),
                                      minutes=f"{minutes(outcome.late_by):g}"))
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front}---\n\n" + "\n".join(body) + "\n"
