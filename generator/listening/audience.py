"""What the audience did, from the recorded snapshots: per incident, update and channel the
reach signals, the replies and how many the team answered, the sentiment trend, the series
for the chart, and the replies that need an answer. Pure: no I/O.

Rules, each in one place:
- the latest snapshot of a post is its current state; a deleted post keeps the figures of its
  last readable snapshot;
- a reply belongs to the post it hangs under; replies under the team's later updates (posted
  as replies in the same thread) belong to those updates, not to the first post;
- a reply is answered when a reply from the hub's own account is somewhere below it;
- sentiment is the mean score of the replies whose language is measured (a rough signal).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import mean

from generator.core.model import Hub
from generator.listening import sentiment, triage
from generator.listening.store import Reply, Snapshot

REACH = ("likes", "reposts", "quotes", "reactions")


@dataclass(frozen=True)
class Heard:
    """One reply from the audience, with what the hub makes of it."""

    reply: Reply
    channel: str
    update_key: str
    incident: str | None
    reasons: tuple[str, ...]
    sentiment: float | None
    answered: bool

    @property
    def needs_answer(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class ChannelFigures:
    channel: str
    counts: dict[str, int]
    replies_read: bool  # the channel lists replies; else only `counts['replies']` is known
    heard: int  # replies from the audience read
    answered: int
    deleted: bool
    sentiment: float | None
    as_of: datetime

    @property
    def reach(self) -> int:
        return sum(self.counts.get(k, 0) for k in REACH)

    @property
    def answered_share(self) -> float | None:
        return 100.0 * self.answered / self.heard if self.heard else None


@dataclass(frozen=True)
class UpdateAudience:
    key: str
    at: datetime
    status: str
    channels: tuple[ChannelFigures, ...]
    sentiment: float | None
    measured: int
    not_measured: int

    @property
    def heard(self) -> int:
        return sum(c.heard for c in self.channels)

    @property
    def answered(self) -> int:
        return sum(c.answered for c in self.channels)

    @property
    def answered_share(self) -> float | None:
        return 100.0 * self.answered / self.heard if self.heard else None


@dataclass(frozen=True)
class IncidentAudience:
    incident_id: str
    title: str
    updates: tuple[UpdateAudience, ...]  # in the order they were published
    reach_series: tuple[tuple[datetime, int], ...]  # total reach signals at each reading
    replies_series: tuple[tuple[datetime, int], ...]
    update_times: tuple[tuple[datetime, str], ...]  # (time, update file name) for the chart


@dataclass(frozen=True)
class Audience:
    incidents: tuple[IncidentAudience, ...]
    heard: tuple[Heard, ...]  # needing an answer first (unanswered first, most liked first)
    last_read: datetime | None

    @property
    def to_answer(self) -> tuple[Heard, ...]:
        return tuple(h for h in self.heard if h.needs_answer)

    @property
    def other(self) -> tuple[Heard, ...]:
        return tuple(h for h in self.heard if not h.needs_answer)


def latest(snapshots: Iterable[Snapshot]) -> dict[tuple[str, str], Snapshot]:
    """The latest snapshot per (channel, message key); the file is in time order."""
    found: dict[tuple[str, str], Snapshot] = {}
    for s in snapshots:
        found[(s.channel, s.key)] = s
    return found


def _readable(snapshots: list[Snapshot]) -> dict[tuple[str, str], Snapshot]:
    return latest(s for s in snapshots if s.state == "ok")


def own_replies(snapshot: Snapshot, tracked: set[str]) -> tuple[list[Reply], set[str]]:
    """The audience's replies under this post (not under the team's later updates in the same
    thread), and the ids of those a reply from the hub's own account answers."""
    by_id = {r.id: r for r in snapshot.replies}

    def belongs(reply: Reply) -> bool:
        seen = set()
        parent = reply.parent
        while parent and parent not in seen:
            if parent == snapshot.remote_id:
                return True
            if parent in tracked:
                return False  # under another of the hub's posts: counted there
            seen.add(parent)
            parent = by_id[parent].parent if parent in by_id else None
        return True

    mine = [r for r in snapshot.replies if r.id not in tracked and belongs(r)]
    answered: set[str] = set()
    for reply in mine:
        if reply.own:
            parent = reply.parent
            while parent in by_id and parent not in answered:
                answered.add(parent)
                parent = by_id[parent].parent
    return [r for r in mine if not r.own], answered


