"""`crisishub listen`: read back what people did with every post in the ledger, and append a
timestamped snapshot per post to content/.crisishub/reactions.jsonl.

Channels are read concurrently; one channel's failure never stops the others, and the
command exits 0 when some could not be read (a scheduled run goes on), naming which and why.
Secrets come from the environment only and are never printed or stored.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from generator.core.problems import Problems
from generator.crosspost.channels.base import ChannelError
from generator.crosspost.channels.x import OAuth1Keys
from generator.crosspost.ledger import Entry, Ledger, LedgerError
from generator.listening.sources.base import Collected, Posted, Reader, Sleep
from generator.listening.sources.bluesky import PUBLIC_APPVIEW, BlueskyReader
from generator.listening.sources.discord import DiscordReader
from generator.listening.sources.mastodon import MastodonReader
from generator.listening.sources.telegram import TelegramReader
from generator.listening.sources.vk import VKReader
from generator.listening.sources.x import XReader
from generator.listening.store import append_snapshots
from generator.reading.channels_file import (
    ChannelSettings,
    load_channels_config,
    reactions_location,
    secret_env,
)
from generator.reading.settings import Project

if TYPE_CHECKING:
    import httpx

DEFAULT_DAYS = 7
# What each kind needs to be read back (environment variable suffixes); Mastodon and Bluesky
# read public posts without any.
READ_SECRETS: dict[str, tuple[str, ...]] = {
    "mastodon": (), "bluesky": (), "vk": ("READ_TOKEN",), "discord": ("WEBHOOK_URL",),
    "telegram": ("BOT_TOKEN",), "x": ("API_KEY", "API_SECRET", "ACCESS_TOKEN",
                                      "ACCESS_TOKEN_SECRET"),
}
UNREADABLE = {
    "slack": "incoming webhooks return no message id",
    "teams": "Workflows webhooks return no message id",
    "email": "mail has no public counts",
    "webhook": "the receiver is yours: read it there",
}


@dataclass(frozen=True)
class ChannelResult:
    channel: str
    read: int
    deleted: int
    replies: int
    problem: str = ""


def make_reader(settings: ChannelSettings, environ: Mapping[str, str],
                client: httpx.AsyncClient, clock: Callable[[], datetime],
                sleep: Sleep) -> tuple[Reader | None, str]:
    """The channel's reader, or None and why it cannot be read."""
    kind, name, o = settings.kind, settings.name, settings.options
    if kind in UNREADABLE:
        return None, f"cannot be read back: {UNREADABLE[kind]}"
    missing = [secret_env(name, s) for s in READ_SECRETS[kind] if not environ.get(secret_env(name, s))]
    if missing:
        return None, f"not read: {', '.join(missing)} not set"

    def secret(suffix: str) -> str:
        return environ[secret_env(name, suffix)]

    api_base = str(o["api_base"]) if o.get("api_base") else None
    if kind == "mastodon":
        return MastodonReader(name, client, str(o["instance"]), clock=clock, sleep=sleep), ""
    if kind == "bluesky":
        return BlueskyReader(name, client, appview=str(o.get("appview") or PUBLIC_APPVIEW),
                             clock=clock, sleep=sleep), ""
    if kind == "vk":
        return VKReader(name, client, secret("READ_TOKEN"), int(o["group_id"]),
                        api_base=api_base or "https://api.vk.com", clock=clock, sleep=sleep), ""
    if kind == "discord":
        return DiscordReader(name, client, secret("WEBHOOK_URL"), clock=clock, sleep=sleep), ""
    if kind == "telegram":
        return TelegramReader(name, client, secret("BOT_TOKEN"), str(o["chat_id"]),
                              api_base=api_base or "https://api.telegram.org", clock=clock,
                              sleep=sleep), ""
    keys = OAuth1Keys(secret("API_KEY"), secret("API_SECRET"), secret("ACCESS_TOKEN"),
                      secret("ACCESS_TOKEN_SECRET"))
    return XReader(name, client, keys, api_base=api_base or "https://api.x.com", clock=clock,
                   sleep=sleep), ""


