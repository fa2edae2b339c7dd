"""Planned posts (content/scheduled/*.md) and the freeze that holds them during a crisis.

Loading reads the files; the freeze rules are pure functions of the posts, the hub and `now`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.core.documents import read_document
from generator.core.fields import ID_PATTERN, Fields, close_match
from generator.core.model import Hub, Incident
from generator.core.problems import Problems, display_path
from generator.core.status import active_incidents
from generator.core.vocabulary import Impact

SCHEDULED_FIELDS = ["publish_at", "channels", "text", "link", "released"]


@dataclass(frozen=True)
class ScheduledPost:
    """A planned post: its text goes out unchanged (never cut) to its channels."""

    id: str
    publish_at: datetime
    text: str
    path: str
    channels: tuple[str, ...] = ()  # empty: every configured channel
    link: str | None = None
    released: bool = False
    text_line: int = 1

    @property
    def key(self) -> str:
        return f"scheduled/{self.id}"


@dataclass(frozen=True)
class Hold:
    post: ScheduledPost
    reason: str


def load_scheduled(content_dir: Path, zone: ZoneInfo, display_root: Path,
                   channel_names: list[str], problems: Problems) -> list[ScheduledPost]:
    """Every content/scheduled/*.md, checked; `channel_names` are the configured channels."""
    folder = content_dir / "scheduled"
    posts = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        shown = display_path(path, display_root)
        if not ID_PATTERN.match(path.stem):
            problems.error(shown, None, None, f"'{path.stem}' is not a valid name; use lowercase "
                           "letters, digits and '-', like 2026-12-01-winter-offer")
            continue
        doc = read_document(shown, path.read_bytes(), problems)
        if doc is None:
            continue
        fields = Fields(doc, problems, allowed=SCHEDULED_FIELDS, required=["publish_at"],
                        kind="a scheduled post")
        publish_at = fields.time("publish_at", zone)
        channels = fields.id_list("channels")
        for index, name in enumerate(channels):
            if name not in channel_names:
                hint = close_match(name, channel_names) or \
                    f"; configured channels: {', '.join(channel_names) or 'none'}"
                fields.error(("channels", index), f"'{name}' is not a channel in "
                             f"content/channels.yml{hint}")
        text = fields.text("text") or doc.body
        text_line = doc.line_of("text") if fields.get("text") else doc.body_line
        if not text:
            fields.error(("text",), "missing; write the post below the front-matter or in 'text:'")
        released = fields.get("released")
        if released is not None and not isinstance(released, bool):
            fields.error(("released",), f"'{released}' is not true or false")
            released = False
        if publish_at is None or not text:
            continue
        posts.append(ScheduledPost(
            id=path.stem, publish_at=publish_at, text=" ".join(text.split()), path=shown,
            channels=tuple(c for c in channels if c in channel_names),
            link=fields.text("link") or None, released=bool(released), text_line=text_line,
        ))
    return posts


def _serious(incident: Incident, threshold: Impact) -> bool:
    return incident.impact.rank >= threshold.rank


def freeze(posts: list[ScheduledPost], hub: Hub, now: datetime, threshold: Impact | None,
           released_at: Callable[[str], datetime | None],
           ) -> tuple[list[ScheduledPost], list[Hold]]:
    """The posts to send now, and the ones held with the reason.

    While an incident at or above `threshold` is active every due post is held. A post whose
    time came while such an incident was active stays held after it ends until it is
    released (`released: true`, or `crisishub release` after the incident ended: strictly
    after its resolve time, to the second).
    """
    due = [p for p in posts if p.publish_at <= now]
    if threshold is None:
        return due, []
    active = [i for i in active_incidents(hub) if _serious(i, threshold)]
    ready, held = [], []
    for post in due:
        if active:
            incident = active[0]
            held.append(Hold(post, f"held: incident {incident.id} ({incident.impact.value}) "
                                   "is active; scheduled posts wait until it is resolved"))
            continue
        overlapping = [
            i for i in hub.incidents if _serious(i, threshold)
            and i.started <= now and (i.resolved_at or now) >= post.publish_at
        ]
        if not overlapping:
            ready.append(post)
            continue
        crisis_end = max(i.resolved_at or now for i in overlapping)
        released = released_at(post.key)
        if post.released or (released is not None and released > crisis_end):
            ready.append(post)
            continue
        incident = max(overlapping, key=lambda i: i.resolved_at or now)
        held.append(Hold(post, f"needs release: its time came during incident {incident.id} "
                               f"({incident.impact.value}); read it again, then run "
                               f"'crisishub release {post.id}' or add 'released: true'"))
    return ready, held
