"""Unfilled `[placeholders]` from templates and skeletons: they never go public.

The one home of the rule: `crisishub check`, `build` (the MkDocs plugin), `publish` and its
dry run all ask `placeholder_problems()`. Text in square brackets that starts with a capital
letter (Latin or Cyrillic) and is not a Markdown link, or `[...]`, is for a person to fill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.core.model import Hub, Postmortem, Update
from generator.core.problems import Problems
from generator.core.translations import incident_key, translated_update, update_key

# No '[' inside and at most 200 characters: each '[' starts one short try, so scanning
# 64 KB of "[Abcd " stays linear (an unbounded `[^\]\n]{3,}` made it quadratic).
PLACEHOLDER = re.compile(r"\[(?:\.\.\.|[A-ZА-ЯЁ][^\[\]\n]{3,200})\](?![(\[:])")
FIX = ("replace it with what you want readers to know, or mark the update 'draft: true' "
       "until it is ready")
TRANSLATION_FIX = ("replace it with what you want readers to know in this language, or move "
                   "this translation file out of content/ until it is ready (readers see the "
                   "original meanwhile; channels in this language wait for it)")


@dataclass(frozen=True)
class Unfilled:
    """One placeholder left in a text: its line (counted from the text's first line)."""

    line: int
    text: str


def unfilled(text: str, first_line: int = 1) -> list[Unfilled]:
    """Every placeholder in `text`, with its line number (the text starting at `first_line`)."""
    if "[" not in text:  # most texts: no line to scan (a check reads every update's text)
        return []
    return [Unfilled(number, match.group(0))
            for number, line in enumerate(text.splitlines(), start=first_line)
            for match in PLACEHOLDER.finditer(line)]


def update_placeholders(update: Update) -> list[Unfilled]:
    """The placeholders in an update's text and in its own `social:` text."""
    found = unfilled(update.body, update.body_line)
    social = update.social
    texts = [social] if isinstance(social, str) else list((social or {}).values())
    in_social = [p.text for text in texts for p in unfilled(text)]
    if in_social:
        line = update.line_of("social") or 1
        found += [Unfilled(line, text) for text in in_social]
    return found


def placeholder_problems(hub: Hub) -> Problems:
    """An error for every placeholder in a published text: update bodies, social texts,
    incident summaries and postmortems (drafts are left out of `hub` and may keep theirs)."""
    problems = Problems()
    for incident in hub.incidents:
        for found in unfilled(incident.summary, incident.body_line):
            problems.error(incident.path, found.line, None,
                           f"placeholder {found.text} is still in the text; {FIX}")
        for update in incident.updates:
            if update.draft:
                continue
            for found in update_placeholders(update):
                problems.error(update.path, found.line, None,
                               f"placeholder {found.text} is still in the text; {FIX}")
        if incident.postmortem is not None:
            postmortem_placeholders(incident.postmortem, problems)
    translation_placeholders(hub, problems)
    return problems


def translation_placeholders(hub: Hub, problems: Problems) -> None:
    """The same rule for the translation files of published items: a translated title, text
    or social text of an incident or update (`crisishub new --language ru` writes them)."""
    translations = hub.translations
    if translations is None:
        return
    for language in translations.languages[1:]:
        for incident in hub.incidents:
            words = translations.get(language, incident_key(incident.id))
            if words is not None:
                texts = [(words.lines.get("title") or 1, words.texts.get("title") or "")]
                texts.append((words.body_line, words.texts.get("body") or ""))
                for first, text in texts:
                    for found in unfilled(text, first):
                        problems.error(words.path, found.line, None,
                                       f"placeholder {found.text} is still in the text; "
                                       f"{TRANSLATION_FIX}")
            for update in incident.updates:
                for path, found in _translated_update_placeholders(update, language, hub):
                    problems.error(path, found.line, None,
                                   f"placeholder {found.text} is still in the text; "
                                   f"{TRANSLATION_FIX}")


def _translated_update_placeholders(update: Update, language: str,
                                    hub: Hub) -> list[tuple[str, Unfilled]]:
    translations = hub.translations
    found = translations.get(language, update_key(update.id)) if translations else None
    if found is None or update.draft:
        return []
    local = translated_update(update, found)
    return [(local.path, p) for p in update_placeholders(local)]


def postmortem_placeholders(pm: Postmortem, problems: Problems) -> None:
    """A published postmortem's text fields and body, each placeholder with its line."""
    texts = [(name, pm.line_of(name), text) for name, text in
             (("title", pm.title), ("summary", pm.summary), ("root_cause", pm.root_cause))]
    texts += [(f"lessons.{i}", pm.line_of("lessons", i), text)
              for i, text in enumerate(pm.lessons)]
    texts += [(f"action_items.{i}.what", pm.line_of("action_items", i, "what"), item.what)
              for i, item in enumerate(pm.action_items)]
    for name, line, text in texts:
        for found in unfilled(text):
            problems.error(pm.path, line, name, f"placeholder {found.text} is still in the "
                           "postmortem; fill it in, or keep 'draft: true' until it is ready")
    for found in unfilled(pm.body, pm.body_line):
        problems.error(pm.path, found.line, None, f"placeholder {found.text} is still in the "
                       "postmortem; fill it in, or keep 'draft: true' until it is ready")


def blocked_updates(hub: Hub) -> dict[str, list[str]]:
    """Update id → the placeholders that keep it from being posted (published updates only)."""
    found: dict[str, list[str]] = {}
    languages = hub.translations.languages[1:] if hub.translations else ()
    for incident in hub.incidents:
        for update in incident.updates:
            texts = [p.text for p in update_placeholders(update)]
            texts += [p.text for language in languages
                      for _, p in _translated_update_placeholders(update, language, hub)]
            if texts and not update.draft:
                found[update.id] = texts
    return found
