"""Scheduled posts held during a crisis and released after; `check` errors for texts that
cannot fit; channels.yml errors; the outbox and the dry run with nothing set up."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

from crosspost_fakes import Platforms
from crosspost_hub import NOW, all_channels, environment, make_hub, no_sleep, write, write_update

from generator.core.problems import Problems
from generator.crosspost.channels.x import OAuth1Keys, oauth1_header
from generator.crosspost.publishing import crosspost_problems, run_publish, run_release
from generator.reading.channels_file import load_channels_config
from generator.reading.loader import load_hub
from generator.site.settings import load_project

SCHEDULED = """
    ---
    publish_at: 2026-11-24 15:00 +00:00
    channels: [mastodon]
    ---
    Our winter offer starts today: 20% off all plans!
"""


def publish(root: Path, platforms: Platforms | None = None, **kwargs: object) -> tuple[int, str]:
    out = io.StringIO()
    env = environment(platforms.base) if platforms else {}
    kwargs.setdefault("now", NOW)
    code = run_publish(load_project(root / "mkdocs.yml"), out, environ=env, sleep=no_sleep,
                       timeout=2.0, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue()


def resolve(root: Path, at: str) -> None:
    write_update(root, "2026-11-24-payments-down", "update-3", at=at, status="resolved",
                 body="Payments work again.")


def test_a_crisis_holds_scheduled_posts_until_released(tmp_path: Path, platforms: Platforms) -> None:
    root = make_hub(tmp_path, impact="major",
                    channels={"mastodon": all_channels(platforms.base)["mastodon"]})
    write(root / "content/scheduled/winter-offer.md", SCHEDULED)
    code, out = publish(root, platforms)
    assert "scheduled/winter-offer             held" in out
    assert "incident 2026-11-24-payments-down (major) is active" in out
    assert platforms.count("mastodon") == 2  # the updates went out, the offer did not
    resolve(root, "2026-11-24 15:30 +00:00")
    code, out = publish(root, platforms)
    assert "needs release" in out and "crisishub release winter-offer" in out
    assert all("winter offer" not in p["text"] for p in platforms.posts["mastodon"])
    assert run_release(load_project(root / "mkdocs.yml"), "winter-offer", io.StringIO(), now=NOW) == 0
    code, out = publish(root, platforms)
    assert code == 0, out
    assert platforms.posts["mastodon"][-1]["text"] == \
        "Our winter offer starts today: 20% off all plans!"


def test_release_flag_and_minor_incidents(tmp_path: Path, platforms: Platforms) -> None:
    root = make_hub(tmp_path, impact="minor",
                    channels={"mastodon": all_channels(platforms.base)["mastodon"]})
    write(root / "content/scheduled/winter-offer.md", SCHEDULED)
    code, out = publish(root, platforms)  # below the freeze impact: posted
    assert code == 0 and "winter offer" in platforms.posts["mastodon"][-1]["text"]


def test_check_reports_social_texts_that_cannot_fit(tmp_path: Path) -> None:
    root = make_hub(tmp_path, channels={"x": {}, "bluesky": {"handle": "h"}})
    write_update(root, "2026-11-24-payments-down", "update-3", at="2026-11-24 15:00 +00:00",
                 status="monitoring", body="ok", social={"x": "Zahlungen " * 40, "bluesy": "hi"})
    write(root / "content/scheduled/long.md", "---\npublish_at: 2026-12-01 09:00\n---\n"
          + "word " * 80 + "\n")
    problems = [str(p) for p in social_problems_of(root)]
    assert problems == [
        "content/incidents/2026-11-24-payments-down/update-3.md:10: social.bluesy: 'bluesy' "
        "is not a channel; did you mean 'bluesky'?",
        "content/incidents/2026-11-24-payments-down/update-3.md:5: social.x: too long for x: "
        "with the link it is 423 weighted characters, the channel allows 280; shorten it by "
        "143 or more",
        "content/scheduled/long.md:4: text: too long for x: 399 weighted characters, the "
        "channel allows 280; shorten it by 119 or more",
        "content/scheduled/long.md:4: text: too long for bluesky: 399 graphemes, the channel "
        "allows 300; shorten it by 99 or more",
    ]


def test_channels_yml_errors_name_file_line_and_fix(tmp_path: Path) -> None:
    path = write(tmp_path / "channels.yml", """
        channels:
          mastodon:
            instance: https://mastodon.social
            token: abc
          telegramm:
            chat_id: "@x"
          vk: {}
        freeze:
          impact: huge
    """)
    problems = Problems()
    load_channels_config(path, "content/channels.yml", problems)
    assert [str(p) for p in problems] == [
        "content/channels.yml:4: channels.mastodon.token: secrets never go in this file (it is "
        "committed); remove the line and set CRISISHUB_MASTODON_TOKEN in the environment",
        "content/channels.yml:5: channels.telegramm: 'telegramm' is not a kind of channel; "
        "did you mean 'telegram'?",
        "content/channels.yml:7: channels.vk: 'group_id:' is missing; vk needs it, like "
        "group_id: 123456",
        "content/channels.yml:9: freeze.impact: 'huge' is not one of none, minor, major, critical",
    ]


def test_nothing_set_up_writes_the_outbox(tmp_path: Path) -> None:
    channels = {"mastodon": {"instance": "https://mastodon.example"}, "x": {}, "telegram": {"chat_id": "@s"}}
    root = make_hub(tmp_path, channels=channels)
    code, out = publish(root)
    assert code == 0, out
    written = json.loads((root / "outbox/x/2026-11-24-payments-down--update-2.json").read_text())
    assert written["length"] <= written["limit"] == 280
    assert "CRISISHUB_X_API_KEY" in out and "outbox" in out
    assert not (root / "content/.crisishub/ledger.jsonl").exists()  # an outbox posts nothing


def test_dry_run_shows_text_length_and_thread(tmp_path: Path, platforms: Platforms) -> None:
    root = make_hub(tmp_path, channels={"mastodon": all_channels(platforms.base)["mastodon"]})
    platforms.mastodon_limit = 100
    code, out = publish(root, platforms, dry_run=True)
    assert code == 0 and platforms.count("mastodon") == 0
    assert "== mastodon [mastodon] 2026-11-24-payments-down/update-1: 100/100 characters, " \
           "starts a thread" in out
    assert "update-2: " in out and "replies to 2026-11-24-payments-down/update-1 (sent earlier " \
           "in this run)" in out


def test_old_updates_are_not_posted_when_channels_are_first_set_up(tmp_path: Path,
                                                                   platforms: Platforms) -> None:
    root = make_hub(tmp_path, channels={"mastodon": all_channels(platforms.base)["mastodon"]})
    code, out = publish(root, platforms, now=datetime(2026, 12, 30, tzinfo=UTC))
    assert code == 0 and platforms.count("mastodon") == 0


def test_oauth1_signature_matches_the_documented_example() -> None:
    # The worked example of X's "Creating a signature" guide.
    keys = OAuth1Keys("xvz1evFS4wEEPTGEFPHBog", "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
                      "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
                      "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")
    header = oauth1_header(
        "POST", "https://api.twitter.com/1.1/statuses/update.json?include_entities=true", keys,
        params={"status": "Hello Ladies + Gentlemen, a signed OAuth request!"},
        nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", timestamp=1318622958)
    assert 'oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"' in header


def social_problems_of(root: Path) -> Problems:
    project = load_project(root / "mkdocs.yml")
    hub, _ = load_hub(project.content_dir, project.time_zone, project.root)
    return crosspost_problems(project, hub)
