"""The theme's static files, listed without walking its hidden folders.

Before any plugin event that sees the files, MkDocs lists the theme's files to copy into the
site (`Files.add_files_from_theme`): every file below every theme folder, from the Jinja
loader's `list_templates`, each then matched against patterns that drop, among others,
every path with a folder or file name starting with a dot (`.*` and `*/.*`). Material keeps
14,348 icons in its hidden `.icons/` folder (for the emoji extension), so every build of
every language walked and matched them only to drop them: 65-70 ms of each build, a
fortieth of a build after one new update on a hub of 5,000 incidents.

`skip_hidden_folders` makes the theme's Jinja environments list their files without going
into a hidden folder; the files MkDocs then copies are the same (tests/test_theme_files.py
compares them). Templates are loaded as before: only the listing changes. Relies on MkDocs
1.6's `Theme.get_env` and the patterns of its `add_files_from_theme`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import jinja2


class HiddenFoldersSkipped(jinja2.FileSystemLoader):
    """Jinja's FileSystemLoader, whose `list_templates` does not go into a folder whose name
    starts with a dot (Jinja 3.1's listing otherwise: sorted, `/`-separated, no `./`)."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                for name in names:
                    template = os.path.join(folder, name)[len(searchpath):] \
                        .strip(os.path.sep).replace(os.path.sep, "/")
                    found.add(template[2:] if template[:2] == "./" else template)
        return sorted(found)


def skip_hidden_folders(theme: Any) -> None:
    """From now on, the environments `theme.get_env()` makes (MkDocs makes one per build)
    list the theme's files with `HiddenFoldersSkipped`."""
    if getattr(theme.get_env, "skips_hidden_folders", False):
        return
    theme.get_env = _skipping(theme.get_env)


def _skipping(get_env: Callable[[], jinja2.Environment]) -> Callable[[], jinja2.Environment]:
    def skipping_get_env() -> jinja2.Environment:
        env = get_env()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:  # what MkDocs 1.6 makes
            env.loader = HiddenFoldersSkipped(loader.searchpath, loader.encoding,
                                              loader.followlinks)
        return env

    skipping_get_env.skips_hidden_folders = True  # type: ignore[attr-defined]
    return skipping_get_env
