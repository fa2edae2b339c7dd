"""Compiled templates are kept between processes in the user's own cache folder: a build
that builds on the last one compiles no template whose source did not change, and its site
is the same. Code is never read from a folder someone else may write to, and `--clean` reads
none of it (generator/site/compiled_templates.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2.bccache import Bucket
from test_incremental import EditableHub, assert_same_site

from generator.reading.settings import Project
from generator.site.build import build_site
from generator.site.compiled_templates import (
    COMPILED,
    CompiledTemplates,
    compile_signature,
    file_name,
    private_folder,
)
from generator.site.settings import load_project

INCIDENT = "incidents/2026-11-11-incident-1/index.html"


@pytest.fixture
def editable(tmp_path: Path) -> EditableHub:
    return EditableHub(tmp_path / "hub")


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "crisishub" / "templates"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The names of the templates Jinja compiles from source."""
    names: list[str | None] = []
    compile_ = jinja2.Environment.compile

    def counting(env: jinja2.Environment, source: Any, name: str | None = None,
                 *args: Any, **kwargs: Any) -> Any:
        names.append(name)
        return compile_(env, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the next `crisishub build` starts with: nothing compiled in its memory."""
    monkeypatch.setattr(COMPILED, "codes", {})


def built_once(hub: EditableHub, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The hub built once by a fresh process (its templates compiled and kept)."""
    new_process(monkeypatch)
    project = load_project(hub.root / "mkdocs.yml")
    build_site(project)
    return project


def edit_template(hub: EditableHub) -> None:
    template = hub.root / "overrides/crisishub/incident.html"
    template.write_text(template.read_text("utf-8").replace(
        "{% block content %}", "{% block content %}<!-- edited -->"), encoding="utf-8")


def new_update(hub: EditableHub) -> None:
    hub.write_update("2026-11-11-incident-1", "02-identified", status="identified",
                     at="2026-11-11 10:00", body="We found the cause.")


def test_the_next_build_compiles_no_unchanged_template_and_writes_the_same_site(
        editable: EditableHub, cache_home: Path, compiled: list[str | None],
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = built_once(editable, monkeypatch)
    assert "crisishub/incident.html" in compiled and "main.html" in compiled
    assert any(cache_home.iterdir())
    new_process(monkeypatch)
    compiled.clear()
    new_update(editable)
    site = build_site(project)
    assert compiled == []
    assert "We found the cause." in (site / INCIDENT).read_text("utf-8")
    new_process(monkeypatch)
    clean = build_site(project, editable.root / "clean", clean=True)
    assert "crisishub/incident.html" in compiled  # compiled from source: see the next test
    assert_same_site(site, clean)


def test_a_clean_build_reads_no_compiled_template(
        editable: EditableHub, cache_home: Path, compiled: list[str | None],
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = built_once(editable, monkeypatch)
    first = sorted(map(str, compiled))
    new_process(monkeypatch)
    compiled.clear()
    build_site(project, clean=True)
    assert sorted(map(str, compiled)) == first


def test_an_edited_template_is_compiled_again_by_the_next_process(
        editable: EditableHub, cache_home: Path, compiled: list[str | None],
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = built_once(editable, monkeypatch)
    edit_template(editable)
    new_process(monkeypatch)
    compiled.clear()
    site = build_site(project)
    assert set(compiled) == {"crisishub/incident.html"}
    assert "<!-- edited -->" in (site / INCIDENT).read_text("utf-8")


def test_a_rebuild_in_one_process_compiles_only_the_edited_template(
        editable: EditableHub, compiled: list[str | None]) -> None:
    # `serve` rebuilds in one process: templates compiled once are reused from memory, an
    # edited one is compiled again, and the site is the same.
    project = load_project(editable.root / "mkdocs.yml")
    build_site(project, clean=True)
    assert "crisishub/incident.html" in compiled  # (a first build may find them compiled)
    compiled.clear()
    build_site(project, clean=True)
    assert compiled == []
    edit_template(editable)
    site = build_site(project, clean=True)
    assert set(compiled) == {"crisishub/incident.html"}
    assert "<!-- edited -->" in (site / "incidents/2026-11-12-incident-2/index.html").read_text()


def plant(folder: Path, buckets: list[Bucket], template: str, marker: str) -> None:
    """Replace the compiled `template` in `folder` by code that also writes `marker`, under
    the real source's checksum: what someone able to write there could do."""
    bucket = next(b for b in buckets if b.code is not None
                  and b.code.co_filename.endswith(template))
    env = bucket.environment
    source = Path(bucket.code.co_filename).read_text("utf-8").replace(
        "{% block content %}", "{% block content %}" + marker)
    planted = Bucket(env, bucket.key, bucket.checksum)
    planted.code = env.compile(source, template, bucket.code.co_filename)
    signature = compile_signature(env)
    assert signature is not None
    name = file_name(bucket.key, signature)
    assert name is not None
    (folder / name).write_bytes(planted.bytecode_to_string())


@pytest.mark.parametrize("unsafe", ["none", "the folder", "the folder above"])
def test_compiled_code_is_read_only_from_a_folder_no_one_else_may_write(
        editable: EditableHub, cache_home: Path, monkeypatch: pytest.MonkeyPatch,
        unsafe: str) -> None:
    buckets: list[Bucket] = []
    dump = CompiledTemplates.dump_bytecode

    def recording(self: CompiledTemplates, bucket: Bucket) -> None:
        buckets.append(bucket)
        dump(self, bucket)

    monkeypatch.setattr(CompiledTemplates, "dump_bytecode", recording)
    project = built_once(editable, monkeypatch)
    plant(cache_home, buckets, "crisishub/incident.html", "<!-- planted -->")
    if unsafe == "the folder":
        cache_home.chmod(0o777)
    elif unsafe == "the folder above":
        cache_home.parent.chmod(0o775)
    new_process(monkeypatch)
    new_update(editable)
    page = (build_site(project) / INCIDENT).read_text("utf-8")
    # The planted file shows the folder is read (the trust is the folder's)...
    assert ("<!-- planted -->" in page) is (unsafe == "none")
    # ...and a folder others may write is not used at all, not even written.
    assert (private_folder() is None) is (unsafe != "none")


def test_a_damaged_file_is_compiled_again(
        editable: EditableHub, cache_home: Path, compiled: list[str | None],
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = built_once(editable, monkeypatch)
    for file in cache_home.iterdir():
        file.write_bytes(file.read_bytes()[:40])  # past Jinja's header, into the checksum
    new_process(monkeypatch)
    compiled.clear()
    new_update(editable)
    site = build_site(project)
    assert "crisishub/incident.html" in compiled
    new_process(monkeypatch)
    assert_same_site(site, build_site(project, editable.root / "clean", clean=True))


def test_the_folder_is_the_users_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = private_folder()
    assert folder == tmp_path / "cache/crisishub/templates"
    assert folder is not None and folder.stat().st_mode & 0o777 == 0o700
    assert folder.stat().st_uid == os.getuid()
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as XDG says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert private_folder() == tmp_path / "home/.cache/crisishub/templates"
