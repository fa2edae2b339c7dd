"""Which incidents `crisishub publish` has to read: not the settled ones.

An incident is settled when its newest update is resolved and older than the post window:
nothing of it can be posted again (only updates inside the window are), and it holds no
scheduled post (only an ongoing incident does). A hub of thousands of incidents has a
handful that are not settled, so publish reads those and skips the rest.

To decide, each update file's time, status and draft flag are needed. They are remembered
per file content (a hash of its bytes) in the cache folder, so an unchanged file is not parsed
again; and, as git's index does, per file path with its size and modification time, so a
file whose size and time are those it had when it was read is not even read (unless it was
changed in the two seconds before that read: then a later change could keep its time, so it
is read again). Anything unusual (a file that does not parse, a draft, a link, an incident
without updates) makes the incident "not settled": it is then read and checked in full, as
always.
"""

from __future__ import annotations

import hashlib
import os
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.core import documents, fields
from generator.core.documents import read_document
from generator.core.problems import Problems
from generator.core.translations import split_language
from generator.core.vocabulary import UpdateStatus
from generator.reading.incident_cache import SHARDS, changed_before_read, shard_of
from generator.reading.loader import UpdateRead
from generator.reading.memo_file import read_memo, write_memo

MEMO = "update-times"
NOT_UPDATES = {"incident", "postmortem"}
RESOLVED = UpdateStatus.RESOLVED.value
Summary = tuple[float, str, bool]  # (time as a POSIX timestamp, status, draft)


def unsettled_incidents(content_dir: Path, since: datetime, zone: ZoneInfo,
                        default_language: str | None,
                        cache_root: Path | None = None) -> set[str]:
    """The names of the incident folders that are not settled at `since` (the start of the
    post window), with what was learnt remembered below `cache_root`."""
    key = _memo_key(zone)
    shards = _read_shards(cache_root, key) if cache_root is not None else {}
    memo = {entry: value for shard in shards.values() for entry, value in shard.items()}
    asked = set[str]()
    found: set[str] = set()
    try:
        entries = list(os.scandir(content_dir / "incidents"))
    except OSError:
        return found
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if not entry.is_dir(follow_symlinks=False):
            found.add(entry.name)  # the loader says what is wrong with it
            continue
        if not _settled(entry, since.timestamp(), zone, default_language, memo, asked):
            found.add(entry.name)
    if cache_root is not None:
        _write_shards(cache_root, key, {entry: memo[entry] for entry in asked}, shards)
    return found


def _settled(folder: os.DirEntry[str], since: float, zone: ZoneInfo,
             default_language: str | None, memo: dict[str, list[object]], asked: set[str]) -> bool:
    newest: tuple[float, str, str] | None = None  # (time, file name, status)
    try:
        files = list(os.scandir(folder.path))
    except OSError:
        return False
    prefix = folder.name + "/"
    for entry in files:
        name = entry.name
        if not name.endswith(".md"):
            continue
        stem, language = split_language(name[:-3])
        if stem in NOT_UPDATES or language not in (None, default_language):
            continue  # not an update, or a translation (posted with its original)
        if not entry.is_file(follow_symlinks=False):
            return False
        summary = _summary(entry.path, prefix + name, zone, memo, asked)
        if summary is None or summary[2]:
            return False
        if newest is None or (summary[0], name) > newest[:2]:
            newest = (summary[0], name, summary[1])
    return newest is not None and newest[2] == RESOLVED and newest[0] < since


def _summary(path: str, name: str, zone: ZoneInfo, memo: dict[str, list[object]],
             asked: set[str]) -> Summary | None:
    """The update's time, status and draft flag; None when it does not parse cleanly.
    `name`: the file below incidents/, as the memo records its size and time."""
    seen = "file:" + name
    try:
        stat = os.stat(path)
        recorded = memo.get(seen)
        if type(recorded) is list and len(recorded) == 4:
            size, mtime_ns, entry, read_ns = recorded
            if stat.st_size == size and stat.st_mtime_ns == mtime_ns and \
                    type(read_ns) is int and changed_before_read(mtime_ns, read_ns):
                found = _known(memo, str(entry), asked)
                if found is not None:
                    asked.add(seen)
                    return found
        read_ns = time.time_ns()
        with open(path, "rb") as file:
            raw = file.read()
    except OSError:
        return None
    entry = hashlib.sha256(raw).hexdigest()
    memo[seen] = [stat.st_size, stat.st_mtime_ns, entry, read_ns]
    asked.add(seen)
    found = _known(memo, entry, asked)
    if found is not None:
        return found
    problems = Problems()
    document = read_document(path, raw, problems)
    if document is None or problems:
        return None
    at, _ = fields.parse_time(document.meta.get("at"), zone)
    status, draft = document.meta.get("status"), document.meta.get("draft", False)
    if at is None or not isinstance(status, str) or not isinstance(draft, bool):
        return None
    memo[entry] = [at.timestamp(), status, draft]
    asked.add(entry)
    return at.timestamp(), status, draft


