"""The listening part of the crisis report, from recorded snapshots of a synthetic crisis on
the example hub's ongoing incident (delivery tracking, updates at 09:52 and 10:30 CET):

Mastodon, update 1 (status 100), read at 10:00, 10:20, 10:40:
  likes 2 → 6 → 9, boosts 1 → 3 → 4; replies: a question about money (12 likes), answered
  by the hub; an angry unanswered one; update 2 (status 300) hangs under it in the same
  thread, with its own reply "thanks" below it, which belongs to update 2.
Bluesky, update 1: a Russian question about personal data, not answered; deleted at 10:40.
VK, update 2: counts only at 10:40.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import html as lxml_html
from support import build_site, copy_example, example_hub, run_cli

from generator.listening.audience import audience
from generator.listening.store import Reply, Snapshot, append_snapshots

BERLIN = ZoneInfo("Europe/Berlin")
INCIDENT = "2026-11-24-delivery-tracking-delays"
U1, U2 = f"{INCIDENT}/01-investigating", f"{INCIDENT}/02-identified"
QUESTION = Reply("201", "@ana@social.example", "https://social.example/@ana/201",
                 "Will I get my money back for the late order?", likes=12, parent="100")
ANSWER = Reply("202", "@fernway", "https://mastodon.test/@fernway/202",
               "Yes, automatically within 5 days.", parent="201", own=True)
ANGRY = Reply("203", "@bo@mastodon.test", "https://mastodon.test/@bo/203",
              "This is terrible, the worst service ever.", parent="100")
UPDATE_2 = Reply("300", "@fernway", "https://mastodon.test/@fernway/300",
                 "Identified: …", parent="100", own=True)
THANKS = Reply("301", "@cy@mastodon.test", "https://mastodon.test/@cy/301",
               "Thanks, great work, much appreciated!", parent="300")
RUSSIAN = Reply("at://did:plc:ivan/app.bsky.feed.post/3kq", "@ivan.bsky.social",
                "https://bsky.app/profile/ivan.bsky.social/post/3kq",
                "Мои персональные данные в безопасности?", likes=1,
                parent="at://did:plc:fernway/app.bsky.feed.post/3kp")


def at(hour: int, minute: int) -> str:
    return datetime(2026, 11, 24, hour, minute, tzinfo=BERLIN).isoformat()


def snap(when: str, channel: str, key: str, remote: str, counts: dict[str, int],
         replies: tuple[Reply, ...] = (), state: str = "ok", read: bool = True) -> Snapshot:
    return Snapshot(at=when, channel=channel, key=key, remote_id=remote, state=state,  # type: ignore[arg-type]
                    incident=INCIDENT, counts=counts, replies=replies,
                    replies_read=read and channel != "vk")


BSKY = "at://did:plc:fernway/app.bsky.feed.post/3kp"
SNAPSHOTS = [
    snap(at(10, 0), "mastodon", U1, "100", {"likes": 2, "reposts": 1, "replies": 1}, (QUESTION,)),
    snap(at(10, 0), "bluesky", U1, BSKY, {"likes": 1, "reposts": 0, "replies": 1}, (RUSSIAN,)),
    snap(at(10, 20), "mastodon", U1, "100", {"likes": 6, "reposts": 3, "replies": 3},
         (QUESTION, ANSWER, ANGRY)),
    snap(at(10, 40), "mastodon", U1, "100", {"likes": 9, "reposts": 4, "replies": 5},
         (QUESTION, ANSWER, ANGRY, UPDATE_2, THANKS)),
    snap(at(10, 40), "mastodon", U2, "300", {"likes": 3, "reposts": 0, "replies": 1}, (THANKS,)),
    snap(at(10, 40), "bluesky", U1, BSKY, {}, state="deleted"),
    snap(at(10, 40), "vk", U2, "55", {"likes": 4, "reposts": 1, "replies": 7, "views": 300},
         read=False),
]


def test_figures_per_update_and_channel() -> None:
    heard = audience(example_hub(), SNAPSHOTS)
    [incident] = heard.incidents
    first, second = incident.updates
    mastodon = next(c for c in first.channels if c.channel == "mastodon")
    assert (mastodon.reach, mastodon.heard, mastodon.answered) == (13, 2, 1)
    assert mastodon.answered_share == 50.0
    # The deleted Bluesky post keeps what people did before it went.
    bluesky = next(c for c in first.channels if c.channel == "bluesky")
    assert (bluesky.deleted, bluesky.reach, bluesky.heard, bluesky.answered_share) == \
        (True, 1, 1, 0.0)
    # "Thanks" hangs under update 2 in the same Mastodon thread: it counts there, once.
    assert [(c.channel, c.heard) for c in second.channels] == [("mastodon", 1), ("vk", 0)]
    vk = second.channels[1]
    assert (vk.replies_read, vk.counts["replies"], vk.answered_share) == (False, 7, None)
    assert sum(1 for h in heard.heard if h.reply.id == "301") == 1


def test_sentiment_trend_per_update() -> None:
    [incident] = audience(example_hub(), SNAPSHOTS).incidents
    first, second = incident.updates
    assert first.sentiment is not None and first.sentiment < 0  # angry + neutral questions
    assert second.sentiment is not None and second.sentiment > 0.5  # "thanks, great work"
    assert (first.measured, first.not_measured) == (3, 0)


def test_reactions_over_time_against_the_updates() -> None:
    [incident] = audience(example_hub(), SNAPSHOTS).incidents
    assert [(t.strftime("%H:%M"), v) for t, v in incident.reach_series] == [
        ("10:00", 4), ("10:20", 10), ("10:40", 22)]  # 3+1 → 9+1 → 13+3+1+5 (Bluesky kept)
    assert [v for _, v in incident.replies_series] == [2, 4, 14]
    assert [slug for _, slug in incident.update_times] == ["01-investigating", "02-identified"]


def test_what_needs_an_answer_comes_first_unanswered_first() -> None:
    heard = audience(example_hub(), SNAPSHOTS)
    assert [(h.reply.author, h.reasons, h.answered) for h in heard.to_answer] == [
        ("@ivan.bsky.social", ("question", "safety", "data"), False),
        ("@ana@social.example", ("question", "money", "popular"), True),
    ]
    assert [h.reply.author for h in heard.other] == ["@bo@mastodon.test", "@cy@mastodon.test"]
    assert all(not h.reply.own for h in heard.heard)


def record(project: Path) -> None:
    append_snapshots(project / "content" / ".crisishub" / "reactions.jsonl", SNAPSHOTS)


def test_internal_site_shows_what_people_are_saying_and_the_report(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    record(project)
    site = build_site(project, tmp_path / "site", internal=True)
    page = lxml_html.parse(str(site / "listening" / "index.html")).getroot()
    rows = page.xpath("//table[@class='ch-to-answer']/tbody/tr")
    assert [r.get("data-reply") for r in rows] == [RUSSIAN.id, "201"]
    assert rows[0].xpath(".//a")[0].get("href") == RUSSIAN.url
    assert rows[0].xpath("td[@class='ch-why']")[0].text_content() == "question, safety, data"
    assert rows[0].xpath("td[@class='ch-answered']")[0].text_content() == "not answered"
    assert "ch-unanswered" in rows[0].get("class")
    report = lxml_html.parse(str(site / "report" / "index.html")).getroot()
    cells = report.xpath(f"//tr[@data-update='{U1}'][@data-channel='mastodon']/td")
    assert [c.text_content().strip() for c in cells][-5:-1] == [
        "mastodon", "13 · likes 9 · reposts 4", "5", "50 % (1/2)"]
    assert cells[-1].text_content().startswith("-")  # the angry reply pulls it down
    trend = report.xpath("//p[@class='ch-trend']")[0].text_content()
    assert trend.startswith("Sentiment trend: -") and " → +" in trend
    assert "rough signal" in report.text_content()
    svg = (site / "report" / f"reactions-{INCIDENT}.svg").read_text("utf-8")
    assert "01-investigating" in svg and "02-identified" in svg and "polyline" in svg
    assert (site / "report" / f"sentiment-{INCIDENT}.svg").is_file()


def test_the_public_site_never_carries_what_people_said(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    record(project)
    site = build_site(project, tmp_path / "public")
    assert not (site / "listening").exists()
    assert not list(site.rglob("reactions-*.svg"))
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".svg", ".ics", ".txt"):
            text = path.read_text("utf-8", errors="replace")
            assert "money back for the late order" not in text, path
            assert "ivan.bsky.social" not in text, path


def test_the_terminal_report_says_what_people_said(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_example(tmp_path)
    assert run_cli(project, "report") == 0
    assert "What people said:\n  no reactions read yet: run 'crisishub listen'" in \
        capsys.readouterr().out
    append_snapshots(project / "content" / ".crisishub" / "reactions.jsonl", SNAPSHOTS)
    assert run_cli(project, "report") == 0
    text = capsys.readouterr().out.split("What people said:\n")[1]
    assert f"  {INCIDENT}\n    {U1} (investigating): 3 replies heard, sentiment" in text
    assert ("      mastodon: reach 13 (likes 9, reposts 4), 5 replies, answered 1/2 (50 %)"
            in text)
    assert "      vk: reach 5 (likes 4, reposts 1, views 300), 7 replies (count only)" in text
    assert "      bluesky: reach 1 (likes 1, reposts 0), 1 reply, answered 0/1 (0 %), " \
        "sentiment +0.00 — the post was deleted" in text  # its last readable figures
    assert "  last read 2026-11-24 10:40 CET\n" in text
    # The Russian question about data and the angry reply wait for an answer; the question
    # about money was answered.
    assert "replies that need an answer and have none: 1" in text
    assert run_cli(project, "report", INCIDENT, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)["audience"]
    [incident] = data["incidents"]
    mastodon = next(c for c in incident["updates"][0]["channels"] if c["channel"] == "mastodon")
    assert (mastodon["reach"], mastodon["replies_heard"], mastodon["answered_percent"]) == \
        (13, 2, 50.0)
    assert [w["url"] for w in data["to_answer"]] == [RUSSIAN.url]
    assert "text" not in data["to_answer"][0]  # reply texts stay on the internal page
