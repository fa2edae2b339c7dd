"""Incremental builds: after any edit, `crisishub build` leaves exactly the site a clean build
would (byte for byte), while keeping the pages whose inputs did not change."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from jinja2 import TemplateSyntaxError
from support import REPO, HubFolder, front_matter_file

from generator.cli.main import main
from generator.core import endpoints, manifest
from generator.core.manifest import Manifest, Written, output_key, parse_manifest
from generator.reading import incident_cache
from generator.reading.loader import ContentReader
from generator.site import build as site_build
from generator.site.build import BuildFailed, build_site
from generator.site.incremental import manifest_file
from generator.site.settings import load_project

STATUSES = ["investigating", "identified", "monitoring", "resolved"]


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def assert_same_site(incremental: Path, clean: Path) -> None:
    left, right = tree(incremental), tree(clean)
    assert sorted(left) == sorted(right), "the incremental site has other files than a clean one"
    different = [path for path in left if left[path] != right[path]]
    assert different == [], f"pages differ from a clean build: {different[:5]}"


def build_both(project_root: Path) -> tuple[Path, Path]:
    """The incremental build into site/ and a clean build into clean/."""
    project = load_project(project_root / "mkdocs.yml")
    incremental = build_site(project)
    clean = build_site(project, project_root / "clean", clean=True)
    return incremental, clean


class EditableHub(HubFolder):
    """A small hub with its own copy of the templates, so edits can reach every input."""

    def __init__(self, root: Path) -> None:
        shutil.copytree(REPO / "overrides", root / "overrides")
        self.site_name = "Test Status"
        super().__init__(root)
        for number in range(4):
            self.write_incident(f"2026-11-{10 + number:02d}-incident-{number}",
                                title=f"Incident {number}", components={"web": "partial_outage"},
                                started=f"2026-11-{10 + number:02d} 09:00")
            self.write_update(f"2026-11-{10 + number:02d}-incident-{number}", "01-investigating",
                              at=f"2026-11-{10 + number:02d} 09:10")
            if number % 2 == 0:
                self.write_update(f"2026-11-{10 + number:02d}-incident-{number}", "02-resolved",
                                  status="resolved", at=f"2026-11-{10 + number:02d} 11:00",
                                  body="Fixed.")
        self.write_faq("refunds", question="Will I get a refund?",
                       incidents=["2026-11-10-incident-0"])
        self.write("incidents/2026-11-10-incident-0/incident.ru.md",
                   front_matter_file({"title": "Инцидент 0"}))

    def write_config(self, language: str = "en", **plugin: object) -> Path:
        # Bilingual, so the Russian site below ru/ is built incrementally too.
        path = super().write_config(language, **{"languages": ["en", "ru"], **plugin})
        text = path.read_text("utf-8").replace(str(REPO / "overrides"), "overrides")
        path.write_text(text.replace("Test Status", self.site_name), encoding="utf-8")
        return path

    def incident_folders(self) -> list[Path]:
        return sorted(p for p in (self.content / "incidents").iterdir() if p.is_dir())

    def updates(self) -> list[Path]:
        return sorted(p for f in self.incident_folders() for p in f.glob("0*.md")
                      if not p.name.endswith(".ru.md"))


def translation(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".md") + ".ru.md")


def apply(edit: tuple[str, int, int], hub: EditableHub) -> None:
    """One edit a team makes between two builds; `a` and `b` choose what it touches."""
    kind, a, b = edit
    folders, updates = hub.incident_folders(), hub.updates()
    # The FAQ entry names incident 0: removing it would be a content error, not a build.
    movable = [f for f in folders if f.name != "2026-11-10-incident-0"]
    if kind == "add update" and folders:
        folder = folders[a % len(folders)]
        hub.write_update(folder.name, f"0{5 + b % 5}-new", status=STATUSES[b % 4],
                         at=f"{folder.name[:10]} 1{b % 10}:30", body=f"Update number {a}.")
    elif kind == "change update" and updates:
        path = updates[a % len(updates)]
        path.write_text(path.read_text("utf-8") + f"\nMore detail {b}.\n", encoding="utf-8")
    elif kind == "delete update" and updates:
        updates[a % len(updates)].unlink()
        translation(updates[a % len(updates)]).unlink(missing_ok=True)
    elif kind == "rename update" and updates:
        path = updates[a % len(updates)]
        path.rename(path.with_name(f"09-renamed-{b}.md"))
        if translation(path).exists():
            translation(path).rename(translation(path.with_name(f"09-renamed-{b}.md")))
    elif kind == "translate update" and updates:
        # Half the time with the original's words (a link, a number): then only the note
        # "not translated yet" tells the pages apart.
        original = updates[a % len(updates)].read_text("utf-8").split("---\n", 2)[2]
        translation(updates[a % len(updates)]).write_text(
            front_matter_file({}, original if b % 2 == 0 else f"Перевод {b}.\n"),
            encoding="utf-8")
    elif kind == "delete translation" and updates:
        translation(updates[a % len(updates)]).unlink(missing_ok=True)
    elif kind == "add incident":
        day = 1 + b % 20
        hub.write_incident(f"2026-10-{day:02d}-new-{a}", title=f"New {a}",
                           started=f"2026-10-{day:02d} 08:00", components={"api": "major_outage"})
        hub.write_update(f"2026-10-{day:02d}-new-{a}", "01-investigating",
                         at=f"2026-10-{day:02d} 08:05")
    elif kind == "change incident" and folders:
        path = folders[a % len(folders)] / "incident.md"
        path.write_text(path.read_text("utf-8").replace("title: ", f"title: Changed {b} "),
                        encoding="utf-8")
    elif kind == "delete incident" and movable:
        shutil.rmtree(movable[a % len(movable)])
    elif kind == "rename incident" and movable:
        folder = movable[a % len(movable)]
        folder.rename(folder.with_name(f"{folder.name[:10]}-renamed-{b}"))
    elif kind == "change component":
        hub.write_components({"groups": [{"id": "shop", "name": "Shop"}], "components": [
            {"id": "web", "name": f"Website {b}", "group": "shop"}, {"id": "api", "name": "API"},
            *([{"id": "mail", "name": "Mail"}] if a % 2 else [])]})
    elif kind == "change setting":
        hub.site_name = f"Status {b}"
        hub.now = f"2026-11-{24 + a % 3} 12:00"
        hub.write_config()
    elif kind == "change template":
        path = hub.root / "overrides/crisishub" / ["incident.html", "history.html", "macros.html",
                                                    "home.html"][a % 4]
        path.write_text(path.read_text("utf-8") + f"\n{{# edit {b} #}}<!-- edit {b} -->\n",
                        encoding="utf-8")
    elif kind == "write postmortem" and folders:  # published, or to come after the clock
        folder = folders[a % len(folders)]
        hub.write(f"incidents/{folder.name}/postmortem.md", front_matter_file(
            {"summary": f"Cause {'.' * (1 + b)}", "published": f"2026-11-{20 + b % 10} 10:00",
             "lessons": [f"Lesson {b}"],
             "action_items": [{"what": "Fix it", "owner": "Ops", "due": "2026-12-01"}]},
            f"## What happened\n\nPart {b}.\n"))
    elif kind == "delete postmortem" and folders:
        (folders[a % len(folders)] / "postmortem.md").unlink(missing_ok=True)
    elif kind == "add page":
        hub.write(f"pages/about-{a % 3}.md", f"# About {b}\n\nWho we are.\n")
    elif kind == "change maintenance":  # the calendar is kept while its windows are the same
        day = 20 + a % 10
        hub.write_maintenance(f"2026-11-{day}-db", f"Work {b}.", title=f"Upgrade {b}",
                              start=f"2026-11-{day} 02:00", end=f"2026-11-{day} 0{3 + b % 6}:00",
                              components=["web"] if b % 2 else ["api"])


EDITS = st.tuples(
    st.sampled_from(["add update", "change update", "delete update", "rename update",
                     "translate update", "delete translation",
                     "add incident", "change incident", "delete incident", "rename incident",
                     "change component", "change setting", "change template", "add page",
                     "change maintenance", "write postmortem", "delete postmortem"]),
    st.integers(0, 50), st.integers(0, 50))


@settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(EDITS, min_size=1, max_size=4))
# A resolved incident's update translated with the original's words, then its translation
# deleted: only the note over the original's words on its Russian page changes.
@example(edits=[("translate update", 0, 0), ("add update", 1, 3), ("delete translation", 0, 0)])
# A month whose incidents are all resolved (October's new one) is kept while the hub's
# headline, which other pages' link cards say, goes from a major outage to a partial one to
# none.
@example(edits=[("add incident", 0, 0), ("add update", 0, 3), ("add update", 2, 3),
                ("add update", 4, 3)])
# The calendar: a new window, another window, the same window changed, its component renamed.
@example(edits=[("change maintenance", 0, 1), ("change maintenance", 1, 2),
                ("change maintenance", 1, 3), ("change component", 0, 4)])
# A postmortem written, its incident then taken from the cache while another changes, the
# postmortem rewritten (published after the clock: hidden), then deleted.
@example(edits=[("write postmortem", 1, 2), ("add update", 2, 1), ("write postmortem", 1, 7),
                ("delete postmortem", 1, 0)])
def test_after_any_edits_the_incremental_site_equals_a_clean_build(
        tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, int, int]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Files written a moment ago are taken from the incident cache too (each edit here
    # changes a file's size or a folder's names), so that the cache is part of what is tested.
    monkeypatch.setattr(incident_cache, "RACY_NS", 0)
    hub = EditableHub(tmp_path_factory.mktemp("hub"))
    build_site(load_project(hub.root / "mkdocs.yml"))
    for edit in edits:
        apply(edit, hub)
        assert_same_site(*build_both(hub.root))


@pytest.fixture
def editable(tmp_path: Path) -> EditableHub:
    return EditableHub(tmp_path / "hub")


def inode(site: Path, page: str) -> int:
    return (site / page / "index.html").stat().st_ino


def test_a_new_update_renders_its_incident_and_keeps_resolved_incident_pages_and_feeds(
        editable: EditableHub) -> None:
    site = build_site(load_project(editable.root / "mkdocs.yml"))
    resolved, ongoing = "incidents/2026-11-12-incident-2", "incidents/2026-11-11-incident-1"
    feeds = {name: endpoints.incident_feed(name.split("/")[1], "atom")
             for name in (resolved, ongoing)}
    before = {page: inode(site, page) for page in (resolved, ongoing)}
    feeds_before = {page: (site / feed).stat().st_ino for page, feed in feeds.items()}
    russian_before = inode(site, "ru/" + resolved)
    editable.write_update("2026-11-11-incident-1", "02-identified", status="identified",
                          at="2026-11-11 10:00", body="We found the cause.")
    incremental, clean = build_both(editable.root)
    assert inode(incremental, resolved) == before[resolved]  # kept: the same file
    assert inode(incremental, ongoing) != before[ongoing]  # rendered again
    assert (incremental / feeds[resolved]).stat().st_ino == feeds_before[resolved]
    assert (incremental / feeds[ongoing]).stat().st_ino != feeds_before[ongoing]
    # The Russian site below ru/ too: its resolved incident pages are kept.
    assert inode(incremental, "ru/" + resolved) == russian_before
    assert "We found the cause." in (incremental / ongoing / "index.html").read_text("utf-8")
    assert_same_site(incremental, clean)


def test_an_incremental_build_hashes_no_incident_it_read_in_either_language(
        editable: EditableHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each incident the reader made has a digest of its files, and in the Russian site a
    digest of its files and its translations' files: keys are made from those, not by
    serialising 5,000 incidents again."""
    monkeypatch.setattr(incident_cache, "RACY_NS", 0)  # files written just now are trusted
    editable.write("incidents/2026-11-12-incident-2/02-resolved.ru.md",
                   "---\nat: 2026-11-12 11:00\n---\nИсправлено.\n")
    project = load_project(editable.root / "mkdocs.yml")
    build_site(project)
    hashed: list[str] = []
    real = manifest.fingerprint
    monkeypatch.setattr(manifest, "fingerprint", lambda value, **kw: hashed.append(
        getattr(value, "id", type(value).__name__)) or real(value, **kw))
    editable.write_update("2026-11-11-incident-1", "02-identified", status="identified",
                          at="2026-11-11 10:00", body="We found the cause.")
    incremental, clean = build_both(editable.root)
    assert hashed == []
    assert "Исправлено." in (incremental / "ru/incidents/2026-11-12-incident-2/index.html"
                             ).read_text("utf-8")
    assert_same_site(incremental, clean)


