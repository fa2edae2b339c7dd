"""`crisishub listen` against local stand-ins of every read API (tests/listening_fakes.py):
counts, replies, paging, rate limits, deleted posts, HTML error pages, refused access."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from crosspost_hub import make_hub
from listening_fakes import (
    DISCORD_HOOK,
    NOW,
    TELEGRAM_TOKEN,
    VK_COMMUNITY_TOKEN,
    VK_SERVICE_TOKEN,
    Audiences,
    bsky_post,
    status,
)
from support import copy_example, run_cli

from generator.crosspost.ledger import Ledger
from generator.listening.listen import run_listen
from generator.listening.store import read_snapshots
from generator.site.settings import load_project

INCIDENT = "2026-11-24-payments-down"
FIRST, SECOND = f"{INCIDENT}/update-1", f"{INCIDENT}/update-2"
OUR_DID = "did:plc:fernway"
CHANNELS: dict[str, Any] = {
    "mastodon": {"instance": "https://mastodon.test"},
    "bluesky": {"handle": "status.fernway.example", "appview": "https://bsky.test"},
    "vk": {"group_id": 123456, "api_base": "https://vk.test"},
    "discord": {},
    "telegram": {"chat_id": "@fernway_status", "api_base": "https://telegram.test"},
    "x": {"api_base": "https://x.test"},
    "slack": {},
}
ENV = {
    "CRISISHUB_VK_READ_TOKEN": VK_SERVICE_TOKEN,
    "CRISISHUB_DISCORD_WEBHOOK_URL": DISCORD_HOOK,
    "CRISISHUB_TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
    "CRISISHUB_X_API_KEY": "x-consumer-key", "CRISISHUB_X_API_SECRET": "x-consumer-secret",
    "CRISISHUB_X_ACCESS_TOKEN": "x-access-token", "CRISISHUB_X_ACCESS_TOKEN_SECRET": "x-access-secret",
}
SECRETS = [VK_SERVICE_TOKEN, "discordsecret", TELEGRAM_TOKEN, "x-consumer-secret",
           "x-access-secret", "x-access-token"]


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def posted(root: Path, channel: str, key: str, remote_id: str, when: datetime = NOW,
           **extra: Any) -> None:
    """Record a post in the ledger with the cross-poster's own ledger API."""
    ledger = Ledger(root / "content" / ".crisishub" / "ledger.jsonl", lambda: when)
    ledger.record(key, channel, "posted", incident=INCIDENT, remote_id=remote_id,
                  url=f"https://{channel}.example/{remote_id}", extra=extra)


def listen(root: Path, fake: Audiences, env: dict[str, str] | None = None,
           sleeps: Sleeps | None = None, **options: Any) -> tuple[int, str]:
    out = io.StringIO()
    code = run_listen(load_project(root / "mkdocs.yml"), out, now=NOW,
                      environ=ENV if env is None else env, transport=fake.transport(),
                      sleep=sleeps if sleeps is not None else Sleeps(), **options)
    return code, out.getvalue()


def snapshots(root: Path) -> list[Any]:
    return read_snapshots(root / "content" / ".crisishub" / "reactions.jsonl")


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return make_hub(tmp_path, channels=CHANNELS)


