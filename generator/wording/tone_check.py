"""Applying the tone rules to a hub: which texts are checked, and the warnings' wording.

`tone_rules()` merges the shipped defaults with the hub's `content/tone.yml` (validated,
with line numbers); `tone_problems()` warns about every finding with file and line.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from generator.core.documents import Document, parse_settings_file
from generator.core.fields import Fields, close_match
from generator.core.incident_memo import IncidentMemo
from generator.core.model import Hub, Incident, Update
from generator.core.problems import Problems
from generator.core.translations import (
    Translations,
    faq_key,
    incident_key,
    maintenance_key,
    postmortem_key,
    translated_update,
    update_key,
)
from generator.core.vocabulary import Impact, UpdateStatus
from generator.wording import tone
from generator.wording.tone import (
    ELEMENTS,
    KINDS,
    Phrase,
    ToneRules,
    compile_phrase,
    default_lists,
    entries,
)

TONE_FILE = "tone.yml"
Entry = tuple[str | None, str]  # (the language of its list, or None for all; the phrase)
TONE_FIELDS = [*KINDS, "elements", "allow"]

ADVICE = {
    "cliche": "is a cliché; say in plain words what went wrong and what it means for people",
    "blame": "shifts the blame; own the problem and say what we are doing about it",
    "defensive": "sounds defensive; give the facts and what we are doing instead of reassuring",
    "jargon": "is internal jargon; say what people notice, in their words",
}
ELEMENT_NAMES = {
    "what_happened": "what happened", "what_we_do": "what we are doing",
    "what_users_do": "what users should do", "next_update": "when we speak next",
}
# Postmortems are a technical account: jargon is allowed there.
POSTMORTEM_KINDS = ["cliche", "blame", "defensive"]


def tone_rules(path: str | None, raw: bytes | None, problems: Problems) -> ToneRules:
    """The defaults merged with the hub's tone.yml (`raw`, shown as `path`), if any."""
    lists: dict[str, list[Entry]] = {kind: entries(v) for kind, v in default_lists().items()
                                     if kind in KINDS}
    cues: dict[str, list[Entry]] = {name: entries(v)
                                    for name, v in default_lists()["elements"].items()}
    if path is not None and raw is not None:
        _merge_hub_lists(path, raw, problems, lists, cues)
    rules = ToneRules(key=_rules_key(lists, cues))
    for kind, phrases in lists.items():
        rules.kinds[kind] = _compiled(phrases)
    for name, phrases in cues.items():
        rules.elements[name] = _compiled(phrases)
    return rules


def _rules_key(lists: dict[str, list[Entry]], cues: dict[str, list[Entry]]) -> str:
    """The lists and the code that compiles and matches them: equal keys find the same."""
    digest = hashlib.sha256(json.dumps([lists, cues], sort_keys=True).encode("utf-8"))
    digest.update(Path(tone.__file__).read_bytes())
    return digest.hexdigest()


def _compiled(phrases: list[Entry]) -> list[Phrase]:
    compiled = (compile_phrase(text, language) for language, text in phrases)
    return [p for p in compiled if isinstance(p, Phrase)]


def _merge_hub_lists(path: str, raw: bytes, problems: Problems, lists: dict[str, list[Entry]],
                     cues: dict[str, list[Entry]]) -> None:
    parsed = parse_settings_file(path, raw, problems)
    if parsed is None:
        return
    data, lines = parsed
    if data in (None, {}):
        return
    if not isinstance(data, dict):
        problems.error(path, 1, None, f"write the lists as fields: {', '.join(TONE_FIELDS)}")
        return
    fields = Fields(Document(path, data, "", 1, lines), problems, allowed=TONE_FIELDS,
                    required=[], kind="tone.yml")
    for kind in KINDS:
        lists[kind].extend(_phrases(fields, (kind,), data.get(kind)))
    elements = data.get("elements") or {}
    if not isinstance(elements, dict):
        fields.error(("elements",), f"write one element per line: {', '.join(ELEMENTS)}")
        elements = {}
    for name, value in elements.items():
        if name not in ELEMENTS:
            fields.error(("elements", name), f"'{name}' is not an element"
                         f"{close_match(str(name), ELEMENTS) or '; elements: ' + ', '.join(ELEMENTS)}")
            continue
        cues[name].extend(_phrases(fields, ("elements", name), value))
    defaults = {p for phrases in lists.values() for _, p in phrases}
    for index, (_, phrase) in enumerate(_phrases(fields, ("allow",), data.get("allow"))):
        if phrase not in defaults:
            problems.warning(path, fields.doc.line_of("allow", index), "allow",
                             f"'{phrase}' is in no list, so there is nothing to switch off"
                             f"{close_match(phrase, sorted(defaults))}")
        for kind in KINDS:
            lists[kind] = [e for e in lists[kind] if e[1] != phrase]


