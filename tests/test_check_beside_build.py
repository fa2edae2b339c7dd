"""After a previous build, `crisishub build` finds the problems that never stop a build
(cross-posting, the plan, tone, dates) on another core while it builds the site (`advise`
in cli/main.py, `beside` in site/parallel.py). It prints what `crisishub check` prints,
before what the build logged; it keeps what that process counted; and when that process
ends without an answer, the build finds the problems itself. A clean or first build, which
renders every page on every core, finds them itself, first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from support import REPO, copy_example

INCIDENT = "content/incidents/2026-11-24-delivery-tracking-delays"

RUNNER = """
import os, sys
from generator.site import parallel
forked = []
start = parallel.beside
def counted(work):
    if os.environ.get("KILL_BESIDE"):  # the other process dies before it answers
        work = lambda: os._exit(1)
    beside = start(work)
    forked.append(beside.pid is not None)
    return beside
parallel.beside = counted
from generator.cli.main import main
code = main(sys.argv[1:])
print("FORKED", forked)
sys.exit(code)
"""


def crisishub(project: Path, *args: str, kill: bool = False,
              workers: str = "2") -> tuple[int, str, str]:
    """`crisishub ARGS` in a process of its own (a fork needs a process without threads),
    with two processes allowed (as on any machine with two cores or more): exit code,
    stdout, stderr."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "KILL_BESIDE": "1" if kill else "",
           "CRISISHUB_WORKERS": workers}
    done = subprocess.run([sys.executable, "-c", RUNNER, "--config",
                           str(project / "mkdocs.yml"), *args],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


def troubled_example(parent: Path, name: str) -> Path:
    """The example with a problem of each kind the check finds beside the build, and a
    hand-written page with a broken link, which MkDocs warns about while it builds."""
    project = copy_example(parent, name)
    update = project / INCIDENT / "02-identified.md"
    text = update.read_text(encoding="utf-8")
    text = text.replace('social: "We found why', 'social: "' + "Tracking is late. " * 20
                        + "We found why")  # too long for every channel: an error
    text = text.replace("We are sorry that", "We apologize for any inconvenience. We are "
                        "sorry that")  # a cliché: a warning
    update.write_text(text, encoding="utf-8")
    (project / INCIDENT / "03-monitoring.md").write_text(  # after the build time: a warning
        "---\nat: 2026-11-24 13:30\nstatus: monitoring\n---\nPositions arrive on time.\n",
        encoding="utf-8")
    about = project / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [the old page](missing.md).\n",
                     encoding="utf-8")
    return project


def problem_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("content/")]


def test_build_prints_what_check_finds_before_what_the_build_logged(tmp_path: Path) -> None:
    project = troubled_example(tmp_path, "project")
    code, _, checked = crisishub(project, "check")
    assert code == 1
    found = problem_lines(checked)
    assert any("too long for x" in line for line in found)
    assert any("cliché" in line for line in found)
    assert any("is in the future" in line for line in found)

    for first in ("build", "build --clean"):  # every page rendered: no process beside
        code, out, err = crisishub(project, *first.split())
        assert code == 0 and "FORKED []" in out, err  # none started
        assert problem_lines(err) == found

    code, out, err = crisishub(project, "build", workers="1")  # one process, as said
    assert code == 0 and "FORKED [False]" in out, err
    assert problem_lines(err) == found

    code, out, err = crisishub(project, "build")
    assert code == 0, err
    assert "FORKED [True]" in out  # after a previous build: the check ran in another process
    assert problem_lines(err) == found
    lines = err.splitlines()
    broken_link = next(i for i, line in enumerate(lines) if "missing.md" in line)
    assert lines[broken_link].startswith("WARNING: Doc file 'about.md'")
    assert broken_link > max(lines.index(line) for line in found)
    assert "3 errors that stop publish, 4 warnings" in out


def test_what_the_check_counted_beside_the_build_is_kept_for_the_next_run(tmp_path: Path) -> None:
    checked, built = troubled_example(tmp_path, "checked"), troubled_example(tmp_path, "built")
    assert crisishub(checked, "check")[0] == 1
    assert crisishub(built, "build")[0] == 0  # the first build: nothing beside it
    (built / ".crisishub-cache/x-weights.json").unlink()
    code, out, err = crisishub(built, "build")
    assert code == 0 and "FORKED [True]" in out, err

    def x_weights(project: Path) -> dict[str, int]:
        memo = json.loads((project / ".crisishub-cache/x-weights.json").read_text("utf-8"))
        return dict(memo["memo"])

    counted = x_weights(checked)
    assert counted  # the social check counted the texts with twitter-text
    assert x_weights(built) == counted  # what `publish` reads next; not counted again


def test_a_check_that_ends_without_an_answer_is_done_by_the_build(tmp_path: Path) -> None:
    project = troubled_example(tmp_path, "project")
    found = problem_lines(crisishub(project, "check")[2])
    assert crisishub(project, "build")[0] == 0
    code, out, err = crisishub(project, "build", kill=True)
    assert code == 0, err
    assert "FORKED [True]" in out
    assert problem_lines(err) == found
    assert "3 errors that stop publish, 4 warnings" in out


COUNTED = """
import sys
from generator.cli.main import main
code = main(sys.argv[1:])
print("TWITTER_TEXT_LOADED", "twitter_text" in sys.modules)
sys.exit(code)
"""


def test_publish_after_a_build_finds_every_x_length_counted(tmp_path: Path) -> None:
    """The process beside the build also counts what `publish` will show (X's weighted
    lengths, for which twitter-text takes ~0.3 s to load): publish counts nothing anew."""
    def dry_run(project: Path) -> str:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        return subprocess.run([sys.executable, "-c", COUNTED, "--config",
                               str(project / "mkdocs.yml"), "publish", "--dry-run"],
                              cwd=project, env=env, capture_output=True, text=True,
                              timeout=300).stdout

    def add_short_update(project: Path) -> None:
        """A new short update: its check needs no exact count of its posts (they are short
        by any count), its dry run shows their exact length."""
        (project / INCIDENT / "03-monitoring.md").write_text(
            "---\nat: 2026-11-24 11:30\nstatus: monitoring\nnext_update: 2026-11-24 13:00\n"
            "---\nPositions arrive on time again. Next update by 13:00.\n", encoding="utf-8")

    unbuilt = copy_example(tmp_path, "unbuilt")
    add_short_update(unbuilt)
    counted_there = dry_run(unbuilt)
    assert "TWITTER_TEXT_LOADED True" in counted_there  # X posts are counted exactly
    built = copy_example(tmp_path, "built")
    assert crisishub(built, "build")[0] == 0
    add_short_update(built)
    code, out, err = crisishub(built, "build")
    assert code == 0 and "FORKED [True]" in out, err
    shown = dry_run(built)
    assert "TWITTER_TEXT_LOADED False" in shown
    assert "/280 weighted characters" in shown  # the same plan, with X's lengths
    assert shown.replace("LOADED False", "LOADED True") == counted_there
