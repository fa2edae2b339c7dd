"""Reading a postmortem's front-matter into typed facts: summary, root cause, lessons and
action items with owners and due dates. Pure: works on a parsed `Document`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from generator.core.documents import Document
from generator.core.fields import Fields, close_match
from generator.core.model import ActionItem, Postmortem
from generator.core.problems import Problems

POSTMORTEM_FIELDS = ["title", "summary", "root_cause", "lessons", "action_items", "published",
                    "draft"]
ACTION_FIELDS = ["what", "owner", "due", "done"]
DATE_EXAMPLE = "write it like 2026-12-01"


def read_postmortem(doc: Document, problems: Problems, zone: ZoneInfo) -> Postmortem:
    """The postmortem in `doc`, every field checked; problems name the file and line."""
    fields = Fields(doc, problems, allowed=POSTMORTEM_FIELDS, required=["summary"],
                    kind="a postmortem")
    lessons = _lessons(fields)
    items = tuple(item for index, raw in enumerate(_list(fields, "action_items"))
                  if (item := _action_item(fields, index, raw)) is not None)
    return replace(
        Postmortem(body=doc.body, path=doc.path, meta=doc.meta, body_line=doc.body_line),
        title=fields.text("title"), summary=fields.text("summary"),
        root_cause=fields.text("root_cause"), lessons=lessons, action_items=items,
        published=fields.time("published", zone), draft=fields.boolean("draft"),
        lines={".".join(str(k) for k in key): line for key, line in doc.lines.items()},
    )


def _list(fields: Fields, name: str) -> list[Any]:
    value = fields.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        fields.error((name,), "must be a list, one entry per line starting with '- '")
        return []
    return value


def _lessons(fields: Fields) -> tuple[str, ...]:
    lessons = []
    for index, lesson in enumerate(_list(fields, "lessons")):
        if not isinstance(lesson, (str, int, float)) or isinstance(lesson, bool) or \
                not str(lesson).strip():
            fields.error(("lessons", index), "each lesson is one sentence of plain text")
            continue
        lessons.append(str(lesson).strip())
    return tuple(lessons)


def _action_item(fields: Fields, index: int, raw: Any) -> ActionItem | None:
    key = ("action_items", index)
    if not isinstance(raw, dict):
        fields.error(key, "each action item needs 'what:', 'owner:' and 'due:'")
        return None
    for name in raw:
        if name not in ACTION_FIELDS:
            hint = close_match(str(name), ACTION_FIELDS) or f"; allowed: {', '.join(ACTION_FIELDS)}"
            fields.error((*key, name), f"unknown field{hint}")
    ok = True
    for name in ("what", "owner", "due"):
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            fields.error(key + ((name,) if name in raw else ()),
                         f"'{name}:' is missing in action item {index + 1}; every action item "
                         "says what will change, who owns it and by when")
            ok = False
        elif name != "due" and not isinstance(value, str):
            fields.error((*key, name), "must be plain text")
            ok = False
    due = _date(fields, (*key, "due"), raw.get("due")) if raw.get("due") is not None else None
    done = raw.get("done", False)
    if not isinstance(done, bool):
        fields.error((*key, "done"), f"'{done}' is not true or false")
        done = False
    if not ok or due is None:
        return None
    return ActionItem(what=str(raw["what"]).strip(), owner=str(raw["owner"]).strip(),
                      due=due, done=done)


def _date(fields: Fields, key: tuple[Any, ...], value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        fields.error(key, f"'{value}' is not a date; {DATE_EXAMPLE}")
        return None