def posts_to_read(entries: list[Entry], channel: str, since: datetime) -> list[Posted]:
    """The channel's posted messages since `since`, the latest record of each. VK follow-ups
    are comments under the incident's first post (the team's own answers there): not read
    on their own."""
    latest: dict[str, Entry] = {}
    for entry in entries:
        if entry.channel == channel and entry.state == "posted" and entry.remote_id:
            latest[entry.key] = entry
    return [Posted(channel, e.key, str(e.remote_id), e.incident, e.url, dict(e.extra))
            for e in latest.values() if e.when >= since and "post_id" not in e.extra]


async def _read_channel(reader: Reader, posts: list[Posted]) -> tuple[Collected, str]:
    out = Collected(reader.name)
    try:
        await reader.read(posts, out)
    except ChannelError as exc:
        return out, str(exc)
    return out, ""


def run_listen(project: Project, out: TextIO, *, now: datetime | None = None,
               environ: Mapping[str, str] | None = None, days: int = DEFAULT_DAYS,
               only: list[str] | None = None,
               transport: httpx.AsyncBaseTransport | None = None,
               sleep: Sleep = asyncio.sleep, timeout: float = 15.0) -> int:
    """Read every readable channel; print one line per channel. 0 unless nothing could start
    (broken channels.yml or ledger): channels that could not be read are listed, not fatal."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines show URLs
    environ = os.environ if environ is None else environ
    start = now or project.now()
    fixed = now is not None or project.clock.is_frozen
    clock = (lambda: start) if fixed else (lambda: datetime.now(UTC))
    problems = Problems()
    channels_file = project.content_dir / "channels.yml"
    config = load_channels_config(channels_file, "content/channels.yml", problems)
    if problems.errors:
        for problem in problems.errors:
            print(problem, file=out)
        print("Fix these first: nothing was read.", file=out)
        return 1
    ledger_path = project.content_dir / config.ledger
    try:
        ledger = Ledger(ledger_path, clock, shown=_shown(ledger_path, project.root))
    except LedgerError as exc:
        print(exc, file=out)
        return 1
    settings = [c for c in config.channels if not only or c.name in only]
    results = asyncio.run(_listen(settings, ledger.entries, start - timedelta(days=days),
                                  environ, clock, sleep, transport, timeout,
                                  reactions_location(project.content_dir)))
    for r in results:
        line = f"{r.channel}: {r.read} posts read"
        if r.deleted:
            line += f", {r.deleted} deleted"
        if r.replies:
            line += f", {r.replies} replies"
        print(line + (f"; {r.problem}" if r.problem else ""), file=out)
    if not results:
        print("No channels in content/channels.yml: nothing to read.", file=out)
    unread = [r.channel for r in results if r.problem]
    if unread:
        print(f"Not read (or not completely): {', '.join(unread)}", file=out)
    where = _shown(reactions_location(project.content_dir), project.root)
    print(f"Snapshots appended to {where}", file=out)
    return 0


async def _listen(settings: list[ChannelSettings], entries: list[Entry], since: datetime,
                  environ: Mapping[str, str], clock: Callable[[], datetime], sleep: Sleep,
                  transport: httpx.AsyncBaseTransport | None, timeout: float,
                  store: Path) -> list[ChannelResult]:
    import httpx  # loaded when something is read, not by every build

    async with httpx.AsyncClient(transport=transport, timeout=timeout) as client:
        jobs: list[tuple[str, asyncio.Task[tuple[Collected, str]] | None, str]] = []
        for setting in settings:
            reader, why = make_reader(setting, environ, client, clock, sleep)
            posts = posts_to_read(entries, setting.name, since)
            if reader is None:
                jobs.append((setting.name, None, why))
            elif not posts:
                jobs.append((setting.name, None, ""))
            else:
                jobs.append((setting.name, asyncio.ensure_future(_read_channel(reader, posts)), ""))
        results = []
        snapshots = []
        for name, task, why in jobs:
            if task is None:
                results.append(ChannelResult(name, 0, 0, 0, why))
                continue
            collected, problem = await task
            snapshots += collected.snapshots
            results.append(ChannelResult(
                name, sum(s.state == "ok" for s in collected.snapshots),
                sum(s.state == "deleted" for s in collected.snapshots),
                sum(len(s.replies) for s in collected.snapshots), problem))
    append_snapshots(store, snapshots)
    return results


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