def remember_update_times(content_dir: Path, zone: ZoneInfo, cache_root: Path,
                          read: dict[str, UpdateRead]) -> None:
    """What a full read of the content (check, build) learnt of every update file, kept for
    the next `publish`: it then reads no file whose size and time did not change."""
    key = _memo_key(zone)
    known = _read_shards(cache_root, key)
    shards: dict[str, dict[str, list[object]]] = {name: {} for name in SHARDS}
    in_folder: dict[str, tuple[dict[str, list[object]], dict[str, list[object]]]] = {}
    incidents = str(content_dir / "incidents") + os.sep
    start = len(incidents)
    for text, (entry, stat, read_ns, update) in read.items():
        if not text.startswith(incidents):
            continue
        name = text[start:] if os.sep == "/" else text[start:].replace(os.sep, "/")
        folder = name.split("/", 1)[0]
        found = in_folder.get(folder)
        if found is None:
            shard = shard_of(folder)
            found = in_folder[folder] = (shards[shard], known[shard])
        entries, before_entries = found
        seen = f"file:{name}"
        # The same file as last time keeps its first reading (and so is not written again),
        # and the summary of the same bytes, made under the same key (see _memo_key).
        before = before_entries.get(seen)
        kept = before if isinstance(before, list) and before[:3] == [stat[0], stat[1], entry] \
            else None
        summary = before_entries.get(entry) if kept is not None else None
        entries[seen] = kept if kept is not None else [stat[0], stat[1], entry, read_ns]
        entries[entry] = summary if isinstance(summary, list) and len(summary) == 3 else \
            [update.at.timestamp(), update.status.value, update.draft]
    _write_changed(cache_root, key, shards, known)


# The memo is kept in 16 files by incident folder (update-times-0.json ... -f.json), so a
# new update rewrites one sixteenth of it: an update's file entry ("file:<folder>/<name>")
# and the summary of its bytes (by their hash) are in its folder's file.
def _shard_of(seen: str) -> str:
    return shard_of(seen[len("file:"):].split("/", 1)[0])


def _read_shards(cache_root: Path, key: str) -> dict[str, dict[str, list[object]]]:
    return {shard: read_memo(cache_root, f"{MEMO}-{shard}", key) for shard in SHARDS}


def _write_shards(cache_root: Path, key: str, memo: dict[str, list[object]],
                  known: dict[str, dict[str, list[object]]]) -> None:
    """Write the files whose entries differ from `known` (as read): each holds the file
    entries of its folders and the summaries they name."""
    shards: dict[str, dict[str, list[object]]] = {name: {} for name in SHARDS}
    for seen, record in memo.items():
        if seen.startswith("file:") and isinstance(record, list) and len(record) == 4:
            entries = shards[_shard_of(seen)]
            entries[seen] = record
            summary = memo.get(str(record[2]))
            if summary is not None:
                entries[str(record[2])] = summary
    _write_changed(cache_root, key, shards, known)


def _write_changed(cache_root: Path, key: str, shards: dict[str, dict[str, list[object]]],
                   known: dict[str, dict[str, list[object]]]) -> None:
    for name, entries in shards.items():
        if entries != known.get(name, {}):
            write_memo(cache_root, f"{MEMO}-{name}", key, entries, set(entries), set())


def _known(memo: dict[str, list[object]], entry: str, asked: set[str]) -> Summary | None:
    known = memo.get(entry)
    if not (isinstance(known, list) and len(known) == 3):
        return None
    asked.add(entry)
    at, status, draft = known
    return float(at), str(status), bool(draft)  # type: ignore[arg-type]


def _memo_key(zone: ZoneInfo) -> str:
    """The code that reads a file's front-matter and times, and the zone of times without an
    offset."""
    digest = hashlib.sha256(zone.key.encode("utf-8"))
    for module in (documents, fields):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()
