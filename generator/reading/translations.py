"""Reading translation files (`02-identified.ru.md` beside `02-identified.md`) and checking
that they hold words only: a fact repeated with another value is an error, because every
language must show the same state at the same moment."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core.documents import Document, field_lines
from generator.core.fields import Fields
from generator.core.model import FaqEntry, Hub, Incident, Maintenance, Update
from generator.core.translations import (
    Translation,
    Translations,
    faq_key,
    incident_key,
    maintenance_key,
    postmortem_key,
    split_language,
    update_key,
)
from generator.core.vocabulary import Impact, UpdateStatus
from generator.reading.postmortems import read_postmortem

if TYPE_CHECKING:
    from generator.reading.incident_cache import ReadFile
    from generator.reading.loader import ContentReader


# The words a translation may carry, per kind of file; everything else in the original is a fact.
INCIDENT_WORDS = ["title"]
UPDATE_WORDS = ["social", "translated_at"]
MAINTENANCE_WORDS = ["title", "translated_at"]
FAQ_WORDS = ["question"]


def is_translation(path: Path, default: str | None = None) -> bool:
    """Whether a content file is a translation (its stem ends with a language tag other than
    the hub's `default` language)."""
    language = split_language(path.stem)[1]
    return language is not None and language != default


def original_stem(path: Path, default: str | None) -> str | None:
    """The item name of a file in the default language, or None for a translation.

    `02-identified.md` and, with `default` 'en', `02-identified.en.md` are both the original
    '02-identified': Decap CMS's i18n `multiple_files` layout writes the default language's
    file with its language too, and what the editor writes must pass `check` unchanged."""
    stem, language = split_language(path.stem)
    return stem if language is None or language == default else None


class TranslationReader:
    """Reads every translation file of a content folder against the hub already read."""

    def __init__(self, reader: ContentReader, hub: Hub, languages: tuple[str, ...] | None) -> None:
        self.reader = reader
        self.hub = hub
        self.languages = languages
        self.default = languages[0] if languages else None
        self.known = [c.id for c in hub.components]
        self.found: list[Translation] = []
        self.sources: dict[str, bytes] = {}  # see Translations.sources

    def read_all(self) -> Translations:
        content = self.reader.content_dir
        incidents = {i.id: i for i in self.hub.incidents}
        for name in sorted(self.reader.listed):  # listed by the reader, once
            incident = incidents.get(name)
            paths = [path for path in sorted(self.reader.listed[name], key=lambda p: p.name)
                     if is_translation(path, self.default)] if incident else []
            if paths:
                self.incident_folder(paths, incident)  # type: ignore[arg-type]
            elif incident is not None:
                self._translated_from(incident, [])
        if self.reader.only is not None:  # some incidents only (publish): nothing else
            return Translations(languages=self.languages or (), items=tuple(self.found),
                                sources=self.sources)
        maintenances = {m.id: m for m in self.hub.maintenances}
        for path in sorted((content / "maintenance").glob("*.md")):
            if is_translation(path, self.default):
                self.maintenance(path, maintenances)
        faq = {f.id: f for f in self.hub.faq}
        for path in sorted((content / "faq").glob("*.md")):
            if is_translation(path, self.default):
                self.faq(path, faq)
        return Translations(languages=self.languages or (), items=tuple(self.found),
                            sources=self.sources)

    def _translated_from(self, incident: Incident, files: list[ReadFile]) -> None:
        """Note what `incident`'s translations were read from: the translation `files` of
        its folder (none: it has no translation), read without a problem."""
        cache, source = self.reader.incident_cache, self.reader.sources.get(id(incident))
        if cache is not None and source is not None and self.languages is not None:
            self.sources[incident.id] = cache.translations_digest(
                source[1], self.languages, incident.id, files)

    def incident_folder(self, paths: list[Path], incident: Incident) -> None:
        """The translation files `paths` of one incident folder: from the incident cache
        when neither they nor the incident changed; else read, and kept there when read
        without a problem."""
        cache, source = self.reader.incident_cache, self.reader.sources.get(id(incident))
        if cache is None or source is None or self.languages is None:
            for path in paths:
                self.incident_file(path, incident)
            return
        folder, names = paths[0].parent, [path.name for path in paths]
        recalled = cache.recall_translations(folder, source[1], self.languages, names)
        if recalled is not None:
            items, files = recalled
            if self.reader.cache is not None:
                self.reader.cache.keep([f.parse_key for f in files if f.parse_key])
            self.found.extend(items)
            self._translated_from(incident, files)
            return
        before, start, read_ns = len(self.reader.problems.items), len(self.found), time.time_ns()
        for path in paths:
            self.incident_file(path, incident)
        read = self.reader.read_files(paths)
        if read is not None and len(self.reader.problems.items) == before:
            cache.remember_translations(folder, source[1], self.languages, names, read,
                                        read_ns, self.found[start:])
            self._translated_from(incident, read)

    # -- one file ----------------------------------------------------------------------------
    def _open(self, path: Path, originals: dict[str, Any]) -> tuple[str, str, Any, Document] | None:
        """The file's stem, language, original and document; None (and a problem) if it has none."""
        stem, language = split_language(path.stem)
        shown = self.reader.shown(path)
        assert language is not None
        if self.languages is not None and language not in self.languages[1:]:
            allowed = ", ".join(self.languages[1:]) or "none (only one language is set)"
            self.reader.problems.error(
                shown, None, None,
                f"'{language}' is not a translation language of this hub (languages: "
                f"{', '.join(self.languages)}); add it to 'languages:' under plugins.crisishub "
                f"in mkdocs.yml, or rename the file (translations allowed: {allowed})")
            return None
        original = originals.get(stem)
        if original is None:
            self.reader.problems.error(
                shown, None, None,
                f"translates '{stem}.md', which does not exist (or has errors); write the "
                f"original in the default language first, then its translation beside it")
            return None
        raw = self.reader.read(path)
        if raw is None or not raw.strip():
            # Decap CMS saves a language left blank as an empty file: not translated yet.
            return None
        doc = self.reader.parse(path, raw)
        return None if doc is None else (stem, language, original, doc)

    def incident_file(self, path: Path, incident: Incident) -> None:
        stem, _ = split_language(path.stem)
        if stem == "postmortem":
            self.postmortem(path, incident)
            return
        originals: dict[str, Any] = {u.slug: u for u in incident.updates}
        originals["incident"] = incident
        opened = self._open(path, originals)
        if opened is None:
            return
        _, language, original, doc = opened
        if isinstance(original, Incident):
            self.incident(doc, language, original)
        else:
            self.update(doc, language, original)

    def incident(self, doc: Document, language: str, incident: Incident) -> None:
        fields = self._fields(doc, INCIDENT_WORDS, ["impact", "components", "owner", "started",
                                                    "draft"], "incident.md")
        facts: dict[str, Callable[[], tuple[Any, Any]]] = {
            "impact": lambda: (fields.choice(("impact",), fields.get("impact"), Impact),
                               incident.impact),
            "components": lambda: (self.reader.component_statuses(fields, self.known),
                                   incident.initial_components),
            "owner": lambda: (fields.text("owner") or None, incident.owner),
            "started": lambda: (fields.time("started", self.hub.time_zone),
                                incident.started if incident.started_given else None),
            "draft": lambda: (fields.boolean("draft"), incident.draft),
        }
        self._same_facts(fields, facts, "incident.md")
        self._add(incident_key(incident.id), language, doc,
                  {"title": fields.text("title"), "body": doc.body}, None)

    def update(self, doc: Document, language: str, update: Update) -> None:
        fields = self._fields(doc, UPDATE_WORDS, ["at", "status", "components", "next_update",
                                                  "draft"], "an update")
        zone = self.hub.time_zone
        facts: dict[str, Callable[[], tuple[Any, Any]]] = {
            "at": lambda: (fields.time("at", zone), update.at),
            "status": lambda: (fields.choice(("status",), fields.get("status"), UpdateStatus),
                               update.status),
            "components": lambda: (self.reader.component_statuses(fields, self.known),
                                   update.components),
            "next_update": lambda: (fields.time("next_update", zone), update.next_update),
            "draft": lambda: (fields.boolean("draft"), update.draft),
        }
        self._same_facts(fields, facts, update.path.rsplit("/", 1)[-1])
        if not doc.body:
            self.reader.problems.error(doc.path, doc.body_line, None,
                                       "the translation has no text; translate the update's "
                                       "text below the front-matter, or delete this file")
        texts: dict[str, Any] = {"body": doc.body}
        social = self.reader.social(fields)
        if social is not None:
            texts["social"] = social
        self._add(update_key(update.id), language, doc, texts,
                  fields.time("translated_at", zone))

    def maintenance(self, path: Path, maintenances: dict[str, Maintenance]) -> None:
        opened = self._open(path, dict(maintenances))
        if opened is None:
            return
        _, language, original, doc = opened
        fields = self._fields(doc, MAINTENANCE_WORDS, ["start", "end", "components"],
                              "a maintenance")
        zone = self.hub.time_zone
        facts: dict[str, Callable[[], tuple[Any, Any]]] = {
            "start": lambda: (fields.time("start", zone), original.start),
            "end": lambda: (fields.time("end", zone), original.end),
            "components": lambda: (tuple(fields.id_list("components")), original.components),
        }
        self._same_facts(fields, facts, f"{original.id}.md")
        self._add(maintenance_key(original.id), language, doc,
                  {"title": fields.text("title"), "body": doc.body},
                  fields.time("translated_at", zone))

    def faq(self, path: Path, entries: dict[str, FaqEntry]) -> None:
        opened = self._open(path, dict(entries))
        if opened is None:
            return
        _, language, original, doc = opened
        fields = self._fields(doc, FAQ_WORDS, ["order", "incidents"], "an FAQ entry")
        facts: dict[str, Callable[[], tuple[Any, Any]]] = {
            "order": lambda: (fields.integer("order"), original.order),
            "incidents": lambda: (tuple(fields.id_list("incidents")), original.incident_ids),
        }
        self._same_facts(fields, facts, f"{original.id}.md")
        self._add(faq_key(original.id), language, doc,
                  {"question": fields.text("question"), "body": doc.body}, None)

    def postmortem(self, path: Path, incident: Incident) -> None:
        originals: dict[str, Any] = {"postmortem": incident.postmortem} \
            if incident.postmortem else {}
        opened = self._open(path, originals)
        if opened is None:
            return
        _, language, original, doc = opened
        translated = read_postmortem(doc, self.reader.problems, self.hub.time_zone)
        if "published" in doc.meta and translated.published != original.published:
            self.reader.problems.error(
                doc.path, doc.line_of("published"), "published",
                f"{_shown(translated.published)} differs from postmortem.md "
                f"({_shown(original.published)}); {_FACTS_RULE}")
        self._add(postmortem_key(incident.id), language, doc, {}, None, translated)

    # -- shared ------------------------------------------------------------------------------
    def _fields(self, doc: Document, words: list[str], facts: list[str], kind: str) -> Fields:
        return Fields(doc, self.reader.problems, allowed=words + facts, required=[],
                      kind=f"a translation of {kind}")

    def _same_facts(self, fields: Fields, facts: dict[str, Callable[[], tuple[Any, Any]]],
                    original_name: str) -> None:
        """Every fact the translation repeats must equal the original's."""
        for name, values in facts.items():
            if name not in fields.doc.meta:
                continue
            written, original = values()
            if written is not None and written != original:
                fields.error((name,), f"{_shown(written)} differs from {original_name} "
                                      f"({_shown(original)}); {_FACTS_RULE}")

    def _add(self, key: str, language: str, doc: Document, texts: dict[str, Any],
             translated_at: Any, postmortem: Any = None) -> None:
        self.found.append(Translation(key=key, language=language, path=doc.path, texts=texts,
                                      translated_at=translated_at, postmortem=postmortem,
                                      lines=field_lines(doc), body_line=doc.body_line))


_FACTS_RULE = ("times, statuses and components are written once, in the original: delete "
               "this line from the translation")


def _shown(value: Any) -> str:
    """A fact as a PR person wrote it: times in ISO form, statuses by their word."""
    if value is None:
        return "not set"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if hasattr(value, "value"):
        return str(value.value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) or "none"
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value) or "none"
    return f"'{value}'"