def _phrases(fields: Fields, key: tuple[Any, ...], value: Any) -> list[Entry]:
    """The valid (language, phrase) of one list (a list for every language, or a mapping of
    language → list)."""
    if value is None:
        return []
    groups: list[tuple[tuple[Any, ...], str | None, Any]]
    if isinstance(value, dict):
        groups = [((*key, language), str(language), items) for language, items in value.items()]
    else:
        groups = [(key, None, value)]
    found: list[Entry] = []
    for group_key, language, items in groups:
        if not isinstance(items, list):
            fields.error(group_key, "must be a list of phrases, one per line starting with '- '")
            continue
        for index, item in enumerate(items):
            if not isinstance(item, (str, int)) or isinstance(item, bool):
                fields.error((*group_key, index), "each entry is one phrase of plain text")
                continue
            compiled = compile_phrase(str(item))
            if isinstance(compiled, str):
                fields.error((*group_key, index), f"'{item}': {compiled}")
                continue
            found.append((language, str(item)))
    return found


def check_text(rules: ToneRules, text: str, path: str, first_line: int, problems: Problems,
               field_name: str | None = None, kinds: list[str] = KINDS,
               language: str | None = None) -> None:
    """Warn about every listed phrase in `text`, which starts at `first_line` of `path`
    (`language`: only that language's lists; None: every list)."""
    for kind, start, end, phrase in rules.found(text, kinds, language):
        line = first_line + text.count("\n", 0, start)
        found = " ".join(text[start:end].split())
        problems.warning(path, line, field_name,
                         f"'{found}' {ADVICE[kind]} (tone: {kind} '{phrase}')")


def _update_texts(update: Update) -> list[tuple[str, int, str | None]]:
    """(text, first line, field) of everything an update publishes."""
    texts: list[tuple[str, int, str | None]] = [(update.body, update.body_line, None)]
    if isinstance(update.social, str):
        texts.append((update.social, update.line_of("social") or update.body_line, "social"))
    elif isinstance(update.social, dict):
        for channel, text in update.social.items():
            texts.append((text, update.line_of("social", channel) or update.body_line,
                          f"social.{channel}"))
    return texts


def tone_problems(hub: Hub, rules: ToneRules, problems: Problems,
                  memo: IncidentMemo | None = None) -> None:
    """Warnings for the hub's public text: updates, summaries, postmortems, FAQ, maintenance.
    In a hub of several languages each text is checked with its own language's lists: the
    originals with the default's, every translation file with its language's. `memo` (keyed
    by `tone_memo_key`): what was found in an incident whose files did not change is not
    looked for again."""
    translations = hub.translations
    default = translations.default if translations and translations.languages else None
    memo = memo if memo is not None else IncidentMemo()
    for incident in hub.incidents:
        problems.extend(memo.problems(hub, incident, f"tone:{default}",
                                      partial(_incident_tone, incident, rules, default)))
    for entry in hub.faq:
        check_text(rules, entry.answer, entry.path, entry.body_line, problems,
                   language=default)
    for maintenance in hub.maintenances:
        check_text(rules, maintenance.body, maintenance.path, maintenance.body_line, problems,
                   language=default)
    if translations is not None:
        for language in translations.languages[1:]:
            translation_tone(hub, translations, language, rules, problems, memo)


