"""Cross-posting a PR team can trust in the worst hour: the fault matrix (every channel ×
every fault, what the stand-in received and what the ledger says), random fault sequences,
the torn ledger, disabled channels, the release rule, the two clocks and the secret canary.

Every stand-in speaks its platform's contract on 127.0.0.1 (tests/crosspost_fakes.py)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import crosspost_hub
import httpx
import pytest
from crosspost_fakes import TOKENS, Platforms
from crosspost_hub import NOW, all_channels, environment, make_hub, no_sleep, write
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import REPO, build_site

from generator.crosspost.publishing import run_publish, run_release
from generator.site.settings import load_project

READ_BACK = ["mastodon", "bluesky", "vk"]  # can be asked whether a post is there
BLIND = ["telegram", "x", "slack", "discord", "teams", "webhook"]
KINDS = READ_BACK + BLIND
KEY = "2026-11-24-payments-down/update-1"
LEDGER = "content/.crisishub/ledger.jsonl"


class Refusing(httpx.AsyncBaseTransport):
    """The real HTTP transport, except that requests to `down` paths are refused at connect."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.down: set[str] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if any(request.url.path.startswith(p) for p in self.down):
            raise httpx.ConnectError("Connection refused", request=request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


PREFIX = {"mastodon": "/mastodon/api/v1/statuses", "bluesky": "/bsky/xrpc/com.atproto.repo.c",
          "vk": "/vk/method/wall.post", "telegram": "/telegram", "x": "/x", "slack": "/slack",
          "discord": "/discord", "teams": "/teams", "webhook": "/webhook"}


def publish(root: Path, platforms: Platforms, transport: httpx.AsyncBaseTransport | None = None,
            **kwargs: Any) -> tuple[int, str]:
    out = io.StringIO()
    kwargs.setdefault("timeout", 1.5)  # generous: the machine is shared; hangs cost this
    kwargs.setdefault("environ", environment(platforms.base))
    code = run_publish(load_project(root / "mkdocs.yml"), out, now=NOW, sleep=no_sleep,
                       transport=transport, **kwargs)
    return code, out.getvalue()


def entries(root: Path) -> list[dict[str, Any]]:
    path = root / LEDGER
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def last_state(root: Path, kind: str, key: str = KEY) -> str | None:
    states = [e["state"] for e in entries(root) if e["key"] == key and e["channel"] == kind]
    return states[-1] if states else None


def one_channel(tmp_path: Path, platforms: Platforms, kind: str) -> Path:
    root = make_hub(tmp_path, channels={kind: all_channels(platforms.base)[kind]})
    (root / "content/incidents/2026-11-24-payments-down/update-2.md").unlink()
    return root


# -- the fault matrix --------------------------------------------------------------------
# The server acted, then its answer was lost: read-back channels settle it on the next run
# (exactly one post); the others are never resent on their own.
@pytest.mark.parametrize("fault", ["commit-then-hang", "commit-then-drop", "commit-then-500"])
@pytest.mark.parametrize("kind", KINDS)
def test_answer_lost_after_the_server_acted(tmp_path: Path, platforms: Platforms, kind: str,
                                            fault: str) -> None:
    root = one_channel(tmp_path, platforms, kind)
    platforms.fault(f"{kind}.post", fault, "down" if fault == "commit-then-drop" else "500")
    code, out = publish(root, platforms)
    platforms.faults.clear()
    for _ in range(2):  # the next pushes, after any idempotency window
        code, out = publish(root, platforms)
    assert platforms.count(kind) == 1, out
    if kind in READ_BACK:
        assert code == 0, out
        assert last_state(root, kind) == "posted"
    else:
        assert code == 1 and "--resend-unknown" in out
        assert last_state(root, kind) == "unknown"


@pytest.mark.parametrize("kind", READ_BACK)
def test_ambiguous_then_refused_stays_unknown_until_read_back(tmp_path: Path,
                                                             platforms: Platforms,
                                                             kind: str) -> None:
    """The double post of the issue: accepted, answer timed out, retries refused. The
    ledger must not say `failed` (always retried); the next run reads back and finds it."""
    root = one_channel(tmp_path, platforms, kind)
    refusing = Refusing()
    platforms.fault(f"{kind}.post", "commit-then-hang")
    # after the first attempt, the channel refuses connections for the rest of the run
    original = refusing.handle_async_request
    seen = {"posts": 0}

    async def then_refuse(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith(PREFIX[kind]) or "/wall." in request.url.path or \
                "getRecord" in request.url.path or "/accounts/" in request.url.path:
            seen["posts"] += 1
            if seen["posts"] > 1:
                raise httpx.ConnectError("Connection refused", request=request)
        return await original(request)

    refusing.handle_async_request = then_refuse  # type: ignore[method-assign]
    code, out = publish(root, platforms, transport=refusing)
    assert code == 1 and platforms.count(kind) == 1
    assert last_state(root, kind) == "unknown"
    code, out = publish(root, platforms)
    assert code == 0, out
    assert platforms.count(kind) == 1
    assert "settled" in out and "found on the channel by reading back" in out
    assert last_state(root, kind) == "posted"
    assert [e.get("settled") for e in entries(root) if e["state"] == "posted"] == ["read back"]


@pytest.mark.parametrize("kind", KINDS)
def test_connection_refused_is_failed_and_posted_by_the_next_run(tmp_path: Path,
                                                                 platforms: Platforms,
                                                                 kind: str) -> None:
    root = one_channel(tmp_path, platforms, kind)
    refusing = Refusing()
    refusing.down.add(PREFIX[kind])
    code, out = publish(root, platforms, transport=refusing)
    assert code == 1 and "could not connect" in out
    assert platforms.count(kind) == 0 and last_state(root, kind) == "failed"
    code, out = publish(root, platforms)
    assert code == 0, out
    assert platforms.count(kind) == 1 and last_state(root, kind) == "posted"


@pytest.mark.parametrize("kind", KINDS)
def test_server_error_before_acting(tmp_path: Path, platforms: Platforms, kind: str) -> None:
    root = one_channel(tmp_path, platforms, kind)
    platforms.fault(f"{kind}.post", "500")
    code, out = publish(root, platforms)
    if kind in READ_BACK:  # read back, not there, sent once
        assert code == 0, out
        assert platforms.count(kind) == 1 and last_state(root, kind) == "posted"
    else:  # a 5xx may have posted: never resent on its own
        assert code == 1
        assert platforms.count(kind) == 0 and last_state(root, kind) == "unknown"
        publish(root, platforms)
        assert platforms.count(kind) == 0


@pytest.mark.parametrize("fault", ["html", "html-500"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_html_answer_fails_that_channel_alone(tmp_path: Path, platforms: Platforms,
                                                 kind: str, fault: str) -> None:
    channels = all_channels(platforms.base)
    other = "telegram" if kind != "telegram" else "mastodon"
    root = make_hub(tmp_path, channels={kind: channels[kind], other: channels[other]})
    platforms.fault(f"{kind}.post", fault)
    code, out = publish(root, platforms)
    assert platforms.count(other) == 2  # the other channel is untouched by it
    assert "Traceback" not in out and "<html" not in out
    if kind in READ_BACK:  # read back, then sent: exactly once
        assert platforms.count(kind) == 2 and code == 0, out
    else:  # never posted twice; what the ledger says is honest: unknown, or failed
        assert platforms.count(kind) <= 2
        assert last_state(root, kind) in ("unknown", "posted", "failed")
        assert code == 1


def test_a_login_answered_with_html_fails_bluesky_alone(tmp_path: Path,
                                                        platforms: Platforms) -> None:
    root = make_hub(tmp_path, channels=all_channels(platforms.base))
    platforms.fault("bluesky.session", "html")
    code, out = publish(root, platforms)
    assert code == 1
    assert [line.split()[:3] for line in out.splitlines() if line.startswith("bluesky")] \
        == [["bluesky", "*", "failed"]]
    assert "could not start: Bluesky's createSession answered HTTP 200 with something that " \
           "is not JSON (text/html)" in out
    for kind in KINDS:
        if kind != "bluesky":
            assert platforms.count(kind) == 2, kind


@pytest.mark.parametrize("kind", KINDS)
def test_rate_limit_waits_the_channels_own_reset(tmp_path: Path, platforms: Platforms,
                                                 kind: str) -> None:
    root = one_channel(tmp_path, platforms, kind)
    platforms.fault(f"{kind}.post", "429")
    crosspost_hub.SLEPT.clear()
    code, out = publish(root, platforms)  # content clock frozen at NOW; resets are real time
    assert code == 0, out
    assert platforms.count(kind) == 1 and last_state(root, kind) == "posted"
    assert len(crosspost_hub.SLEPT) == 1 and 0 < crosspost_hub.SLEPT[0] <= 6


@pytest.mark.parametrize("kind", ["x", "bluesky", "mastodon", "vk"])
def test_ledger_lost_then_the_apis_duplicate_answer_settles_it(tmp_path: Path,
                                                               platforms: Platforms,
                                                               kind: str) -> None:
    root = one_channel(tmp_path, platforms, kind)
    assert publish(root, platforms)[0] == 0
    (root / LEDGER).unlink()  # CI did not commit it back
    if kind in ("x", "bluesky"):
        platforms.fault(f"{kind}.post", "duplicate")
    code, out = publish(root, platforms)
    assert code == 0, out
    assert platforms.count(kind) == 1
    assert last_state(root, kind) == "posted"


# -- the ledger's torn tail --------------------------------------------------------------
def test_a_torn_ledger_tail_is_repaired_once_and_never_glued(tmp_path: Path,
                                                             platforms: Platforms) -> None:
    channels = all_channels(platforms.base)
    root = make_hub(tmp_path, channels={"telegram": channels["telegram"]})
    ledger = root / LEDGER
    (root / "content/incidents/2026-11-24-payments-down/update-2.md").rename(tmp_path / "u2")
    assert publish(root, platforms)[0] == 0
    torn = b'{"at": "2026-11-24T16:00:00+00:00", "channel": "telegram", "key": "2026-11-2'
    with open(ledger, "ab") as handle:
        handle.write(torn)
    (tmp_path / "u2").rename(root / "content/incidents/2026-11-24-payments-down/update-2.md")
    code, out = publish(root, platforms)
    assert code == 0, out
    assert out.count("warning: content/.crisishub/ledger.jsonl: the last line was cut short") == 1
    assert (ledger.parent / "ledger.jsonl.torn").read_bytes() == torn + b"\n"
    assert all(json.loads(line) for line in ledger.read_text().splitlines())
    assert platforms.count("telegram") == 2  # update-1 not resent; update-2 posted once
    code, out = publish(root, platforms)  # and from now on: silent, nothing to do
    assert code == 0 and "warning" not in out and platforms.count("telegram") == 2


def test_report_and_check_read_the_ledger_the_same_way(tmp_path: Path) -> None:
    from generator.core.problems import Problems
    from generator.practice.report import read_ledger
    from generator.reading.ledger_file import read_ledger as read_entries
    good = '{"at": "2026-11-24T14:00:00+00:00", "channel": "x", "key": "a/b", "state": "posted"}'
    path = write(tmp_path / "ledger.jsonl", good + "\n" + good[:30])
    for reader in (read_ledger, lambda p, pr: read_entries(p, "ledger.jsonl", pr)):
        problems = Problems()
        assert len(reader(path, problems)) == 1
        assert [p.severity for p in problems] == ["warning"]
    path.write_text("nonsense\n" + good + "\n")
    for reader in (read_ledger, lambda p, pr: read_entries(p, "ledger.jsonl", pr)):
        problems = Problems()
        assert reader(path, problems) == []
        assert [(p.severity, p.line) for p in problems] == [("error", 1)]


# -- disabled channels -------------------------------------------------------------------
def test_a_disabled_channel_named_by_a_scheduled_post_is_skipped(tmp_path: Path,
                                                                 platforms: Platforms) -> None:
    channels = all_channels(platforms.base)
    root = make_hub(tmp_path, impact="minor", channels={
        "telegram": channels["telegram"], "slack": {**channels["slack"], "enabled": False}})
    write(root / "content/scheduled/offer.md", """
        ---
        publish_at: 2026-11-24 15:00 +00:00
        channels: [telegram, slack]
        ---
        New delivery slots from today.
    """)
    code, out = publish(root, platforms)
    assert code == 0, out
    assert "slack: skipped: 'enabled: false' in content/channels.yml" in out
    assert out.count("skipped") == 1
    assert platforms.count("telegram") == 3 and platforms.count("slack") == 0


# -- release -----------------------------------------------------------------------------
def test_a_release_counts_only_after_the_resolve_to_the_second(tmp_path: Path,
                                                               platforms: Platforms) -> None:
    channels = all_channels(platforms.base)
    root = make_hub(tmp_path, channels={"telegram": channels["telegram"]})
    write(root / "content/scheduled/offer.md", """
        ---
        publish_at: 2026-11-24 14:30 +00:00
        ---
        New delivery slots from today.
    """)
    project = load_project(root / "mkdocs.yml")
    out = io.StringIO()
    assert run_release(project, "offer", out, now=NOW) == 1  # the incident is still on
    assert "release refused: incident 2026-11-24-payments-down is still active" in out.getvalue()
    crosspost_hub.write_update(root, "2026-11-24-payments-down", "update-3",
                               at="2026-11-24 15:30 +00:00", status="resolved", body="Fixed.")
    resolved = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
    out = io.StringIO()
    assert run_release(load_project(root / "mkdocs.yml"), "offer", out, now=resolved) == 1
    assert "a release counts only after the resolve" in out.getvalue()
    out = io.StringIO()
    later = resolved + timedelta(seconds=1)
    assert run_release(load_project(root / "mkdocs.yml"), "offer", out, now=later,
                       by="ana") == 0
    released = [e for e in entries(root) if e["state"] == "released"]
    assert released == [{"at": "2026-11-24T15:30:01+00:00", "by": "ana", "channel": "*",
                         "key": "scheduled/offer", "state": "released"}]
    code, out_text = publish(root, platforms)
    assert code == 0, out_text
    assert any(p["text"].startswith("New delivery slots") for p in platforms.posts["telegram"])


# -- the two clocks ----------------------------------------------------------------------
def test_network_times_use_the_real_clock_when_the_content_clock_is_frozen(
        tmp_path: Path, platforms: Platforms) -> None:
    channels = all_channels(platforms.base)
    root = make_hub(tmp_path, channels={k: channels[k] for k in ("bluesky", "x", "webhook")})
    real = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    code, out = publish(root, platforms, network_clock=lambda: real)
    assert code == 0, out
    assert all(p["record"]["createdAt"].startswith("2031-05-06T07:08:09")
               for p in platforms.posts["bluesky"])
    assert all(f'oauth_timestamp="{int(real.timestamp())}"' in p["auth"]
               for p in platforms.posts["x"])
    stamps = {h.get("X-CrisisHub-Timestamp") for m, path, h, b in platforms.requests
              if path == "/webhook"}
    assert stamps == {str(int(real.timestamp()))}
    assert {e["at"][:10] for e in entries(root)} == {"2026-11-24"}  # the hub's own times


# -- secrets: the canary -----------------------------------------------------------------
def test_no_secret_reaches_output_ledger_outbox_or_site(tmp_path: Path, platforms: Platforms,
                                                        capsys: pytest.CaptureFixture[str],
                                                        ) -> None:
    channels = all_channels(platforms.base)
    channels["teams-ops"] = {"kind": "teams"}  # no credentials: writes the outbox
    root = make_hub(tmp_path, channels=channels)
    env = environment(platforms.base)
    for kind in ("slack", "discord", "webhook", "telegram", "x"):
        platforms.fault(f"{kind}.post", "echo")  # a proxy echoing the path: a secret in it
    code, out = publish(root, platforms, environ=env)
    assert code == 1
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  name: material\n", f"  name: material\n  custom_dir: {REPO / 'overrides'}\n  font: false\n"))
    site = build_site(config, tmp_path / "site", internal=True)  # with report and preview
    assert (site / "index.html").is_file()
    captured = capsys.readouterr()
    places = {"stdout": out + captured.out, "stderr": captured.err,
              "ledger": (root / LEDGER).read_text()}
    places.update({str(p): p.read_text() for p in (root / "outbox").rglob("*.json")})
    places.update({str(p): p.read_text(errors="replace") for p in site.rglob("*")
                   if p.is_file() and p.suffix in (".html", ".json", ".xml", ".ics", ".txt")})
    canaries = [v for v in env.values() if len(v) >= 6] + \
        [TOKENS[k].rsplit("/", 1)[-1] for k in ("slack", "discord", "teams")]
    leaks = [(where, c) for where, text in places.items() for c in canaries if c in text]
    assert leaks == []
    assert "HTTP 502" in out  # the failure is still reported, by status code


# -- random faults, kills and reruns -----------------------------------------------------
FAULTS = st.sampled_from(["", "", "429", "500", "503", "commit-then-hang", "commit-then-drop",
                          "commit-then-500", "html", "html-500", "hang"])


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(runs=st.lists(st.fixed_dictionaries({k: st.lists(FAULTS, max_size=3)
                                            for k in ("mastodon", "bluesky", "vk", "telegram",
                                                      "x", "discord")}),
                     min_size=1, max_size=3))
@example(runs=[{"mastodon": [], "bluesky": [], "vk": ["429", "429", "commit-then-hang"],
                "telegram": [], "x": [], "discord": []}])  # once a double post on VK
def test_random_faults_never_post_one_message_twice(tmp_path_factory: pytest.TempPathFactory,
                                                    runs: list[dict[str, list[str]]]) -> None:
    platforms = Platforms().start()
    try:
        channels = all_channels(platforms.base)
        kinds = ["mastodon", "bluesky", "vk", "telegram", "x", "discord"]
        root = make_hub(tmp_path_factory.mktemp("hub"), channels={k: channels[k] for k in kinds})
        for faults in [*runs, {}]:
            platforms.faults.clear()
            for kind, actions in faults.items():
                platforms.fault(f"{kind}.post", *[a for a in actions if a])
            publish(root, platforms, timeout=0.3)
        for kind in kinds:
            texts = [_text(kind, p) for p in platforms.posts.get(kind, [])]
            assert len(texts) == len(set(texts)), (kind, texts)
    finally:
        platforms.stop()


def _text(kind: str, post: dict[str, Any]) -> str:
    if kind == "bluesky":
        return str(post["record"]["text"])
    return str(post.get("text") or post.get("status") or post.get("message") or
               post.get("content"))


def test_the_mask_catches_a_secret_an_adapter_let_slip(tmp_path: Path, platforms: Platforms,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The final filter, proven with a deliberate leak: an adapter error quoting its URL."""
    from generator.crosspost.channels import telegram
    from generator.crosspost.channels.base import PermanentError

    async def leaky(self: telegram.Telegram, message: Any, thread: Any) -> Any:
        raise PermanentError(f"refused at {self.api_base}/bot{self._token}/sendMessage")

    monkeypatch.setattr(telegram.Telegram, "post", leaky)
    root = one_channel(tmp_path, platforms, "telegram")
    code, out = publish(root, platforms)
    assert code == 1 and "refused at" in out and "/bot[secret]/sendMessage" in out
    assert TOKENS["telegram"] not in out
    assert TOKENS["telegram"] not in (root / LEDGER).read_text()
    assert "[secret]" in (root / LEDGER).read_text()
