"""The crisishub command line, used as the team uses it."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import HubFolder, copy_example, fill_placeholders, html_text, site_folders_settled

from generator.cli.main import main


def run(hub: HubFolder, *args: str) -> int:
    return main(["--config", str(hub.root / "mkdocs.yml"), *args])


def test_new_writes_an_incident_with_a_holding_statement(hub: HubFolder,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run(hub, "new", "Card payments failing!", "--impact", "major",
               "--component", "web=major_outage", "--owner", "Maria Lind") == 0
    printed = capsys.readouterr().out.split()
    assert printed == ["content/incidents/2026-11-24-card-payments-failing/incident.md",
                       "content/incidents/2026-11-24-card-payments-failing/01-investigating.md"]
    update = (hub.root / printed[1]).read_text("utf-8")
    assert update.startswith("---\nat: 2026-11-24 12:00\nstatus: investigating\n"
                             "next_update: 2026-11-24 12:30\n---\n")
    assert "we are aware of a problem affecting Website" in update
    assert "**Next update:** by 12:30 PM CET." in update
    loaded, problems = hub.load()
    assert not problems.errors
    assert loaded.incidents[0].current_components["web"].value == "major_outage"


def test_new_then_build_shows_the_statement_on_the_home(hub: HubFolder) -> None:
    assert run(hub, "new", "Login fails", "--impact", "minor", "--component", "api=partial_outage") == 0
    fill_placeholders(hub.content / "incidents/2026-11-24-login-fails/01-investigating.md")
    assert run(hub, "build") == 0
    text = html_text(hub.root / "site/index.html")
    assert "Login fails" in text and "we are aware of a problem affecting API" in text


def test_update_and_resolve(hub: HubFolder) -> None:
    run(hub, "new", "Login fails", "--component", "api=partial_outage")
    assert run(hub, "update", "login", "--status", "identified", "--next-in", "45",
               "--component", "api=degraded_performance", "-m", "We found it.") == 0
    assert run(hub, "resolve", "login", "-m", "Fixed.") == 0
    incident = hub.load()[0].incidents[0]
    assert [u.slug for u in incident.updates] == ["01-investigating", "02-identified", "03-resolved"]
    assert incident.updates[1].next_update is not None
    assert incident.is_resolved


def test_unknown_component_option_is_refused_before_writing(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(hub, "new", "Login fails", "--component", "wbe=major_outage") == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "error: --component wbe=major_outage: 'wbe' is not a component; known: web, api")
    assert not (hub.content / "incidents").exists()


def test_unknown_incident_name(hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(hub, "update", "nothing", "--status", "identified") == 2
    assert "error: no incident matches 'nothing'" in capsys.readouterr().err


def test_check_prints_every_problem_and_fails(hub: HubFolder,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    hub.write_incident("2026-11-24-a", impact="huge")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 10:00", status="fixed")
    assert run(hub, "check") == 1
    err = capsys.readouterr().err.splitlines()
    assert err.pop(0).startswith("FROZEN CLOCK: now: 2026-11-24 12:00 in mkdocs.yml")
    assert err[0].startswith("content/incidents/2026-11-24-a/01.md:3: status: 'fixed'")
    assert err[1].startswith("content/incidents/2026-11-24-a/incident.md:2: impact: 'huge'")
    assert err[2].startswith("check failed: 2 errors, 0 warnings")


def test_check_strict_fails_on_warnings(hub: HubFolder) -> None:
    run(hub, "new", "Login fails")
    fill_placeholders(hub.content / "incidents/2026-11-24-login-fails/01-investigating.md",
                      "Logging in shows an error, and we are losing customers")
    hub.write_update("2026-11-24-login-fails", "02", at="2026-11-24 12:10",
                     body="We take this very seriously.")
    assert run(hub, "check") == 0  # a defensive phrase is a warning
    assert run(hub, "check", "--strict") == 1


def test_failed_build_leaves_the_previous_site_untouched(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.write_incident("2026-11-24-a", title="First title")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 10:00")
    assert run(hub, "build") == 0
    before = (hub.root / "site/index.html").read_bytes()
    hub.write_update("2026-11-24-a", "02", at="2026-11-24 10:30", status="identifed")
    assert run(hub, "build") == 1
    assert "build stopped: 1 error; fix them; the published site was not touched" in \
        capsys.readouterr().err
    assert (hub.root / "site/index.html").read_bytes() == before
    # No staging folder is left behind; the build cache (.crisishub-cache) and the folders
    # the next build starts from (.site.skeleton, no file in it) are expected.
    assert site_folders_settled(hub.root) == [".site.skeleton"]
    assert sorted(p.name for p in hub.root.iterdir()) == [
        ".crisishub-cache", ".site.skeleton", "content", "mkdocs.yml", "site"]


def test_build_failing_inside_mkdocs_keeps_the_previous_site(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 10:00")
    assert run(hub, "build") == 0
    before = (hub.root / "site/index.html").read_bytes()
    hub.write("pages/broken.md", "[a link](missing.md)\n")
    assert run(hub, "build", "--strict") == 1
    assert "the previous site was left as it was" in capsys.readouterr().err
    assert (hub.root / "site/index.html").read_bytes() == before
    # The failed build's staging folder is emptied and kept as the skeleton, whether the
    # first build's skeleton was ready before it (it took that one) or came after.
    assert site_folders_settled(hub.root) == [".site.skeleton"]
    assert sorted(p.name for p in hub.root.iterdir()) == [
        ".crisishub-cache", ".site.skeleton", "content", "mkdocs.yml", "site"]


def test_missing_config_is_one_readable_line(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "mkdocs.yml"), "check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_example_hub_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    from support import REPO

    assert main(["--config", str(REPO / "mkdocs.yml"), "check", "--strict"]) == 0
    assert capsys.readouterr().out.startswith("check passed: 4 incidents, 6 components")


@pytest.mark.parametrize("internal", [False, True], ids=["public", "internal"])
def test_build_reads_each_content_file_once(example_copy: Path, internal: bool,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The check before the build, the plugin, the report and the publishing preview share
    one read of the content (an internal build used to read it three times)."""
    content = example_copy / "content"
    reads: dict[str, int] = {}
    original_bytes, original_text = Path.read_bytes, Path.read_text

    def count(path: Path) -> None:
        if path.is_relative_to(content):
            key = path.relative_to(content).as_posix()
            reads[key] = reads.get(key, 0) + 1

    def read_bytes(self: Path) -> bytes:
        count(self)
        return original_bytes(self)

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        count(self)
        return original_text(self, *args, **kwargs)  # type: ignore[arg-type]

    original_open = builtins.open

    def open_file(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and "r" in mode:  # the loader opens content files
            count(Path(file))
        return original_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(Path, "read_text", read_text)
    monkeypatch.setattr(builtins, "open", open_file)
    args = ["--config", str(example_copy / "mkdocs.yml"), "build"] + (["--internal"] if internal else [])
    assert main(args) == 0
    assert "incidents/2026-11-03-checkout-payment-failures/incident.md" in reads
    # Hand-written pages (docs_dir) are read twice by the hub: checked (limits, theme ids)
    # before the build, and hashed for the incremental key; and once by MkDocs, which
    # renders them (the internal site has one language: no Russian page). Everything else
    # is read once.
    pages = {name: n for name, n in reads.items() if name.startswith("pages/")}
    assert pages == {"pages/about.md": 3, "pages/about.ru.md": 2 if internal else 3}
    assert {name: n for name, n in reads.items() if n > 1 and name not in pages} == {}


# `crisishub <command>` as the installed script runs it, with an exit handler of its own.
AS_INSTALLED = """
import atexit, sys
atexit.register(lambda: print("exit handler ran"))
sys.argv = ["crisishub", *sys.argv[1:]]
from generator.cli.main import entry
code = entry()
print("entry returned")
sys.exit(code)
"""


def test_a_command_ends_its_process_at_once_with_everything_printed(tmp_path: Path) -> None:
    """The process ends in `entry` without freeing its objects one by one (0.1 s of a big
    build), yet what it printed arrives, exit handlers run, and the exit code is the
    command's."""
    project = copy_example(tmp_path)
    # Printed text waits in Python's buffer, as it does for every user (not on this machine).
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run([sys.executable, "-c", AS_INSTALLED, "check"], cwd=project,
                          capture_output=True, text=True, timeout=300, env=buffered)
    assert done.returncode == 0
    assert "check passed" in done.stdout
    assert done.stdout.rstrip().endswith("exit handler ran")
    assert "entry returned" not in done.stdout
    incident = next((project / "content" / "incidents").iterdir()) / "incident.md"
    incident.write_text(incident.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    failed = subprocess.run([sys.executable, "-c", AS_INSTALLED, "check"], cwd=project,
                            capture_output=True, text=True, timeout=300, env=buffered)
    assert failed.returncode == 1
    assert "title: missing" in failed.stdout + failed.stderr
