"""Translations: the same statement in another language, and the hub as one language reads it.

A translation file sits beside its original with the language before the extension
(`02-identified.ru.md`, `incident.ru.md`, `faq/charged-twice.ru.md`); it carries only the
words (title, question, body, social text). The facts (times, statuses, components) are the
original's, so every language shows the same state at the same moment. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from generator.core.model import FaqEntry, Hub, Incident, Maintenance, Postmortem, Update

# `name.ru.md`, `name.pt-br.md`: the language tag before the extension.
LANGUAGE_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<language>[a-z]{2,3}(?:-[a-z0-9]{2,8})?)$")


def split_language(stem: str) -> tuple[str, str | None]:
    """`'02-identified.ru'` -> `('02-identified', 'ru')`; a plain stem has no language."""
    if "." not in stem:  # most names: no pattern to try (thousands per build)
        return stem, None
    match = LANGUAGE_SUFFIX.match(stem)
    return (match["stem"], match["language"]) if match else (stem, None)


def incident_key(incident_id: str) -> str:
    return f"incident:{incident_id}"


def update_key(update_id: str) -> str:
    return f"update:{update_id}"


def faq_key(entry_id: str) -> str:
    return f"faq:{entry_id}"


def maintenance_key(maintenance_id: str) -> str:
    return f"maintenance:{maintenance_id}"


def postmortem_key(incident_id: str) -> str:
    return f"postmortem:{incident_id}"


def key_of(item: Incident | Update | FaqEntry | Maintenance) -> str:
    """The translation key of a content item (what its translation file translates)."""
    if isinstance(item, Update):
        return update_key(item.id)
    if isinstance(item, Incident):
        return incident_key(item.id)
    if isinstance(item, FaqEntry):
        return faq_key(item.id)
    return maintenance_key(item.id)


@dataclass(frozen=True)
class Translation:
    """The words of one content file in one language."""

    key: str
    language: str
    path: str
    texts: dict[str, Any] = field(default_factory=dict)  # title, question, body, social
    translated_at: datetime | None = None  # when the translation was published, if written
    postmortem: Postmortem | None = None
    lines: dict[str, int] = field(default_factory=dict)  # front-matter field -> line
    body_line: int = 1


@dataclass(frozen=True)
class Translations:
    """Every translation of a hub, and its languages (the first is the default)."""

    languages: tuple[str, ...] = ()
    items: tuple[Translation, ...] = ()
    # Per incident id: a digest of the translation files read for it, with its own source
    # digest (`Hub.sources`) and the languages: every translation of the incident comes from
    # its folder, so this and the original's digest stand for the incident in a language
    # (see `in_language`). Left out where a file was read with a problem.
    sources: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    @property
    def default(self) -> str:
        return self.languages[0] if self.languages else ""

    def get(self, language: str, key: str) -> Translation | None:
        return self._by_language_key.get((language, key))

    @cached_property
    def _by_language_key(self) -> dict[tuple[str, str], Translation]:
        return {(t.language, t.key): t for t in self.items}


@dataclass(frozen=True)
class LocalHub:
    """The hub in one language: its texts translated where a translation exists, and which
    items still show the default language's words."""

    hub: Hub
    language: str
    default_language: str
    untranslated: frozenset[str] = frozenset()

    def is_untranslated(self, item: Incident | Update | FaqEntry | Maintenance) -> bool:
        return key_of(item) in self.untranslated

    def is_untranslated_postmortem(self, incident: Incident) -> bool:
        """Whether the incident's postmortem shows the default language's words."""
        return postmortem_key(incident.id) in self.untranslated


