"""The ledger: what was sent where, one JSON line per event, committed with the content.

Every send is written ahead ("sending") and made durable (flush + fsync) before the request
leaves, and its outcome after. So after a crash at any point the ledger tells, per message and
channel, whether it was posted, failed (not posted: safe to send again) or unknown (a
"sending" without an outcome, or an ambiguous answer).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from generator.crosspost.channels.base import Clock, PostResult, utc_now

State = Literal["sending", "posted", "failed", "unknown", "released"]
STATES = ("sending", "posted", "failed", "unknown", "released")


@dataclass(frozen=True)
class Entry:
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

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.at)

    @property
    def result(self) -> PostResult:
        return PostResult(remote_id=self.remote_id, url=self.url, extra=dict(self.extra))


class LedgerError(Exception):
    """The ledger file is damaged somewhere other than a half-written last line."""


class Ledger:
    """An append-only JSONL file, read once and appended to durably."""

    def __init__(self, path: Path, clock: Clock = utc_now, shown: str | None = None) -> None:
        self.path = path
        self.clock = clock
        self.shown = shown or path.as_posix()
        self.entries: list[Entry] = list(self._read())

    def _read(self) -> Iterator[Entry]:
        if not self.path.is_file():
            return
        text = self.path.read_text("utf-8")
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if data.get("state") not in STATES:
                    raise ValueError(f"state '{data.get('state')}' is not one of {', '.join(STATES)}")
                yield Entry(**data)
            except (ValueError, TypeError) as exc:
                if number == len(lines) and not text.endswith("\n"):
                    return  # a line cut short by a crash: the event never completed
                raise LedgerError(f"{self.shown}:{number}: {exc}; fix or remove this line "
                                  "(git log shows its history)") from None

    def record(self, key: str, channel: str, state: State, **fields: Any) -> Entry:
        """Append one event and make it durable before returning."""
        entry = Entry(key=key, channel=channel, state=state,
                      at=self.clock().isoformat(timespec="seconds"), **fields)
        data = {k: v for k, v in asdict(entry).items() if v not in (None, {}, 0) or k == "state"}
        line = json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new_file = not self.path.exists()
        with open(self.path, "a+b") as handle:
            handle.seek(0, os.SEEK_END)
            if handle.tell() > 0:
                handle.seek(-1, os.SEEK_END)
                if handle.read(1) != b"\n":  # close a line a crash left unfinished
                    handle.write(b"\n")
            handle.write(line.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if new_file:
            _fsync_dir(self.path.parent)
        self.entries.append(entry)
        return entry

    def last(self, key: str, channel: str) -> Entry | None:
        for entry in reversed(self.entries):
            if entry.key == key and entry.channel == channel:
                return entry
        return None

    def first_sending(self, key: str, channel: str) -> Entry | None:
        """The first attempt of the latest run of attempts (for idempotency windows)."""
        found = None
        for entry in reversed(self.entries):
            if entry.key == key and entry.channel == channel:
                if entry.state == "posted":
                    break
                if entry.state == "sending":
                    found = entry
        return found

    def posted_in_incident(self, channel: str, incident_id: str) -> list[Entry]:
        """This channel's posts for an incident, in the order they were posted."""
        return [e for e in self.entries
                if e.channel == channel and e.incident == incident_id and e.state == "posted"]

    def released_at(self, key: str) -> datetime | None:
        times = [e.when for e in self.entries if e.key == key and e.state == "released"]
        return max(times) if times else None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
