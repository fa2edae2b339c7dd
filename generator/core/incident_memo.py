"""What a check found in one incident, kept under the digest of what the incident was made from.

A check whose findings about an incident follow from the incident's files (its translations'
too) and from the check's own rules and code asks `IncidentMemo.found`: an incident whose
source is known (`Hub.sources`, and `Translations.sources` in a hub of several languages) is
looked at once per source and key, and the next run takes what was found from the memo. An
incident without a known source (read with a problem, or changed after reading: a draft
update hidden) is always looked at. The memo holds JSON data (problem rows, say), so it can
be kept in the cache folder (`reading/memo_file.py`) by the command that reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.core.model import Hub, Incident
from generator.core.problems import Problems
from generator.core.translations import translated_source


def problem_rows(data: Any) -> bool:
    """Whether `data` are rows of problems as `Problems.rows()` gives them."""
    return isinstance(data, list) and all(
        isinstance(row, list) and len(row) == 5 and isinstance(row[0], str)
        and (row[1] is None or isinstance(row[1], int)) and isinstance(row[3], str)
        for row in data)


def incident_source(hub: Hub, incident: Incident) -> str | None:
    """A digest of what `incident` was made from: its files and, in a hub of several
    languages, its translation files; None when one of them is not known."""
    translations = hub.translations
    source = translated_source(hub, translations, incident) \
        if translations is not None and translations.languages else hub.source_of(incident)
    return None if source is None else source.hex()[:40]


@dataclass
class IncidentMemo:
    """What one check found per incident source; `key`: the check's rules and code."""

    key: str = ""
    memo: dict[str, Any] = field(default_factory=dict)
    asked: set[str] = field(default_factory=set)  # the entries this run used
    recalled: set[str] = field(default_factory=set)  # the entries read from the cache
    changed: bool = False  # an entry read from the cache was completed (see `completed`)

    def found(self, hub: Hub, incident: Incident, part: str, look: Callable[[], Any],
              valid: Callable[[Any], bool]) -> tuple[str | None, Any]:
        """(entry, what `look()` finds in `incident`); `part` names what is looked at (one
        language's texts, say). The entry is None when the incident's source is unknown:
        then `look()` is asked every time. What the memo holds is used only when `valid`
        says it has the shape `look()` gives (a cache file is data, never trusted)."""
        source = incident_source(hub, incident)
        if source is None:
            return None, look()
        entry = f"{part}:{source}"
        self.asked.add(entry)
        if entry not in self.memo or not valid(self.memo[entry]):
            self.memo[entry] = look()
            self.recalled.discard(entry)
        return entry, self.memo[entry]

    def problems(self, hub: Hub, incident: Incident, part: str,
                 look: Callable[[], list[list[object]]]) -> Problems:
        """The problems `look()` finds in `incident`, as problem rows (`Problems.rows()`)."""
        return Problems.from_rows(self.found(hub, incident, part, look, problem_rows)[1])

    def completed(self, entry: str | None) -> None:
        """Note that the data of `entry` was completed in place (a part looked at lazily)."""
        if entry is not None and entry in self.recalled:
            self.changed = True
