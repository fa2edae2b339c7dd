"""Fan-out: every due message to every channel, concurrently across channels, in order
within one (so a later update can reply to the earlier one), with bounded retries.

`plan()` is pure: it decides from the hub, the ledger and `now` what each channel gets.
`deliver()` sends, writing the ledger ahead of every attempt and after its outcome.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any, cast

from generator.core.model import Hub
from generator.core.translations import post_words
from generator.crosspost.channels.base import (
    AlreadyPosted,
    Channel,
    ChannelError,
    PermanentError,
    RateLimited,
    ReadBack,
    Thread,
    TransientError,
    UnknownOutcome,
    can_read_back,
)
from generator.crosspost.channels.outbox import Outbox
from generator.crosspost.ledger import Entry, Ledger, State, result_of
from generator.reading.scheduled import ScheduledPost
from generator.wording.shaping import Message, ShapingError, compose, update_message

Sleep = Callable[[float], Awaitable[None]]
ALREADY_POSTED = "already posted"  # what plan() notes for a message the ledger shows sent


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 3
    max_wait: float = 60.0  # a channel asking for a longer pause is retried on the next run
    backoff: float = 2.0  # seconds before the second attempt, doubled for each further one


@dataclass(frozen=True)
class Delivery:
    channel: str
    message: Message


@dataclass(frozen=True)
class Outcome:
    """One line of the summary: posted, settled, outbox, failed, unknown, held or skipped;
    `plan()` also notes what the ledger shows as already posted (the dry run shows it)."""

    channel: str
    key: str
    result: str
    detail: str = ""
    attempts: int = 0

    @property
    def is_failure(self) -> bool:
        return self.result in ("failed", "unknown")


def thread_for(ledger: Ledger, channel: str, message: Message) -> Thread | None:
    """The incident's first and latest post on this channel, if any."""
    if message.incident_id is None:
        return None
    posts = [e for e in ledger.posted_in_incident(channel, message.incident_id)
             if e.key != message.key]
    return Thread(root=result_of(posts[0]), parent=result_of(posts[-1])) if posts else None


def plan(hub: Hub, channels: list[Channel], ledger: Ledger, now: datetime, site_url: str, *,
         window_hours: int, scheduled: Iterable[ScheduledPost] = (),
         resend_unknown: bool = False, language: str = "en",
         channel_languages: Mapping[str, str] | None = None,
         ) -> tuple[list[Delivery], list[Outcome]]:
    """What to send: each update of the last `window_hours` (oldest first) and each due
    scheduled post, on each channel where the ledger does not show it posted.

    `language` is the hub's default; a channel named in `channel_languages` posts in its own
    language, and an update whose translation it needs is held on that channel (a "held"
    note naming the files) until the translation exists. The ledger key is the update's id
    whatever the language, so a translation that comes later is posted once."""
    deliveries: list[Delivery] = []
    notes: list[Outcome] = []
    since = now - timedelta(hours=window_hours)
    updates = sorted(((i, u) for i in hub.incidents for u in i.updates if since <= u.at <= now),
                     key=lambda pair: (pair[1].at, pair[1].id))
    scheduled = list(scheduled)
    for channel in channels:
        speaks = (channel_languages or {}).get(channel.name, language)
        wanted: list[tuple[str, Callable[[], Message] | str]] = []
        for incident, update in updates:
            words = post_words(hub.translations, incident, update, speaks, language)
            if words.missing:
                wanted.append((update.id, waiting_for_translation([channel.name], speaks,
                                                                  words.missing)))
                continue
            wanted.append((update.id, partial(update_message, words.incident, words.update,
                                              site_url, channel.rules, channel.name,
                                              channel.kind, speaks, language)))
        for post in scheduled:
            if goes_to(post, channel.name, speaks == language):
                wanted.append((post.key, partial(compose, post.key, post.text, "", post.link,
                                                 channel.rules, exact=True, at=post.publish_at)))
        for key, make in wanted:
            state = _state(ledger, channel, key)
            if state == "posted":
                notes.append(Outcome(channel.name, key, ALREADY_POSTED))
                continue
            if isinstance(make, str):
                notes.append(Outcome(channel.name, key, "held", make))
                continue
            if state == "unknown" and not (resend_unknown or can_read_back(channel)):
                notes.append(Outcome(channel.name, key, "unknown", UNKNOWN_HELP))
                continue
            try:
                message = make()
            except ShapingError as exc:
                notes.append(Outcome(channel.name, key, "failed", f"text does not fit: {exc}"))
                continue
            deliveries.append(Delivery(channel.name, replace(message,
                                                             resume=state == "unknown")))
    return deliveries, notes


