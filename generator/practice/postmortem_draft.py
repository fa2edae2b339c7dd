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
from generator.practice.incident_report import IncidentReport
from generator.practice.report import minutes

ACTION_DUE_IN = timedelta(days=14)  # the pre-filled due date of the first action item

WORDS = {
    "en": {
        "summary": "[One or two sentences: what happened, whom it affected and for how long]",
        "root_cause": "[What caused it, in plain words; no blame on people or suppliers]",
        "lesson": "[What we learned about how we communicate or run the service]",
        "what": "[What will change]", "owner": "[Team or person]",
        "timeline": "Timeline", "figures": "How we communicated",
        "started": "Started", "first": "First statement", "identified": "Cause identified",
        "resolved": "Resolved", "not_yet": "not yet", "after": "{minutes} min after the start",
        "target": "target {minutes} min", "promises": "Promises of the next update kept",
        "late": "promised {due}, came {minutes} min late",
        "overdue": "promised {due}, still overdue ({minutes} min)",
        "what_happened": "What happened", "fill": "[Tell the story in a few paragraphs]",
    },
    "ru": {
        "summary": "[Одно-два предложения: что произошло, кого затронуло и как долго]",
        "root_cause": "[Что стало причиной, простыми словами; без обвинений людей и поставщиков]",
        "lesson": "[Что мы поняли о том, как общаемся или работаем]",
        "what": "[Что изменится]", "owner": "[Команда или человек]",
        "timeline": "Хронология", "figures": "Как мы сообщали",
        "started": "Начало", "first": "Первое заявление", "identified": "Причина найдена",
        "resolved": "Решено", "not_yet": "ещё нет", "after": "через {minutes} мин после начала",
        "target": "цель {minutes} мин", "promises": "Обещания следующего сообщения выполнены",
        "late": "обещано к {due}, пришло на {minutes} мин позже",
        "overdue": "обещано к {due}, до сих пор нет ({minutes} мин)",
        "what_happened": "Что произошло", "fill": "[Расскажите историю в нескольких абзацах]",
    },
}


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
    words = WORDS.get(language, WORDS["en"])
    incident, f = report.incident, report.figures
    fields: dict[str, Any] = {
        "title": incident.title, "draft": True, "summary": words["summary"],
        "root_cause": words["root_cause"], "lessons": [words["lesson"]],
        "action_items": [{"what": words["what"], "owner": words["owner"],
                          "due": (today + ACTION_DUE_IN).isoformat()}],
    }

    def after(length: timedelta | None) -> str:
        value = minutes(length)
        return words["not_yet"] if value is None else words["after"].format(minutes=f"{value:g}")

    target = words["target"].format(minutes=f"{minutes(report.first_statement_target):g}")
    body = [f"## {words['what_happened']}", "", words["fill"], "",
            f"## {words['timeline']}", "",
            f"- {_clock(incident.started, zone)}: {words['started']}"]
    body += [f"- {_clock(u.at, zone)}: **{u.status.value}**: {_first_line(u.body)}"
             for u in incident.updates]
    body += ["", f"## {words['figures']}", "",
             f"- {words['first']}: {after(f.first_statement)} ({target})",
             f"- {words['identified']}: {after(f.to_identify)}",
             f"- {words['resolved']}: {after(f.to_resolve)}",
             f"- {words['promises']}: {f.kept}/{f.kept + f.broken}"]
    for outcome in report.promises:
        if outcome.promise.state is PromiseState.BROKEN and outcome.late_by is not None:
            key = "overdue" if outcome.still_overdue else "late"
            body.append("  - " + words[key].format(due=_clock(outcome.promise.due, zone),
                                                   minutes=f"{minutes(outcome.late_by):g}"))
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front}---\n\n" + "\n".join(body) + "\n"
