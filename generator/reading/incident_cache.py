"""Whole incidents remembered between runs: an incident folder whose files did not change is
not read, parsed or checked again.

The parse cache (parse_cache.py) still reads every file and checks every field; on a hub of
thousands of incidents that is most of a build after one new update. This cache keeps, per
incident folder, the `Incident` the loader made of it (updates, component changes, lines),
with each file it read: its size, modification and change times and inode when it was read,
and a hash of its bytes. As git's index does, a file whose stat is exactly what it was is
taken to hold the same bytes, unless it changed within two seconds before it was read (then
a later change could keep its times: it is read again). `crisishub build --clean` reads no
cache at all.

Only incidents read without any problem (error or warning) are kept, so every message is
always fresh; a postmortem is kept with its incident (its file is one of the incident's).
The translations in an incident's folder (`02-identified.ru.md`) are kept beside it, read
without a problem, with their own files, under the digest of the incident they translate
and the hub's languages: a changed original reads its translations again.
The entries are JSON, never pickle, under a key of the code that reads incidents, the hub's
time zone, its default language and its list of components; an entry that does not decode
exactly is read from the files again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import zlib
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from generator.core import documents, fields, limits, model, vocabulary
from generator.core import translations as core_translations
from generator.core.model import ActionItem, ComponentChange, Incident, Postmortem, Update
from generator.core.translations import Translation
from generator.core.vocabulary import ComponentStatus, Impact, IncidentKind, UpdateStatus
from generator.reading import parse_cache
from generator.reading.memo_file import read_memo_file, write_memo_file

FILE_STEM = "incidents"  # incidents-0.json ... incidents-f.json
SHARDS = "0123456789abcdef"
RACY_NS = 2_000_000_000  # a file changed this shortly before it was read is read again
Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
# The enums by value (a lookup; calling the enum is ten times slower, thousands of times).
IMPACTS = {impact.value: impact for impact in Impact}
KINDS = {kind.value: kind for kind in IncidentKind}
UPDATE_STATUSES = {status.value: status for status in UpdateStatus}
COMPONENT_STATUSES = {status.value: status for status in ComponentStatus}
Made = TypeVar("Made", Incident, Update)


def changed_before_read(changed_ns: int, read_ns: int) -> bool:
    """Whether a file last changed long enough before it was read for its size and times to
    stand for its bytes (git's racy-clean rule; the one home of that rule)."""
    return changed_ns < read_ns - RACY_NS


def file_stat(stat: os.stat_result) -> Stat:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def unchanged_since(folder: Path, files: list[ReadFile], read_ns: int) -> bool:
    """Whether each of `folder`'s `files` still has the stat it had when read at `read_ns`,
    and had it long enough before that read (OSError when one is gone)."""
    base = str(folder) + os.sep
    for file in files:
        now = file_stat(os.stat(base + file.name))
        if now != file.stat or not changed_before_read(max(now[1], now[2]), read_ns):
            return False
    return True


class ReadFile:
    """One file of an incident as it was read: its stat, the hash of its bytes, the parse
    cache's entry for it, and the update it holds (None for incident.md and postmortem.md)."""

    __slots__ = ("name", "stat", "digest", "parse_key", "slug")

    def __init__(self, name: str, stat: Stat, digest: str, parse_key: str | None,
                 slug: str | None) -> None:
        self.name, self.stat, self.digest = name, stat, digest
        self.parse_key, self.slug = parse_key, slug


class IncidentCache:
    """Incidents by folder name, in 16 files (by a checksum of the name) read when first
    needed; `save()` keeps the folders asked for this run and rewrites only the files whose
    entries changed."""

    def __init__(self, folder: Path | None, key: str, zone: ZoneInfo, *, fresh: bool) -> None:
        """`folder`: where the files are (None: nothing kept); `fresh`: nothing is read, and
        every file is written again."""
        self.folder, self.key, self.zone, self.fresh = folder, key, zone, fresh
        self.shards: dict[str, dict[str, Any]] = {}  # shard -> entries by folder name
        self.recalled: dict[str, set[str]] = {}  # shard -> the names it held when read
        self.asked: set[str] = set()
        self.changed: set[str] = set()

    def _entries(self, name: str) -> dict[str, Any]:
        shard = shard_of(name)
        if shard not in self.shards:
            read = {} if self.folder is None or self.fresh else \
                read_memo_file(self.folder / f"{FILE_STEM}-{shard}.json", self.key)
            self.shards[shard], self.recalled[shard] = read, set(read)
        return self.shards[shard]

    def recall(self, folder: Path, names: list[str]) -> tuple[Incident, list[ReadFile], int] | None:
        """The incident of `folder` (whose Markdown files are `names`), the files it was read
        from and when, if none of them changed since; else None."""
        entry = self._entries(folder.name).get(folder.name)
        if not isinstance(entry, dict) or entry.get("names") != names:
            return None
        try:
            read_ns = int(entry["read_ns"])
            files = [ReadFile(name, tuple(stat), digest, parse_key, slug)  # type: ignore[arg-type]
                     for name, stat, digest, parse_key, slug in entry["files"]]
            if not unchanged_since(folder, files, read_ns):
                return None
            incident = self._incident(entry["incident"])
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None
        # Kept as objects (written again from them if its file is): the JSON lists go. The
        # translations stay JSON until asked for (recall_translations).
        self._entries(folder.name)[folder.name] = (names, read_ns, incident, files,
                                                   entry.get("translations"))
        self.asked.add(folder.name)
        return incident, files, read_ns

    def recall_translations(self, folder: Path, source: bytes, languages: tuple[str, ...],
                            names: list[str]) -> tuple[list[Translation], list[ReadFile]] | None:
        """The translations in `folder` (its translation files are `names`), if they were
        read from these same files for the incident of digest `source` (whose entry this
        run recalled or remembered) and these `languages`; else None."""
        entry = self._entries(folder.name).get(folder.name)
        if not isinstance(entry, tuple) or not isinstance(entry[4], dict):
            return None
        kept = entry[4]
        if kept.get("source") != source.hex() or kept.get("languages") != list(languages) \
                or kept.get("names") != names:
            return None
        try:
            read_ns = int(kept["read_ns"])
            files = [ReadFile(name, tuple(stat), digest, parse_key, None)  # type: ignore[arg-type]
                     for name, stat, digest, parse_key in kept["files"]]
            if not unchanged_since(folder, files, read_ns):
                return None
            return [self._translation(item) for item in kept["items"]], files
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None

    def remember_translations(self, folder: Path, source: bytes, languages: tuple[str, ...],
                              names: list[str], files: list[ReadFile], read_ns: int,
                              items: list[Translation]) -> None:
        """Keep the translations read without any problem from `files` (see
        recall_translations), beside the incident's entry this run recalled or remembered."""
        entry = self._entries(folder.name).get(folder.name)
        if not isinstance(entry, tuple):
            return
        try:
            kept = {"source": source.hex(), "languages": list(languages), "names": names,
                    "read_ns": read_ns,
                    "files": [[f.name, list(f.stat), f.digest, f.parse_key] for f in files],
                    "items": [_translation(item, self.zone) for item in items]}
        except TypeError:
            kept = None  # something JSON cannot hold exactly: read again next time
        if kept != entry[4]:
            self._entries(folder.name)[folder.name] = (*entry[:4], kept)
            self.changed.add(shard_of(folder.name))

    def source_digest(self, folder: str, files: list[ReadFile]) -> bytes:
        """What the incident of `folder` was made from, read from `files` (incident.md, its
        updates and postmortem): the same digest whether it comes from its files or from this
        cache, and another one whenever a file's bytes, a name or this cache's key changed."""
        digest = hashlib.sha256(f"{self.key}\0{folder}\0".encode())
        for file in files:
            digest.update(f"{file.name}\0{file.digest}\0".encode())
        return digest.digest()

    def translations_digest(self, source: bytes, languages: tuple[str, ...], folder: str,
                            files: list[ReadFile]) -> bytes:
        """What the translations of the incident of digest `source` in `folder` were made
        from: its translation `files` (none: no translation), read for `languages`."""
        digest = hashlib.sha256(b"translations\0" + source)
        digest.update("\0".join(languages).encode())
        digest.update(self.source_digest(folder, files))
        return digest.digest()

    def remember(self, folder: Path, names: list[str], incident: Incident,
                 files: list[ReadFile], read_ns: int) -> None:
        """Keep an incident read from these files without any problem (encoded when its file
        is written, so that a build does not hold a second copy of the hub)."""
        self._entries(folder.name)[folder.name] = (names, read_ns, incident, files, None)
        self.asked.add(folder.name)
        self.changed.add(shard_of(folder.name))

    def save(self) -> None:
        if self.folder is None:
            return
        asked: dict[str, set[str]] = {}
        for name in self.asked:
            asked.setdefault(shard_of(name), set()).add(name)
        for shard in SHARDS if self.fresh else sorted(self.shards):
            keep = asked.get(shard, set())
            if not self.fresh and shard not in self.changed and keep == self.recalled[shard]:
                continue
            entries = self.shards.get(shard, {})
            written = {}
            for name in sorted(keep):
                entry = entries[name]
                if isinstance(entry, tuple):
                    names, read_ns, incident, files, translated = entry
                    try:
                        entry = {"names": names, "read_ns": read_ns,
                                 "incident": _incident(incident, self.zone),
                                 "files": [[f.name, list(f.stat), f.digest, f.parse_key, f.slug]
                                           for f in files]}
                    except TypeError:
                        continue  # something JSON cannot hold exactly: read again next time
                    if translated is not None:
                        entry["translations"] = translated
                written[name] = entry
            write_memo_file(self.folder / f"{FILE_STEM}-{shard}.json", self.key, written)

    def _incident(self, data: list[Any]) -> Incident:
        (id_, title, impact, started, path, owner, initial, summary, updates, draft, lines,
         body_line, started_given, kind, postmortem) = data
        return _made(Incident, INCIDENT_FIELDS, (
            id_, title, IMPACTS[impact], self._time(started), path, owner, _statuses(initial),
            summary, tuple([self._update(id_, u) for u in updates]),
            None if postmortem is None else self._postmortem(postmortem), draft, lines,
            body_line, started_given, KINDS[kind]))

    def _postmortem(self, data: list[Any]) -> Postmortem:
        (body, path, meta, body_line, title, summary, root_cause, lessons, items, published,
         draft, lines) = data
        return Postmortem(
            body=body, path=path, meta=parse_cache.decode_value(meta), body_line=body_line,
            title=title, summary=summary, root_cause=root_cause, lessons=tuple(lessons),
            action_items=tuple(ActionItem(what, owner, date.fromisoformat(due), done)
                               for what, owner, due, done in items),
            published=None if published is None else self._time(published),
            draft=draft, lines=lines)

    def _translation(self, data: list[Any]) -> Translation:
        key, language, path, texts, translated_at, postmortem, lines, body_line = data
        return Translation(
            key=key, language=language, path=path, texts=parse_cache.decode_value(texts),
            translated_at=None if translated_at is None else self._time(translated_at),
            postmortem=None if postmortem is None else self._postmortem(postmortem),
            lines=lines, body_line=body_line)

    def _update(self, incident_id: str, data: list[Any]) -> Update:
        (slug, at, status, body, path, components, changes, next_update, social, body_line,
         draft, lines) = data
        return _made(Update, UPDATE_FIELDS, (
            incident_id, slug, self._time(at), UPDATE_STATUSES[status], body, path,
            _statuses(components),
            tuple([ComponentChange(c, COMPONENT_STATUSES[old], COMPONENT_STATUSES[new])
                   for c, old, new in changes]),
            None if next_update is None else self._time(next_update), social, body_line,
            draft, lines))

    def _time(self, data: list[Any]) -> datetime:
        kind, text, fold = data
        if kind == "offset":  # parsed with fold 0: only a 1 is put in (20,000 times)
            moment = datetime.fromisoformat(text)
            return moment if fold == 0 else moment.replace(fold=fold)
        if kind == "zone":
            return datetime.fromisoformat(text).replace(tzinfo=self.zone, fold=fold)
        raise ValueError(kind)


def shard_of(name: str) -> str:
    """Which of the 16 files keeps what is remembered of an incident folder (by its name)."""
    return SHARDS[zlib.crc32(name.encode("utf-8")) & 15]


def cache_key(zone: ZoneInfo, default_language: str | None, components: list[str],
              shown_content: str, readers: list[str]) -> str:
    """The code that turns an incident folder into an `Incident` (the core's, this module's
    and the `readers` source files), and the settings it reads; `shown_content`: the content
    folder as the incident's paths begin."""
    digest = hashlib.sha256(repr((zone.key, default_language, components, shown_content))
                            .encode("utf-8"))
    for module in (documents, fields, limits, model, parse_cache, core_translations,
                   vocabulary):
        digest.update(Path(module.__file__ or "").read_bytes())
    for source in (*readers, __file__):
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def _made(kind: type[Made], names: tuple[str, ...], values: tuple[Any, ...]) -> Made:
    """An incident or update from the values of its fields `names`, as pickle makes one: its
    fields put in place, not set one by one through the frozen dataclass's `__init__` (its
    `object.__setattr__` per field was a third of reading 5,000 incidents from this cache:
    15,000 updates). The entries were written from a model of these fields, with no
    `__post_init__` (`_known_model`), and the cache's key holds the model's code."""
    made = object.__new__(kind)
    made.__dict__.update(zip(names, values, strict=True))
    return made


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    if hasattr(kind, "__post_init__"):  # `_made` would not call it
        raise TypeError(f"{kind.__name__} checks its fields once they are set")
    return tuple(f.name for f in dataclasses.fields(kind))


def _statuses(data: dict[str, str]) -> dict[str, ComponentStatus]:
    return {component: COMPONENT_STATUSES[status] for component, status in data.items()}


def _time(moment: datetime, zone: ZoneInfo) -> list[Any]:
    """A time with the kind of its zone: a fixed offset (every time written in a file) or
    the hub's zone (a `started` taken from the folder's day)."""
    if type(moment) is not datetime:
        raise TypeError(type(moment).__name__)
    if type(moment.tzinfo) is timezone and moment.tzinfo.tzname(None) in (
            "UTC", f"UTC{moment.isoformat()[-6:]}"):
        return ["offset", moment.isoformat(), moment.fold]
    if moment.tzinfo is zone:
        return ["zone", moment.replace(tzinfo=None).isoformat(), moment.fold]
    raise TypeError(repr(moment.tzinfo))


# The fields the entries hold, in order; a model with other fields is not cached.
INCIDENT_FIELDS = ("id", "title", "impact", "started", "path", "owner", "initial_components",
                   "summary", "updates", "postmortem", "draft", "lines", "body_line",
                   "started_given", "kind")
UPDATE_FIELDS = ("incident_id", "slug", "at", "status", "body", "path", "components",
                 "changes", "next_update", "social", "body_line", "draft", "lines")
POSTMORTEM_FIELDS = ("body", "path", "meta", "body_line", "title", "summary", "root_cause",
                     "lessons", "action_items", "published", "draft", "lines")
ACTION_ITEM_FIELDS = ("what", "owner", "due", "done")
TRANSLATION_FIELDS = ("key", "language", "path", "texts", "translated_at", "postmortem", "lines",
                      "body_line")


def _update(update: Update, zone: ZoneInfo) -> list[Any]:
    if update.social is not None and not isinstance(update.social, str | dict):
        raise TypeError(type(update.social).__name__)
    return [update.slug, _time(update.at, zone), update.status.value, update.body, update.path,
            {c: s.value for c, s in update.components.items()},
            [[c.component_id, c.old.value, c.new.value] for c in update.changes],
            None if update.next_update is None else _time(update.next_update, zone),
            update.social, update.body_line, update.draft, update.lines]


def _postmortem(postmortem: Postmortem, zone: ZoneInfo) -> list[Any]:
    items = []
    for item in postmortem.action_items:
        if type(item.due) is not date:
            raise TypeError(type(item.due).__name__)
        items.append([item.what, item.owner, item.due.isoformat(), item.done])
    return [postmortem.body, postmortem.path, parse_cache.encode_value(postmortem.meta),
            postmortem.body_line, postmortem.title, postmortem.summary, postmortem.root_cause,
            list(postmortem.lessons), items,
            None if postmortem.published is None else _time(postmortem.published, zone),
            postmortem.draft, postmortem.lines]


def _known_model() -> None:
    """TypeError when the model has other fields than the entries hold."""
    if tuple(_field_names(kind) for kind in (Incident, Update, Postmortem, ActionItem,
                                              Translation)) != \
            (INCIDENT_FIELDS, UPDATE_FIELDS, POSTMORTEM_FIELDS, ACTION_ITEM_FIELDS,
             TRANSLATION_FIELDS):
        raise TypeError("the model has other fields than this cache knows")


def _translation(item: Translation, zone: ZoneInfo) -> list[Any]:
    _known_model()
    return [item.key, item.language, item.path, parse_cache.encode_value(item.texts),
            None if item.translated_at is None else _time(item.translated_at, zone),
            None if item.postmortem is None else _postmortem(item.postmortem, zone),
            item.lines, item.body_line]


def _incident(incident: Incident, zone: ZoneInfo) -> list[Any]:
    _known_model()
    return [incident.id, incident.title, incident.impact.value, _time(incident.started, zone),
            incident.path, incident.owner,
            {c: s.value for c, s in incident.initial_components.items()}, incident.summary,
            [_update(u, zone) for u in incident.updates], incident.draft, incident.lines,
            incident.body_line, incident.started_given, incident.kind.value,
            None if incident.postmortem is None else _postmortem(incident.postmortem, zone)]
