"""The crisis plan: roles, people and their contacts, escalation by impact, the steps.

`content/playbook/plan.md` keeps the roles as front-matter data, so that the tool can check
that every active incident has an owner who holds a role. Pure: parsing works on the bytes
it is given; `load_playbook` is the one function that reads a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.documents import read_document
from generator.core.fields import Fields, close_match
from generator.core.model import Hub
from generator.core.problems import Problems, display_path
from generator.core.status import active_incidents
from generator.core.vocabulary import Impact

PLAN_FILE = "playbook/plan.md"
PLAN_FIELDS = ["title", "roles", "people", "escalation"]
ROLE_FIELDS = ["id", "name", "duties", "channels", "description"]
PERSON_FIELDS = ["name", "roles", "email", "phone", "notes"]
ESCALATION_FIELDS = ["notify", "note"]
# What a crisis team must have someone for: deciding, writing, approving, answering comments.
DUTIES = ["decide", "write", "approve", "answer"]


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    duties: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Person:
    """Someone in the plan. Contacts are internal: the public site never shows them."""

    name: str
    roles: tuple[str, ...] = ()
    email: str = ""
    phone: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Escalation:
    impact: Impact
    notify: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Playbook:
    path: str
    title: str
    roles: tuple[Role, ...] = ()
    people: tuple[Person, ...] = ()
    escalation: tuple[Escalation, ...] = ()
    steps: str = ""
    body_line: int = 1

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def person(self, name: str) -> Person | None:
        folded = name.strip().casefold()
        return next((p for p in self.people if p.name.casefold() == folded), None)

    def holders(self, role_id: str) -> list[Person]:
        return [p for p in self.people if role_id in p.roles]

    def role_holders(self) -> list[str]:
        """The names of everyone who holds at least one role."""
        return [p.name for p in self.people if p.roles]


def parse_playbook(path: str, raw: bytes, problems: Problems) -> Playbook | None:
    """The plan in `raw` (plan.md's bytes), with every problem found in it."""
    doc = read_document(path, raw, problems)
    if doc is None:
        return None
    fields = Fields(doc, problems, allowed=PLAN_FIELDS, required=["roles", "people"],
                    kind="the crisis plan")
    roles = _roles(fields)
    role_ids = [r.id for r in roles]
    people = _people(fields, role_ids)
    escalation = _escalation(fields, role_ids)
    held = {r for p in people for r in p.roles}
    for role in roles:
        if role.id not in held:
            fields.error(("roles", role_ids.index(role.id), "id"),
                         f"nobody holds the role '{role.id}'; add it to someone's 'roles:' "
                         "under 'people:'")
    covered = {d for r in roles for d in r.duties}
    missing = [d for d in DUTIES if d not in covered]
    if roles and missing:
        fields.error(("roles",), f"no role has the duty {', '.join(missing)}; every plan needs "
                     f"someone for each of {', '.join(DUTIES)}")
    return Playbook(path=doc.path, title=fields.text("title") or "Crisis plan",
                    roles=tuple(roles), people=tuple(people), escalation=tuple(escalation),
                    steps=doc.body, body_line=doc.body_line)


def _list(fields: Fields, name: str) -> list[Any]:
    value = fields.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        fields.error((name,), "must be a list of entries, each starting with '- '")
        return []
    return value


def _entry_fields(fields: Fields, key: tuple[Any, ...], item: Any, allowed: list[str],
                  required: str) -> bool:
    if not isinstance(item, dict):
        fields.error(key, f"each entry needs fields like '{required}:'")
        return False
    for name in item:
        if name not in allowed:
            hint = close_match(str(name), allowed) or f"; allowed: {', '.join(allowed)}"
            fields.error((*key, name), f"unknown field{hint}")
    if not item.get(required):
        fields.error(key, f"'{required}:' is missing")
        return False
    return True


def _texts(fields: Fields, key: tuple[Any, ...], value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),)
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        fields.error(key, "must be a list, like [first, second]")
        return ()
    return tuple(str(v).strip() for v in value)


