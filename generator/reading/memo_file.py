"""Results remembered between runs: one JSON file per kind in the cache folder.

A memo file holds the answers to questions whose answer depends only on the question and a
`key` (the rules and code that answer it: the tone lists, say). A file of another format or
key, or one that is not valid JSON, is ignored: the answers are computed again, never
trusted. Only the answers used by the last run are written back, so the file does not grow
with deleted content.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from generator.core.incident_memo import IncidentMemo
from generator.reading.parse_cache import cache_bytes, cache_folder, committed_cache

FORMAT = "crisishub-memo/1"


def read_memo(project_root: Path, name: str, key: str) -> dict[str, Any]:
    """The answers remembered in `<cache>/<name>.json` for `key`; empty when unusable."""
    if committed_cache(project_root):
        return {}
    try:
        return read_memo_file(cache_folder(project_root) / f"{name}.json", key)
    except OSError:
        return {}


def read_memo_file(file: Path, key: str) -> dict[str, Any]:
    """The answers in one memo file for `key`; empty when unusable."""
    try:
        data = json.loads(file.read_text("utf-8"))
        if data["format"] != FORMAT or data["key"] != key or not isinstance(data["memo"], dict):
            return {}
        return dict(data["memo"])
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def write_memo(project_root: Path, name: str, key: str, memo: dict[str, Any],
               used: set[str], read: set[str]) -> None:
    """Keep the answers in `used`; nothing is written when they are exactly those `read`."""
    if used == read:
        return
    with contextlib.suppress(OSError):  # a cache that cannot be written costs time next run
        write_memo_file(cache_folder(project_root) / f"{name}.json", key,
                        {entry: memo[entry] for entry in sorted(used) if entry in memo})


def write_memo_file(file: Path, key: str, memo: dict[str, Any]) -> None:
    """Write one memo file whole (through a partial file: builds may run side by side)."""
    partial = file.with_suffix(f".{os.getpid()}.partial")
    partial.write_bytes(cache_bytes({"format": FORMAT, "key": key, "memo": memo}))
    os.replace(partial, file)


def read_incident_memo(project_root: Path | None, name: str, key: str) -> IncidentMemo:
    """What a check found per incident (`core/incident_memo.py`), kept in `<name>.json`;
    empty without a project (`build --clean`) or when unusable."""
    memo = read_memo(project_root, name, key) if project_root is not None else {}
    return IncidentMemo(key, memo, recalled=set(memo))


def write_incident_memo(project_root: Path, name: str, memo: IncidentMemo) -> None:
    """Keep the entries this run used (and completed) for the next run."""
    write_memo(project_root, name, memo.key, memo.memo, memo.asked,
               set() if memo.changed else memo.recalled)