def test_a_new_incident_renders_the_history_front_page_and_its_month_not_the_others(
        editable: EditableHub) -> None:
    editable.write_incident("2026-10-05-old", title="Old", components={"web": "major_outage"},
                            started="2026-10-05 09:00")
    editable.write_update("2026-10-05-old", "01-resolved", status="resolved",
                          at="2026-10-05 10:00", body="Fixed.")
    site = build_site(load_project(editable.root / "mkdocs.yml"))
    pages = ("history", "history/2026-11", "history/2026-10", "ru/history/2026-10")
    before = {page: inode(site, page) for page in pages}
    editable.write_incident("2026-11-20-new", title="New", components={"web": "partial_outage"},
                            started="2026-11-20 09:00")
    editable.write_update("2026-11-20-new", "01-investigating", at="2026-11-20 09:10")
    incremental, clean = build_both(editable.root)
    after = {page: inode(incremental, page) for page in pages}
    assert [page for page in pages if after[page] == before[page]] \
        == ["history/2026-10", "ru/history/2026-10"]
    assert_same_site(incremental, clean)
    # A finished month's link card does not say the hub's headline: when that changes, the
    # month's page is still the same.
    editable.write_update("2026-11-20-new", "02-worse", status="identified",
                          at="2026-11-20 10:00", components={"web": "major_outage"})
    incremental, clean = build_both(editable.root)
    assert inode(incremental, "history/2026-10") == after["history/2026-10"]
    assert_same_site(incremental, clean)


