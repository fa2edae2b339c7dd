"""Writing new content files for the team: a new incident, an update, a resolution.

The text of each file is made by pure functions; `write_new_file` is the only I/O and never
overwrites anything.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from generator.core.model import Incident
from generator.core.timefmt import TimeFormatter
from generator.core.vocabulary import UpdateStatus
from generator.reading.translations import is_translation

DEFAULT_NEXT_UPDATE = timedelta(minutes=30)


# Russian letters in Latin, as in Russian passports (ICAO Doc 9303, GOST R 52535.1-2006):
# a Cyrillic title gets a readable folder name, not '-incident'.
_CYRILLIC_LATIN = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia",
     "i", "i", "ie", "g", "u"], strict=True))


def transliterate(text: str) -> str:
    """Cyrillic letters as Latin ones ('Утечка данных' → 'Utechka dannykh'); the rest kept."""
    def latin(char: str) -> str:
        found = _CYRILLIC_LATIN.get(char.lower())
        if found is None:
            return char
        return found.capitalize() if char.isupper() else found
    return "".join(latin(c) for c in text)


def slugify(title: str) -> str:
    """'Payments failing at checkout!' → 'payments-failing-at-checkout' (ASCII, short);
    Cyrillic is transliterated: 'Утечка данных' → 'utechka-dannykh'."""
    ascii_text = unicodedata.normalize("NFKD", transliterate(title)).encode(
        "ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:50].strip("-") or "incident"


def local_text(moment: datetime, zone: Any) -> str:
    """A time as the team writes it in front-matter: '2026-11-24 10:05' in the hub's zone."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def clock_text(moment: datetime, zone: Any, language: str = "en") -> str:
    """'12:30 PM CET' / '12:30 CET': how a statement names a time later today."""
    return TimeFormatter(zone, language).time(moment).replace("\u202f", " ")


def markdown_file(fields: dict[str, Any], body: str) -> str:
    front_matter = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front_matter}---\n{body.strip()}\n"


def translation_file(body: str) -> str:
    """A translation of an update: no facts (they stay in the original), only its words."""
    return f"---\n---\n{body.strip()}\n"


def update_skeleton(status: UpdateStatus, next_update: str | None) -> str:
    lines = {
        UpdateStatus.INVESTIGATING: "**What we know:** [...]\n\n**What we are doing:** [...]",
        UpdateStatus.IDENTIFIED: "**What we know:** we have found the cause: [...]\n\n"
                                 "**What we are doing:** [...]",
        UpdateStatus.MONITORING: "A fix is in place and we are watching closely. [...]",
        UpdateStatus.RESOLVED: "[What works again, since when, and what people should do now.]",
    }[status]
    if next_update:
        lines += f"\n\n**Next update:** by {next_update}."
    return lines + "\n"


def next_update_file_name(incident_dir: Path, status: UpdateStatus) -> str:
    """'03-identified.md': numbered after the existing updates, never reusing a name."""
    taken = {p.name for p in incident_dir.glob("*.md")}
    # Translations (02-identified.ru.md) share their original's number.
    number = sum(1 for p in incident_dir.glob("*.md") if not is_translation(p)
                 and p.name not in ("incident.md", "postmortem.md")) + 1
    while True:
        name = f"{number:02d}-{status.value}.md"
        if name not in taken:
            return name
        number += 1


def write_new_file(path: Path, text: str) -> Path:
    """Create `path` with `text`; refuses to overwrite (FileExistsError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def find_incident(incidents: list[Incident] | tuple[Incident, ...], name: str) -> Incident:
    """The incident whose id is `name`, or whose id uniquely contains it (a slug, a date)."""
    exact = [i for i in incidents if i.id == name]
    if exact:
        return exact[0]
    matches = [i for i in incidents if name in i.id]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(i.id for i in incidents[:10]) or "none yet"
    if not matches:
        raise LookupError(f"no incident matches '{name}'; incidents: {known}")
    raise LookupError(f"'{name}' matches several incidents: "
                      f"{', '.join(i.id for i in matches)}; give the full folder name")