def audience(hub: Hub, snapshots: list[Snapshot], popular: int = triage.POPULAR_LIKES) -> Audience:
    """Every figure of the listening part of the report, from the snapshots recorded so far."""
    current = latest(snapshots)
    readable = _readable(snapshots)
    tracked_by_channel: dict[str, set[str]] = {}
    for s in snapshots:
        tracked_by_channel.setdefault(s.channel, set()).add(s.remote_id)
    heard: list[Heard] = []
    figures: dict[str, list[ChannelFigures]] = {}
    for (channel, key), last in sorted(current.items()):
        shown = readable.get((channel, key), last)
        replies, answered = own_replies(shown, tracked_by_channel[channel])
        scores: list[float] = []
        for reply in replies:
            score = sentiment.score(reply.text)
            if score is not None:
                scores.append(score)
            heard.append(Heard(reply, channel, key, last.incident,
                               tuple(triage.reasons(reply.text, reply.likes, popular)), score,
                               reply.id in answered))
        figures.setdefault(key, []).append(ChannelFigures(
            channel=channel, counts=dict(shown.counts), replies_read=shown.replies_read,
            heard=len(replies), answered=sum(r.id in answered for r in replies),
            deleted=last.state == "deleted", sentiment=mean(scores) if scores else None,
            as_of=last.when))
    incidents = tuple(_incident(hub, incident_id, snapshots, figures, heard)
                      for incident_id in _incident_ids(hub, snapshots))
    ordered = sorted(heard, key=lambda h: (not h.needs_answer, h.answered, -len(h.reasons),
                                           -h.reply.likes, h.reply.at or ""))
    return Audience(incidents, tuple(ordered), max((s.when for s in snapshots), default=None))


def _incident_ids(hub: Hub, snapshots: list[Snapshot]) -> list[str]:
    seen = {s.incident for s in snapshots if s.incident}
    return [i.id for i in sorted(hub.incidents, key=lambda i: i.started) if i.id in seen]


def _incident(hub: Hub, incident_id: str, snapshots: list[Snapshot],
              figures: dict[str, list[ChannelFigures]], heard: list[Heard]) -> IncidentAudience:
    incident = hub.incident(incident_id)
    updates = []
    for update in incident.updates:
        channels = figures.get(update.id)
        if not channels:
            continue
        scores = [h.sentiment for h in heard if h.update_key == update.id]
        measured = [s for s in scores if s is not None]
        updates.append(UpdateAudience(
            key=update.id, at=update.at, status=update.status.value, channels=tuple(channels),
            sentiment=mean(measured) if measured else None, measured=len(measured),
            not_measured=len(scores) - len(measured)))
    mine = [s for s in snapshots if s.incident == incident_id]
    reach, replies = [], []
    state: dict[tuple[str, str], Snapshot] = {}
    for moment in sorted({s.when for s in mine}):
        for s in mine:
            if s.when == moment and s.state == "ok":
                state[(s.channel, s.key)] = s
        reach.append((moment, sum(sum(s.counts.get(k, 0) for k in REACH) for s in state.values())))
        replies.append((moment, sum(s.counts.get("replies", 0) for s in state.values())))
    return IncidentAudience(
        incident_id=incident_id, title=incident.title, updates=tuple(updates),
        reach_series=tuple(reach), replies_series=tuple(replies),
        update_times=tuple((u.at, u.slug) for u in incident.updates))
