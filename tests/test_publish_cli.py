"""`crisishub publish`, `release` and `check` on the example hub, as a team runs them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.cli.main import main


def run(root: Path, *args: str) -> int:
    return main(["--config", str(root / "mkdocs.yml"), *args])


def test_example_hub_publishes_to_the_outbox_with_nothing_set_up(
        example_copy: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):  # no credentials; the example's frozen clock stays allowed
        if name.startswith("CRISISHUB_") and name != "CRISISHUB_ALLOW_FROZEN_CLOCK":
            monkeypatch.delenv(name)
    monkeypatch.chdir(example_copy)
    assert run(example_copy, "publish", "--dry-run") == 0
    shown = capsys.readouterr().out
    blocks = shown.split("\n== ")
    # One block per update, one row per channel; credentials named once, at the end.
    second = next(b for b in blocks if b.startswith("2026-11-24-delivery-tracking-delays/"
                                                    "02-identified: ")).split("No credentials")[0]
    assert "/280 weighted characters" in second
    assert "   mastodon  outbox    183/500 characters, replies to 2026-11-24-delivery-" \
        "tracking-delays/01-investigating (sent earlier in this run)" in second
    assert "   discord   outbox    258/2000 characters, no threads on this channel" in second
    assert "CRISISHUB_X_API_KEY" not in second
    assert shown.count("CRISISHUB_X_API_KEY") == 1 and "x (set CRISISHUB_X_API_KEY" in shown
    assert "scheduled/2026-11-24-winter-boxes" in shown and "held" in shown
    assert not (example_copy / "outbox").exists()  # a dry run writes nothing
    assert run(example_copy, "publish", "--channel", "x") == 0
    written = sorted((example_copy / "outbox" / "x").glob("*.json"))
    assert [p.name for p in written] == [
        "2026-11-24-delivery-tracking-delays--01-investigating.json",
        "2026-11-24-delivery-tracking-delays--02-identified.json"]
    assert json.loads(written[0].read_text())["limit"] == 280


def test_release_unknown_post_names_the_known_ones(example_copy: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run(example_copy, "release", "winter") == 1
    assert "content/scheduled/winter.md: no such scheduled post; known: " \
           "2026-11-24-winter-boxes, 2026-12-01-new-delivery-slots" in capsys.readouterr().out
    # The example's crisis is still on: a release now would not count, so it is refused.
    assert run(example_copy, "release", "2026-11-24-winter-boxes") == 1
    assert "release refused: incident 2026-11-24-delivery-tracking-delays is still active" \
        in capsys.readouterr().out
    ledger = example_copy / "content/.crisishub/ledger.jsonl"
    assert not ledger.exists() or '"state": "released"' not in ledger.read_text()


def test_check_includes_social_texts_that_cannot_fit(example_copy: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    update = example_copy / "content/incidents/2026-11-24-delivery-tracking-delays/01-investigating.md"
    text = update.read_text("utf-8").replace("social: Live", "social: " + "Very " * 60 + "Live")
    update.write_text(text, "utf-8")
    assert run(example_copy, "check") == 1
    errors = capsys.readouterr().err
    assert "content/incidents/2026-11-24-delivery-tracking-delays/01-investigating.md:5: " \
           "social: too long for bluesky: with the link it is" in errors
