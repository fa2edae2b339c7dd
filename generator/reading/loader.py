"""Loading a content folder into the model, collecting every problem on the way.

The only I/O is reading the files below the content folder; everything else is pure.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generator.core.documents import Document, decode, field_lines, read_document
from generator.core.fields import (
    DATED_ID_PATTERN,
    FIRST_YEAR,
    ID_PATTERN,
    ID_RULE,
    LAST_YEAR,
    Fields,
    close_match,
    id_too_long,
)
from generator.core.limits import check_body
from generator.core.model import (
    Component,
    ComponentGroup,
    FaqEntry,
    Hub,
    Incident,
    Maintenance,
    Postmortem,
    Update,
    assembled,
    newest_first,
)
from generator.core.problems import Problems, display_path
from generator.core.translations import split_language
from generator.core.vocabulary import ComponentStatus, Impact, IncidentKind, UpdateStatus
from generator.reading import incident_cache, postmortems, translations
from generator.reading.components import read_components
from generator.reading.incident_cache import IncidentCache, ReadFile, Stat, file_stat
from generator.reading.parse_cache import ParseCache
from generator.reading.postmortems import POSTMORTEM_FIELDS, read_postmortem  # noqa: F401 (re-exported)
from generator.reading.translations import TranslationReader, original_stem
from generator.reading.tree import refused_entries

INCIDENT_FIELDS = ["title", "impact", "kind", "components", "owner", "started", "draft"]
UPDATE_FIELDS = ["at", "status", "components", "next_update", "social", "draft"]
MAINTENANCE_FIELDS = ["title", "start", "end", "components", "announced"]
FAQ_FIELDS = ["question", "order", "incidents"]

UpdateRead = tuple[str, Stat, int, Update]  # hash of the bytes, their stat, when read, update
DATED_RULE = "name it like 2026-11-24-payments-down: the date, then lowercase words joined by '-'"


class ContentReader:
    """Reads one content folder. Use `load_hub()` rather than this class directly."""

    def __init__(self, content_dir: Path, time_zone: ZoneInfo, display_root: Path | None,
                 cache: ParseCache | None = None, default_language: str | None = None) -> None:
        self.content_dir = content_dir
        # `name.<default>.md` is the same file as `name.md` (Decap CMS writes that name).
        self.default_language = default_language
        self.cache = cache
        self.zone = time_zone
        self.display_root = display_root or content_dir.parent
        self._root_prefix = str(self.display_root).rstrip("/") + "/"
        self.problems = Problems()
        self.refused: set[Path] = set()
        self.walked: dict[str, list[str]] = {}  # the names in each incident folder, if walked
        self.only: set[str] | None = None  # the incident folders to read (None: all)
        # Filled when given: each update read without a problem, with the hash and stat of
        # its bytes and when they were read (for generator/reading/post_window.py).
        self.update_times: dict[str, UpdateRead] | None = None
        self.listed: dict[str, list[Path]] = {}  # the .md files of each incident folder read
        self.incident_cache: IncidentCache | None = None
        self.facts: dict[str, tuple[Stat, str]] = {}  # file -> (stat, hash) when read, if asked
        self.sources: dict[int, tuple[Incident, bytes]] = {}  # see `Hub.sources`

    def shown(self, path: Path) -> str:
        text = str(path)
        if os.sep == "/" and text.startswith(self._root_prefix):  # the common case, fast
            return text[len(self._root_prefix):]
        return display_path(path, self.display_root)

    def read(self, path: Path) -> bytes | None:
        """The bytes of a content file; None (and a problem) when it cannot be read."""
        if self.refused and any(p in self.refused for p in (path, *path.parents)):
            return None  # a link out of content/, a loop or a special file: reported already
        try:
            with open(str(path), "rb") as file:
                if self.update_times is None and self.incident_cache is None:
                    return file.read()
                stat = file_stat(os.fstat(file.fileno()))  # before the read: see post_window
                raw = file.read()
            self.facts[str(path)] = (stat, hashlib.sha256(raw).hexdigest())
            return raw
        except IsADirectoryError:
            self.problems.error(self.shown(path), None, None,
                                "this is a folder, not a file; rename it or move it out of content/")
        except OSError as exc:
            self.problems.error(self.shown(path), None, None,
                                f"cannot be read ({exc.strerror or type(exc).__name__}); check that "
                                "the file exists and is not a broken link")
        return None

    def document(self, path: Path) -> Document | None:
        raw = self.read(path)
        return None if raw is None else self.parse(path, raw)

    def parse(self, path: Path, raw: bytes) -> Document | None:
        """The document in the bytes of `path` (read once by `read`)."""
        if self.cache is not None:
            return self.cache.document(self.shown(path), raw, self.problems)
        return read_document(self.shown(path), raw, self.problems)

    def originals(self, paths: list[Path]) -> dict[str, Path]:
        """The default-language files among `paths` by item name ('02-identified'), in name
        order; a second file for one item (`x.md` beside `x.en.md`) is an error."""
        found: dict[str, Path] = {}
        for path in sorted(paths, key=lambda p: p.name):  # files of one folder
            stem = original_stem(path, self.default_language)
            if stem is None:
                continue
            if stem in found:
                self.problems.error(
                    self.shown(path), None, None,
                    f"'{found[stem].name}' holds the same item in the default language; keep "
                    f"one of the two files (delete or merge '{path.name}')")
                continue
            found[stem] = path
        return dict(sorted(found.items()))

    # -- components.yml ------------------------------------------------------------------
    def components(self) -> tuple[list[ComponentGroup], list[Component]]:
        path = self.content_dir / "components.yml"
        shown = self.shown(path)
        if not path.is_file():
            self.problems.error(
                shown, None, None,
                "the list of components is missing; create it with a 'components:' list "
                "(see README, 'Components')",
            )
            return [], []
        raw = self.read(path)
        return read_components(shown, raw, self.problems) if raw is not None else ([], [])

    # -- shared field readers ----------------------------------------------------------------
    def social(self, fields: Fields) -> str | dict[str, str] | None:
        """`social:`: one text, or one per channel (by name, kind or `default`)."""
        social = fields.get("social")
        if social is not None and not isinstance(social, str) and not (
            isinstance(social, dict) and all(isinstance(v, str) for v in social.values())
        ):
            fields.error(("social",), "write one short text, or one per channel like "
                         "social: {x: '...', telegram: '...'}")
            return None
        return social  # type: ignore[no-any-return]

    def component_statuses(self, fields: Fields, known: list[str]) -> dict[str, ComponentStatus]:
        raw = fields.get("components")
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            fields.error(("components",), "write one component per line, like:  api: major_outage")
            return {}
        statuses = {}
        for component_id, value in raw.items():
            component_id = str(component_id)
            if not self._known_component(fields, ("components", component_id), component_id, known):
                continue
            status = fields.choice(("components", component_id), value, ComponentStatus)
            if status is not None:
                statuses[component_id] = status
        return statuses

    def _known_component(self, fields: Fields, key: tuple[Any, ...], component_id: str,
                         known: list[str]) -> bool:
        if component_id in known:
            return True
        hint = close_match(component_id, known) or f"; known: {', '.join(known) or 'none yet'}"
        fields.error(key, f"'{component_id}' is not a component in content/components.yml{hint}")
        return False

    def dated_name(self, path: Path, name: str) -> bool:
        if too_long := id_too_long(name):
            self.problems.error(self.shown(path), None, None, f"{too_long}; shorten the name")
            return False
        match = DATED_ID_PATTERN.match(name)
        if not match:
            self.problems.error(self.shown(path), None, None, f"'{name}': {DATED_RULE}")
            return False
        try:
            day = date.fromisoformat(match.group(1))  # the pattern allows only YYYY-MM-DD
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise ValueError(day.year)
        except ValueError:
            self.problems.error(self.shown(path), None, None,
                                f"'{match.group(1)}' in '{name}' is not a real date; {DATED_RULE}")
            return False
        return True

    # -- incidents -----------------------------------------------------------------------
    def incidents(self, known: list[str]) -> list[Incident]:
        root = self.content_dir / "incidents"
        if not root.is_dir():
            return []
        incidents = []
        seen: dict[str, Path] = {}
        # Whether each entry is a folder, from the listing itself (no stat per folder).
        with os.scandir(root) as entries:
            folders = {root / e.name: e.is_dir() for e in entries
                       if self.only is None or e.name in self.only}
        for folder in sorted(folders, key=lambda f: f.name):  # one folder: the names' order
            if folder.name.startswith(".") or (self.refused and folder in self.refused):
                continue
            if not folders[folder]:
                self.problems.error(
                    self.shown(folder), None, None,
                    "files in incidents/ belong in an incident folder, like "
                    "incidents/2026-11-24-payments-down/update-1.md",
                )
                continue
            if not self.dated_name(folder, folder.name):
                continue
            folded = folder.name.lower()
            if folded in seen:
                self.problems.error(self.shown(folder), None, None,
                                    f"duplicate incident id: '{seen[folded].name}' exists already")
                continue
            seen[folded] = folder
            incident = self.incident(folder, known)
            if incident is not None:
                incidents.append(incident)
        return list(newest_first(incidents))

    def incident(self, folder: Path, known: list[str]) -> Incident | None:
        names = self.walked.pop(folder.name, None)  # as refused_entries saw the folder
        if names is None:
            try:
                names = os.listdir(folder)
            except OSError:
                names = []  # unreadable: reported below as a missing incident.md
        md_names = sorted(name for name in names if name.endswith(".md"))
        cache = self.incident_cache if not self._refused_below(folder) else None
        if cache is not None and (recalled := cache.recall(folder, md_names)) is not None:
            # The translations are read later; only a name with a language can be one.
            self.listed[folder.name] = [folder / n for n in md_names
                                        if split_language(n[:-3])[1] is not None]
            kept, files, read_at = recalled
            self.sources[id(kept)] = (kept, cache.source_digest(folder.name, files))
            return self._recalled(folder, kept, files, read_at)
        markdown = [folder / name for name in md_names]
        self.listed[folder.name] = markdown  # the translations among them are read later
        before, read_ns = len(self.problems.items), time.time_ns()
        incident = self._incident(folder, markdown, known)
        # What the cache keeps (read without a problem) has a source digest: the same
        # incident, read from its files or from the cache, gives the same output keys.
        if cache is not None and incident is not None and len(self.problems.items) == before:
            read = self._read_files(folder, incident)
            if read is not None:
                self.sources[id(incident)] = (incident, cache.source_digest(folder.name, read))
                cache.remember(folder, md_names, incident, read, read_ns)
        self.facts.clear()  # they serve this incident only (a big hub has 20,000 files)
        return incident

    def _refused_below(self, folder: Path) -> bool:
        return bool(self.refused) and any(p == folder or folder in p.parents for p in self.refused)

    def _read_files(self, folder: Path, incident: Incident) -> list[ReadFile] | None:
        """incident.md, the updates and the postmortem as they were read (None: one was not
        read here)."""
        shown: list[str] = [incident.path, *(u.path for u in incident.updates)]
        slugs: list[str | None] = [None, *(u.slug for u in incident.updates)]
        if incident.postmortem is not None:
            shown.append(incident.postmortem.path)
            slugs.append(None)
        return self.read_files([folder / path.rsplit("/", 1)[-1] for path in shown], slugs)

    def read_files(self, paths: list[Path], slugs: list[str | None] | None = None
                   ) -> list[ReadFile] | None:
        """The files of one folder as this reader read them: stat, hash, parse cache entry and
        (`slugs`) the update each holds; None if one of them was not read here."""
        keys = self.cache.key_of if self.cache is not None else {}
        read = []
        for path, slug in zip(paths, slugs or [None] * len(paths), strict=True):
            facts = self.facts.pop(str(path), None)
            if facts is None:
                return None
            read.append(ReadFile(path.name, facts[0], facts[1], keys.pop(self.shown(path), None),
                                 slug))
        return read

    def _recalled(self, folder: Path, incident: Incident, read: list[ReadFile],
                  read_ns: int) -> Incident:
        """An incident from the incident cache, with what a read would have noted."""
        if self.cache is not None:
            self.cache.keep([f.parse_key for f in read if f.parse_key])
        if self.update_times is not None:
            updates, prefix = {u.slug: u for u in incident.updates}, str(folder) + os.sep
            for file in read:
                if file.slug is not None:
                    self.update_times[prefix + file.name] = (
                        file.digest, file.stat, read_ns, updates[file.slug])
        return incident

    def _incident(self, folder: Path, markdown: list[Path], known: list[str]) -> Incident | None:
        files = self.originals(markdown)
        main = files.pop("incident", folder / "incident.md")
        postmortem = files.pop("postmortem", folder / "postmortem.md")
        if not main.is_file():
            self.problems.error(
                self.shown(main), None, None,
                "missing; every incident folder needs an incident.md with title and impact",
            )
            return None
        doc = self.document(main)
        if doc is None:
            return None
        fields = Fields(doc, self.problems, allowed=INCIDENT_FIELDS,
                        required=["title", "impact"], kind="incident.md")
        impact = fields.choice(("impact",), fields.get("impact"), Impact) if fields.get("impact") else None
        kind = fields.choice(("kind",), fields.get("kind"), IncidentKind) \
            if fields.get("kind") else None
        initial = self.component_statuses(fields, known)
        if kind is IncidentKind.STATEMENT and initial:
            fields.error(("components",), "a public statement (kind: statement) has no component "
                         "states; remove 'components:' or write kind: service")
        started = fields.time("started", self.zone)
        draft = fields.boolean("draft")
        updates = [
            u for u in (self.update(folder.name, slug, path, known, started)
                        for slug, path in files.items())
            if u is not None
        ]
        if kind is IncidentKind.STATEMENT:
            for update in updates:
                if update.components:
                    self.problems.error(
                        update.path, update.line_of("components"), "components",
                        "a public statement (kind: statement in incident.md) has no component "
                        "states; remove 'components:' here or write kind: service")
        incident = Incident(
            id=folder.name, title=fields.text("title", one_line=True),
            impact=impact or Impact.MINOR,
            started=started or datetime.min.replace(tzinfo=self.zone), path=doc.path,
            owner=fields.text("owner", one_line=True) or None, initial_components=initial,
            summary=doc.body, postmortem=self.postmortem(postmortem), draft=draft,
            lines=field_lines(doc), body_line=doc.body_line, started_given=started is not None,
            kind=kind or IncidentKind.SERVICE,
        )
        result = assembled(incident, updates, self.zone)
        for before, after in pairwise(result.updates):
            if before.at == after.at:
                # A warning, not an error: `crisishub update` right after `new` may write
                # the same minute; the file names then decide the order.
                self.problems.warning(after.path, after.line_of("at"), "at",
                                      f"{after.at.isoformat()} is also the time of "
                                      f"{before.path.rsplit('/', 1)[-1]}; they are shown in file "
                                      "name order: give this update a later time if that is wrong")
        return result

    def update(self, incident_id: str, slug: str, path: Path, known: list[str],
               started: datetime | None) -> Update | None:
        read_ns = time.time_ns()
        raw = self.read(path)
        doc = None if raw is None else self.parse(path, raw)
        if doc is None or raw is None:
            return None
        before = len(self.problems.items)
        update = self._update(incident_id, slug, doc, known, started)
        if self.update_times is not None and update is not None and len(self.problems.items) == before:
            stat, digest = self.facts[str(path)]
            self.update_times[str(path)] = (digest, stat, read_ns, update)
        return update

    def _update(self, incident_id: str, slug: str, doc: Document, known: list[str],
                started: datetime | None) -> Update | None:
        fields = Fields(doc, self.problems, allowed=UPDATE_FIELDS,
                        required=["at", "status"], kind="an update")
        at = fields.time("at", self.zone)
        status = fields.choice(("status",), fields.get("status"), UpdateStatus) \
            if fields.get("status") else None
        if at and started and at < started:
            fields.error(("at",), f"{at.isoformat()} is before the incident started "
                         f"({started.isoformat()}, 'started' in incident.md); "
                         "correct one of the two times")
        components = self.component_statuses(fields, known)
        next_update = fields.time("next_update", self.zone)
        if at and next_update and next_update <= at:
            fields.error(("next_update",), f"{next_update.isoformat()} is not after the update's "
                         f"own time ({at.isoformat()}); promise a later time")
        social = self.social(fields)
        if not doc.body:
            self.problems.error(doc.path, doc.body_line, None, "the update has no text; write "
                                "what you know, what you are doing and when you will speak "
                                "next below the front-matter")
        if at is None or status is None:
            return None
        return Update(
            incident_id=incident_id, slug=slug, at=at, status=status, body=doc.body,
            path=doc.path, components=components, next_update=next_update,
            social=social, body_line=doc.body_line, lines=field_lines(doc),
            draft=fields.boolean("draft"),
        )

    def postmortem(self, path: Path) -> Postmortem | None:
        if not path.is_file():
            return None
        shown = self.shown(path)
        raw = self.read(path)
        if raw is None:
            return None
        text = decode(shown, raw, self.problems)
        if text is None:
            return None
        if not text.lstrip().startswith("---"):
            check_body(shown, text.strip(), 1 + len(text) - len(text.lstrip("\n")), self.problems)
            return Postmortem(body=text.strip(), path=shown)
        doc = read_document(shown, raw, self.problems)
        if doc is None:
            return None
        return read_postmortem(doc, self.problems, self.zone)

    # -- maintenance and FAQ ----------------------------------------------------------------
    def maintenances(self, known: list[str]) -> list[Maintenance]:
        root = self.content_dir / "maintenance"
        found = []
        for stem, path in self.originals(list(root.glob("*.md")) if root.is_dir() else []).items():
            if not self.dated_name(path, stem):
                continue
            doc = self.document(path)
            if doc is None:
                continue
            fields = Fields(doc, self.problems, allowed=MAINTENANCE_FIELDS,
                            required=["title", "start", "end"], kind="a maintenance")
            start, end = fields.time("start", self.zone), fields.time("end", self.zone)
            announced = fields.time("announced", self.zone)
            if announced and end and announced >= end:
                fields.error(("announced",), f"{announced.isoformat()} is not before the end of "
                             f"the window ({end.isoformat()}); write when readers were first told")
                announced = None
            if start and end and end <= start:
                fields.error(("end",), f"{end.isoformat()} is not after start "
                             f"({start.isoformat()}); the window must end after it begins")
                continue
            component_ids = [
                c for index, c in enumerate(fields.id_list("components"))
                if self._known_component(fields, ("components", index), c, known)
            ]
            if start and end:
                found.append(Maintenance(
                    id=stem, title=fields.text("title", one_line=True), start=start, end=end,
                    path=doc.path, components=tuple(component_ids), body=doc.body,
                    body_line=doc.body_line, announced=announced,
                ))
        return sorted(found, key=lambda m: (m.start, m.id))

    def faq(self, incident_ids: list[str]) -> list[FaqEntry]:
        root = self.content_dir / "faq"
        found = []
        for stem, path in self.originals(list(root.glob("*.md")) if root.is_dir() else []).items():
            if too_long := id_too_long(stem):
                self.problems.error(self.shown(path), None, None, f"{too_long}; shorten the name")
                continue
            if not ID_PATTERN.match(stem):
                self.problems.error(self.shown(path), None, None,
                                    f"'{stem}' is not a valid FAQ file name; {ID_RULE}")
                continue
            doc = self.document(path)
            if doc is None:
                continue
            fields = Fields(doc, self.problems, allowed=FAQ_FIELDS, required=["question"],
                            kind="an FAQ entry")
            refs = fields.id_list("incidents")
            for index, ref in enumerate(refs):
                if ref not in incident_ids:
                    hint = close_match(ref, incident_ids) or \
                        "; use the incident folder name, like 2026-11-24-payments-down"
                    fields.error(("incidents", index), f"'{ref}' is not an incident{hint}")
            if not doc.body:
                fields.error(("question",), "the answer is missing; write it below the front-matter")
            found.append(FaqEntry(
                id=stem, question=fields.text("question", one_line=True), answer=doc.body, path=doc.path,
                order=fields.integer("order"), incident_ids=tuple(r for r in refs if r in incident_ids),
                body_line=doc.body_line,
            ))
        return sorted(found, key=lambda f: (f.order, f.id))


def load_hub(
    content_dir: Path, time_zone: ZoneInfo, display_root: Path | None = None,
    *, include_drafts: bool = False, cache: ParseCache | None = None,
    languages: tuple[str, ...] | None = None,
    now: datetime | None = None,
    incidents: Collection[str] | None = None,
    update_times: dict[str, UpdateRead] | None = None,
) -> tuple[Hub, Problems]:
    """Read and validate a content folder: the hub (with what could be read) and every problem.

    Drafts (`draft: true` on an update, a whole incident or a postmortem) are checked but left
    out, unless `include_drafts` (the internal site): nothing else can publish or post them;
    given `now`, so is a postmortem whose `published:` time is still to come. With a
    `cache` (generator/reading/parse_cache.py), files whose bytes did not change are not
    parsed again; every check after parsing runs as always.
    Translation files (`02-identified.ru.md`) become `hub.translations`; `languages` (the
    default first) are the hub's languages, a translation in another one is an error.
    `incidents`: only these incident folders are read (what `publish` can post: see
    generator/reading/post_window.py); the others are neither read nor checked."""
    reader = ContentReader(content_dir, time_zone, display_root, cache,
                           default_language=languages[0] if languages else None)
    reader.only = None if incidents is None else set(incidents)
    reader.update_times = update_times
    reader.refused = refused_entries(content_dir, reader.shown, reader.problems, incidents,
                                     reader.walked)
    groups, components = reader.components()
    known = [c.id for c in components]
    if cache is not None and incidents is None:
        reader.incident_cache = IncidentCache(
            cache.folder,
            incident_cache.cache_key(time_zone, reader.default_language, known,
                                     reader.shown(content_dir),
                                     [__file__, postmortems.__file__, translations.__file__]),
            time_zone, fresh=cache.fresh)
    read = reader.incidents(known)
    # Reading some incidents only (publish), nothing refers to maintenance or the FAQ.
    maintenances = reader.maintenances(known) if incidents is None else []
    faq = reader.faq([i.id for i in read]) if incidents is None else []
    hub = Hub(time_zone=time_zone, components=tuple(components), groups=tuple(groups),
              incidents=tuple(read), maintenances=tuple(maintenances), faq=tuple(faq),
              sources=reader.sources)
    hub = replace(hub, translations=TranslationReader(reader, hub, languages).read_all())
    if cache is not None:
        with contextlib.suppress(OSError):  # an unwritable cache only costs speed next time
            cache.save()
            if reader.incident_cache is not None:
                reader.incident_cache.save()
    return (hub if include_drafts else hub.without_drafts(now)), reader.problems
