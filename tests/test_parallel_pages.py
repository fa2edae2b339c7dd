"""A big build renders its pages on every core (generator/site/parallel.py): forked helpers
render a share each. The site is the one a single process builds, byte for byte; a helper's
failure stops the build as a page error does; a helper that vanished is not trusted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO, copy_example
from test_incremental import assert_same_site, tree

from generator.site import parallel

RUNNER = """
import sys
from generator.site import parallel
started = []
share = parallel.share_pages
def counted(*args, **kwargs):
    helpers = share(*args, **kwargs)
    started.append(len(helpers.running))
    return helpers
parallel.share_pages = counted
from generator.cli.main import main
code = main(sys.argv[1:])
print("HELPERS", started)
sys.exit(code)
"""


def crisishub(project: Path, *args: str, workers: str) -> tuple[int, list[int], str]:
    """`crisishub ARGS` in its own process (a fork needs a process without other threads):
    exit code, the helpers each build (language) started, stderr."""
    env = {**os.environ, "CRISISHUB_WORKERS": workers, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", RUNNER, "--config",
                           str(project / "mkdocs.yml"), *args],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)
    counts = [line for line in done.stdout.splitlines() if line.startswith("HELPERS ")]
    started = [int(n) for n in counts[-1][len("HELPERS ["):-1].split(",") if n.strip()] \
        if counts else []
    return done.returncode, started, done.stderr


def test_a_build_with_page_helpers_is_the_one_process_build_byte_for_byte(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    one, three = tmp_path / "one", tmp_path / "three"
    code, started, _ = crisishub(project, "build", "--clean", "--site-dir", str(one), workers="1")
    assert code == 0 and started == []  # one process: no page is shared
    code, started, err = crisishub(project, "build", "--clean", "--site-dir", str(three),
                                   workers="3")
    assert code == 0, err
    assert started == [2, 2]  # two helpers in each language's build
    assert_same_site(three, one)


def test_an_incremental_build_with_page_helpers_equals_a_clean_build(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    assert crisishub(project, "build", workers="1")[0] == 0
    update = next((project / "content" / "incidents").glob("*/02-*.md"))
    update.write_text(update.read_text(encoding="utf-8").replace(
        "\n\n", "\n\nA sentence added to the update.\n\n", 1), encoding="utf-8")
    code, started, err = crisishub(project, "build", workers="2")
    assert code == 0, err
    assert started and started[0] == 1  # the pages to render again were shared
    code, _, err = crisishub(project, "build", "--clean", "--site-dir",
                             str(tmp_path / "clean"), workers="1")
    assert code == 0, err
    assert "A sentence added to the update." in \
        (project / "site" / "incidents" / update.parent.name / "index.html").read_text("utf-8")
    assert_same_site(project / "site", tmp_path / "clean")


VANISHING = """
import os, sys
from generator.site.plugin import CrisisHubPlugin
builder, render, incidents = os.getpid(), CrisisHubPlugin._render_page, []
def vanish(self, config, doc_files, page):
    if os.getpid() != builder and self._incident_of(page) is not None:
        incidents.append(page)
        if len(incidents) == 2:  # as if killed, after an incident's page and feeds
            os.write(2, b"a helper vanished\\n")
            os._exit(9)
    render(self, config, doc_files, page)
CrisisHubPlugin._render_page = vanish
from generator.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_helper_that_vanished_leaves_no_page_or_feed_unmade(tmp_path: Path) -> None:
    """A helper writes an incident's feeds with its page; when it vanishes, the build makes
    its whole share again, feeds too, and the site is the one-process site."""
    project = copy_example(tmp_path)
    one, vanished = tmp_path / "one", tmp_path / "vanished"
    assert crisishub(project, "build", "--clean", "--site-dir", str(one), workers="1")[0] == 0
    env = {**os.environ, "CRISISHUB_WORKERS": "2", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", VANISHING, "--config",
                           str(project / "mkdocs.yml"), "build", "--clean", "--site-dir",
                           str(vanished)], cwd=project, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "a helper vanished" in done.stderr
    assert_same_site(vanished, one)


def test_a_page_that_cannot_be_rendered_stops_the_build_and_keeps_the_site(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    assert crisishub(project, "build", workers="1")[0] == 0
    before = tree(project / "site")
    page = project / "overrides" / "crisishub" / "incident.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}{{ crisishub.no_such.thing }}"),
        encoding="utf-8")
    code, _, err = crisishub(project, "build", workers="3")
    assert code != 0
    assert "no_such" in err  # the page's own error, whichever process met it first
    assert tree(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")
            and p.name != ".site.skeleton"] == []


def test_the_number_of_processes_is_a_whole_number(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    code, _, err = crisishub(project, "build", workers="two")
    assert code == 1
    assert "CRISISHUB_WORKERS=two: write the number of processes that render pages, e.g. " \
           "CRISISHUB_WORKERS=2 (1: one process)" in err
    assert not (project / "site").exists()


def test_page_workers_reads_the_setting_or_counts_the_cores() -> None:
    assert parallel.page_workers({"CRISISHUB_WORKERS": "3"}) == (3, True)
    workers, forced = parallel.page_workers({})
    assert 1 <= workers <= parallel.MAX_WORKERS and not forced
    for wrong in ("0", "-1", "2.5", "many"):
        with pytest.raises(parallel.WorkersError, match="write the number of processes"):
            parallel.page_workers({"CRISISHUB_WORKERS": wrong})


# share_pages itself (tests/parallel_scenarios.py), each scenario in a fresh process.

def scenario(name: str, folder: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import sys, pathlib, parallel_scenarios as s; "
                               f"s.{name}(pathlib.Path(sys.argv[1]))", str(folder)],
        cwd=Path(__file__).parent, env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_every_page_is_rendered_once_and_each_process_takes_as_many(tmp_path: Path) -> None:
    scenario("every_page_once", tmp_path)


def test_a_page_error_in_a_helper_stops_the_build_with_its_message(tmp_path: Path) -> None:
    scenario("page_error", tmp_path)


def test_a_helper_that_vanished_has_its_pages_rendered_here(tmp_path: Path) -> None:
    scenario("vanished", tmp_path)


def test_what_a_helper_logs_is_logged_by_the_build(tmp_path: Path) -> None:
    scenario("logged_again", tmp_path)


def test_no_helper_beside_other_threads_or_for_a_few_pages(tmp_path: Path) -> None:
    scenario("not_shared", tmp_path)


def test_stopped_helpers_write_nothing_more(tmp_path: Path) -> None:
    scenario("stopped", tmp_path)


def test_work_beside_answers_from_another_process_or_not_at_all(tmp_path: Path) -> None:
    scenario("beside", tmp_path)


def test_what_helpers_converted_stays_in_the_memo_for_the_next_build(tmp_path: Path) -> None:
    """A template change renders every incident page again but keeps the feeds: the update
    bodies are then converted (or recalled) by the pages alone, most of them in helpers. The
    memo of converted Markdown must still hold them all, or the next build converts again."""
    project = copy_example(tmp_path)
    assert crisishub(project, "build", workers="1")[0] == 0
    memo = project / ".crisishub-cache" / "html.json"
    before = json.loads(memo.read_text(encoding="utf-8"))["memo"]
    page = project / "overrides" / "crisishub" / "incident.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}<!-- changed -->"), encoding="utf-8")
    code, started, err = crisishub(project, "build", workers="3")
    assert code == 0, err
    assert started and started[0] == 2
    assert json.loads(memo.read_text(encoding="utf-8"))["memo"] == before
