"""A killed or concurrent build never leaves the public site missing, mixed or littered.

Builds run as separate processes (the way CI and `crisishub serve` run them); a killed build
is killed with SIGKILL, which no Python code can catch.
"""

from __future__ import annotations

import gc
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support import holds_no_file
from test_hostile_input import INCIDENT, base_hub, tree_digest

from generator.site import build as site_build
from generator.site.build import build_site
from generator.site.settings import load_project

REPO = Path(__file__).resolve().parent.parent
# The full counts in CI (or CRISISHUB_FULL_SWAP_TEST=1); fewer on a shared developer machine,
# where 48 parallel builds take minutes. Same assertions either way.
FULL = bool(os.environ.get("CI") or os.environ.get("CRISISHUB_FULL_SWAP_TEST"))
KILLS, CONCURRENT = (20, 48) if FULL else (6, 8)
# A build that kills itself at one moment of the swap: before it, or after the exchange and
# before the old site is removed. `during` kills it while MkDocs writes the staging folder.
KILLER = """
import os, signal, sys
from generator.site import build
from generator.cli.main import main
moment = sys.argv[2]
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
if moment == "before-swap":
    build.swap_in = die
elif moment == "after-exchange":
    exchange = build._exchange
    def exchange_then_die(*args):
        exchange(*args)
        die()
    build._exchange = exchange_then_die
elif moment == "during":
    import mkdocs.commands.build as mk
    original = mk._build_page
    count = [0]
    def page(*args, **kwargs):
        count[0] += 1
        if count[0] == 3:
            die()
        return original(*args, **kwargs)
    mk._build_page = page
main(["--config", sys.argv[1], "build"])
"""


def crisishub(root: Path, *args: str, script: str | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", script or "from generator.cli.main import main; "
               "import sys; sys.exit(main(sys.argv[1:]))"]
    if script is None:
        command += ["--config", str(root / "mkdocs.yml"), *args]
    else:
        command += [str(root / "mkdocs.yml"), *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def leftovers(root: Path) -> list[str]:
    """Staging and retired folders that nobody removes: a retired site that its remover
    process (named in the folder) is still emptying is not litter, nor is the one skeleton
    of folders (no file) that the next build starts from."""
    return sorted(p.name for p in root.iterdir()
                  if p.name.startswith(".site.") and not being_removed(p)
                  and not (p.name == ".site.skeleton" and holds_no_file(p)))



def being_removed(folder: Path) -> bool:
    match = re.match(r"^\.site\.old-(\d+)-", folder.name)
    if match is None:
        return False
    try:
        os.kill(int(match.group(1)), 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, str, str]:
    """A hub with a published site (old), then one more update (new): both digests."""
    hub = base_hub(tmp_path)
    assert crisishub(tmp_path, "build").wait() == 0
    old = tree_digest(tmp_path / "site")
    hub.write_update("2026-11-24-payments", "02", at="2026-11-24 10:30", status="identified",
                     body="We found the cause.")
    probe = tmp_path / "probe"
    assert crisishub(tmp_path, "build", "--site-dir", str(probe)).wait() == 0
    new = tree_digest(probe)
    assert new != old
    return tmp_path, old, new


def test_killed_builds_always_leave_the_old_or_the_new_site(
        published: tuple[Path, str, str]) -> None:
    root, old, new = published
    moments = ["during", "before-swap", "after-exchange"] * 7
    for moment in moments[:KILLS]:
        process = crisishub(root, moment, script=KILLER)
        assert process.wait() == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
        assert tree_digest(root / "site") in (old, new), moment
        if moment == "after-exchange":
            assert tree_digest(root / "site") == new
    assert leftovers(root), "the kills should have left debris for the next build to clean"
    assert crisishub(root, "build").wait() == 0
    assert tree_digest(root / "site") == new
    assert leftovers(root) == []


def test_concurrent_builds_leave_one_complete_site(published: tuple[Path, str, str]) -> None:
    root, _, new = published
    builds = [crisishub(root, "build") for _ in range(CONCURRENT)]
    codes = [b.wait() for b in builds]
    # On failure: the last lines each failed build printed (its error, not the warnings).
    assert codes == [0] * CONCURRENT, [b.stderr.read()[-600:] for b, code in zip(
        builds, codes, strict=True) if code and b.stderr]
    assert tree_digest(root / "site") == new
    assert leftovers(root) == []


def test_the_old_site_is_removed_by_a_remover_the_build_does_not_wait_for(
        tmp_path: Path) -> None:
    base_hub(tmp_path)
    project = load_project(tmp_path / "mkdocs.yml")
    build_site(project)
    old_page = tmp_path / "site/index.html"
    old_inode = old_page.stat().st_ino
    build_site(project, clean=True)
    assert old_page.stat().st_ino != old_inode  # the new site is in place...
    removers = list(site_build._removers)
    assert removers, "the old site is handed to a remover process"
    for remover in removers:
        assert remover.wait() == 0
    # What is left of it: its folders, without any file, for the next build to start from.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")) \
        == [".site.skeleton"]
    assert holds_no_file(tmp_path / ".site.skeleton")
    assert (tmp_path / ".site.skeleton/incidents").is_dir()


def test_a_build_from_the_skeleton_equals_a_clean_one_whatever_was_left_in_it(
        tmp_path: Path) -> None:
    """The next build starts from the old site's folders: a file left in them (a remover
    stopped half-way, anything written there) never reaches the site, and a folder the new
    site does not need (a deleted incident's) is gone."""
    hub = base_hub(tmp_path)
    project = load_project(tmp_path / "mkdocs.yml")
    build_site(project)
    build_site(project)
    for remover in site_build._removers:
        remover.wait()
    skeleton = tmp_path / ".site.skeleton"
    incident = next(p.name for p in (skeleton / "incidents").iterdir())
    (skeleton / "incidents" / incident / "index.html").write_text("stale", encoding="utf-8")
    (skeleton / "stray.html").write_text("stale", encoding="utf-8")
    (skeleton / "feeds" / "link.xml").symlink_to(tmp_path / "mkdocs.yml")
    (skeleton / "incidents" / "gone" / "deeper").mkdir(parents=True)
    hub.write_update(incident, "09", at="2026-11-24 11:00", status="identified", body="More.")
    site = build_site(project)
    assert not skeleton.exists()  # taken by this build
    clean = build_site(project, tmp_path / "clean", clean=True)
    assert tree_digest(site) == tree_digest(clean)
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*")) \
        == sorted(str(p.relative_to(clean)) for p in clean.rglob("*"))  # folders too


def test_after_a_first_build_its_folders_wait_as_the_skeleton(tmp_path: Path) -> None:
    base_hub(tmp_path)
    site = build_site(load_project(tmp_path / "mkdocs.yml"))
    for remover in site_build._removers:
        remover.wait()
    skeleton = tmp_path / ".site.skeleton"
    assert holds_no_file(skeleton)
    assert sorted(str(p.relative_to(skeleton)) for p in skeleton.rglob("*")) \
        == sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_dir())


