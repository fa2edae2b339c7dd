"""content/components.yml: the components and their groups, checked entry by entry.

Pure: parses the given text; every problem names the line of the entry and field.
"""

from __future__ import annotations

from typing import Any

from generator.core.documents import Document, parse_settings_file
from generator.core.fields import ID_PATTERN, ID_RULE, ONE_LINE_RULE, Fields, close_match, id_too_long
from generator.core.model import Component, ComponentGroup
from generator.core.problems import Problems

COMPONENT_FIELDS = ["id", "name", "description", "group", "order", "only_show_if_degraded"]
GROUP_FIELDS = ["id", "name", "description", "order"]


def read_components(shown: str, raw: bytes,
                    problems: Problems) -> tuple[list[ComponentGroup], list[Component]]:
    """The groups and components of components.yml (`shown` is its path for messages)."""
    parsed = parse_settings_file(shown, raw, problems)
    if parsed is None:
        return [], []
    data, lines = parsed
    doc = Document(shown, data if isinstance(data, dict) else {}, "", 1, lines)
    if not isinstance(data, dict) or not isinstance(data.get("components"), list):
        problems.error(
            shown, 1, "components",
            "missing; write 'components:' followed by a list of '- id: ...' entries",
        )
        return [], []
    fields = Fields(doc, problems, allowed=["groups", "components"], required=[],
                    kind="components.yml")
    groups = [
        ComponentGroup(id=e["id"], name=e["name"], description=e["description"], order=e["order"])
        for e in _entries(fields, "groups", GROUP_FIELDS)
    ]
    group_ids = [g.id for g in groups]
    components = []
    for entry in _entries(fields, "components", COMPONENT_FIELDS):
        group = entry["group"] or None
        if group is not None and group not in group_ids:
            hint = close_match(group, group_ids) or \
                f"; known groups: {', '.join(group_ids) or 'none yet'}"
            fields.error(("components", entry["index"], "group"),
                         f"'{group}' is not a group in 'groups:'{hint}")
            group = None
        components.append(Component(
            id=entry["id"], name=entry["name"], description=entry["description"],
            group_id=group, order=entry["order"],
            only_show_if_degraded=bool(entry["only_show_if_degraded"]),
        ))
    _no_duplicate_ids(fields)
    return groups, components


def _entries(fields: Fields, list_name: str, allowed: list[str]) -> list[dict[str, Any]]:
    raw = fields.get(list_name) or []
    if not isinstance(raw, list):
        fields.error((list_name,), "must be a list of '- id: ...' entries")
        return []
    entries = []
    for index, item in enumerate(raw):
        key = (list_name, index)
        if not isinstance(item, dict):
            fields.error(key, "each entry needs fields like 'id:' and 'name:'")
            continue
        for name in item:
            if name not in allowed:
                hint = close_match(str(name), allowed) or f"; allowed: {', '.join(allowed)}"
                fields.error((*key, name), f"unknown field{hint}")
        for name in ("id", "name"):
            if not item.get(name):
                fields.error(key + ((name,) if name in item else ()),
                             f"'{name}:' is missing in entry {index + 1} of '{list_name}:'")
        for name in ("name", "description"):
            if isinstance(item.get(name), (list, dict)):
                fields.error((*key, name), "must be plain text, not a list or a set of fields")
                item = {**item, name: None} if name == "description" else {**item, "name": None}
        entry_id = str(item.get("id") or "")
        if entry_id and (too_long := id_too_long(entry_id)):
            fields.error((*key, "id"), f"{too_long}; shorten it")
        elif entry_id and not ID_PATTERN.match(entry_id):
            fields.error((*key, "id"), f"'{entry_id}' is not a valid id; {ID_RULE}")
        if isinstance(item.get("name"), str) and any(c in item["name"] for c in "\r\n"):
            fields.error((*key, "name"), f"contains a line break; {ONE_LINE_RULE}")
        order = item.get("order", index)
        if isinstance(order, bool) or not isinstance(order, int):
            fields.error((*key, "order"), f"'{order}' is not a whole number")
            order = index
        if not item.get("id") or not item.get("name"):
            continue
        entries.append({
            "index": index, "id": entry_id, "name": str(item["name"]),
            "description": str(item.get("description") or ""), "order": order,
            "group": str(item.get("group") or ""),
            "only_show_if_degraded": item.get("only_show_if_degraded", False),
        })
    return sorted(entries, key=lambda e: (e["order"], e["index"]))

def _no_duplicate_ids(fields: Fields) -> None:
    seen: set[str] = set()
    for list_name in ("groups", "components"):
        raw = fields.get(list_name)
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            if not isinstance(item, dict) or not item.get("id"):
                continue
            entry_id = str(item["id"])
            if entry_id in seen:
                fields.error(
                    (list_name, index, "id"),
                    f"'{entry_id}' is used twice; every group and component needs its own id",
                )
            seen.add(entry_id)

