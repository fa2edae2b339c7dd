"""The theme's files MkDocs copies into the site are the same when its hidden folders (Material's
14,348 icons) are not walked to list them (generator/site/theme_files.py)."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generator.site import theme_files
from generator.site.theme_files import HiddenFoldersSkipped, skip_hidden_folders

REPO = Path(__file__).resolve().parent.parent


def copied_theme_files(get_env_from: object, config: object) -> list[tuple[str, str]]:
    files = Files([])
    files.add_files_from_theme(get_env_from.get_env(), config)  # type: ignore[attr-defined]
    return [(f.src_uri, f.abs_src_path or "") for f in files]


def test_mkdocs_copies_the_same_theme_files_without_walking_the_hidden_folders() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    before = copied_theme_files(config.theme, config)
    skip_hidden_folders(config.theme)
    skip_hidden_folders(config.theme)  # once is enough: a second call changes nothing
    assert type(config.theme.get_env().loader) is HiddenFoldersSkipped
    assert copied_theme_files(config.theme, config) == before
    assert any(uri.startswith("assets/javascripts/") for uri, _ in before)  # Material's own


def test_the_listing_is_jinjas_without_what_lies_in_hidden_folders(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theme = tmp_path / "theme"
    for name in ("main.html", ".hidden.css", "assets/app.js", ".icons/a/b.svg",
                 "assets/.cache/x.js", "partials/footer.html"):
        (theme / name).parent.mkdir(parents=True, exist_ok=True)
        (theme / name).write_text("x", encoding="utf-8")
    extra = tmp_path / "overrides"
    (extra / "assets").mkdir(parents=True)
    (extra / "assets" / "app.js").write_text("y", encoding="utf-8")
    walked: list[str] = []
    real_walk = os.walk

    def walk(top: str, **options: object):  # type: ignore[no-untyped-def]
        for folder, subfolders, names in real_walk(top, **options):  # type: ignore[call-overload]
            walked.append(os.path.relpath(folder, tmp_path))
            yield folder, subfolders, names

    monkeypatch.setattr(theme_files.os, "walk", walk)
    searchpath = [str(extra), str(theme)]
    listed = HiddenFoldersSkipped(searchpath).list_templates()
    assert not any(".icons" in folder or ".cache" in folder for folder in walked)
    assert listed == [".hidden.css", "assets/app.js", "main.html", "partials/footer.html"]
    every = jinja2.FileSystemLoader(searchpath).list_templates()
    assert listed == [t for t in every if not any(part.startswith(".")
                                                  for part in t.split("/")[:-1])]
