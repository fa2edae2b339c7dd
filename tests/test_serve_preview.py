"""`crisishub serve` shows an edited incident's page first (generator/site/preview.py): the
page is rendered with the last build's layout before the rebuild, and it is the very page
the rebuild then makes. Anything it cannot show exactly is left to the rebuild."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from generator.reading.settings import Project
from generator.site.build import build_site
from generator.site.preview import LastBuild, edited_incident
from generator.site.settings import load_project

INCIDENT = "2026-11-24-delivery-tracking-delays"
PAGE = f"incidents/{INCIDENT}/index.html"
SERVE_URL = "http://127.0.0.1:8000/"


def test_only_changes_inside_one_incident_folder_are_shown_first(tmp_path: Path) -> None:
    content = tmp_path / "content"
    one = content / "incidents" / INCIDENT
    assert edited_incident([str(one / "02-identified.md")], content) == INCIDENT
    assert edited_incident([str(one / "02-identified.md"), str(one / "03-monitoring.md"),
                            str(one)], content) is None  # the folder itself: added or moved
    assert edited_incident([str(one / "02-identified.md"),
                            str(content / "incidents/2026-10-09-x/01.md")], content) is None
    assert edited_incident([str(content / "faq/refunds.md")], content) is None
    assert edited_incident([str(content / "incidents/stray.md")], content) is None
    assert edited_incident([str(content / "incidents/.trash/01.md")], content) is None
    assert edited_incident([str(tmp_path / "mkdocs.yml")], content) is None
    assert edited_incident([], content) is None


class Served:
    """The example hub built as serve builds it, and the last build kept as serve keeps it."""

    def __init__(self, root: Path) -> None:
        self.project: Project = load_project(root / "mkdocs.yml")
        self.site = root / "served"
        self.last: list[LastBuild] = []
        self.rebuild()

    def rebuild(self) -> bytes:
        self.last.clear()
        build_site(self.project, self.site, serve_url=SERVE_URL, built=lambda config:
                   self.last.append(LastBuild(self.project, config, self.site)))
        return (self.site / PAGE).read_bytes()

    def show_first(self, *changed: Path) -> str | None:
        return self.last[-1].show_first([str(path) for path in changed])


@pytest.fixture
def served(example_copy: Path) -> Served:
    return Served(example_copy)


def update_file(served: Served, name: str = "02-identified.md") -> Path:
    return served.project.content_dir / "incidents" / INCIDENT / name


def test_an_edited_update_is_shown_first_as_the_rebuild_makes_it(served: Served) -> None:
    update = update_file(served)
    update.write_text(update.read_text("utf-8").replace(
        "clearing the backlog.", "clearing the backlog. We have added more servers."), "utf-8")
    assert served.show_first(update) == f"incidents/{INCIDENT}/"
    shown = (served.site / PAGE).read_bytes()
    assert b"We have added more servers." in shown
    # Written as MkDocs writes any page (not a private temporary file's mode), nothing left.
    assert (served.site / PAGE).stat().st_mode == (served.site / "index.html").stat().st_mode
    assert not list((served.site / PAGE).parent.glob(".preview-*"))
    assert served.rebuild() == shown  # byte for byte (the example's clock is frozen)


def test_a_new_update_and_a_new_title_are_shown_first(served: Served) -> None:
    folder = update_file(served).parent
    (folder / "03-monitoring.md").write_text(
        "---\nat: 2026-11-24 11:30\nstatus: monitoring\ncomponents:\n"
        "  delivery-tracking: degraded_performance\n---\nPositions are catching up.\n", "utf-8")
    incident = folder / "incident.md"
    incident.write_text(incident.read_text("utf-8").replace(
        "title: ", "title: Late parcels, ", 1), "utf-8")
    assert served.show_first(folder / "03-monitoring.md", incident) is not None
    shown = (served.site / PAGE).read_bytes()
    assert b"Positions are catching up." in shown and b"Late parcels, " in shown
    assert served.rebuild() == shown


def test_what_the_rebuild_must_show_is_not_shown_first(served: Served) -> None:
    """An error, a placeholder, an incident made a draft, a new incident, a change beside an
    incident: nothing is rendered first; the page stays as the last build left it."""
    before = (served.site / PAGE).read_bytes()
    update = update_file(served)
    good = update.read_text("utf-8")
    cases = {
        "an error": good.replace("status: identified", "status: identifiedd"),
        "a placeholder": good.replace("clearing the backlog.", "clearing the [BACKLOG]."),
    }
    for case, text in cases.items():
        update.write_text(text, "utf-8")
        assert served.show_first(update) is None, case
        assert (served.site / PAGE).read_bytes() == before, case
    update.write_text(good, "utf-8")
    incident = update.parent / "incident.md"
    original = incident.read_text("utf-8")
    incident.write_text(original.replace("---\n", "---\ndraft: true\n", 1), "utf-8")
    assert served.show_first(incident) is None
    incident.write_text(original, "utf-8")
    new = served.project.content_dir / "incidents/2026-11-30-new-incident"
    shutil.copytree(update.parent, new)
    assert served.show_first(new / "02-identified.md") is None
    assert served.show_first(update, served.project.content_dir / "faq") is None
    assert (served.site / PAGE).read_bytes() == before


def test_the_hub_with_an_incident_read_again_keeps_its_order(served: Served) -> None:
    """`Hub.with_incident`: the incident of the same id is replaced, and the hub stays newest
    first, also when the edit moved the incident's start."""
    hub = served.last[-1].plugin.content_read[0]
    oldest = hub.incidents[-1]
    moved = replace(oldest, started=hub.incidents[0].started + timedelta(minutes=1))
    again = hub.with_incident(moved)
    assert [i.id for i in again.incidents] == \
        [oldest.id] + [i.id for i in hub.incidents if i.id != oldest.id]
    assert again.incident(oldest.id) is moved
    assert hub.with_incident(oldest).incidents == hub.incidents