def test_the_sitemap_is_kept_until_a_page_comes_or_goes(editable: EditableHub) -> None:
    """MkDocs renders sitemap.xml (and .gz) from every page's address and date; an update
    to an incident changes neither, a new incident adds an address."""
    site = build_site(load_project(editable.root / "mkdocs.yml"))
    sitemaps = ("sitemap.xml", "sitemap.xml.gz", "ru/sitemap.xml", "ru/sitemap.xml.gz")
    before = {path: (site / path).stat().st_ino for path in sitemaps}
    editable.write_update("2026-11-11-incident-1", "02-identified", status="identified",
                          at="2026-11-11 10:00", body="We found the cause.")
    incremental, clean = build_both(editable.root)
    assert {path: (incremental / path).stat().st_ino for path in sitemaps} == before
    assert_same_site(incremental, clean)
    editable.write_incident("2026-11-20-new", title="New", components={"web": "partial_outage"},
                            started="2026-11-20 09:00")
    editable.write_update("2026-11-20-new", "01-investigating", at="2026-11-20 09:10")
    incremental, clean = build_both(editable.root)
    assert all((incremental / path).stat().st_ino != before[path] for path in sitemaps)
    assert "incidents/2026-11-20-new/" in (incremental / "sitemap.xml").read_text("utf-8")
    assert_same_site(incremental, clean)


