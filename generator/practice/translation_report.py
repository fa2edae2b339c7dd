"""How late each translation came after its original: the crisis report's language section.

PR heads ask it of a bilingual hub: did the Russian audience learn the same thing at the
same time? Measured from the update's `at` to its translation's `translated_at` (a
translation without it counts as published with its original)."""

from __future__ import annotations

from typing import Any

from generator.core.model import Hub
from generator.core.translations import Translations, translation_delays


def translation_rows(hub: Hub, languages: tuple[str, ...]) -> list[dict[str, Any]]:
    """One row per published update and other language: minutes late, or None when missing."""
    translations = Translations(languages, hub.translations.items if hub.translations else ())
    return [{"update": d.update.id, "language": d.language,
             "minutes_late": None if d.delay is None else int(d.delay.total_seconds() // 60),
             "translation": d.path}
            for d in translation_delays(hub, translations)]


def translation_text(rows: list[dict[str, Any]]) -> str:
    """The rows as the report's plain-text section ('' for a hub in one language)."""
    if not rows:
        return ""
    lines = ["", "Translations (minutes after the original)"]
    for row in rows:
        late = "missing" if row["minutes_late"] is None else f"{row['minutes_late']} min"
        lines.append(f"  {row['update']} [{row['language']}]: {late}")
    return "\n".join(lines) + "\n"