# -- Mastodon ---------------------------------------------------------------------------
def test_mastodon_counts_and_replies_without_a_token(hub: Path) -> None:
    fake = Audiences()
    fake.mastodon["100"] = status("100", text="Payments fail", likes=7, reblogs=3, replies=3,
                                  quotes=1)
    fake.mastodon_context["100"] = [
        status("201", "9", "ana@social.example", text="Was I charged twice?", parent="100",
               likes=12),
        status("202", "1", "fernway", text="No: failed payments are never taken.",
               parent="201"),
        status("203", "8", "bo@mastodon.test", text="Thanks for the update!", parent="100"),
    ]
    posted(hub, "mastodon", FIRST, "100")
    code, out = listen(hub, fake, only=["mastodon"])
    assert code == 0
    assert "mastodon: 1 posts read, 3 replies" in out
    [snap] = snapshots(hub)
    assert snap.counts == {"likes": 7, "reposts": 3, "replies": 3, "quotes": 1}
    assert [(r.author, r.own, r.parent) for r in snap.replies] == [
        ("@ana@social.example", False, "100"), ("@fernway", True, "201"),
        ("@bo@mastodon.test", False, "100")]
    assert snap.replies[0].text == "Was I charged twice?"
    assert snap.replies[0].url == "https://mastodon.test/@ana@social.example/201"
    assert all("Authorization" not in r.headers for r in fake.requests)
    # Only the handle and the URL of an author are kept: never a display name.
    stored = (hub / "content" / ".crisishub" / "reactions.jsonl").read_text("utf-8")
    assert "Not stored" not in stored


def test_mastodon_deleted_post_is_a_deleted_snapshot_and_no_context_is_asked(hub: Path) -> None:
    fake = Audiences()
    fake.mastodon["101"] = status("101", likes=2)  # no replies: /context is not called
    posted(hub, "mastodon", FIRST, "999")
    posted(hub, "mastodon", SECOND, "101")
    code, out = listen(hub, fake, only=["mastodon"])
    assert code == 0 and "mastodon: 1 posts read, 1 deleted" in out
    assert [(s.key, s.state) for s in snapshots(hub)] == [(FIRST, "deleted"), (SECOND, "ok")]
    assert fake.calls("mastodon", "/context") == []


def test_mastodon_rate_limit_waits_until_the_reset_time(hub: Path) -> None:
    fake = Audiences()
    fake.mastodon["100"] = status("100", likes=1)
    fake.fault("mastodon", "429")
    posted(hub, "mastodon", FIRST, "100")
    sleeps = Sleeps()
    code, _ = listen(hub, fake, sleeps=sleeps, only=["mastodon"])
    assert code == 0 and sleeps == [2.0]
    assert snapshots(hub)[0].counts["likes"] == 1


# -- Bluesky ----------------------------------------------------------------------------
def test_bluesky_reads_25_posts_a_call_and_walks_reply_threads(hub: Path) -> None:
    fake = Audiences()
    uris = [f"at://{OUR_DID}/app.bsky.feed.post/3k{n:011d}" for n in range(30)]
    for n, uri in enumerate(uris):
        fake.bluesky[uri] = bsky_post(uri, OUR_DID, "status.fernway.example", likes=n,
                                      replies=2 if n == 0 else 0)
        posted(hub, "bluesky", f"{INCIDENT}/post-{n:02d}", uri)
    reply = "at://did:plc:ana/app.bsky.feed.post/3kreply00001"
    answer = f"at://{OUR_DID}/app.bsky.feed.post/3kanswer0001"
    fake.bluesky[reply] = bsky_post(reply, "did:plc:ana", "ana.bsky.social",
                                    "Is my card data safe?", likes=4)
    fake.bluesky[answer] = bsky_post(answer, OUR_DID, "status.fernway.example",
                                     "Yes: card data never reaches us.")
    fake.bluesky_threads = {uris[0]: [reply, "at://did:plc:gone/app.bsky.feed.post/3kgone"],
                            reply: [answer]}
    del fake.bluesky[uris[29]]  # deleted after it was posted
    code, out = listen(hub, fake, only=["bluesky"])
    assert code == 0 and "bluesky: 29 posts read, 1 deleted, 2 replies" in out
    assert [len(r.url.params.get_list("uris")) for r in fake.calls("bluesky", "getPosts")] == [25, 5]
    first = next(s for s in snapshots(hub) if s.remote_id == uris[0])
    assert first.counts == {"likes": 0, "reposts": 0, "replies": 2, "quotes": 0}
    assert [(r.author, r.parent == uris[0], r.own) for r in first.replies] == [
        ("@ana.bsky.social", True, False), ("@status.fernway.example", False, True)]
    assert first.replies[0].url == "https://bsky.app/profile/ana.bsky.social/post/3kreply00001"


