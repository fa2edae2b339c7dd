"""The whole path: a hub on disk, every channel against its local stand-in, the ledger."""

from __future__ import annotations

import io
import json
from pathlib import Path

from crosspost_fakes import Platforms
from crosspost_hub import NOW, all_channels, environment, make_hub, no_sleep

from generator.crosspost.publishing import run_publish
from generator.site.settings import load_project

KINDS = ["mastodon", "bluesky", "telegram", "vk", "x", "slack", "discord", "teams", "webhook"]


def publish(root: Path, platforms: Platforms, **kwargs: object) -> tuple[int, str]:
    out = io.StringIO()
    code = run_publish(load_project(root / "mkdocs.yml"), out, now=NOW, environ=environment(platforms.base),
                       sleep=no_sleep, timeout=2.0, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue()


def ledger_lines(root: Path) -> list[dict[str, object]]:
    path = root / "content" / ".crisishub" / "ledger.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_every_update_reaches_every_channel_once_threaded(tmp_path: Path, platforms: Platforms,
                                                          smtp: tuple[int, object]) -> None:
    port, sink = smtp
    root = make_hub(tmp_path, channels=all_channels(platforms.base, port))
    code, out = publish(root, platforms)
    assert code == 0, out
    for kind in KINDS:
        assert platforms.count(kind) == 2, (kind, out)
    assert len(sink.mails) == 2  # type: ignore[attr-defined]
    # Threads: the second update answers the first on each channel.
    first, second = platforms.posts["mastodon"]
    assert second["in_reply_to_id"] == first["id"]
    sky = platforms.posts["bluesky"]
    assert sky[1]["record"]["reply"]["root"] == {"uri": sky[0]["uri"], "cid": sky[0]["cid"]}
    assert platforms.posts["telegram"][1]["reply_parameters"]["message_id"] == \
        platforms.posts["telegram"][0]["message_id"]
    vk = platforms.posts["vk"]
    assert [p["method"] for p in vk] == ["wall.post", "wall.createComment"]
    assert vk[1]["post_id"] == str(vk[0]["post_id"])
    assert platforms.posts["x"][1]["reply"]["in_reply_to_tweet_id"] == platforms.posts["x"][0]["id"]
    mails = sink.mails  # type: ignore[attr-defined]
    assert mails[1]["In-Reply-To"] == mails[0]["Message-ID"]
    assert len(platforms.posts["bluesky.sessions"]) == 1  # one session for the whole run
    # The ledger says so, and a second run sends nothing.
    posted = [e for e in ledger_lines(root) if e["state"] == "posted"]
    assert len(posted) == 20
    code, out = publish(root, platforms)
    assert code == 0 and "Nothing to publish" in out
    assert sum(platforms.count(k) for k in KINDS) == 18


def test_links_point_at_the_incident_page(tmp_path: Path, platforms: Platforms) -> None:
    root = make_hub(tmp_path, channels=all_channels(platforms.base))
    publish(root, platforms)
    link = "https://status.example.com/incidents/2026-11-24-payments-down/#update-update-2"
    assert link in platforms.posts["mastodon"][1]["text"]
    facet = platforms.posts["bluesky"][1]["record"]["facets"][0]
    assert facet["features"][0]["uri"] == link
    assert f'<a href="{link}">' in platforms.posts["telegram"][1]["text"]
    assert platforms.posts["teams"][1]["attachments"][0]["content"]["actions"][0]["url"] == link
    assert platforms.posts["webhook"][1]["url"] == link


def test_secrets_never_appear_in_output_ledger_or_outbox(tmp_path: Path, platforms: Platforms,
                                                         caplog: object) -> None:
    import logging
    caplog.set_level(logging.DEBUG)  # type: ignore[attr-defined]
    root = make_hub(tmp_path, channels=all_channels(platforms.base))
    platforms.fault("telegram.post", "500")  # errors are reported too
    platforms.fault("x.post", "429", "429", "429")
    code, out = publish(root, platforms)
    _, dry = publish(root, platforms, dry_run=True)
    written = "".join(p.read_text() for p in tmp_path.rglob("*") if p.is_file())
    seen = out + dry + caplog.text + written  # type: ignore[attr-defined]
    for name, secret in environment(platforms.base).items():
        if "URL" in name:
            secret = secret.rsplit("/", 1)[-1]
        assert secret not in seen, name


def test_every_platform_accepts_long_updates_in_every_script(tmp_path: Path,
                                                             platforms: Platforms) -> None:
    from crosspost_hub import write_update
    from test_shaping import SCRIPTS
    root = make_hub(tmp_path, channels=all_channels(platforms.base))
    for number, text in enumerate(SCRIPTS.values(), start=3):
        write_update(root, "2026-11-24-payments-down", f"update-{number}",
                     at=f"2026-11-24 15:0{number} +00:00", status="identified",
                     body=text * 300 + " https://example.com/" + "very-long-path/" * 40)
    code, out = publish(root, platforms)
    assert code == 0, out
    for kind in KINDS:
        assert platforms.count(kind) == 2 + len(SCRIPTS), kind


def test_a_lost_ledger_does_not_post_twice_where_the_channel_can_tell(
        tmp_path: Path, platforms: Platforms) -> None:
    channels = {k: v for k, v in all_channels(platforms.base).items() if k == "bluesky"}
    root = make_hub(tmp_path, channels=channels)
    assert publish(root, platforms)[0] == 0
    first = [e for e in ledger_lines(root) if e["state"] == "posted"]
    (root / "content" / ".crisishub" / "ledger.jsonl").unlink()  # e.g. CI did not commit it
    code, out = publish(root, platforms)
    assert code == 0, out
    assert platforms.count("bluesky") == 2  # the record keys told: both already there
    again = [e for e in ledger_lines(root) if e["state"] == "posted"]
    assert [e["remote_id"] for e in again] == [e["remote_id"] for e in first]
