"""Editing in the browser (issue 16, point 6): `crisishub admin` writes Decap CMS's config from
the content model, so the editor offers exactly what `check` accepts, and the page that loads
Decap from a local copy. What Decap writes is checked in tests/browser/test_decap_files.py, the
editor itself in tests/browser/test_editing_in_browser.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from support import REPO, HubFolder, build_site, example_hub, run_cli

from generator.core.documents import read_document
from generator.core.problems import Problems
from generator.core.vocabulary import ComponentStatus, Impact, UpdateStatus
from generator.outputs import cms_config as editor
from generator.reading.components import COMPONENT_FIELDS, GROUP_FIELDS
from generator.reading.loader import FAQ_FIELDS, INCIDENT_FIELDS, MAINTENANCE_FIELDS, UPDATE_FIELDS
from generator.reading.scheduled import SCHEDULED_FIELDS

ACTIVE = "2026-11-24-delivery-tracking-delays"


def example_config(**settings: Any) -> dict[str, Any]:
    return editor.cms_config(example_hub(), languages=("en", "ru"), time_zone="Europe/Berlin",
                             channels=["mastodon", "x"], settings=editor.EditorSettings(**settings))


def collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c["name"] == name)


def fields(config: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in collection(config, name)["fields"]}


def test_every_collection_offers_exactly_the_fields_the_reader_accepts() -> None:
    config = example_config()
    assert list(fields(config, "incidents")) == [*INCIDENT_FIELDS, "body"]
    assert list(fields(config, f"updates-{ACTIVE}")) == [*UPDATE_FIELDS, "body"]
    assert list(fields(config, "maintenance")) == [*MAINTENANCE_FIELDS, "body"]
    assert list(fields(config, "faq")) == [*FAQ_FIELDS, "body"]
    assert list(fields(config, "scheduled")) == SCHEDULED_FIELDS
    [components_file] = collection(config, "components")["files"]
    assert components_file["file"] == "content/components.yml"
    groups, components = components_file["fields"]
    assert [f["name"] for f in groups["fields"]] == GROUP_FIELDS
    assert [f["name"] for f in components["fields"]] == COMPONENT_FIELDS


def test_selects_offer_the_vocabulary_the_components_and_the_hubs_time_format() -> None:
    config = example_config()
    hub = example_hub()
    incident = fields(config, "incidents")
    assert incident["impact"]["options"] == Impact.values()
    update = fields(config, f"updates-{ACTIVE}")
    assert (update["status"]["widget"], update["status"]["options"]) == ("select",
                                                                         UpdateStatus.values())
    states = update["components"]["fields"]
    assert [f["name"] for f in states] == [c.id for c in hub.components]
    assert all(f["options"] == ComponentStatus.values() and not f["required"] for f in states)
    assert update["at"] | {"hint": ""} == {
        "name": "at", "label": "Time", "widget": "datetime", "format": "YYYY-MM-DD HH:mm",
        "date_format": "YYYY-MM-DD", "time_format": "HH:mm", "required": True, "hint": ""}
    assert "Europe/Berlin" in update["at"]["hint"]
    relation = fields(config, "maintenance")["components"]
    assert (relation["widget"], relation["collection"], relation["value_field"]) == (
        "relation", "components", "components.*.id")
    assert fields(config, "faq")["incidents"]["options"] == [i.id for i in hub.incidents]
    assert fields(config, "scheduled")["channels"]["options"] == ["mastodon", "x"]


def test_translations_are_files_beside_the_original_and_carry_only_words() -> None:
    config = example_config()
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["en", "ru"],
                              "default_locale": "en"}
    translated = {name: [f["name"] for f in collection(config, name)["fields"] if f.get("i18n")]
                  for name in ("incidents", f"updates-{ACTIVE}", "maintenance", "faq")}
    assert translated == {"incidents": ["title", "body"], f"updates-{ACTIVE}": ["social", "body"],
                          "maintenance": ["title", "body"], "faq": ["question", "body"]}
    assert "i18n" not in collection(config, "scheduled")


def test_updates_are_offered_for_every_open_incident_in_its_folder() -> None:
    config = example_config()
    open_ids = [i.id for i in example_hub().incidents if not i.is_resolved]
    updates = [c for c in config["collections"] if c["name"].startswith("updates-")]
    assert [c["folder"] for c in updates] == [f"content/incidents/{i}" for i in open_ids]
    assert open_ids == [ACTIVE]


def test_a_statement_has_no_component_states_and_one_language_no_i18n(tmp_path: Path) -> None:
    hub = HubFolder(tmp_path)
    hub.write_incident("2026-11-24-rumour", title="Reports of a leak", kind="statement")
    hub.write_update("2026-11-24-rumour", "01-investigating", at="2026-11-24 10:00")
    loaded, problems = hub.load()
    assert not problems.errors
    config = editor.cms_config(loaded, languages=("en",), time_zone="Europe/Berlin",
                               channels=[], settings=editor.EditorSettings())
    assert "components" not in fields(config, "updates-2026-11-24-rumour")
    assert "i18n" not in config
    assert fields(config, "scheduled")["channels"]["widget"] == "list"


def test_a_reader_field_without_a_widget_fails_the_generation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor, "UPDATE_FIELDS", [*UPDATE_FIELDS, "mood"])
    with pytest.raises(LookupError, match="no editor widget for the field.s. mood: add one"):
        example_config()


def test_backends_local_first_then_github_with_oauth_and_the_editorial_workflow() -> None:
    config = example_config(repo="fernway/status", base_url="https://auth.fernway.example",
                            editorial_workflow=True)
    assert config["backend"] == {"name": "github", "branch": "main", "repo": "fernway/status",
                                 "base_url": "https://auth.fernway.example"}
    assert config["local_backend"] is True
    assert config["publish_mode"] == "editorial_workflow"
    elsewhere = example_config(local_backend_url="http://127.0.0.1:9000/api/v1")
    assert elsewhere["local_backend"] == {"url": "http://127.0.0.1:9000/api/v1"}
    assert "publish_mode" not in elsewhere


def fake_decap_package(root: Path) -> Path:
    """The files of the npm package that `crisishub admin` copies: the main script and a chunk."""
    dist = root / "node_modules" / "decap-cms" / "dist"
    dist.mkdir(parents=True)
    (dist / "decap-cms.js").write_text("/* decap */", encoding="utf-8")
    (dist / "103.decap-cms.js").write_text("/* chunk */", encoding="utf-8")
    (dist / "103.decap-cms.js.map").write_text("{}", encoding="utf-8")
    return dist.parent


def test_crisishub_admin_writes_the_config_the_page_and_decap_from_npm(
        example_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake_decap_package(example_copy)
    assert run_cli(example_copy, "admin", "--repo", "fernway/status") == 0
    admin = example_copy / "admin"
    assert sorted(p.name for p in admin.iterdir()) == ["103.decap-cms.js", "config.yml",
                                                       "decap-cms.js", "index.html"]
    config = yaml.safe_load((admin / "config.yml").read_text("utf-8"))
    assert config["backend"]["repo"] == "fernway/status"
    page = (admin / "index.html").read_text("utf-8")
    assert '<script src="decap-cms.js"></script>' in page and "https://" not in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert capsys.readouterr().out.strip() == f"{admin / 'config.yml'} and 3 more files"


def test_crisishub_admin_without_decap_says_what_to_install(
        example_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(example_copy, "admin") == 2
    main = example_copy / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
    assert capsys.readouterr().err.strip() == (
        f"error: {main} is missing: install Decap CMS from npm in the folder with mkdocs.yml "
        "(npm install decap-cms decap-server), or name its folder with --decap "
        "path/to/node_modules/decap-cms (decap_cms: under plugins.crisishub)")
    assert not (example_copy / "admin").exists()
    assert run_cli(example_copy, "admin", "--config-only") == 0
    assert [p.name for p in (example_copy / "admin").iterdir()] == ["config.yml"]


def test_crisishub_admin_refuses_content_with_errors(
        example_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The wrong status, and its translation then has no original: two errors.
    update = example_copy / "content" / "incidents" / ACTIVE / "02-identified.md"
    update.write_text(update.read_text("utf-8").replace("status: identified", "status: fixed"),
                      encoding="utf-8")
    assert run_cli(example_copy, "admin", "--config-only") == 1
    assert capsys.readouterr().err.strip().endswith(
        "error: the content has 2 error(s); the editor is generated from what `crisishub check` "
        "accepts: run it and fix them first")
    assert not (example_copy / "admin").exists()


def with_editor(project: Path, place: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("  - crisishub:\n", f"  - crisishub:\n      editor: {place}\n"
                                   "      editor_repo: fernway/status\n", 1), encoding="utf-8")


def test_the_editor_is_built_on_the_internal_site_only_when_asked(example_copy: Path) -> None:
    fake_decap_package(example_copy)
    with_editor(example_copy, "internal")
    internal = build_site(example_copy, example_copy / "site-internal", internal=True)
    public = build_site(example_copy, example_copy / "site")
    assert sorted(p.name for p in (internal / "admin").iterdir()) == [
        "103.decap-cms.js", "config.yml", "decap-cms.js", "index.html"]
    config = yaml.safe_load((internal / "admin" / "config.yml").read_text("utf-8"))
    assert config["backend"]["repo"] == "fernway/status"
    assert not (public / "admin").exists() and not (public / "ru" / "admin").exists()


def test_the_editor_on_the_public_site_is_an_explicit_choice(example_copy: Path) -> None:
    fake_decap_package(example_copy)
    with_editor(example_copy, "public")
    public = build_site(example_copy, example_copy / "site")
    internal = build_site(example_copy, example_copy / "site-internal", internal=True)
    assert (public / "admin" / "index.html").is_file()
    assert not (public / "ru" / "admin").exists() and not (internal / "admin").exists()


def test_the_example_hub_builds_no_editor(example_site: Path) -> None:
    assert not (example_site / "admin").exists()


def test_front_matter_reads_yes_and_no_as_text_the_way_decap_writes_them() -> None:
    doc = read_document("x.md", b"---\ntitle: Yes\nowner: no\ndraft: true\n---\nText.", Problems())
    assert doc is not None
    assert doc.meta == {"title": "Yes", "owner": "no", "draft": True}


def test_the_readme_shows_the_config_as_the_command_writes_it() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    start = readme.index("(`admin/config.yml`, excerpt):\n\n```yaml\n") + len(
        "(`admin/config.yml`, excerpt):\n\n```yaml\n")
    excerpt = readme[start:readme.index("```", start)]
    text = editor.render(example_config())
    assert text.startswith("# Generated by `crisishub admin` from the content model")
    assert excerpt in text
