"""`crisishub publish` and `crisishub release`: the edge where files, the environment and
the network meet the pure planning in `generator.publisher`.

Secrets are read from the environment by `generator.channels.registry` only, and are never
printed: errors carry status codes and channel messages, never URLs or headers.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Mapping, TextIO
from zoneinfo import ZoneInfo

import httpx
import yaml

from generator.channel_config import ChannelsConfig, load_channels_config
from generator.channels.base import Channel, ChannelError
from generator.channels.outbox import Outbox
from generator.channels.registry import build_channel
from generator.ledger import Ledger, LedgerError
from generator.loader import load_hub
from generator.model import Hub
from generator.problems import Problems
from generator.publisher import (
    Delivery, Outcome, RetryPolicy, Sleep, deliver, plan, summary_table, thread_for,
)
from generator.scheduled import ScheduledPost, freeze, load_scheduled
from generator.social import front_matter_lines, social_problems

__all__ = ["add_publish_commands", "run_publish", "run_release", "social_problems",
           "check_social"]


@dataclass
class Project:
    """A hub folder: mkdocs.yml, content/ and what cross-posting reads from them."""

    root: Path
    hub: Hub
    config: ChannelsConfig
    scheduled: list[ScheduledPost]
    site_url: str | None
    problems: Problems = field(default_factory=Problems)

    @property
    def content(self) -> Path:
        return self.root / "content"

    def ledger(self, clock: Callable[[], datetime]) -> Ledger:
        path = self.content / self.config.ledger
        return Ledger(path, clock, shown=f"content/{self.config.ledger}")


def _mkdocs_settings(root: Path) -> tuple[str | None, str]:
    """site_url and the hub's time zone from mkdocs.yml (unknown YAML tags ignored)."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return None, "UTC"

    class Loose(yaml.SafeLoader):
        pass

    Loose.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(path.read_text("utf-8"), Loose) or {}  # noqa: S506 (SafeLoader)
    except yaml.YAMLError:
        return None, "UTC"
    zone = "UTC"
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("crisishub"), dict):
            zone = str(plugin["crisishub"].get("time_zone") or zone)
    site = data.get("site_url")
    return (str(site).rstrip("/") + "/" if site else None), zone


def load_project(root: Path) -> Project:
    site_url, zone = _mkdocs_settings(root)
    hub, problems = load_hub(root / "content", ZoneInfo(zone), root)
    config = load_channels_config(root / "content" / "channels.yml", "content/channels.yml",
                                  problems)
    scheduled = load_scheduled(root / "content", ZoneInfo(zone), root, config.names, problems)
    return Project(root, hub, config, scheduled, config.site_url or site_url, problems)


def check_social(root: Path) -> Problems:
    """What `crisishub check` adds: channels.yml, scheduled posts and social texts."""
    project = load_project(root)
    problems = Problems()
    problems.extend(Problems([p for p in project.problems.items
                              if "channels.yml" in p.path or p.path.startswith("content/scheduled")]))
    problems.extend(social_problems(project.hub, project.config, project.scheduled,
                                    site_url=project.site_url,
                                    line_of=front_matter_lines(root)))
    return problems


