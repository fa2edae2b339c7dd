"""The ledger: what was sent where, one JSON line per event, committed with the content.

Every send is written ahead ("sending") and made durable (flush + fsync) before the request
leaves, and its outcome after. So after a crash at any point the ledger tells, per message and
channel, whether it was posted, failed (not posted: safe to send again) or unknown (a
"sending" without an outcome, or an ambiguous answer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.core.problems import Problems
from generator.crosspost.channels.base import Clock, PostResult, utc_now
from generator.reading.jsonl import append_jsonl, repair_jsonl
from generator.reading.ledger_file import STATES, Entry, State, read_ledger

__all__ = ["STATES", "Entry", "Ledger", "LedgerError", "State", "result_of"]


def result_of(entry: Entry) -> PostResult:
    """Where a posted entry landed, for a reply."""
    return PostResult(remote_id=entry.remote_id, url=entry.url, extra=dict(entry.extra))


class LedgerError(Exception):
    """The ledger file is damaged somewhere other than a half-written last line."""


class Ledger:
    """An append-only JSONL file, read once (a crash-cut last line repaired, with one
    warning in `warnings`) and appended to durably. `mask` hides secrets in every line."""

    def __init__(self, path: Path, clock: Clock = utc_now, shown: str | None = None,
                 mask: Callable[[str], str] = str) -> None:
        self.path = path
        self.clock = clock
        self.shown = shown or path.as_posix()
        self.mask = mask
        problems = Problems()
        self.entries: list[Entry] = read_ledger(path, self.shown, problems)
        if problems.errors:
            raise LedgerError(str(problems.errors[0]))
        self.warnings: list[str] = []
        if problems.warnings:
            warning = repair_jsonl(path, self.shown)
            self.warnings += [warning] if warning else []

    def record(self, key: str, channel: str, state: State, **fields: Any) -> Entry:
        """Append one event and make it durable before returning."""
        fields = {k: _masked(v, self.mask) for k, v in fields.items()}
        entry = Entry(key=key, channel=channel, state=state,
                      at=self.clock().isoformat(timespec="seconds"), **fields)
        data = {k: v for k, v in asdict(entry).items()
                if v not in (None, {}, 0, False) or k == "state"}
        warning = append_jsonl(self.path, data, self.shown)
        self.warnings += [warning] if warning else []
        self.entries.append(entry)
        return entry

    def history(self, key: str, channel: str) -> list[Entry]:
        """This message's events on this channel since it was last posted (all, if never)."""
        found: list[Entry] = []
        for entry in reversed(self.entries):
            if entry.key == key and entry.channel == channel:
                if entry.state == "posted":
                    break
                found.append(entry)
        return found[::-1]

    def last(self, key: str, channel: str) -> Entry | None:
        for entry in reversed(self.entries):
            if entry.key == key and entry.channel == channel:
                return entry
        return None

    def posted_in_incident(self, channel: str, incident_id: str) -> list[Entry]:
        """This channel's posts for an incident, in the order they were posted."""
        return [e for e in self.entries
                if e.channel == channel and e.incident == incident_id and e.state == "posted"]

    def released_at(self, key: str) -> datetime | None:
        times = [e.when for e in self.entries if e.key == key and e.state == "released"]
        return max(times) if times else None


def _masked(value: Any, mask: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: _masked(v, mask) for k, v in value.items()}
    return value
