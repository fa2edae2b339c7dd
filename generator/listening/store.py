"""The reactions store: `content/.crisishub/reactions.jsonl`, one snapshot of one post per line.

Append-only and torn-tail-safe like the cross-posting ledger: a run's lines are written in
one go and made durable (flush + fsync); a last line cut short by a crash is ignored when
read and closed before the next append. A damaged line anywhere else is an error that names
the file and line. Replies keep their author's handle and URL only: no names, no pictures.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

SnapshotState = Literal["ok", "deleted"]
COUNTS = ("likes", "reposts", "replies", "quotes", "reactions", "views")


class ReactionsError(Exception):
    """The reactions file is damaged somewhere other than a half-written last line."""


@dataclass(frozen=True)
class Reply:
    """One reply under a post: its id, the author's handle, its URL and text, its likes."""

    id: str
    author: str
    url: str | None
    text: str
    at: str | None = None
    likes: int = 0
    parent: str | None = None  # the id it answers (the post itself or another reply)
    own: bool = False  # written by the hub's own account


@dataclass(frozen=True)
class Snapshot:
    """What one channel said about one posted message at one moment."""

    at: str
    channel: str
    key: str  # the ledger key: "<incident>/<update>"
    remote_id: str
    state: SnapshotState = "ok"
    incident: str | None = None
    url: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    replies: tuple[Reply, ...] = ()
    replies_read: bool = False  # the channel can list replies (not only count them)

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.at)

    @property
    def update_id(self) -> str:
        return self.key

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["replies"] = [{k: v for k, v in asdict(r).items() if v not in (None, False)}
                           for r in self.replies]
        return {k: v for k, v in data.items() if v not in (None, [], {}, False)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        replies = tuple(Reply(**r) for r in data.get("replies", []))
        counts = {str(k): int(v) for k, v in (data.get("counts") or {}).items()}
        fields = {k: v for k, v in data.items() if k not in ("replies", "counts")}
        return cls(**fields, counts=counts, replies=replies)


def append_snapshots(path: Path, snapshots: Iterable[Snapshot]) -> int:
    """Append snapshots as JSON lines and make them durable; returns how many were written."""
    lines = [json.dumps(s.to_json(), ensure_ascii=False, sort_keys=True) + "\n"
             for s in snapshots]
    if not lines:
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        handle.seek(0, os.SEEK_END)
        if handle.tell() > 0:
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":  # close a line a crash left unfinished
                handle.write(b"\n")
        handle.write("".join(lines).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    return len(lines)


def read_snapshots(path: Path | None, shown: str | None = None) -> list[Snapshot]:
    """Every snapshot in the file, oldest first; a missing file means none yet."""
    if path is None or not path.is_file():
        return []
    shown = shown or path.as_posix()
    text = path.read_text("utf-8")
    lines = text.split("\n")
    found = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            found.append(Snapshot.from_json(data))
        except (ValueError, TypeError) as exc:
            if number == len(lines) and not text.endswith("\n"):
                break  # a line cut short by a crash: that run's last snapshot never completed
            raise ReactionsError(f"{shown}:{number}: {exc}; fix or remove this line "
                                 "(git log shows its history)") from None
    return found