def in_language(hub: Hub, translations: Translations, language: str, default: str) -> LocalHub:
    """`hub` as readers of `language` see it. The `default` language is the hub itself."""
    if language == default:
        return LocalHub(hub, language, default)
    missing: set[str] = set()

    def words(key: str) -> dict[str, Any] | None:
        found = translations.get(language, key)
        if found is None:
            missing.add(key)
            return None
        return found.texts

    incidents = []
    sources: dict[int, tuple[Incident, bytes]] = {}
    for incident in hub.incidents:
        updates = []
        for update in incident.updates:
            texts = words(update_key(update.id))
            updates.append(update if texts is None else replace(
                update, body=texts.get("body") or update.body,
                social=texts.get("social", update.social)))
        texts = words(incident_key(incident.id))
        local = replace(incident, updates=tuple(updates))
        if texts is not None:
            local = replace(local, title=texts.get("title") or incident.title,
                            summary=texts.get("body", incident.summary))
        if incident.postmortem is not None:
            found = translations.get(language, postmortem_key(incident.id))
            if found is not None and found.postmortem is not None:
                local = replace(local, postmortem=found.postmortem)
            else:
                missing.add(postmortem_key(incident.id))
        incidents.append(local)
        digest = _local_digest(hub, translations, incident, language)
        if digest is not None:
            sources[id(local)] = (local, digest)
    maintenances = []
    for maintenance in hub.maintenances:
        texts = words(maintenance_key(maintenance.id))
        maintenances.append(maintenance if texts is None else replace(
            maintenance, title=texts.get("title") or maintenance.title,
            body=texts.get("body") or maintenance.body))
    faq = []
    for entry in hub.faq:
        texts = words(faq_key(entry.id))
        faq.append(entry if texts is None else replace(
            entry, question=texts.get("question") or entry.question,
            answer=texts.get("body") or entry.answer))
    local_hub = replace(hub, incidents=tuple(incidents), maintenances=tuple(maintenances),
                        faq=tuple(faq), sources=sources)
    return LocalHub(local_hub, language, default, frozenset(missing))


def _local_digest(hub: Hub, translations: Translations, incident: Incident,
                  language: str) -> bytes | None:
    """What `incident` in `language` was made from, when its source and its translations'
    are known; else None (it is hashed instead)."""
    source = translated_source(hub, translations, incident)
    if source is None:
        return None
    return hashlib.sha256(b"\0".join([b"in language", language.encode(), source])).digest()


def translated_source(hub: Hub, translations: Translations, incident: Incident) -> bytes | None:
    """A digest of what `incident` and its translations were made from: its files
    (`Hub.sources`) and its translation files (`Translations.sources`); None when one of them
    is not known."""
    original, translated = hub.source_of(incident), translations.sources.get(incident.id)
    if original is None or translated is None:
        return None
    return hashlib.sha256(original + translated).digest()


def translation_file(original: str, language: str) -> str:
    """Where the translation of a content file sits: `02-identified.md` -> `02-identified.ru.md`."""
    stem, _, extension = original.rpartition(".")
    return f"{stem}.{language}.{extension}"


@dataclass(frozen=True)
class PostWords:
    """An update as a channel speaking one language posts it: the incident and update in that
    language, or (`missing`) the translation files the post waits for."""

    incident: Incident
    update: Update
    missing: tuple[str, ...] = ()


def post_words(translations: Translations | None, incident: Incident, update: Update,
               language: str, default: str) -> PostWords:
    """The words of a post in `language`. A post never mixes languages and never falls back
    to the original's words: in another language than the `default` it needs the update's
    translation and the incident's (the title heads the post and the e-mail subject); when
    one is missing, the post waits and `missing` names the files to write. The social text
    is the translation's own: without one, the post is the summary of the translated text."""
    if language == default:
        return PostWords(incident, update)
    update_words = translations.get(language, update_key(update.id)) if translations else None
    incident_words = translations.get(language, incident_key(incident.id)) if translations \
        else None
    missing = [] if update_words else [translation_file(update.path, language)]
    if not incident_words or not incident_words.texts.get("title"):
        missing.append(translation_file(incident.path, language))
    if update_words is None or incident_words is None or missing:
        return PostWords(incident, update, tuple(missing))
    return PostWords(replace(incident, title=incident_words.texts["title"]),
                     translated_update(update, update_words))


def translated_update(update: Update, translation: Translation) -> Update:
    """The update with the translation's words only (its text, its own social text or none),
    its path and lines those of the translation file: what is posted and checked in that
    language. The facts stay the original's."""
    return replace(update, body=translation.texts.get("body", ""),
                   social=translation.texts.get("social"), path=translation.path,
                   lines=translation.lines, body_line=translation.body_line)


@dataclass(frozen=True)
class TranslationDelay:
    """How long after its original a translated update was published (None: not yet)."""

    update: Update
    language: str
    delay: timedelta | None
    path: str | None


def translation_delays(hub: Hub, translations: Translations) -> list[TranslationDelay]:
    """For every published update and every other language: how late its translation came.
    A translation without `translated_at` counts as published with its original (delay 0)."""
    found = []
    for incident in hub.incidents:
        for update in incident.updates:
            for language in translations.languages[1:]:
                item = translations.get(language, update_key(update.id))
                if item is None:
                    found.append(TranslationDelay(update, language, None, None))
                    continue
                delay = max(item.translated_at - update.at, timedelta()) \
                    if item.translated_at else timedelta()
                found.append(TranslationDelay(update, language, delay, item.path))
    return found
