"""`crisishub publish` and `crisishub release`: the edge where files, the environment and
the network meet the pure planning in `generator.crosspost.fanout`.

Secrets are read from the environment by `generator.crosspost.channels.registry` only, and are never
printed: errors carry status codes and channel messages, never URLs or headers.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from generator.core.incident_memo import IncidentMemo
from generator.core.model import Hub
from generator.core.placeholders import blocked_updates, placeholder_problems
from generator.core.problems import Problems, display_path
from generator.crosspost.channels.base import Channel, ChannelError, Clock, utc_now
from generator.crosspost.channels.outbox import Outbox
from generator.crosspost.channels.registry import build_channel
from generator.crosspost.fanout import (
    ALREADY_POSTED,
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
from generator.reading.post_window import unsettled_incidents
from generator.reading.scheduled import ScheduledPost, freeze, load_scheduled
from generator.reading.settings import Project
from generator.wording.shaping import status_label

if TYPE_CHECKING:
    import httpx

DEFAULT_POLICY = RetryPolicy()
NO_CHANNELS = ("{path}: no channel is set up, so there is nowhere to post; list your channels "
               "there, for example 'channels:' and below it 'mastodon: {{instance: "
               "https://mastodon.social}}' (docs/cross-posting.md)")
__all__ = ["PublishPlan", "crosspost_problems", "plan_text", "preview_plan", "publish_plan",
           "run_publish", "run_release", "social_problems"]


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
                   problems: Problems | None = None, now: datetime | None = None) -> Crosspost:
    """Read channels.yml and content/scheduled/, and the hub unless given: then only the
    incidents that can still be posted or hold a scheduled post (the ones not settled
    before the post window that starts `now` minus post_window_hours)."""
    problems = problems if problems is not None else Problems()
    channels_file = project.content_dir / "channels.yml"
    config = load_channels_config(channels_file, display_path(channels_file, project.root),
                                  problems, project.all_languages)
    if hub is None:
        since = (now or project.now()) - timedelta(hours=config.post_window_hours)
        needed = unsettled_incidents(project.content_dir, since, project.time_zone,
                                     project.language, project.root)
        hub, found = load_hub(project.content_dir, project.time_zone, project.root,
                              languages=project.all_languages, incidents=needed)
        problems.extend(found)
    scheduled = load_scheduled(project.content_dir, project.time_zone, project.root,
                               config.names, problems)
    return Crosspost(project, hub, config, scheduled, problems)


def crosspost_problems(project: Project, hub: Hub) -> Problems:
    """What `crisishub check` adds: channels.yml, scheduled posts, texts that cannot fit."""
    return crosspost_check(project, hub)[1]


def crosspost_check(project: Project, hub: Hub) -> tuple[Crosspost, Problems]:
    """`crosspost_problems()` with what was read, for a build that hands it on."""
    crosspost = load_crosspost(project, hub, Problems())
    return crosspost, crosspost_findings(project, crosspost)


def crosspost_findings(project: Project, crosspost: Crosspost,
                       memo: IncidentMemo | None = None) -> Problems:
    """The problems of what `load_crosspost` read: channels.yml, scheduled posts, the
    ledger, and the texts of the hub it was given that cannot fit a channel (`memo`: what
    was found in each incident: `cli/caches.py` keeps it)."""
    problems = Problems()
    problems.extend(crosspost.problems)  # channels.yml and scheduled posts
    problems.extend(social_problems(crosspost.hub, crosspost.config, crosspost.scheduled,
                                    site_url=crosspost.site_url, language=project.language,
                                    now=project.now(), memo=memo))
    path = ledger_location(project.content_dir, crosspost.config)
    read_ledger(path, display_path(path, project.root), problems)  # one reader, one policy
    return problems


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
    crosspost = crosspost or load_crosspost(project, hub, now=now)
    mask = Masker(configured_secrets(crosspost.config, environ))
    out = cast(TextIO, MaskedOutput(out, mask))
    if dry_run:
        shown = publish_plan(project, crosspost, now=now, only=only, environ=environ,
                             resend_unknown=resend_unknown, transport=transport,
                             network_clock=network_clock, mask=mask)
        print(plan_text(shown), file=out)
        return 1 if shown.refusal else 0
    clock = _clock(project, now)
    blocked = blocked_updates(crosspost.hub)
    refusal = _refusal(crosspost, blocked)
    if refusal:
        print("\n".join(refusal), file=out)
        return 1
    try:
        ledger = crosspost.ledger(clock, mask)
    except LedgerError as exc:
        print(f"{exc}\nNothing was published: the ledger decides what is new.", file=out)
        return 1
    for warning in ledger.warnings:
        print(f"warning: {warning}", file=out)
    if not crosspost.config.channels and not crosspost.config.disabled:
        print(NO_CHANNELS.format(path=crosspost.config.path), file=out)
        return 0
    for off in crosspost.config.disabled:
        if not only or off.name in only:
            print(f"{off.name}: skipped: 'enabled: false' in {crosspost.config.path}", file=out)
    settings = [c for c in crosspost.config.channels if not only or c.name in only]
    return asyncio.run(_publish(crosspost, settings, ledger, out, resend_unknown, clock,
                                environ, transport, sleep, policy, timeout, network_clock,
                                mask))


def _clock(project: Project, now: datetime | None) -> Callable[[], datetime]:
    start = now or project.now()
    fixed = now is not None or project.clock.is_frozen
    return (lambda: start) if fixed else (lambda: datetime.now(UTC))


def _refusal(crosspost: Crosspost, blocked: Mapping[str, list[str]]) -> list[str]:
    """Why nothing can be published at all (planned, with no `blocked` updates); empty when
    it can."""
    if crosspost.problems.errors:
        return [str(p) for p in crosspost.problems.errors] + [
            "Fix these first: nothing was published."]
    if blocked:
        return [str(p) for p in placeholder_problems(crosspost.hub)] + [
            "Fill these placeholders first: nothing was published (an update posted with "
            "one cannot be corrected on the channels)."]
    if not crosspost.site_url:
        return ["mkdocs.yml: site_url: missing; the posts link to the incident pages, so set "
                "it like site_url: https://status.example.com/"]
    return []


def _languages(crosspost: Crosspost, settings: list[Any]) -> tuple[str, dict[str, str]]:
    """The hub's default language, and the language each channel posts in."""
    default = crosspost.project.language
    return default, {s.name: s.speaks(default) for s in settings}