def goes_to(post: ScheduledPost, channel: str, speaks_default: bool) -> bool:
    """Whether a scheduled post goes to a channel: the ones its `channels:` names, else every
    channel of the hub's default language (a post has one language: a channel speaking
    another one gets it only when the post names it)."""
    return channel in post.channels if post.channels else speaks_default


def waiting_for_translation(channels: list[str], language: str, missing: Iterable[str]) -> str:
    """Why an update is held on channels speaking another language: the files it waits for."""
    who = f"{channels[0]} posts in {language} and waits" if len(channels) == 1 else \
        f"{', '.join(channels[:-1])} and {channels[-1]} post in {language} and wait"
    return (f"{who} for the translation: write {' and '.join(missing)}; it is posted once, "
            "with the first publish after that")


UNKNOWN_HELP = ("an earlier send may have gone through and this channel cannot be asked; "
                "look at the channel, then rerun with --resend-unknown if it is not there")


def _state(ledger: Ledger, channel: Channel, key: str) -> str:
    """posted, new, retry (every earlier attempt certainly failed) or unknown."""
    if isinstance(channel, Outbox):
        return "new"
    last = ledger.last(key, channel.name)
    if last is None:
        return "new"
    if last.state == "posted":
        return "posted"
    return "unknown" if ambiguous(ledger.history(key, channel.name)) else "retry"


def ambiguous(history: list[Entry], *, sending_now: bool = False) -> bool:
    """Whether any attempt since the message was last settled may have reached the channel:
    an ambiguous answer, or a "sending" with no outcome (a kill). Sticky: later clean
    failures do not undo it; only a read-back or --resend-unknown settles it. With
    `sending_now`, the last entry is the attempt under way and is not judged."""
    since = max((i for i, e in enumerate(history) if e.settled), default=0)
    recent = history[since:-1] if sending_now else history[since:]
    for index, entry in enumerate(recent):
        if entry.state == "unknown" or entry.ambiguous:
            return True
        if entry.state == "sending":
            following = recent[index + 1] if index + 1 < len(recent) else None
            if following is None or following.state == "sending":
                return True
    return False


async def deliver(deliveries: list[Delivery], channels: list[Channel], ledger: Ledger, *,
                  policy: RetryPolicy = RetryPolicy(), sleep: Sleep = asyncio.sleep,
                  ) -> list[Outcome]:
    """Send everything: channels concurrently, each channel's messages in order."""
    by_name = {c.name: c for c in channels}

    async def one_channel(name: str) -> list[Outcome]:
        outcomes = []
        for delivery in (d for d in deliveries if d.channel == name):
            outcomes.append(await _send(by_name[name], delivery.message, ledger, policy, sleep))
        return outcomes

    names = list(dict.fromkeys(d.channel for d in deliveries))
    results = await asyncio.gather(*(one_channel(n) for n in names))
    return [o for outcomes in results for o in outcomes]