def test_bluesky_html_error_page_is_named_and_other_channels_still_read(hub: Path) -> None:
    fake = Audiences()
    uri = f"at://{OUR_DID}/app.bsky.feed.post/3kaaaaaaaaaaa"
    fake.bluesky[uri] = bsky_post(uri, OUR_DID, "status.fernway.example")
    fake.mastodon["100"] = status("100", likes=5)
    fake.fault("bluesky", "html", "html", "html")
    posted(hub, "bluesky", FIRST, uri)
    posted(hub, "mastodon", FIRST, "100")
    code, out = listen(hub, fake, only=["bluesky", "mastodon"])
    assert code == 0
    assert "bluesky: 0 posts read; HTTP 502: an error page (text/html), not the API's JSON" in out
    assert "mastodon: 1 posts read" in out
    assert "Not read (or not completely): bluesky" in out
    assert "cloudflare" not in out
    assert [s.channel for s in snapshots(hub)] == ["mastodon"]


# -- VK ---------------------------------------------------------------------------------
def vk_post(post_id: int, comments: int) -> dict[str, Any]:
    return {"id": post_id, "owner_id": -123456, "from_id": -123456, "text": "Payments fail",
            "likes": {"count": 4}, "reposts": {"count": 2}, "comments": {"count": comments},
            "views": {"count": 900}}


def test_vk_refuses_a_community_token_and_says_so(hub: Path) -> None:
    fake = Audiences()
    fake.vk_posts["55"] = vk_post(55, 0)
    posted(hub, "vk", FIRST, "55")
    code, out = listen(hub, fake, env={**ENV, "CRISISHUB_VK_READ_TOKEN": VK_COMMUNITY_TOKEN},
                       only=["vk"])
    assert code == 0
    assert ("vk: 0 posts read; error 27: Group authorization failed: method is unavailable "
            "with group auth.: VK refuses a community token for reading") in out
    assert VK_COMMUNITY_TOKEN not in out


def test_vk_counts_pages_of_comments_and_waits_out_error_6(hub: Path) -> None:
    fake = Audiences()
    fake.vk_posts["55"] = vk_post(55, 150)
    fake.vk_comments["55"] = [
        {"id": 1000 + n, "from_id": 700 + n, "date": 1795000000, "text": f"Comment {n}",
         "likes": {"count": n % 3}} for n in range(149)]
    fake.vk_comments["55"].append({"id": 2000, "from_id": -123456, "text": "Мы ответили.",
                                   "likes": {"count": 0}, "thread": {"count": 1, "items": [
                                       {"id": 2001, "from_id": 42, "text": "Спасибо!",
                                        "reply_to_comment": 2000}]}})
    posted(hub, "vk", FIRST, "55")
    posted(hub, "vk", SECOND, "77", post_id="55")  # a follow-up: a comment, not read alone
    fake.fault("vk", "429")
    sleeps = Sleeps()
    code, out = listen(hub, fake, sleeps=sleeps, only=["vk"])
    assert code == 0 and sleeps == [1.0]
    assert "vk: 1 posts read, 151 replies" in out
    [snap] = snapshots(hub)
    assert snap.counts == {"likes": 4, "reposts": 2, "replies": 150, "views": 900}
    offsets = [r.content.decode() for r in fake.calls("vk", "wall.getComments")]
    assert [("offset=0" in o, "offset=100" in o) for o in offsets] == [(True, False), (False, True)]
    own = [r for r in snap.replies if r.own]
    assert [(r.author, r.url) for r in own] == [
        ("club123456", "https://vk.com/wall-123456_55?reply=2000")]
    assert snap.replies[-1].parent == "2000"