def _open_channels(crosspost: Crosspost, settings: list[Any], client: httpx.AsyncClient,
                   now: datetime, environ: Mapping[str, str], network_clock: Clock,
                   mask: Masker) -> tuple[list[Channel], dict[str, list[str]]]:
    """Every configured channel, an outbox where credentials are missing (named per channel)."""
    outbox = crosspost.root / crosspost.config.outbox
    channels: list[Channel] = []
    missing: dict[str, list[str]] = {}
    components_of = {i.id: i.affected_component_ids for i in crosspost.hub.incidents}
    payloads = statuspage_payloads(crosspost.hub, now, str(crosspost.site_url),
                                   crosspost.project.site_name)
    for setting in settings:
        channel, lacking = build_channel(setting, environ, client, outbox, network_clock,
                                         components_of, payloads, crosspost.root)
        if isinstance(channel, Outbox):
            channel.mask = mask
        channels.append(channel)
        if lacking:
            missing[setting.name] = lacking
    return channels, missing


def _deliveries(crosspost: Crosspost, settings: list[Any], ready: list[Any], ledger: Ledger,
                now: datetime, resend_unknown: bool
                ) -> tuple[list[Any], list[Any], list[tuple[Any, list[str]]]]:
    """What publish would send now, the notes on it, and each scheduled post the crisis holds
    with the channels it would have gone to (the freeze holds on every channel, whatever its
    language): the one planning step `publish` and its dry-run plan share."""
    due, held = freeze(crosspost.scheduled, crosspost.hub, now, crosspost.config.freeze_impact,
                       ledger.released_at)
    default, speaks = _languages(crosspost, settings)
    deliveries, notes = plan(crosspost.hub, ready, ledger, now, str(crosspost.site_url),
                             window_hours=crosspost.config.post_window_hours, scheduled=due,
                             resend_unknown=resend_unknown, language=default,
                             channel_languages=speaks)
    held_on = [(hold, [n for n in speaks if goes_to(hold.post, n, speaks[n] == default)])
               for hold in held]
    return list(deliveries), list(notes), held_on