async def _send(channel: Channel, message: Message, ledger: Ledger, policy: RetryPolicy,
                sleep: Sleep) -> Outcome:
    if isinstance(channel, Outbox):
        result = await channel.post(message, None)
        return Outcome(channel.name, message.key, "outbox", str(result.url))
    thread = thread_for(ledger, channel.name, message)
    common: dict[str, Any] = {"incident": message.incident_id}
    name, key = channel.name, message.key
    uncertain = message.resume  # an earlier attempt may have landed
    settle: str | None = None
    if uncertain and not can_read_back(channel):
        settle, uncertain = "resend-unknown", False  # a person looked and said: send again
    for attempt in range(1, policy.max_attempts + 1):
        if uncertain:  # read back before anything is sent again
            try:
                found = await cast(ReadBack, channel).find(message, thread)
            except ChannelError as exc:
                ledger.record(key, name, "unknown", attempt=attempt,
                              error=f"could not read back: {exc}", **common)
                return Outcome(name, key, "unknown", f"could not read back: {exc}", attempt)
            if found is not None:
                ledger.record(key, name, "posted", attempt=attempt, remote_id=found.remote_id,
                              url=found.url, extra=dict(found.extra), settled="read back",
                              **common)
                return Outcome(name, key, "settled", "found on the channel by reading back: "
                               + (found.url or found.remote_id or ""), attempt)
            settle, uncertain = "read back: not there", False
        ledger.record(key, name, "sending", attempt=attempt, text=message.text,
                      settled=settle, **common)
        settle = None
        try:
            result = await channel.post(message, thread)
        except AlreadyPosted as exc:
            ledger.record(key, name, "posted", attempt=attempt, settled=str(exc), **common)
            return Outcome(name, key, "settled", f"the channel has it already: {exc}", attempt)
        except (RateLimited, TransientError, PermanentError, UnknownOutcome) as exc:
            doubt = exc.ambiguous
            state: State = "unknown" if doubt or _doubted(ledger, key, name) else "failed"
            ledger.record(key, name, state, attempt=attempt, error=str(exc), ambiguous=doubt,
                          **common)
            if doubt and not can_read_back(channel):
                return Outcome(name, key, "unknown", f"{exc}; {UNKNOWN_HELP}", attempt)
            wait = _wait(exc, attempt, policy)
            if wait is None:
                return Outcome(name, key, state, str(exc), attempt)
            uncertain = doubt or uncertain
            await sleep(wait)
            continue
        except Exception as exc:  # a bug must not stop the other channels
            ledger.record(key, name, "unknown", attempt=attempt, ambiguous=True,
                          error=f"unexpected {type(exc).__name__}", **common)
            return Outcome(name, key, "unknown", f"unexpected {type(exc).__name__}", attempt)
        ledger.record(key, name, "posted", attempt=attempt, remote_id=result.remote_id,
                      url=result.url, extra=dict(result.extra), **common)
        return Outcome(name, key, "posted", result.url or result.remote_id or "", attempt)
    raise AssertionError("unreachable")


def _doubted(ledger: Ledger, key: str, channel: str) -> bool:
    return ambiguous(ledger.history(key, channel), sending_now=True)


def _wait(exc: ChannelError, attempt: int, policy: RetryPolicy) -> float | None:
    """Seconds to wait before the next attempt, or None to give up for this run."""
    if isinstance(exc, PermanentError) or attempt >= policy.max_attempts:
        return None
    asked = getattr(exc, "retry_after", None)
    wait = asked if asked is not None else policy.backoff * 2 ** (attempt - 1)
    return wait if wait <= policy.max_wait else None


def summary_table(outcomes: list[Outcome]) -> str:
    """A plain-text table, one line per channel and message, then the totals."""
    if not outcomes:
        return "Nothing to publish: every update is on every channel."
    rows = [("CHANNEL", "MESSAGE", "RESULT", "DETAIL")] + [
        (o.channel, o.key, o.result, o.detail) for o in outcomes]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3] for r in rows]
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.result] = counts.get(o.result, 0) + 1
    lines.append(", ".join(f"{n} {r}" for r, n in sorted(counts.items())))
    return "\n".join(line.rstrip() for line in lines)
