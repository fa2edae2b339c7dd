"""The one way a YAML settings file of content/ (channels.yml, deploy.yml) becomes checked
fields: missing means defaults; unreadable or not a mapping is one problem at line 1."""

from __future__ import annotations

from pathlib import Path

from generator.core.documents import Document, parse_settings_file
from generator.core.fields import Fields
from generator.core.problems import Problems


def settings_fields(path: Path, shown: str, problems: Problems, *, allowed: list[str],
                    kind: str, layout: str) -> Fields | None:
    """The file's top-level fields, or None (the caller's defaults) when the file is missing,
    cannot be parsed, or is not 'name: value' lines; `layout` says what goes where."""
    if not path.is_file():
        return None
    parsed = parse_settings_file(shown, path.read_bytes(), problems)
    if parsed is None:
        return None
    data, lines = parsed
    if not isinstance(data, dict):
        problems.error(shown, 1, None, f"write the settings as 'name: value' lines, {layout}")
        return None
    return Fields(Document(shown, data, "", 1, lines), problems, allowed=allowed, required=[],
                  kind=kind)
