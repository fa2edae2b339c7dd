"""Reading typed fields out of a document, with errors a PR person can act on."""

from __future__ import annotations

import contextlib
import difflib
import re
from datetime import UTC, datetime, timedelta, timezone
from enum import Enum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from generator.core.documents import Document, KeyPath
from generator.core.problems import Problems

E = TypeVar("E", bound=Enum)

FIRST_YEAR, LAST_YEAR = 1970, 2999
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
# An incident or maintenance id: its date, then lowercase words joined by '-'.
DATED_ID_PATTERN = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
ID_RULE = "use lowercase letters, digits and '-', like payments-api"
# Ids become folder and file names ('feeds/incidents/<id>.atom.xml'); most file systems stop
# at 255 bytes per name, so ids stay well below that.
ID_MAX_CHARS = 100
ONE_LINE_RULE = "write it on one line (a line break in a title breaks e-mail and feeds)"


def id_too_long(value: str) -> str | None:
    """The problem with an id longer than ID_MAX_CHARS, or None."""
    if len(value) <= ID_MAX_CHARS:
        return None
    return f"'{value[:40]}...' is {len(value)} characters long; ids may have at most {ID_MAX_CHARS}"
TIME_EXAMPLE = "write it like 2026-11-24 14:05 or 2026-11-24T14:05:00+01:00"
_TIME_SHAPE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$"
)


# Cyrillic letters that look like Latin ones: a field name typed with the Russian keyboard
# layout half-switched looks right and is not.
_LOOKALIKES = dict(zip("аеорсухіјѕԁАВЕКМНОРСТХІЈЅ", "aeopcyxijsdABEKMHOPCTXIJS", strict=True))


def lookalike_hint(word: str, choices: list[str]) -> str:
    """'; ...Cyrillic letter...' when `word` is a choice written with look-alike letters."""
    latin = "".join(_LOOKALIKES.get(c, c) for c in word)
    if latin == word or latin not in choices:
        return ""
    letters = ", ".join(f"'{c}'" for c in dict.fromkeys(c for c in word if c in _LOOKALIKES))
    return (f"; it contains the Cyrillic letter {letters}, which looks like a Latin one: "
            f"retype it as '{latin}' with the English keyboard layout")


def close_match(word: str, choices: list[str]) -> str:
    """'; did you mean 'x'?' when a choice is close to `word`, else ''."""
    lookalike = lookalike_hint(word, choices)
    if lookalike:
        return lookalike
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{found[0]}'?" if found else ""


def parse_time(value: Any, zone: ZoneInfo) -> tuple[datetime | None, str | None]:
    """A timezone-aware datetime from front-matter text, or the reason it is not one.

    A time without an offset is read in the hub's time zone.
    """
    text = str(value).strip()
    if not isinstance(value, str) or not _TIME_SHAPE.match(text):
        return None, f"'{text}' is not a date and time; {TIME_EXAMPLE}"
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(re.sub(r"\s+([+-])", r"\1", text))
    except ValueError as exc:
        if "offset" in str(exc) or "timedelta" in str(exc):
            return None, (f"'{value}' has an impossible offset from UTC; write one between "
                          "-23:59 and +23:59, like +01:00")
        return None, f"'{value}' is not a real date or time ({exc}); {TIME_EXAMPLE}"
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        # Far-off years are typos, and near year 1 or 9999 time zone arithmetic overflows.
        return None, f"'{value}': the year must be between {FIRST_YEAR} and {LAST_YEAR}; check it"
    if parsed.tzinfo is not None:
        return parsed, None
    local = parsed.replace(tzinfo=zone)
    round_trip = local.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != parsed:
        return None, (
            f"'{value}' does not exist in {zone.key} (the clocks jump forward then); "
            "check the time or give the offset, like +02:00"
        )
    other = local.replace(fold=1)
    if other.utcoffset() != local.utcoffset():
        first, second = (_offset(t) for t in (local, other))
        plain = parsed.isoformat(timespec="minutes")
        return None, (f"'{value}' happens twice in {zone.key} (the clocks go back then); give "
                      f"the offset: {plain}{first} for the first time, {plain}{second} for the "
                      "second")
    # A fixed offset, not the zone: durations across a DST change are then real elapsed time
    # (Python subtracts two times of one ZoneInfo as wall-clock times). Pages show local time.
    return local.astimezone(timezone(local.utcoffset() or timedelta(0))), None


def _offset(moment: datetime) -> str:
    return moment.isoformat()[-6:]


class Fields:
    """The fields of one document, checked against the names a content kind allows."""

    def __init__(
        self, doc: Document, problems: Problems, *, allowed: list[str], required: list[str],
        kind: str,
    ) -> None:
        self.doc = doc
        self.problems = problems
        self.kind = kind
        for name in required:
            if name not in doc.meta or doc.meta[name] in (None, ""):
                self.error((name,), f"missing; {kind} needs '{name}:' in its front-matter")
        for name in doc.meta:
            if name not in allowed:
                hint = close_match(str(name), allowed) or f"; {kind} allows: {', '.join(allowed)}"
                self.error((name,), f"unknown field{hint}")

    def error(self, key: KeyPath, message: str) -> None:
        name = ".".join(str(k) for k in key)
        self.problems.error(self.doc.path, self.doc.line_of(*key), name, message)

    def get(self, name: str) -> Any:
        return self.doc.meta.get(name)

    def text(self, name: str, default: str = "", *, one_line: bool = False) -> str:
        """A text field; `one_line` for titles, names and questions (no line breaks)."""
        value = self.get(name)
        if value is None:
            return default
        if isinstance(value, (dict, list)):
            self.error((name,), "must be plain text, not a list or a set of fields")
            return default
        text = str(value).strip()
        if one_line and any(c in text for c in "\r\n\u2028\u2029\x85"):
            self.error((name,), f"contains a line break; {ONE_LINE_RULE}")
            return " ".join(text.split())
        return text

    def integer(self, name: str, default: int = 0) -> int:
        value = self.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.error((name,), f"'{value}' is not a whole number; write for example {name}: 10")
            return default
        return value

    def boolean(self, name: str) -> bool:
        value = self.get(name)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error((name,), f"'{value}' must be true or false")
            return False
        return value

    def choice(self, key: KeyPath, value: Any, enum: type[E]) -> E | None:
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return enum(value.strip())  # the values are the words a person writes
        allowed = [str(m.value) for m in enum]
        self.error(
            key,
            f"'{value}' is not one of {', '.join(allowed)}{close_match(str(value), allowed)}",
        )
        return None

    def time(self, name: str, zone: ZoneInfo) -> datetime | None:
        value = self.get(name)
        if value is None:
            return None
        parsed, reason = parse_time(value, zone)
        if reason:
            self.error((name,), reason)
        return parsed

    def id_list(self, name: str) -> list[str]:
        value = self.get(name)
        if value is None:
            return []
        if isinstance(value, str):
            return [value.strip()]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.error((name,), f"must be a list of ids, like {name}: [first-id, second-id]")
            return []
        return [str(v).strip() for v in value]
