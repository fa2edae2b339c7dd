"""The cross-posting ledger as data: what a line says, and the one reader
that `publish`, `report` and `check` share (one error policy, see `read_ledger`).

Its path: `generator.reading.channels_file.ledger_location`. Writing it is the
cross-poster's (`generator.crosspost.ledger`); the file format is a
JSON Lines file kept by `generator.reading.jsonl`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from generator.core.problems import Problems
from generator.reading.jsonl import JsonlError, read_jsonl

State = Literal["sending", "posted", "failed", "unknown", "released"]
STATES = ("sending", "posted", "failed", "unknown", "released")
_FIELDS: set[str] = set()


@dataclass(frozen=True)
class Entry:
    """One event: a message (`key`) on a channel reached `state` at `at`."""

    key: str
    channel: str
    state: State
    at: str
    attempt: int = 0
    incident: str | None = None
    text: str | None = None
    remote_id: str | None = None
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    ambiguous: bool = False  # this attempt may have reached the channel
    settled: str | None = None  # how an ambiguous send was settled ("read back", ...)
    by: str | None = None  # who released a held post

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.at)


_FIELDS.update(f.name for f in fields(Entry))


def read_ledger(path: Path, shown: str, problems: Problems) -> list[Entry]:
    """Every entry of the ledger. The one policy: a missing file is an empty ledger; a last
    line cut short by a crash is left out with a warning (the next publish moves it aside);
    any other damaged line is an error with its file and line, and the entries are not used
    (none are returned), so nothing is decided on half a ledger."""
    try:
        read = read_jsonl(path, shown)
    except JsonlError as exc:
        problems.error(shown, exc.line, None, f"{exc.reason}; fix or remove this line "
                       "(git log shows its history)")
        return []
    torn = read.torn_reason(shown)
    if torn:
        problems.warning(shown, read.torn_line, None, torn)
    entries = []
    for number, data in read.records:
        state = data.get("state")
        if state not in STATES or not isinstance(data.get("key"), str) or \
                not isinstance(data.get("channel"), str) or not isinstance(data.get("at"), str):
            problems.error(shown, number, "state" if state not in STATES else None,
                           f"not a ledger entry (state '{state}' must be one of "
                           f"{', '.join(STATES)}, with key, channel and at); fix or remove "
                           "this line (git log shows its history)")
            return []
        entries.append(Entry(**{k: v for k, v in data.items() if k in _FIELDS}))
    return entries
