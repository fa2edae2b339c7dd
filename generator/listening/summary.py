"""The audience's figures for the terminal report (`crisishub report`, text and JSON): the same
`Audience` the internal report page draws, written for a terminal or a script. Pure: no I/O."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from generator.listening.audience import Audience, ChannelFigures, IncidentAudience

NOT_READ = ("  no reactions read yet: run 'crisishub listen' after posting (it records them in "
            "content/.crisishub/reactions.jsonl)")


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _channel_json(c: ChannelFigures) -> dict[str, Any]:
    return {"channel": c.channel, "reach": c.reach, "counts": dict(sorted(c.counts.items())),
            "replies_read": c.replies_read, "replies_heard": c.heard, "answered": c.answered,
            "answered_percent": _rounded(c.answered_share, 1),
            "sentiment": _rounded(c.sentiment, 3), "deleted": c.deleted,
            "as_of": c.as_of.isoformat()}


def incident_audience_json(incident: IncidentAudience) -> dict[str, Any]:
    return {"incident": incident.incident_id, "title": incident.title, "updates": [{
        "update": u.key, "at": u.at.isoformat(), "status": u.status,
        "replies_heard": u.heard, "answered": u.answered,
        "answered_percent": _rounded(u.answered_share, 1),
        "sentiment": _rounded(u.sentiment, 3), "sentiment_measured": u.measured,
        "sentiment_not_measured": u.not_measured,
        "channels": [_channel_json(c) for c in u.channels],
    } for u in incident.updates]}


def audience_json(heard: Audience, incident_id: str | None = None) -> dict[str, Any]:
    """What people did with the posts (one incident's, or all), and the replies that still
    need an answer; reply texts stay out, as on the internal page they link to."""
    incidents = [i for i in heard.incidents if incident_id in (None, i.incident_id)]
    waiting = [h for h in heard.to_answer if not h.answered
               and incident_id in (None, h.incident)]
    return {
        "last_read": heard.last_read.isoformat() if heard.last_read else None,
        "incidents": [incident_audience_json(i) for i in incidents],
        "replies_to_answer": len(waiting),
        "to_answer": [{"channel": h.channel, "update": h.update_key, "url": h.reply.url,
                       "author": h.reply.author, "likes": h.reply.likes,
                       "why": list(h.reasons)} for h in waiting],
    }


def _signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def _channel_line(c: ChannelFigures) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in sorted(c.counts.items()) if k != "replies")
    replies = c.counts.get("replies", c.heard)
    answered = (f"answered {c.answered}/{c.heard} ({c.answered_share:.0f} %)"
                if c.answered_share is not None else "answered —")
    return (f"      {c.channel}: reach {c.reach}" + (f" ({counts})" if counts else "")
            + f", {_replies(replies)}" + ("" if c.replies_read else " (count only)")
            + f", {answered}, sentiment {_signed(c.sentiment)}"
            + (" — the post was deleted" if c.deleted else ""))


def _replies(count: int) -> str:
    return f"{count} reply" if count == 1 else f"{count} replies"


def audience_text(heard: Audience, zone: tzinfo, incident_id: str | None = None) -> str:
    """The 'What people said' part of the terminal report (times in the hub's zone)."""
    lines = ["", "What people said:"]
    incidents = [i for i in heard.incidents if incident_id in (None, i.incident_id)]
    if not incidents:
        return "\n".join([*lines, NOT_READ]) + "\n"
    assert heard.last_read is not None  # there are incidents, so there were snapshots
    lines.append(f"  last read {heard.last_read.astimezone(zone):%Y-%m-%d %H:%M %Z}")
    for incident in incidents:
        lines.append(f"  {incident.incident_id}")
        for u in incident.updates:
            lines.append(f"    {u.key} ({u.status}): {_replies(u.heard)} heard, sentiment "
                         f"{_signed(u.sentiment)} from {u.measured} measured")
            lines += [_channel_line(c) for c in u.channels]
        trend = " → ".join(_signed(u.sentiment) for u in incident.updates)
        lines.append(f"    sentiment trend: {trend}")
    waiting = [h for h in heard.to_answer if not h.answered
               and incident_id in (None, h.incident)]
    lines.append(f"  replies that need an answer and have none: {len(waiting)}"
                 + (" (listed on the internal page 'What people are saying')" if waiting else ""))
    return "\n".join(lines) + "\n"