def tone_memo_key(rules: ToneRules) -> str:
    """What the tone found in an incident follows from, besides the incident: the lists and
    the code that matches them (`rules.key`), and this module's choice of texts and words."""
    digest = hashlib.sha256(rules.key.encode("utf-8"))
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def _incident_tone(incident: Incident, rules: ToneRules, language: str | None
                   ) -> list[list[object]]:
    """The tone of an incident's own texts, in the default language, as problem rows."""
    problems = Problems()
    if incident.summary:
        check_text(rules, incident.summary, incident.path,
                   incident.body_line, problems, language=language)
    for update in incident.updates:
        for text, line, name in _update_texts(update):
            check_text(rules, text, update.path, line, problems, name, language=language)
    if incident.postmortem is not None:
        pm = incident.postmortem
        check_text(rules, pm.body, pm.path, pm.body_line, problems, kinds=POSTMORTEM_KINDS,
                   language=language)
    if incident.impact.rank >= Impact.MAJOR.rank:
        missing_elements(incident, rules, problems, language)
    return problems.rows()


def translation_tone(hub: Hub, translations: Translations, language: str, rules: ToneRules,
                     problems: Problems, memo: IncidentMemo) -> None:
    """The tone check of every `language` translation file, with that language's lists; the
    missing elements of a major incident are looked for in its translated statements."""
    for incident in hub.incidents:
        problems.extend(memo.problems(hub, incident, f"tone:{language}", partial(
            _translated_tone, translations, incident, language, rules)))
    for key, items in ((faq_key, hub.faq), (maintenance_key, hub.maintenances)):
        for item in items:
            found = translations.get(language, key(item.id))
            if found is not None:
                check_text(rules, found.texts.get("body", ""), found.path, found.body_line,
                           problems, language=language)


def _translated_tone(translations: Translations, incident: Incident, language: str,
                     rules: ToneRules) -> list[list[object]]:
    """The tone of an incident's `language` translation files, as problem rows."""
    problems = Problems()
    words = translations.get(language, incident_key(incident.id))
    summary = words.texts.get("body", "") if words else ""
    if words and summary:
        check_text(rules, summary, words.path, words.body_line, problems, language=language)
    translated = []
    for position, update in enumerate(incident.updates):
        found = translations.get(language, update_key(update.id))
        if found is None:
            continue
        local = translated_update(update, found)
        translated.append((position, local))
        for text, line, name in _update_texts(local):
            check_text(rules, text, local.path, line, problems, name, language=language)
    postmortem = translations.get(language, postmortem_key(incident.id))
    if incident.postmortem is not None and postmortem and postmortem.postmortem:
        pm = postmortem.postmortem
        check_text(rules, pm.body, pm.path, pm.body_line, problems, kinds=POSTMORTEM_KINDS,
                   language=language)
    if incident.impact.rank >= Impact.MAJOR.rank and translated:
        missing_elements(replace(incident, summary=summary), rules, problems, language,
                         translated)
    return problems.rows()


def missing_elements(incident: Incident, rules: ToneRules, problems: Problems,
                     language: str | None = None,
                     updates: list[tuple[int, Update]] | None = None) -> None:
    """A major or critical incident's statements must be complete (see docs/crisis-practice.md).

    The first statement says what happened, what we are doing and what users should do;
    every open statement says when we speak next; once the cause is identified, one
    statement says sorry. `updates`: (position in the timeline, update) of the statements
    to look at, by default all of them; `language`: the cues of that language only.
    """
    impact = incident.impact.value
    listed = updates if updates is not None else list(enumerate(incident.updates))
    for index, update in listed:
        text = "\n\n".join(t for t, _, _ in _update_texts(update))
        needed = ["what_happened", "what_we_do", "what_users_do"] if index == 0 else []
        if update.status is not UpdateStatus.RESOLVED and update.next_update is None:
            needed.append("next_update")
        missing = [ELEMENT_NAMES[e] for e in needed if not rules.has(e, text, language)]
        if missing:
            which = "the first statement" if index == 0 else "an open statement"
            problems.warning(update.path, update.body_line, None,
                             f"missing: {', '.join(missing)}; in a {impact} incident {which} "
                             "says what happened, what we are doing, what users should do and "
                             "when we speak next")
    identified = next((i for i, (_, u) in enumerate(listed)
                       if u.status.rank >= UpdateStatus.IDENTIFIED.rank), None)
    if identified is None:
        return
    later = [u for _, u in listed[identified:]]
    texts = [incident.summary] + ["\n\n".join(t for t, _, _ in _update_texts(u)) for u in later]
    if not any(rules.has("apology", text, language) for text in texts):
        first = later[0]
        problems.warning(first.path, first.body_line, None,
                         f"missing: an apology; the cause of this {impact} incident is "
                         "identified, so say sorry once, plainly, for what it did to people")