# -- Discord ----------------------------------------------------------------------------
def test_discord_reactions_rate_limit_and_deleted_message(hub: Path) -> None:
    fake = Audiences()
    fake.discord["9001"] = {"id": "9001", "content": "Payments fail", "reactions": [
        {"count": 5, "me": False, "emoji": {"id": None, "name": "👍"}},
        {"count": 2, "me": False, "emoji": {"id": None, "name": "😡"}}]}
    posted(hub, "discord", FIRST, "9001", channel_id="77")
    posted(hub, "discord", SECOND, "9002", channel_id="77")
    fake.fault("discord", "429")
    sleeps = Sleeps()
    code, out = listen(hub, fake, sleeps=sleeps, only=["discord"])
    assert code == 0 and sleeps == [2.5]  # the body's exact retry_after, not the header's
    assert "discord: 1 posts read, 1 deleted" in out
    assert [(s.state, s.counts) for s in snapshots(hub)] == [("ok", {"reactions": 7}),
                                                             ("deleted", {})]
    assert "discordsecret" not in out


# -- Telegram ---------------------------------------------------------------------------
def reaction_update(update_id: int, message_id: int, total: int, chat: str = "fernway_status",
                    ) -> dict[str, Any]:
    return {"update_id": update_id, "message_reaction_count": {
        "chat": {"id": -100123, "type": "channel", "username": chat}, "message_id": message_id,
        "date": 1795000000, "reactions": [
            {"type": {"type": "emoji", "emoji": "👍"}, "total_count": total - 1},
            {"type": {"type": "emoji", "emoji": "🙏"}, "total_count": 1}]}}


def test_telegram_reads_reaction_count_updates_and_confirms_them(hub: Path) -> None:
    fake = Audiences()
    fake.telegram_updates = [reaction_update(n, 31, n) for n in range(1, 151)]
    fake.telegram_updates.append(reaction_update(151, 31, 99, chat="someone_else"))
    fake.telegram_updates.append({"update_id": 152, "message": {"message_id": 5, "text": "hi"}})
    posted(hub, "telegram", FIRST, "31")
    posted(hub, "telegram", SECOND, "32")  # no reaction yet: no snapshot
    code, out = listen(hub, fake, only=["telegram"])
    assert code == 0 and "telegram: 1 posts read" in out
    assert [(s.key, s.counts) for s in snapshots(hub)] == [(FIRST, {"reactions": 150})]
    bodies = [json.loads(r.content) for r in fake.calls("telegram")]
    assert all(b["allowed_updates"] == ["message_reaction_count"] for b in bodies)
    assert [b.get("offset") for b in bodies] == [None, 101, 152]
    assert fake.telegram_confirmed == 151


def test_telegram_with_a_webhook_set_is_skipped_with_the_reason(hub: Path) -> None:
    fake = Audiences(telegram_webhook=True)
    posted(hub, "telegram", FIRST, "31")
    code, out = listen(hub, fake, only=["telegram"])
    assert code == 0
    assert "telegram: 0 posts read; error 409: Conflict: can't use getUpdates" in out
    assert TELEGRAM_TOKEN not in out


# -- X ----------------------------------------------------------------------------------
def test_x_public_metrics_and_deleted_posts(hub: Path) -> None:
    fake = Audiences()
    fake.x_tweets["1500"] = {"id": "1500", "text": "Payments fail", "public_metrics": {
        "retweet_count": 3, "reply_count": 4, "like_count": 20, "quote_count": 1,
        "bookmark_count": 2, "impression_count": 4000}}
    posted(hub, "x", FIRST, "1500")
    posted(hub, "x", SECOND, "1501")
    code, out = listen(hub, fake, only=["x"])
    assert code == 0 and "x: 1 posts read, 1 deleted" in out
    assert snapshots(hub)[0].counts == {"likes": 20, "reposts": 3, "replies": 4, "quotes": 1,
                                        "views": 4000}
    [call] = fake.calls("x")
    assert call.url.params["tweet.fields"] == "public_metrics"
    assert call.headers["Authorization"].startswith("OAuth ")


