"""An append-only JSON Lines file that survives a crash in the middle of a write.

A process killed while appending leaves a *torn tail*: the last line without its newline,
cut anywhere. Reading leaves such a tail out and says so; appending first repairs it (the
torn bytes are kept in `<file>.torn`, the file is cut back to its last whole line), so a new
line is never glued onto half an old one. A damaged line anywhere else is not a crash: it is
an error naming the file and line, for a person to fix.

Reused by every append-only record of the hub (the cross-posting ledger, and any other log
that must never lose or double an event): `read_jsonl()` and `append_jsonl()`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class JsonlError(ValueError):
    """A line other than a crash-cut last one is not a JSON object."""

    def __init__(self, shown: str, line: int, reason: str) -> None:
        self.shown, self.line, self.reason = shown, line, reason
        super().__init__(f"{shown}:{line}: {reason}; fix or remove this line "
                         "(git log shows its history)")


@dataclass(frozen=True)
class JsonlRead:
    """The records of a JSON Lines file, with their line numbers, and a torn tail if any."""

    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    torn: bytes = b""  # the bytes after the last newline that are not a whole record
    torn_line: int = 0

    def torn_reason(self, shown: str) -> str | None:
        """What to tell about a torn tail (the caller adds the file and `torn_line`)."""
        if not self.torn:
            return None
        return (f"the last line was cut short by a crash ({len(self.torn)} bytes); it is "
                f"left out, and the next write moves it to {Path(shown).name}.torn")


def read_jsonl(path: Path, shown: str | None = None) -> JsonlRead:
    """Every line of `path` as a dict; a missing file has none. Raises `JsonlError` for a
    damaged line that is not the crash-cut last one."""
    shown = shown or path.as_posix()
    if not path.is_file():
        return JsonlRead()
    data = path.read_bytes()
    whole, _, tail = data.rpartition(b"\n") if b"\n" in data else (b"", b"", data)
    lines = whole.split(b"\n") if whole else []
    records = []
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            records.append((number, _parse(raw, shown, number)))
    torn, torn_line = b"", len(lines) + 1
    if tail.strip():
        try:  # a whole record that only lacks its newline is kept
            records.append((torn_line, _parse(tail, shown, torn_line)))
        except JsonlError:
            torn = tail
    return JsonlRead(records, torn, torn_line)


def _parse(raw: bytes, shown: str, number: int) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise JsonlError(shown, number, f"not a JSON line ({exc})") from None
    if not isinstance(value, dict):
        raise JsonlError(shown, number, "not a JSON object")
    return value


def repair_jsonl(path: Path, shown: str | None = None) -> str | None:
    """Cut a torn tail off `path`, keeping its bytes in `<file>.torn`; a warning when one was
    cut, else None."""
    if not path.exists():
        return None
    with open(path, "r+b") as handle:
        return _repair(handle, path, shown or path.as_posix())


def append_jsonl(path: Path, record: dict[str, Any], shown: str | None = None) -> str | None:
    """Append one record as a line and make it durable (flush + fsync) before returning.
    A torn tail is repaired first; the warning saying so is returned (else None)."""
    line = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    new_file = not path.exists()
    with open(path, "a+b") as handle:
        warning = _repair(handle, path, shown or path.as_posix())
        handle.seek(0, os.SEEK_END)
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())
    if new_file:
        _fsync_dir(path.parent)
    return warning


def _repair(handle: Any, path: Path, shown: str) -> str | None:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    if size == 0:
        return None
    handle.seek(max(0, size - 65536))
    chunk = handle.read()
    if chunk.endswith(b"\n"):
        return None
    cut = chunk.rfind(b"\n")
    if cut < 0 and size > len(chunk):  # one torn line longer than 64 KiB: read it all
        handle.seek(0)
        chunk = handle.read()
        cut = chunk.rfind(b"\n")
    keep = size - len(chunk) + cut + 1
    tail = chunk[cut + 1:]
    try:
        _parse(tail, shown, 0)
    except JsonlError:
        pass
    else:  # whole, only its newline is missing
        handle.write(b"\n")
        return None
    torn_file = path.with_name(path.name + ".torn")
    with open(torn_file, "ab") as kept:
        kept.write(tail + b"\n")
        kept.flush()
        os.fsync(kept.fileno())
    handle.truncate(keep)
    handle.flush()
    os.fsync(handle.fileno())
    return (f"{shown}: the last line was cut short by a crash ({len(tail)} bytes); "
            f"it was moved to {Path(shown).name}.torn and the file goes on from the line "
            "before")


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