async def _publish(project: Crosspost, settings: list[Any], ledger: Ledger, out: TextIO,
                   resend_unknown: bool, clock: Callable[[], datetime],
                   environ: Mapping[str, str], transport: httpx.AsyncBaseTransport | None,
                   sleep: Sleep, policy: RetryPolicy, timeout: float, network_clock: Clock,
                   mask: Masker) -> int:
    now = clock()
    from generator.crosspost.network import open_client  # httpx: only when sending

    async with open_client(transport, timeout) as client:
        channels, missing = _open_channels(project, settings, client, now, environ,
                                           network_clock, mask)
        ready, failed = await _prepare(channels, channels)
        deliveries, notes, held = _deliveries(project, settings, ready, ledger, now,
                                              resend_unknown)
        notes = [n for n in notes if n.result != ALREADY_POSTED]  # the summary shows news
        notes += [Outcome(name, "*", "failed", reason) for name, reason in failed.items()]
        for hold, names in held:
            if names:
                notes.append(Outcome(",".join(names), hold.post.key, "held", hold.reason))
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


POST = "post"
OUTBOX = "outbox"
CUT_MID_SENTENCE = ("the automatic summary stops inside a sentence here; write a 'social:' "
                    "text for this update")


@dataclass(frozen=True)
class ChannelRow:
    """What one channel does with one update: a row of the publish plan."""

    channel: str
    action: str  # POST, OUTBOX, ALREADY_POSTED, "held", "skipped", "failed" or "unknown"
    via: str = ""  # the channel's kind (mastodon, x, …)
    length: int | None = None
    limit: int | None = None
    counting: str = ""  # "characters", "weighted characters", "graphemes", …
    thread: str = ""
    problems: tuple[str, ...] = ()

    @property
    def happens(self) -> str:
        """The action in one word: the channel's kind when it posts."""
        return self.via if self.action == POST else self.action

    @property
    def fit(self) -> str:
        return "" if self.length is None else f"{self.length}/{self.limit} {self.counting}"


@dataclass(frozen=True)
class SharedText:
    """One distinct text and the channels that receive it."""

    text: str
    channels: tuple[str, ...]


@dataclass(frozen=True)
class UpdateBlock:
    """One update (or scheduled post) of the plan: a row per channel, each text once."""

    key: str
    title: str
    rows: tuple[ChannelRow, ...]
    texts: tuple[SharedText, ...] = ()
    problems: tuple[str, ...] = ()  # for the whole update: a placeholder, why it is held


@dataclass(frozen=True)
class PublishPlan:
    """What `crisishub publish` would do now: what the dry run prints and the internal
    Publishing page shows. `refusal` says why nothing can be planned at all."""

    blocks: tuple[UpdateBlock, ...] = ()
    missing: tuple[tuple[str, tuple[str, ...]], ...] = ()  # channel, the variables to set
    warnings: tuple[str, ...] = ()
    refusal: tuple[str, ...] = ()
    notice: str = ""  # instead of "Nothing to publish…" when there is nowhere to publish

    @property
    def sends(self) -> bool:
        return any(r.action in (POST, OUTBOX) for b in self.blocks for r in b.rows)

    @property
    def missing_line(self) -> str:
        if not self.missing:
            return ""
        return ("No credentials, so these write the outbox/ folder instead of posting: "
                + "; ".join(f"{name} (set {', '.join(names)})" for name, names in self.missing))


