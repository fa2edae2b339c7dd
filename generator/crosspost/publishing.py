"""`crisishub publish` and `crisishub release`: the edge where files, the environment and
the network meet the pure planning in `generator.crosspost.fanout`.

Secrets are read from the environment by `generator.crosspost.channels.registry` only, and are never
printed: errors carry status codes and channel messages, never URLs or headers.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO, cast

import httpx

from generator.core.model import Hub
from generator.core.placeholders import blocked_updates, placeholder_problems
from generator.core.problems import Problems, display_path
from generator.crosspost.channels.base import Channel, ChannelError, Clock, utc_now
from generator.crosspost.channels.outbox import Outbox
from generator.crosspost.channels.registry import build_channel
from generator.crosspost.fanout import (
    Delivery,
    Outcome,
    RetryPolicy,
    Sleep,
    deliver,
    goes_to,
    plan,
    summary_table,
    thread_for,
)
from generator.crosspost.ledger import Ledger, LedgerError
from generator.crosspost.secrets import MaskedOutput, Masker, configured_secrets
from generator.crosspost.social_check import social_problems
from generator.crosspost.statuspage_webhooks import statuspage_payloads
from generator.reading.channels_file import ChannelsConfig, ledger_location, load_channels_config
from generator.reading.ledger_file import read_ledger
from generator.reading.loader import load_hub
from generator.reading.parse_cache import parse_cache
from generator.reading.scheduled import ScheduledPost, freeze, load_scheduled
from generator.reading.settings import Project

DEFAULT_POLICY = RetryPolicy()
__all__ = ["crosspost_problems", "run_publish", "run_release", "social_problems"]


@dataclass
class Crosspost:
    """What cross-posting reads from a project: the hub, channels.yml, scheduled posts."""

    project: Project
    hub: Hub
    config: ChannelsConfig
    scheduled: list[ScheduledPost]
    problems: Problems = field(default_factory=Problems)

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def site_url(self) -> str | None:
        return self.config.site_url or self.project.site_url or None

    def ledger(self, clock: Callable[[], datetime], mask: Callable[[str], str] = str) -> Ledger:
        path = ledger_location(self.project.content_dir, self.config)
        return Ledger(path, clock, shown=display_path(path, self.root), mask=mask)


def load_crosspost(project: Project, hub: Hub | None = None,
                   problems: Problems | None = None) -> Crosspost:
    """Read channels.yml and content/scheduled/ (and the hub, unless given)."""
    if hub is None:
        hub, problems = load_hub(project.content_dir, project.time_zone, project.root,
                                 cache=parse_cache(project.root),
                                 languages=project.all_languages)
    problems = problems if problems is not None else Problems()
    channels_file = project.content_dir / "channels.yml"
    config = load_channels_config(channels_file, display_path(channels_file, project.root),
                                  problems, project.all_languages)
    scheduled = load_scheduled(project.content_dir, project.time_zone, project.root,
                               config.names, problems)
    return Crosspost(project, hub, config, scheduled, problems)


def crosspost_problems(project: Project, hub: Hub) -> Problems:
    """What `crisishub check` adds: channels.yml, scheduled posts, texts that cannot fit."""
    return crosspost_check(project, hub)[1]


def crosspost_check(project: Project, hub: Hub) -> tuple[Crosspost, Problems]:
    """`crosspost_problems()` with what was read, for a build that hands it on."""
    crosspost = load_crosspost(project, hub, Problems())
    problems = Problems()
    problems.extend(crosspost.problems)  # channels.yml and scheduled posts
    problems.extend(social_problems(hub, crosspost.config, crosspost.scheduled,
                                    site_url=crosspost.site_url, language=project.language,
                                    now=project.now()))
    path = ledger_location(project.content_dir, crosspost.config)
    read_ledger(path, display_path(path, project.root), problems)  # one reader, one policy
    return crosspost, problems


def run_publish(project: Project, out: TextIO, *, hub: Hub | None = None,
                crosspost: Crosspost | None = None, dry_run: bool = False,
                resend_unknown: bool = False,
                only: list[str] | None = None, now: datetime | None = None,
                environ: Mapping[str, str] | None = None,
                transport: httpx.AsyncBaseTransport | None = None, sleep: Sleep = asyncio.sleep,
                policy: RetryPolicy = DEFAULT_POLICY, timeout: float = 15.0,
                network_clock: Clock = utc_now) -> int:
    """Publish what is due; print the plan (dry run) or the summary. 0 when nothing failed.

    Two clocks: the hub's (`now`, `now:` or CRISISHUB_NOW: which updates are due, the ledger's
    times) and `network_clock`, always the real one for the channels (rate-limit resets,
    signatures, Bluesky's createdAt). Everything printed or written passes the secret mask."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines show URLs
    environ = os.environ if environ is None else environ
    start = now or project.now()
    fixed = now is not None or project.clock.is_frozen
    clock = (lambda: start) if fixed else (lambda: datetime.now(UTC))
    crosspost = crosspost or load_crosspost(project, hub)
    mask = Masker(configured_secrets(crosspost.config, environ))
    out = cast(TextIO, MaskedOutput(out, mask))
    if crosspost.problems.errors:
        for problem in crosspost.problems.errors:
            print(problem, file=out)
        print("Fix these first: nothing was published.", file=out)
        return 1
    blocked = blocked_updates(crosspost.hub)
    if blocked and not dry_run:
        for problem in placeholder_problems(crosspost.hub):
            print(problem, file=out)
        print("Fill these placeholders first: nothing was published (an update posted with "
              "one cannot be corrected on the channels).", file=out)
        return 1
    if not crosspost.site_url:
        print("mkdocs.yml: site_url: missing; the posts link to the incident pages, so set it "
              "like site_url: https://status.example.com/", file=out)
        return 1
    try:
        ledger = crosspost.ledger(clock, mask)
    except LedgerError as exc:
        print(f"{exc}\nNothing was published: the ledger decides what is new.", file=out)
        return 1
    for warning in ledger.warnings:
        print(f"warning: {warning}", file=out)
    for off in crosspost.config.disabled:
        if not only or off.name in only:
            print(f"{off.name}: skipped: 'enabled: false' in {crosspost.config.path}", file=out)
    settings = [c for c in crosspost.config.channels if not only or c.name in only]
    return asyncio.run(_publish(crosspost, settings, ledger, out, dry_run, resend_unknown, clock,
                                environ, transport, sleep, policy, timeout, network_clock,
                                mask, blocked))


async def _publish(project: Crosspost, settings: list[Any], ledger: Ledger, out: TextIO,
                   dry_run: bool, resend_unknown: bool, clock: Callable[[], datetime],
                   environ: Mapping[str, str], transport: httpx.AsyncBaseTransport | None,
                   sleep: Sleep, policy: RetryPolicy, timeout: float, network_clock: Clock,
                   mask: Masker, blocked: Mapping[str, list[str]]) -> int:
    now = clock()
    outbox = project.root / project.config.outbox
    async with httpx.AsyncClient(transport=transport, timeout=timeout) as client:
        channels: list[Channel] = []
        missing: dict[str, list[str]] = {}
        components_of = {i.id: i.affected_component_ids for i in project.hub.incidents}
        payloads = statuspage_payloads(project.hub, now, str(project.site_url),
                                       project.project.site_name)
        for setting in settings:
            channel, lacking = build_channel(setting, environ, client, outbox, network_clock,
                                             components_of, payloads, project.root)
            if isinstance(channel, Outbox):
                channel.mask = mask
            channels.append(channel)
            if lacking:
                missing[setting.name] = lacking
        ready, failed = await _prepare([c for c in channels if not dry_run or not
                                        isinstance(c, Outbox)], channels)
        due, held = freeze(project.scheduled, project.hub, now, project.config.freeze_impact,
                           ledger.released_at)
        default = project.project.language
        speaks = {s.name: s.speaks(default) for s in settings}
        deliveries, notes = plan(project.hub, ready, ledger, now, str(project.site_url),
                                 window_hours=project.config.post_window_hours, scheduled=due,
                                 resend_unknown=resend_unknown, language=default,
                                 channel_languages=speaks)
        notes += [Outcome(name, "*", "failed", reason) for name, reason in failed.items()]
        # The freeze holds on every channel the post would go to, whatever its language.
        for hold in held:
            names = [n for n in speaks if goes_to(hold.post, n, speaks[n] == default)]
            if names:
                notes.append(Outcome(",".join(names), hold.post.key, "held", hold.reason))
        if dry_run:
            _print_plan(deliveries, ready, ledger, missing, out, blocked)
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
        except Exception as exc:  # an adapter's bug fails its own channel, never the run
            return f"could not start: unexpected {type(exc).__name__}"
        return None

    results = await asyncio.gather(*(one(c) for c in to_prepare))
    failed = {c.name: r for c, r in zip(to_prepare, results, strict=True) if r}
    return [c for c in channels if c.name not in failed], failed


def _print_plan(deliveries: list[Delivery], channels: list[Channel], ledger: Ledger,
                missing: dict[str, list[str]], out: TextIO,
                blocked: Mapping[str, list[str]] | None = None) -> None:
    """One block per update: its title, a row per channel (how, length, thread), then each
    distinct text once with the channels that get it. Missing credentials: one line at the end."""
    by_name = {c.name: c for c in channels}
    blocked = blocked or {}
    if not deliveries:
        print("Nothing to publish: every update is on every channel.", file=out)
    sent_in_run: dict[tuple[str, str], str] = {}
    groups: dict[str, list[Delivery]] = {}
    for d in deliveries:
        groups.setdefault(d.message.key, []).append(d)
    for key, group in groups.items():
        print(f"== {key}: {group[0].message.title}", file=out)
        for placeholder in blocked.get(key, []):
            print(f"   NOT PUBLISHABLE: placeholder {placeholder} is still in the text; "
                  "crisishub publish refuses it until it is filled", file=out)
        texts: dict[str, list[str]] = {}
        width = max(len(d.channel) for d in group)
        for d in group:
            parent = _thread_text(by_name[d.channel], ledger, d, sent_in_run)
            how = "outbox" if d.channel in missing else by_name[d.channel].kind
            print(f"   {d.channel:<{width}}  {how:<9} {d.message.length}/{d.message.limit} "
                  f"{by_name[d.channel].rules.label}, {parent}", file=out)
            texts.setdefault(d.message.text, []).append(d.channel)
        for text, names in texts.items():
            print(f"   text for {', '.join(names)}:", file=out)
            for line in text.splitlines() or [""]:
                print(f"     {line}", file=out)
    if missing:
        print("No credentials, so these write the outbox/ folder instead of posting: "
              + "; ".join(f"{name} (set {', '.join(names)})" for name, names in missing.items()),
              file=out)


def _thread_text(channel: Channel, ledger: Ledger, d: Delivery,
                 sent_in_run: dict[tuple[str, str], str]) -> str:
    thread = thread_for(ledger, d.channel, d.message)
    incident = d.message.incident_id
    if not channel.threads:
        parent = "no threads on this channel"
    elif thread is not None:
        parent = f"replies to {thread.parent.remote_id or thread.parent.url}"
    elif incident and (d.channel, incident) in sent_in_run:
        parent = f"replies to {sent_in_run[(d.channel, incident)]} (sent earlier in this run)"
    else:
        parent = "starts a thread" if incident else "no thread"
    if incident:
        sent_in_run[(d.channel, incident)] = d.message.key
    return parent


def preview_text(crosspost: Crosspost, now: datetime) -> str:
    """What `publish --dry-run` would print, with no credentials at all: for the internal site.

    With an empty environment every channel is an outbox and none is contacted, so making the
    preview never touches the network or a secret."""
    out = io.StringIO()
    run_publish(crosspost.project, out, crosspost=crosspost, dry_run=True, now=now, environ={})
    return out.getvalue()


def run_release(project: Project, post_id: str, out: TextIO,
                now: datetime | None = None, by: str | None = None) -> int:
    """Release a held scheduled post: it goes out with the next publish. Refused while the
    crisis it waits for is still on: a release counts only after the resolve (to the second),
    and records who released it and when."""
    crosspost = load_crosspost(project)
    posts = {p.id: p for p in crosspost.scheduled}
    if post_id not in posts:
        print(f"content/scheduled/{post_id}.md: no such scheduled post; known: "
              f"{', '.join(posts) or 'none'}", file=out)
        return 1
    stamp = (now or project.now()).replace(microsecond=0)
    threshold = crosspost.config.freeze_impact
    active = [i for i in crosspost.hub.incidents if not i.is_resolved and
              (threshold is None or i.impact.rank >= threshold.rank)]
    if active:
        print(f"release refused: incident {active[0].id} is still active; scheduled/{post_id} "
              "can only be released after it is resolved. Resolve it first, then run "
              f"'crisishub release {post_id}' again", file=out)
        return 1
    late = [(i.id, i.resolved_at) for i in crosspost.hub.incidents
            if i.resolved_at is not None and i.resolved_at >= stamp]
    if late:
        print(f"release refused: incident {late[0][0]} is resolved at "
              f"{late[0][1].isoformat()}, not before now ({stamp.isoformat()}); a "
              "release counts only after the resolve. Run it again after that time", file=out)
        return 1
    who = by or os.environ.get("GITHUB_ACTOR") or os.environ.get("USER") or "unknown"
    crosspost.ledger(lambda: stamp).record(f"scheduled/{post_id}", "*", "released", by=who)
    print(f"released scheduled/{post_id} by {who} at {stamp.isoformat()}: it goes out with the "
          "next 'crisishub publish' unless a crisis is active then", file=out)
    return 0
