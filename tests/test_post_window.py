"""`crisishub publish` reads only the incidents it can post (issue 14, point 5): an incident
whose newest update is resolved before the post window is settled and not read at all; any
doubt (a draft, a file that does not parse, an update named out of order) means "read it"."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support import HubFolder, run_cli

from generator.reading import post_window
from generator.reading.post_window import unsettled_incidents

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=BERLIN)
WINDOW_START = NOW - timedelta(hours=72)


def incident(hub: HubFolder, name: str, *updates: tuple[str, str, str]) -> None:
    """An incident with updates given as (file name, time, status)."""
    hub.write_incident(name, components={"web": "major_outage"})
    for file, at, status in updates:
        hub.write_update(name, file, at=at, status=status)


def unsettled(hub: HubFolder) -> set[str]:
    return unsettled_incidents(hub.content, WINDOW_START, BERLIN, "en", hub.root)


@pytest.fixture
def hub(tmp_path: Path) -> HubFolder:
    hub = HubFolder(tmp_path / "hub")
    incident(hub, "2026-01-10-old", ("01", "2026-01-10 10:00", "investigating"),
             ("02", "2026-01-10 12:00", "resolved"))
    incident(hub, "2026-11-23-recent", ("01", "2026-11-23 10:00", "investigating"),
             ("02", "2026-11-23 12:00", "resolved"))
    incident(hub, "2026-02-01-still-open", ("01", "2026-02-01 09:00", "monitoring"))
    return hub


def test_only_what_can_still_be_posted_is_read(hub: HubFolder) -> None:
    # The old one is settled; one resolved inside the window can still be posted; one never
    # resolved holds scheduled posts back (the freeze), however old.
    assert unsettled(hub) == {"2026-11-23-recent", "2026-02-01-still-open"}


def test_any_doubt_means_the_incident_is_read(hub: HubFolder) -> None:
    # Reopened by an update whose name sorts first: the newest by time decides, not by name.
    incident(hub, "2026-03-01-reopened", ("01", "2026-03-01 10:00", "resolved"),
             ("00-again", "2026-03-02 10:00", "investigating"))
    incident(hub, "2026-04-01-draft", ("01", "2026-04-01 10:00", "resolved"))
    hub.write_update("2026-04-01-draft", "02", at="2026-04-02 10:00", status="resolved",
                     draft=True)
    incident(hub, "2026-05-01-broken", ("01", "2026-05-01 10:00", "resolved"))
    hub.write("incidents/2026-05-01-broken/02.md", "---\nat: [unclosed\n---\nText.\n")
    hub.write_incident("2026-06-01-no-updates", components={"web": "major_outage"})
    os.symlink(hub.content / "incidents/2026-01-10-old/01.md",
               hub.content / "incidents/2026-01-10-old/03-link.md")
    assert unsettled(hub) == {"2026-11-23-recent", "2026-02-01-still-open",
                              "2026-03-01-reopened", "2026-04-01-draft", "2026-05-01-broken",
                              "2026-06-01-no-updates", "2026-01-10-old"}


def test_a_translation_is_posted_with_its_original(hub: HubFolder) -> None:
    hub.write("incidents/2026-01-10-old/02.ru.md", "---\n---\nИсправлено.\n")
    assert "2026-01-10-old" not in unsettled(hub)


def test_an_edited_update_is_seen_whatever_its_size_and_time(hub: HubFolder) -> None:
    """The memo trusts a file's size and time only when it was not changed in the two
    seconds before it was read; else a same-size edit within the same clock tick could hide."""
    path = hub.content / "incidents/2026-01-10-old/02.md"
    assert "2026-01-10-old" not in unsettled(hub)
    before = path.stat()
    text = path.read_text("utf-8")
    moved = text.replace("at: 2026-01-10", "at: 2026-11-23")  # into the window, same size
    assert len(moved) == len(text)
    path.write_text(moved, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same time, too
    assert "2026-01-10-old" in unsettled(hub)  # read again: it was written just now
    # An edit that changes the time (any editor, git) is seen even after two seconds.
    path.write_text(text, encoding="utf-8")
    old = time.time_ns() - 3_600_000_000_000
    os.utime(path, ns=(old, old))
    assert "2026-01-10-old" not in unsettled(hub)
    path.write_text(text.replace("status: resolved", "status: identified"), encoding="utf-8")
    assert "2026-01-10-old" in unsettled(hub)


def test_publish_does_not_read_a_settled_incident(hub: HubFolder,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Its incident.md is broken here: `check` says so, `publish --dry-run` never opens it."""
    hub.write("incidents/2026-01-10-old/incident.md", "---\ntitle: [unclosed\n---\n")
    hub.write("channels.yml", "channels:\n  mastodon: {instance: https://mastodon.example}\n")
    assert run_cli(hub.root, "check") == 1
    assert "2026-01-10-old/incident.md" in "".join(capsys.readouterr())
    assert run_cli(hub.root, "publish", "--dry-run") == 0
    said = "".join(capsys.readouterr())
    assert "2026-01-10-old" not in said
    assert "2026-11-23-recent/02" in said


def test_after_check_publish_parses_no_update_again(hub: HubFolder,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` and `build` read every update anyway: they leave each one's time and status
    for the next `publish`, which then parses none of them (their files are older than two
    seconds, so their size and time are trusted)."""
    hour_ago = time.time_ns() - 3_600_000_000_000
    for path in (hub.content / "incidents").rglob("*.md"):
        os.utime(path, ns=(hour_ago, hour_ago))
    assert run_cli(hub.root, "check") == 0
    parsed: list[str] = []
    real = post_window.read_document
    monkeypatch.setattr(post_window, "read_document",
                        lambda path, raw, problems: parsed.append(path) or real(path, raw, problems))
    assert unsettled(hub) == {"2026-11-23-recent", "2026-02-01-still-open"}
    assert parsed == []


def test_a_new_update_rewrites_one_sixteenth_of_what_is_remembered(hub: HubFolder) -> None:
    """The memo is kept in 16 files by incident folder: a new update on a big hub rewrites
    the file of its folder only, and publish still parses nothing that check read."""
    def memo_files() -> dict[str, int]:
        return {file.name: file.stat().st_mtime_ns
                for file in (hub.root / ".crisishub-cache").glob(f"{post_window.MEMO}-*.json")}

    assert run_cli(hub.root, "check") == 0
    before = memo_files()
    assert len(before) > 1  # the hub's four folders fall into several files
    time.sleep(0.01)
    hub.write_update("2026-11-23-recent", "03", at="2026-11-23 12:00", status="resolved",
                     body="Fixed.")
    assert run_cli(hub.root, "check") == 0
    changed = [name for name, mtime in memo_files().items() if before.get(name) != mtime]
    assert changed == [f"{post_window.MEMO}-{post_window.shard_of('2026-11-23-recent')}.json"]