def publish_plan(project: Project, crosspost: Crosspost, *, now: datetime | None = None,
                 only: list[str] | None = None, environ: Mapping[str, str] | None = None,
                 resend_unknown: bool = False,
                 transport: httpx.AsyncBaseTransport | None = None,
                 network_clock: Clock = utc_now, mask: Masker | None = None) -> PublishPlan:
    """The plan `publish --dry-run` prints; nothing is sent or written. Channels without
    credentials are outboxes and are not contacted; the others are only prepared."""
    environ = os.environ if environ is None else environ
    mask = mask or Masker(configured_secrets(crosspost.config, environ))
    refusal = _refusal(crosspost, {})  # a placeholder is marked in its block instead
    if refusal:
        return PublishPlan(refusal=tuple(refusal))
    clock = _clock(project, now)
    try:
        ledger = crosspost.ledger(clock, mask)
    except LedgerError as exc:
        return PublishPlan(refusal=(str(exc), "Nothing was published: the ledger decides "
                                    "what is new."))
    if not crosspost.config.channels and not crosspost.config.disabled:
        return PublishPlan(warnings=tuple(ledger.warnings),
                           notice=NO_CHANNELS.format(path=crosspost.config.path))
    settings = [c for c in crosspost.config.channels if not only or c.name in only]
    disabled = [off.name for off in crosspost.config.disabled if not only or off.name in only]
    shown = asyncio.run(_plan(crosspost, settings, ledger, clock(), environ,
                              transport, network_clock, mask, resend_unknown))
    skipped = ChannelRow("", "skipped", problems=(
        f"'enabled: false' in {crosspost.config.path}",))
    blocks = tuple(UpdateBlock(b.key, b.title, b.rows + tuple(
        replace(skipped, channel=name) for name in disabled), b.texts, b.problems)
        for b in shown.blocks)
    return replace(shown, blocks=blocks, warnings=tuple(ledger.warnings))


async def _plan(crosspost: Crosspost, settings: list[Any], ledger: Ledger, now: datetime,
                environ: Mapping[str, str], transport: httpx.AsyncBaseTransport | None,
                network_clock: Clock, mask: Masker, resend_unknown: bool) -> PublishPlan:
    from generator.crosspost.network import open_client  # httpx: only when sending

    async with open_client(transport, 15.0) as client:
        channels, missing = _open_channels(crosspost, settings, client, now, environ,
                                           network_clock, mask)
        ready, failed = await _prepare([c for c in channels if not isinstance(c, Outbox)],
                                       channels)
    deliveries, notes, held = _deliveries(crosspost, settings, ready, ledger, now,
                                          resend_unknown)
    blocks = _Blocks(crosspost, channels, ledger, missing)
    for delivery in deliveries:
        blocks.deliver(delivery)
    for note in notes:
        blocks.row(note.key, ChannelRow(note.channel, note.result,
                                        problems=(note.detail,) if note.detail else ()))
    for hold, names in held:
        for name in names:
            blocks.row(hold.post.key, ChannelRow(name, "held"))
        blocks.problems[hold.post.key] = [hold.reason]
    for key, placeholders in blocked_updates(crosspost.hub).items():
        if key in blocks.rows:
            blocks.problems[key] = [f"NOT PUBLISHABLE: placeholder {p} is still in the text; "
                                    "crisishub publish refuses it until it is filled"
                                    for p in placeholders]
    for name, reason in failed.items():  # a channel that could not start: in every block
        for key in blocks.rows or {"*": {}}:
            blocks.row(key, ChannelRow(name, "failed", problems=(reason,)))
    return PublishPlan(blocks.done(), tuple((n, tuple(v)) for n, v in missing.items()))