def _roles(fields: Fields) -> list[Role]:
    roles: list[Role] = []
    for index, item in enumerate(_list(fields, "roles")):
        key = ("roles", index)
        if not _entry_fields(fields, key, item, ROLE_FIELDS, "id"):
            continue
        duties = _texts(fields, (*key, "duties"), item.get("duties"))
        for number, duty in enumerate(duties):
            if duty not in DUTIES:
                fields.error((*key, "duties", number),
                             f"'{duty}' is not one of {', '.join(DUTIES)}"
                             f"{close_match(duty, DUTIES)}")
        role_id = str(item["id"])
        if any(r.id == role_id for r in roles):
            fields.error((*key, "id"), f"'{role_id}' is used twice; every role needs its own id")
            continue
        roles.append(Role(
            id=role_id, name=str(item.get("name") or role_id),
            duties=tuple(d for d in duties if d in DUTIES),
            channels=_texts(fields, (*key, "channels"), item.get("channels")),
            description=str(item.get("description") or "").strip(),
        ))
    return roles


def _people(fields: Fields, role_ids: list[str]) -> list[Person]:
    people = []
    for index, item in enumerate(_list(fields, "people")):
        key = ("people", index)
        if not _entry_fields(fields, key, item, PERSON_FIELDS, "name"):
            continue
        roles = _texts(fields, (*key, "roles"), item.get("roles"))
        for number, role_id in enumerate(roles):
            if role_id not in role_ids:
                hint = close_match(role_id, role_ids) or f"; roles: {', '.join(role_ids)}"
                fields.error((*key, "roles", number), f"'{role_id}' is not a role{hint}")
        people.append(Person(
            name=str(item["name"]).strip(), roles=tuple(r for r in roles if r in role_ids),
            email=str(item.get("email") or "").strip(),
            phone=str(item.get("phone") or "").strip(),
            notes=str(item.get("notes") or "").strip(),
        ))
    return people


def _escalation(fields: Fields, role_ids: list[str]) -> list[Escalation]:
    raw = fields.get("escalation")
    if raw is None:
        return []
    if not isinstance(raw, dict):
        fields.error(("escalation",), "write one impact per line, like  major: {notify: "
                     "[incident-lead, spokesperson]}")
        return []
    found = []
    for impact_name, item in raw.items():
        key = ("escalation", impact_name)
        impact = fields.choice(key, impact_name, Impact)
        if impact is None:
            continue
        if isinstance(item, list):
            item = {"notify": item}
        if not isinstance(item, dict):
            fields.error(key, "write  notify: [role ids]  and optionally  note: text")
            continue
        for name in item:
            if name not in ESCALATION_FIELDS:
                hint = close_match(str(name), ESCALATION_FIELDS) or \
                    f"; allowed: {', '.join(ESCALATION_FIELDS)}"
                fields.error((*key, name), f"unknown field{hint}")
        notify = _texts(fields, (*key, "notify"), item.get("notify"))
        for number, role_id in enumerate(notify):
            if role_id not in role_ids:
                hint = close_match(role_id, role_ids) or f"; roles: {', '.join(role_ids)}"
                fields.error((*key, "notify", number), f"'{role_id}' is not a role{hint}")
        found.append(Escalation(impact, tuple(r for r in notify if r in role_ids),
                                str(item.get("note") or "").strip()))
    return sorted(found, key=lambda e: e.impact.rank)


def owner_problems(hub: Hub, playbook: Playbook, problems: Problems) -> None:
    """Warn about each active incident without an owner who holds a role in the plan."""
    holders = playbook.role_holders()
    for incident in active_incidents(hub):
        line = incident.line_of("owner") or incident.line_of("title")
        if not incident.owner:
            problems.warning(incident.path, line, "owner",
                             "missing; an active incident needs an owner who holds a role in "
                             f"{playbook.path}, one of: {', '.join(holders) or 'nobody yet'}")
            continue
        person = playbook.person(incident.owner)
        if person is None or not person.roles:
            hint = close_match(incident.owner, holders) or f"; people with a role: {', '.join(holders)}"
            problems.warning(incident.path, line, "owner",
                             f"'{incident.owner}' holds no role in {playbook.path}{hint}")


def load_playbook(content_dir: Path, display_root: Path) -> tuple[Playbook | None, Problems]:
    """Read content/playbook/plan.md if there is one."""
    problems = Problems()
    path = content_dir / PLAN_FILE
    if not path.is_file():
        return None, problems
    return parse_playbook(display_path(path, display_root), path.read_bytes(), problems), problems