def test_a_failed_build_keeps_the_skeleton_it_took(tmp_path: Path) -> None:
    """The skeleton a build takes is not lost when MkDocs fails: its folders (and nothing the
    failed build wrote) wait for the next build."""
    hub = base_hub(tmp_path)
    project = load_project(tmp_path / "mkdocs.yml")
    build_site(project)
    for remover in site_build._removers:
        remover.wait()
    folders = sorted(str(p.relative_to(tmp_path / "site"))
                     for p in (tmp_path / "site").rglob("*") if p.is_dir())
    hub.write("pages/broken.md", "[a link](missing.md)\n")
    with pytest.raises(site_build.BuildFailed):
        build_site(project, strict=True)
    for remover in site_build._removers:
        remover.wait()
    skeleton = tmp_path / ".site.skeleton"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")) \
        == [".site.skeleton"]
    assert holds_no_file(skeleton)
    assert set(folders) <= {str(p.relative_to(skeleton)) for p in skeleton.rglob("*")}


def test_a_build_in_a_process_that_goes_on_leaves_nothing_frozen(tmp_path: Path) -> None:
    """serve builds again and again in one process: the content a build keeps from the
    garbage collector (gc.freeze) is the collector's again once the build ends, built or
    failed, so no build's objects outlive it."""
    hub = base_hub(tmp_path)
    project = load_project(tmp_path / "mkdocs.yml")
    assert gc.get_freeze_count() == 0
    build_site(project)
    assert gc.get_freeze_count() == 0
    hub.write_update(INCIDENT, "02", at="2026-11-24 10:30", status="identifed")
    with pytest.raises(site_build.BuildFailed):
        build_site(project)
    assert gc.get_freeze_count() == 0