class _Blocks:
    """Collects the plan's rows per update, in the order a reader expects them."""

    def __init__(self, crosspost: Crosspost, channels: list[Channel], ledger: Ledger,
                 missing: Mapping[str, list[str]]) -> None:
        self.crosspost, self.ledger, self.missing = crosspost, ledger, missing
        self.by_name = {c.name: c for c in channels}
        self.rows: dict[str, dict[str, ChannelRow]] = {}
        self.texts: dict[str, dict[str, list[str]]] = {}
        self.titles: dict[str, str] = {}
        self.problems: dict[str, list[str]] = {}
        self.sent_in_run: dict[tuple[str, str], str] = {}

    def row(self, key: str, row: ChannelRow) -> None:
        self.rows.setdefault(key, {}).setdefault(row.channel, row)

    def deliver(self, d: Delivery) -> None:
        channel = self.by_name[d.channel]
        message = d.message
        self.titles.setdefault(message.key, message.title)
        self.row(message.key, ChannelRow(
            d.channel, OUTBOX if d.channel in self.missing else POST, channel.kind,
            message.length, message.limit, channel.rules.label,
            _thread_text(channel, self.ledger, d, self.sent_in_run),
            (CUT_MID_SENTENCE,) if message.cut_mid_sentence else ()))
        self.texts.setdefault(message.key, {}).setdefault(message.text, []).append(d.channel)

    def done(self) -> tuple[UpdateBlock, ...]:
        hub, language = self.crosspost.hub, self.crosspost.project.language
        shown = {u.id: (i, u) for i in hub.incidents for u in i.updates if u.id in self.rows}
        titles = {key: f"{status_label(i, u, language)}: {i.title}"
                  for key, (i, u) in shown.items()}
        order = list(self.by_name)
        blocks = []
        # The updates in the order they were written; then scheduled posts and the rest.
        for key in sorted(self.rows, key=lambda k: (0, shown[k][1].at, k) if k in shown
                          else (1, k)):
            rows = sorted(self.rows[key].values(), key=lambda r: (
                order.index(r.channel) if r.channel in order else len(order), r.channel))
            title = self.titles.get(key) or titles.get(key) or (
                "Scheduled post" if key.startswith("scheduled/") else "Every update")
            blocks.append(UpdateBlock(
                key, title, tuple(rows),
                tuple(SharedText(t, tuple(n)) for t, n in self.texts.get(key, {}).items()),
                tuple(self.problems.get(key, ()))))
        return tuple(blocks)


def plan_text(shown: PublishPlan) -> str:
    """The plan as `publish --dry-run` prints it: one block per update, a row per channel
    (what happens, length against the limit, thread, problems), each distinct text once,
    missing credentials in one line at the end."""
    if shown.refusal:
        return "\n".join(shown.refusal)
    lines = [f"warning: {w}" for w in shown.warnings]
    if shown.notice or not shown.sends:
        lines.append(shown.notice or "Nothing to publish: every update is on every channel.")
    for block in shown.blocks:
        lines.append(f"== {block.key}: {block.title}")
        lines += [f"   {problem}" for problem in block.problems]
        width = max(len(r.channel) for r in block.rows)
        for r in block.rows:
            said = [f"{r.fit}, {r.thread}"] if r.fit else []
            lines.append(f"   {r.channel:<{width}}  {r.happens:<9} "
                         + "; ".join(said + list(r.problems)))
        for shared in block.texts:
            lines.append(f"   text for {', '.join(shared.channels)}:")
            lines += [f"     {line}" for line in shared.text.splitlines() or [""]]
    if shown.missing_line:
        lines.append(shown.missing_line)
    return "\n".join(line.rstrip() for line in lines)


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


def preview_plan(crosspost: Crosspost, now: datetime) -> PublishPlan:
    """What `publish --dry-run` would show, with no credentials at all: for the internal site.

    With an empty environment every channel is an outbox and none is contacted, so making the
    preview never touches the network or a secret."""
    return publish_plan(crosspost.project, crosspost, now=now, environ={})


def run_release(project: Project, post_id: str, out: TextIO,
                now: datetime | None = None, by: str | None = None) -> int:
    """Release a held scheduled post: it goes out with the next publish. Refused while the
    crisis it waits for is still on: a release counts only after the resolve (to the second),
    and records who released it and when."""
    crosspost = load_crosspost(project, now=now)
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
