"""One site per language: the default at the root, each other language below `<code>/`.

MkDocs builds one language per run, so the default language's build runs one more build per
other language (the way a multi-config site is built), each with Material's UI in that
language. Hand-written pages follow the content's layout: `about.ru.md` beside `about.md`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from generator.core import endpoints
from generator.core.i18n import Translator
from generator.core.model import Hub
from generator.core.problems import Problems
from generator.core.translations import split_language
from generator.site import parallel
from generator.site.incremental import Incremental


def hand_written_pages(files: Files, config: MkDocsConfig, language: str,
                       languages: tuple[str, ...]) -> None:
    """Keep each hand-written page once: its translation in `language` where one exists."""
    pages = {f.src_uri: f for f in files.documentation_pages()}
    for src_uri, file in pages.items():
        path = Path(src_uri)
        stem, code = split_language(path.stem)
        if code is None or code not in languages:
            continue
        files.remove(file)
        original = (path.parent / f"{stem}{path.suffix}").as_posix()
        if code != language or original not in pages or file.abs_src_path is None:
            continue
        files.remove(pages[original])
        # MkDocs reads it at the original's address (the translation's file, read once).
        files.append(File.generated(config, original, abs_src_path=file.abs_src_path))


def alternates(url: str, language: str, languages: tuple[str, ...],
               site_url: str) -> list[dict[str, str]]:
    """The same page in every language: code, name, link from this page, absolute address."""
    if len(languages) < 2:
        return []
    default = languages[0]
    return [{"lang": code, "name": str(Translator(code)("language.name")),
             "href": endpoints.language_switch(url, language, code, default),
             # the language's site root as a path from the host (Material's `url` filter
             # keeps it; a full address would make Material's script fetch the production
             # sitemap from a preview)
             "root": urlsplit(site_url or "/").path.rstrip("/") + "/"
             + endpoints.language_root(code, default),
             "absolute": endpoints.absolute(site_url, endpoints.language_root(code, default)
                                            + url) if site_url else "",
             "current": "true" if code == language else ""}
            for code in languages]


def build_language(config: MkDocsConfig, language: str, site_url: str, *,
                   content: tuple[Hub, Problems], practice: Any, channels: Any,
                   incremental: Incremental | None = None) -> None:
    """Build the public site of `language` into `<site_dir>/<language>/` with the content
    (and the crisis plan) already read; `incremental` (the state below that folder) keeps
    its unchanged pages as the default language's build does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = endpoints.language_root(language, "")
    sub = load_config(str(config.config_file_path),
                      site_dir=os.path.join(config.site_dir, root),
                      site_url=endpoints.absolute(site_url, root) if site_url else None,
                      strict=bool(config.strict))
    options: Any = sub.plugins["crisishub"].config
    options["build_language"] = language
    options["root_url"] = site_url
    options["content"] = content
    options["practice"] = practice
    options["channels"] = channels
    options["incremental"] = incremental
    workers = config.plugins["crisishub"].config.page_workers or parallel.ONE_PROCESS
    options["page_workers"] = workers
    sub.theme["language"] = language
    # Dirty: MkDocs skips the pages kept from the last build or rendered by a helper.
    build(sub, dirty=incremental is not None or workers[0] > 1)
