"""Applying the tone rules to a hub: which texts are checked, and the warnings' wording.

`tone_rules()` merges the shipped defaults with the hub's `content/tone.yml` (validated,
with line numbers); `tone_problems()` warns about every finding with file and line.
"""

from __future__ import annotations

from typing import Any

from generator.core.documents import Document, parse_settings_file
from generator.core.fields import Fields, close_match
from generator.core.model import Hub, Incident, Update
from generator.core.problems import Problems
from generator.core.vocabulary import Impact, UpdateStatus
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
    lists: dict[str, list[str]] = {kind: entries(v) for kind, v in default_lists().items()
                                   if kind in KINDS}
    cues: dict[str, list[str]] = {name: entries(v)
                                  for name, v in default_lists()["elements"].items()}
    if path is not None and raw is not None:
        _merge_hub_lists(path, raw, problems, lists, cues)
    rules = ToneRules()
    for kind, phrases in lists.items():
        rules.kinds[kind] = [p for p in map(compile_phrase, phrases) if isinstance(p, Phrase)]
    for name, phrases in cues.items():
        rules.elements[name] = [p for p in map(compile_phrase, phrases) if isinstance(p, Phrase)]
    return rules


def _merge_hub_lists(path: str, raw: bytes, problems: Problems, lists: dict[str, list[str]],
                     cues: dict[str, list[str]]) -> None:
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
    defaults = {p for phrases in lists.values() for p in phrases}
    for index, phrase in enumerate(_phrases(fields, ("allow",), data.get("allow"))):
        if phrase not in defaults:
            problems.warning(path, fields.doc.line_of("allow", index), "allow",
                             f"'{phrase}' is in no list, so there is nothing to switch off"
                             f"{close_match(phrase, sorted(defaults))}")
        for kind in KINDS:
            lists[kind] = [p for p in lists[kind] if p != phrase]


def _phrases(fields: Fields, key: tuple[Any, ...], value: Any) -> list[str]:
    """The valid phrases of one list (a list, or a mapping of language → list)."""
    if value is None:
        return []
    groups: list[tuple[tuple[Any, ...], Any]]
    if isinstance(value, dict):
        groups = [((*key, language), items) for language, items in value.items()]
    else:
        groups = [(key, value)]
    found = []
    for group_key, items in groups:
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
            found.append(str(item))
    return found


def check_text(rules: ToneRules, text: str, path: str, first_line: int, problems: Problems,
               field_name: str | None = None, kinds: list[str] = KINDS) -> None:
    """Warn about every listed phrase in `text`, which starts at `first_line` of `path`."""
    for kind, match in rules.findings(text, kinds):
        line = first_line + text.count("\n", 0, match.start)
        found = " ".join(text[match.start:match.end].split())
        problems.warning(path, line, field_name,
                         f"'{found}' {ADVICE[kind]} (tone: {kind} '{match.phrase.text}')")


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


def tone_problems(hub: Hub, rules: ToneRules, problems: Problems) -> None:
    """Warnings for the hub's public text: updates, summaries, postmortems, FAQ, maintenance."""
    for incident in hub.incidents:
        if incident.summary:
            check_text(rules, incident.summary, incident.path,
                       incident.body_line, problems)
        for update in incident.updates:
            for text, line, name in _update_texts(update):
                check_text(rules, text, update.path, line, problems, name)
        if incident.postmortem is not None:
            pm = incident.postmortem
            check_text(rules, pm.body, pm.path, pm.body_line, problems, kinds=POSTMORTEM_KINDS)
        if incident.impact.rank >= Impact.MAJOR.rank:
            missing_elements(incident, rules, problems)
    for entry in hub.faq:
        check_text(rules, entry.answer, entry.path, entry.body_line, problems)
    for maintenance in hub.maintenances:
        check_text(rules, maintenance.body, maintenance.path, maintenance.body_line, problems)


def missing_elements(incident: Incident, rules: ToneRules, problems: Problems) -> None:
    """A major or critical incident's statements must be complete (see docs/crisis-practice.md).

    The first statement says what happened, what we are doing and what users should do;
    every open statement says when we speak next; once the cause is identified, one
    statement says sorry.
    """
    impact = incident.impact.value
    for index, update in enumerate(incident.updates):
        text = "\n\n".join(t for t, _, _ in _update_texts(update))
        needed = ["what_happened", "what_we_do", "what_users_do"] if index == 0 else []
        if update.status is not UpdateStatus.RESOLVED and update.next_update is None:
            needed.append("next_update")
        missing = [ELEMENT_NAMES[e] for e in needed if not rules.has(e, text)]
        if missing:
            which = "the first statement" if index == 0 else "an open statement"
            problems.warning(update.path, update.body_line, None,
                             f"missing: {', '.join(missing)}; in a {impact} incident {which} "
                             "says what happened, what we are doing, what users should do and "
                             "when we speak next")
    identified = next((i for i, u in enumerate(incident.updates)
                       if u.status.rank >= UpdateStatus.IDENTIFIED.rank), None)
    if identified is None:
        return
    later = incident.updates[identified:]
    texts = [incident.summary] + ["\n\n".join(t for t, _, _ in _update_texts(u)) for u in later]
    if not any(rules.has("apology", text) for text in texts):
        first = incident.updates[identified]
        problems.warning(first.path, first.body_line, None,
                         f"missing: an apology; the cause of this {impact} incident is "
                         "identified, so say sorry once, plainly, for what it did to people")