def run_publish(root: Path, out: TextIO, *, dry_run: bool = False, resend_unknown: bool = False,
                only: list[str] | None = None, now: datetime | None = None,
                environ: Mapping[str, str] | None = None,
                transport: httpx.AsyncBaseTransport | None = None, sleep: Sleep = asyncio.sleep,
                policy: RetryPolicy = RetryPolicy(), timeout: float = 15.0) -> int:
    """Publish what is due; print the plan (dry run) or the summary. 0 when nothing failed."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines show URLs
    environ = os.environ if environ is None else environ
    clock = (lambda: now) if now is not None else (lambda: datetime.now(timezone.utc))
    project = load_project(root)
    if project.problems.errors:
        for problem in project.problems.errors:
            print(problem, file=out)
        print("Fix these first: nothing was published.", file=out)
        return 1
    if not project.site_url:
        print("mkdocs.yml: site_url: missing; the posts link to the incident pages, so set it "
              "like site_url: https://status.example.com/", file=out)
        return 1
    try:
        ledger = project.ledger(clock)
    except LedgerError as exc:
        print(exc, file=out)
        return 1
    settings = [c for c in project.config.channels if not only or c.name in only]
    return asyncio.run(_publish(project, settings, ledger, out, dry_run, resend_unknown, clock,
                                environ, transport, sleep, policy, timeout))


async def _publish(project: Project, settings: list[Any], ledger: Ledger, out: TextIO,
                   dry_run: bool, resend_unknown: bool, clock: Callable[[], datetime],
                   environ: Mapping[str, str], transport: httpx.AsyncBaseTransport | None,
                   sleep: Sleep, policy: RetryPolicy, timeout: float) -> int:
    now = clock()
    outbox = project.root / project.config.outbox
    async with httpx.AsyncClient(transport=transport, timeout=timeout) as client:
        channels: list[Channel] = []
        missing: dict[str, list[str]] = {}
        for setting in settings:
            channel, lacking = build_channel(setting, environ, client, outbox, clock)
            channels.append(channel)
            if lacking:
                missing[setting.name] = lacking
        ready, failed = await _prepare([c for c in channels if not dry_run or not
                                        isinstance(c, Outbox)], channels)
        due, held = freeze(project.scheduled, project.hub, now, project.config.freeze_impact,
                           ledger.released_at)
        deliveries, notes = plan(project.hub, ready, ledger, now, str(project.site_url),
                                 window_hours=project.config.post_window_hours, scheduled=due,
                                 resend_unknown=resend_unknown)
        notes += [Outcome(name, "*", "failed", reason) for name, reason in failed.items()]
        notes += [Outcome("*", h.post.key, "held", h.reason) for h in held]
        if dry_run:
            _print_plan(deliveries, ready, ledger, missing, out)
            print(summary_table(notes) if notes else "", file=out)
            return 0
        outcomes = await deliver(deliveries, ready, ledger, policy=policy, sleep=sleep)
    all_outcomes = outcomes + notes
    print(summary_table(all_outcomes), file=out)
    for name, names in missing.items():
        print(f"{name}: no credentials ({', '.join(names)} not set): wrote the outbox "
              f"folder {project.config.outbox}/{name}/ instead", file=out)
    really_missing = missing and len(missing) < len(channels)  # some set up, others not
    return 1 if really_missing or any(o.is_failure for o in all_outcomes) else 0


async def _prepare(to_prepare: list[Channel], channels: list[Channel],
                   ) -> tuple[list[Channel], dict[str, str]]:
    async def one(channel: Channel) -> str | None:
        try:
            await channel.prepare()
        except ChannelError as exc:
            return f"could not start: {exc}"
        return None

    results = await asyncio.gather(*(one(c) for c in to_prepare))
    failed = {c.name: r for c, r in zip(to_prepare, results) if r}
    return [c for c in channels if c.name not in failed], failed


def _print_plan(deliveries: list[Delivery], channels: list[Channel], ledger: Ledger,
                missing: dict[str, list[str]], out: TextIO) -> None:
    by_name = {c.name: c for c in channels}
    if not deliveries:
        print("Nothing to publish: every update is on every channel.", file=out)
    sent_in_run: dict[tuple[str, str], str] = {}
    for d in deliveries:
        channel = by_name[d.channel]
        thread = thread_for(ledger, d.channel, d.message)
        incident = d.message.incident_id
        if thread is not None:
            parent = f"replies to {thread.parent.remote_id or thread.parent.url}"
        elif incident and (d.channel, incident) in sent_in_run:
            parent = f"replies to {sent_in_run[(d.channel, incident)]} (sent earlier in this run)"
        else:
            parent = "starts a thread" if incident else "no thread"
        if incident:
            sent_in_run[(d.channel, incident)] = d.message.key
        how = "outbox (" + ", ".join(missing[d.channel]) + " not set)" if d.channel in missing \
            else channel.kind
        print(f"== {d.channel} [{how}] {d.message.key}: {d.message.length}/{d.message.limit} "
              f"{channel.rules.label}, {parent}", file=out)
        print(f"   {d.message.text}", file=out)


def run_release(root: Path, post_id: str, out: TextIO, now: datetime | None = None) -> int:
    """Release a held scheduled post: it goes out with the next publish."""
    project = load_project(root)
    known = [p.id for p in project.scheduled]
    if post_id not in known:
        print(f"content/scheduled/{post_id}.md: no such scheduled post; known: "
              f"{', '.join(known) or 'none'}", file=out)
        return 1
    stamp = now or datetime.now(timezone.utc)
    project.ledger(lambda: stamp).record(f"scheduled/{post_id}", "*", "released")
    print(f"released scheduled/{post_id}: it goes out with the next 'crisishub publish' "
          "unless a crisis is active then", file=out)
    return 0


def add_publish_commands(subparsers: Any) -> None:
    """Register `publish` and `release` on the main CLI's subparsers."""
    publish = subparsers.add_parser("publish", help="post new updates and due scheduled posts")
    publish.add_argument("--dry-run", action="store_true",
                         help="show what each channel would receive; send nothing")
    publish.add_argument("--resend-unknown", action="store_true",
                         help="send again what may or may not have been posted before")
    publish.add_argument("--channel", action="append", dest="channels", metavar="NAME",
                         help="only this channel (repeatable)")
    publish.add_argument("--root", type=Path, default=Path("."), help=argparse.SUPPRESS)
    publish.set_defaults(func=lambda a: run_publish(
        a.root, sys.stdout, dry_run=a.dry_run, resend_unknown=a.resend_unknown, only=a.channels))
    release = subparsers.add_parser("release", help="release a scheduled post held by a crisis")
    release.add_argument("post", help="the file name in content/scheduled/, without .md")
    release.add_argument("--root", type=Path, default=Path("."), help=argparse.SUPPRESS)
    release.set_defaults(func=lambda a: run_release(a.root, a.post, sys.stdout))
