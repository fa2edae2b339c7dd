"""`crisishub publish`, `release` and `check` on the example hub, as a team runs them."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import lxml.html
import pytest
from crosspost_fakes import Platforms
from crosspost_hub import NOW, all_channels, environment, make_hub
from support import HubFolder

from generator.cli.main import main
from generator.crosspost.ledger import Ledger
from generator.crosspost.publishing import load_crosspost, publish_plan
from generator.site.settings import load_project


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


INCIDENT = "2026-11-24-delivery-tracking-delays"
CHANNELS = ["mastodon", "bluesky", "telegram", "vk", "x", "slack", "discord", "teams", "email",
            "webhook"]


def test_the_internal_publishing_page_is_the_dry_runs_plan_as_tables(
        example_copy: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRISISHUB_TELEGRAM_BOT_TOKEN", "123:SECRET-TOKEN-VALUE")
    assert run(example_copy, "build", "--internal") == 0
    page = example_copy / "site-internal/publishing/index.html"
    html = page.read_text("utf-8")
    assert "SECRET-TOKEN-VALUE" not in html and "<pre" not in html  # a table, not terminal text
    assert not (example_copy / "outbox").exists()  # a preview writes nothing
    sections = {s.get("data-key"): s for s in lxml.html.fromstring(html).iter("section")}
    assert list(sections) == [f"{INCIDENT}/01-investigating", f"{INCIDENT}/02-identified",
                              "scheduled/2026-11-24-winter-boxes"]

    def rows(key: str) -> list[list[str]]:
        return [[td.text_content().strip() for td in tr.findall("td")]
                for tr in sections[key].findall(".//table/tbody/tr")]

    # One block per update, one row per channel: channel, what happens, length, thread, problems.
    second = rows(f"{INCIDENT}/02-identified")
    assert [row[0] for row in second] == CHANNELS
    assert second[0] == ["mastodon", "outbox/ folder (no credentials)", "183/500 characters",
                         f"replies to {INCIDENT}/01-investigating (sent earlier in this run)",
                         "—"]
    assert second[6] == ["discord", "outbox/ folder (no credentials)", "258/2000 characters",
                         "no threads on this channel", "—"]
    assert sections[f"{INCIDENT}/02-identified"].findtext(".//h2") == (
        "Identified: Delivery tracking shows outdated courier positions")
    held = sections["scheduled/2026-11-24-winter-boxes"]
    assert {tr.get("data-action") for tr in held.findall(".//tbody/tr")} == {"held"}
    assert "crisishub release 2026-11-24-winter-boxes" in held.text_content()
    # Made with no credentials at all: telegram's token, although set, is not used.
    assert "telegram (set CRISISHUB_TELEGRAM_BOT_TOKEN)" in html

    # The page and `publish --dry-run` render the same rows of the same plan.
    monkeypatch.delenv("CRISISHUB_TELEGRAM_BOT_TOKEN")
    capsys.readouterr()
    assert run(example_copy, "publish", "--dry-run") == 0
    printed = {b.split(":")[0]: b
               for b in re.split(r"^== ", capsys.readouterr().out, flags=re.M)[1:]}
    assert list(printed) == list(sections)
    for key in sections:
        for channel, _, fit, thread, _ in rows(key):
            said = f"{fit}, {thread}" if fit != "—" else ""
            assert any(line.split()[:1] == [channel] and line.rstrip().endswith(said)
                       for line in printed[key].splitlines()), (key, channel)


def test_the_dry_run_plan_shows_what_the_ledger_has_and_disabled_channels(
        tmp_path: Path, platforms: Platforms) -> None:
    channels = all_channels(platforms.base)
    root = make_hub(tmp_path, channels={"mastodon": channels["mastodon"],
                                        "slack": {**channels["slack"], "enabled": False}})
    ledger = Ledger(root / "content/.crisishub/ledger.jsonl", lambda: NOW)
    ledger.record("2026-11-24-payments-down/update-1", "mastodon", "posted", remote_id="111",
                  incident="2026-11-24-payments-down")
    project = load_project(root / "mkdocs.yml")
    shown = publish_plan(project, load_crosspost(project), now=NOW,
                         environ=environment(platforms.base))
    assert {b.key: [(r.channel, r.action) for r in b.rows] for b in shown.blocks} == {
        "2026-11-24-payments-down/update-1": [("mastodon", "already posted"),
                                              ("slack", "skipped")],
        "2026-11-24-payments-down/update-2": [("mastodon", "post"), ("slack", "skipped")]}
    posting = shown.blocks[1].rows[0]
    assert (posting.happens, posting.thread) == ("mastodon", "replies to 111")
    assert shown.blocks[1].rows[1].problems == ("'enabled: false' in content/channels.yml",)
    assert platforms.count("mastodon") == 0  # a plan sends nothing


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


def test_publish_without_channels_says_where_to_list_them_and_records_nothing(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:55")
    for args in (["publish"], ["publish", "--dry-run"]):
        assert run(hub.root, *args) == 0
        out = capsys.readouterr().out
        assert out.startswith("content/channels.yml: no channel is set up, so there is "
                              "nowhere to post; list your channels there"), out
        assert "every update is on every channel" not in out
        assert "Commit content/.crisishub/" not in out  # nothing was recorded


def test_a_refused_publish_does_not_ask_to_commit_the_ledger(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.write("channels.yml", "channels:\n  x: {}\n")
    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:55", body="Fails. [Say more.]")
    assert run(hub.root, "publish") == 1
    out = capsys.readouterr().out
    assert "nothing was published" in out and "Commit content/.crisishub/" not in out


def test_the_publishing_page_marks_an_update_with_a_placeholder(hub: HubFolder) -> None:
    hub.write("channels.yml", "channels:\n  x: {}\n  slack: {enabled: false}\n")
    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:55", body="Fails. [Say more.]")
    # The team's site may show work in progress; the public build refuses it.
    assert run(hub.root, "build") == 1
    assert not (hub.root / "site").exists()
    assert run(hub.root, "build", "--internal") == 0
    site = hub.root / "site-internal"
    section = lxml.html.parse(str(site / "publishing/index.html")).find(
        ".//section[@data-key='2026-11-24-a/01']")
    assert section.findtext(".//p[@class='ch-plan__problem']") == (
        "⚠ NOT PUBLISHABLE: placeholder [Say more.] is still in the text; crisishub publish "
        "refuses it until it is filled")
    rows = [[td.text_content() for td in tr.findall("td")]
            for tr in section.findall(".//tbody/tr")]
    assert [row[:2] for row in rows] == [["x", "outbox/ folder (no credentials)"],
                                         ["slack", "skipped"]]
    assert rows[1][4] == "'enabled: false' in content/channels.yml"


def test_the_plan_says_when_an_automatic_summary_stops_inside_a_sentence(
        hub: HubFolder) -> None:
    hub.write("channels.yml", "channels:\n  x: {}\n")
    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:55",
                     body="Card payments fail " + "for some customers " * 30 + "today.")
    project = load_project(hub.root / "mkdocs.yml")
    [block] = publish_plan(project, load_crosspost(project), environ={}).blocks
    [row] = block.rows
    assert (row.channel, row.action, row.limit) == ("x", "outbox", 280)
    assert row.problems == ("the automatic summary stops inside a sentence here; write a "
                            "'social:' text for this update",)