def test_crisishub_build_after_a_new_update_keeps_the_resolved_incident_pages(
        editable: EditableHub) -> None:
    """The command hands what its check read (content, crisis plan, publishing plan) to the
    build; that changes with every update, so it is no part of a page's key."""
    config = str(editable.root / "mkdocs.yml")
    assert main(["--config", config, "build"]) == 0
    resolved = "incidents/2026-11-12-incident-2"
    before = inode(editable.root / "site", resolved)
    editable.write_update("2026-11-11-incident-1", "02-identified", status="identified",
                          at="2026-11-11 10:00", body="We found the cause.")
    assert main(["--config", config, "build"]) == 0
    assert inode(editable.root / "site", resolved) == before


def test_pages_are_kept_whatever_the_number_of_processes_that_render_them(
        editable: EditableHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """How many processes render the pages (CRISISHUB_WORKERS, the machine's cores) changes
    nothing in them (tests/test_parallel_pages.py), so it is no part of a page's key."""
    config = str(editable.root / "mkdocs.yml")
    resolved = "incidents/2026-11-12-incident-2"
    monkeypatch.setenv("CRISISHUB_WORKERS", "2")
    assert main(["--config", config, "build"]) == 0
    before = inode(editable.root / "site", resolved)
    monkeypatch.setenv("CRISISHUB_WORKERS", "1")
    editable.write_update("2026-11-11-incident-1", "02-identified", status="identified",
                          at="2026-11-11 10:00", body="We found the cause.")
    assert main(["--config", config, "build"]) == 0
    assert inode(editable.root / "site", resolved) == before


def test_clean_renders_every_page(editable: EditableHub) -> None:
    project = load_project(editable.root / "mkdocs.yml")
    site = build_site(project)
    page = "incidents/2026-11-12-incident-2"
    before = inode(site, page)
    assert inode(build_site(project), page) == before
    assert inode(build_site(project, clean=True), page) != before


@pytest.mark.parametrize("cache_text", ["", "{not json", '{"format": "crisishub-manifest/0"}',
                                        "\udcff"])
def test_a_corrupt_cache_is_ignored(editable: EditableHub, cache_text: str) -> None:
    project = load_project(editable.root / "mkdocs.yml")
    site = build_site(project)
    before = inode(site, "incidents/2026-11-12-incident-2")
    manifest_file(editable.root, site).write_text(cache_text, encoding="utf-8",
                                                  errors="surrogateescape")
    site = build_site(project)
    assert inode(site, "incidents/2026-11-12-incident-2") != before


def test_a_page_changed_by_hand_in_the_site_is_rendered_again(editable: EditableHub) -> None:
    project = load_project(editable.root / "mkdocs.yml")
    site = build_site(project)
    page = site / "incidents/2026-11-12-incident-2/index.html"
    page.write_text("defaced", encoding="utf-8")
    build_site(project)
    assert "Incident 2" in page.read_text("utf-8")


def test_another_sites_manifest_is_not_trusted() -> None:
    manifest = Manifest("/srv/site", {"index.html": Written(output_key("x"), 10, 1)})
    assert parse_manifest(manifest.to_json(), "/srv/site") == manifest
    assert parse_manifest(manifest.to_json(), "/srv/other-site") is None


def test_a_killed_incremental_build_leaves_the_previous_site_whole(
        editable: EditableHub, monkeypatch: pytest.MonkeyPatch) -> None:
    project = load_project(editable.root / "mkdocs.yml")
    site = build_site(project)
    before = tree(site)
    editable.write_update("2026-11-11-incident-1", "02-identified", status="identified",
                          at="2026-11-11 10:00", body="We found the cause.")

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(site_build, "swap_in", killed)
    with pytest.raises(KeyboardInterrupt):
        build_site(project)
    assert tree(site) == before
    monkeypatch.undo()
    assert_same_site(*build_both(editable.root))


def test_a_failed_incremental_build_keeps_the_site_and_the_cache(editable: EditableHub) -> None:
    project = load_project(editable.root / "mkdocs.yml")
    site = build_site(project)
    before = tree(site)
    (editable.root / "overrides/crisishub/incident.html").write_text("{% broken", "utf-8")
    with pytest.raises((BuildFailed, TemplateSyntaxError)):
        build_site(project)
    assert tree(site) == before
    cache = manifest_file(editable.root, site).read_text("utf-8")
    assert parse_manifest(cache, str(site)) is not None


def test_pages_are_kept_by_the_next_process_whatever_its_hash_seed(editable: EditableHub) -> None:
    """Keys must not depend on one process's set order or object addresses."""
    kept = []
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", "from generator.cli.main import main; main(['build'])"],
                       cwd=editable.root, check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)})
        kept.append(inode(editable.root / "site", "incidents/2026-11-12-incident-2"))
    assert kept[0] == kept[1]