def test_x_without_read_access_is_skipped_in_one_line(hub: Path) -> None:
    fake = Audiences(x_can_read=False)
    posted(hub, "x", FIRST, "1500")
    code, out = listen(hub, fake, only=["x"])
    assert code == 0
    [line] = [line for line in out.splitlines() if line.startswith("x:")]
    assert line.startswith("x: 0 posts read; HTTP 403: When authenticating requests")
    assert line.endswith("the configured access cannot read posts; skipped")


# -- all channels together ---------------------------------------------------------------
def test_one_run_over_every_channel_survives_failures_and_prints_no_secret(hub: Path) -> None:
    fake = Audiences()
    fake.mastodon["100"] = status("100", likes=1)
    uri = f"at://{OUR_DID}/app.bsky.feed.post/3kaaaaaaaaaaa"
    fake.bluesky[uri] = bsky_post(uri, OUR_DID, "status.fernway.example", likes=2)
    fake.vk_posts["55"] = vk_post(55, 0)
    fake.discord["9001"] = {"id": "9001", "reactions": []}
    fake.telegram_updates = [reaction_update(1, 31, 3)]
    fake.x_tweets["1500"] = {"id": "1500", "public_metrics": {"like_count": 1}}
    for channel, remote in (("mastodon", "100"), ("bluesky", uri), ("vk", "55"),
                            ("discord", "9001"), ("telegram", "31"), ("x", "1500"),
                            ("slack", "")):
        if remote:
            posted(hub, channel, FIRST, remote)
    fake.fault("mastodon", "down", "down", "down")
    fake.fault("x", "429-long")
    sleeps = Sleeps()
    code, out = listen(hub, fake, sleeps=sleeps)
    assert code == 0
    assert "mastodon: 0 posts read; could not connect: ConnectError" in out
    assert "x: 0 posts read; rate limited (HTTP 429: Too Many Requests); try again in 3600 s" in out
    assert "slack: 0 posts read; cannot be read back: incoming webhooks return no message id" in out
    assert "Not read (or not completely): mastodon, x, slack" in out
    assert sorted(s.channel for s in snapshots(hub)) == ["bluesky", "discord", "telegram", "vk"]
    assert 3600 not in sleeps
    stored = (hub / "content" / ".crisishub" / "reactions.jsonl").read_text("utf-8")
    for secret in SECRETS:
        assert secret not in out and secret not in stored


def test_channels_without_their_read_variables_are_named(hub: Path) -> None:
    posted(hub, "vk", FIRST, "55")
    code, out = listen(hub, Audiences(), env={}, only=["vk", "x"])
    assert code == 0
    assert "vk: 0 posts read; not read: CRISISHUB_VK_READ_TOKEN not set" in out
    assert ("x: 0 posts read; not read: CRISISHUB_X_API_KEY, CRISISHUB_X_API_SECRET, "
            "CRISISHUB_X_ACCESS_TOKEN, CRISISHUB_X_ACCESS_TOKEN_SECRET not set") in out


def test_old_posts_are_not_read(hub: Path) -> None:
    fake = Audiences()
    fake.mastodon["100"] = status("100")
    posted(hub, "mastodon", FIRST, "100", when=NOW - timedelta(days=8))
    code, out = listen(hub, fake, only=["mastodon"])
    assert code == 0 and "mastodon: 0 posts read" in out and fake.requests == []
    code, out = listen(hub, fake, only=["mastodon"], days=9)
    assert "mastodon: 1 posts read" in out


def test_the_command_on_the_example_hub_reads_nothing_without_posts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_example(tmp_path)
    assert run_cli(project, "listen") == 0  # no ledger yet: no request leaves the machine
    out = capsys.readouterr().out
    assert "mastodon: 0 posts read\n" in out
    assert "teams: 0 posts read; cannot be read back: Workflows webhooks return no message id" in out
    assert "vk: 0 posts read; not read: CRISISHUB_VK_READ_TOKEN not set" in out