def test_pages_are_kept_whether_their_incident_came_from_the_files_or_the_cache(
        editable: EditableHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """An incident read from its files and the same incident from the incident cache share
    their strings and times differently; their pages' keys must not see it."""
    monkeypatch.setattr(incident_cache, "RACY_NS", 0)  # files written just now are trusted
    project = load_project(editable.root / "mkdocs.yml")
    site = build_site(project, clean=True)  # every incident read from its files
    pages = ["incidents/2026-11-10-incident-0", "incidents/2026-11-12-incident-2"]
    feeds = ["feeds/incidents/2026-11-10-incident-0.atom.xml"]
    before = [inode(site, page) for page in pages] + [(site / f).stat().st_ino for f in feeds]
    read: list[str] = []
    real = ContentReader._incident
    monkeypatch.setattr(ContentReader, "_incident",
                        lambda self, folder, *args: read.append(folder.name) or
                        real(self, folder, *args))
    build_site(project)  # every incident from the cache
    assert read == []
    assert [inode(site, page) for page in pages] + [(site / f).stat().st_ino for f in feeds] \
        == before


def cache_file(hub: HubFolder, name: str) -> Path:
    return hub.root / ".crisishub-cache" / name


def poison(path: Path, replace: object) -> None:
    """Rewrite every remembered answer in a memo or parse cache file with `replace` (`path`
    like parsed-*.json: in each of those files)."""
    for file in path.parent.glob(path.name):
        data = json.loads(file.read_text("utf-8"))
        entries = data["memo"] if "memo" in data else data["entries"]
        for key, value in entries.items():
            entries[key] = replace(value)  # type: ignore[operator]
        file.write_text(json.dumps(data), encoding="utf-8")


def poison_incident(entry: dict[str, Any]) -> dict[str, Any]:
    """An incident cache entry whose updates say POISON."""
    for update in entry["incident"][8]:
        update[3] = "POISON"
    return entry


def test_build_clean_reads_no_cache(editable: EditableHub, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """`build --clean` parses, checks and renders everything again: whatever the cache folder
    holds (here: answers that lie) does not reach the site or the check."""
    monkeypatch.setattr(incident_cache, "RACY_NS", 0)  # files written just now are trusted
    config = str(editable.root / "mkdocs.yml")
    editable.write_update("2026-11-11-incident-1", "02-identified", status="identified",
                          at="2026-11-11 10:00", body="We found the cause. Rest assured.")
    assert main(["--config", config, "build"]) == 0
    assert "Rest assured" in "".join(capsys.readouterr())  # the tone check's warning
    poison(cache_file(editable, "html.json"), lambda _: "<p>POISON</p>")
    poison(cache_file(editable, "tone.json"), lambda _: [])
    poison(cache_file(editable, "parsed-*.json"),
           lambda entry: [entry[0], "POISON", *entry[2:]])
    poison(cache_file(editable, "incidents-*.json"), poison_incident)
    assert main(["--config", config, "build", "--clean"]) == 0
    assert "Rest assured" in "".join(capsys.readouterr())
    site = editable.root / "site"
    assert not [p for p in site.rglob("*") if p.is_file() and b"POISON" in p.read_bytes()]
    assert "We found the cause." in (
        site / "incidents/2026-11-11-incident-1/index.html").read_text("utf-8")


def test_the_tone_check_remembers_its_findings_per_text_and_list(
        editable: EditableHub, capsys: pytest.CaptureFixture[str]) -> None:
    """A second check finds the same from the memo; a changed tone.yml is a new key, so its
    phrases are looked for in every text again."""
    config = str(editable.root / "mkdocs.yml")
    editable.write_update("2026-11-11-incident-1", "02-identified", status="identified",
                          at="2026-11-11 10:00", body="We found the cause. Rest assured.")
    main(["--config", config, "check"])
    first = "".join(capsys.readouterr())
    memo = json.loads(cache_file(editable, "tone.json").read_text("utf-8"))
    assert memo["memo"]  # one entry per text and question
    main(["--config", config, "check"])
    assert "".join(capsys.readouterr()) == first
    editable.write("tone.yml", "jargon:\n  - found the cause\n")
    main(["--config", config, "check"])
    again = "".join(capsys.readouterr())
    assert "'found the cause'" in again and "'found the cause'" not in first
    assert json.loads(cache_file(editable, "tone.json").read_text("utf-8"))["key"] != memo["key"]


def test_a_cache_committed_to_git_is_not_read(editable: EditableHub,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """`git add -f .crisishub-cache` (or a pull request that brings one): its answers could
    publish something other than the reviewed Markdown, so none is read, and the team is
    told how to take it out of git."""
    monkeypatch.setattr(incident_cache, "RACY_NS", 0)  # files written just now are trusted
    from generator.reading.parse_cache import committed_cache

    config = str(editable.root / "mkdocs.yml")
    assert main(["--config", config, "build"]) == 0
    poison(cache_file(editable, "html.json"), lambda _: "<p>POISON</p>")
    poison(cache_file(editable, "parsed-*.json"), lambda entry: [entry[0], "POISON", *entry[2:]])
    poison(cache_file(editable, "incidents-*.json"), poison_incident)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=editable.root, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-f", ".crisishub-cache")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "cache")
    committed_cache.cache_clear()  # one answer per process: this test changes it
    capsys.readouterr()
    assert main(["--config", config, "build"]) == 0
    assert "git rm -r --cached .crisishub-cache" in "".join(capsys.readouterr())
    site = editable.root / "site"
    assert not [p for p in site.rglob("*") if p.is_file() and b"POISON" in p.read_bytes()]
    committed_cache.cache_clear()
