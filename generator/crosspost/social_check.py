"""`crisishub check` for cross-posting: every `social:` text and scheduled post must fit
every channel it goes to, so nothing is found too long in the middle of a crisis."""

from __future__ import annotations

from generator.core.fields import close_match
from generator.core.model import Hub
from generator.core.problems import Problems
from generator.crosspost.channels.registry import rules_for
from generator.reading.channels_file import KINDS, ChannelsConfig
from generator.reading.scheduled import ScheduledPost
from generator.wording.shaping import ShapingError, compose, social_key, update_message

PLACEHOLDER_SITE = "https://status.example.com/"


def social_problems(hub: Hub, config: ChannelsConfig, scheduled: list[ScheduledPost] = (),  # type: ignore[assignment]
                    *, site_url: str | None = None) -> Problems:
    """Every social text or scheduled post that cannot fit a configured channel, and every
    `social:` key that names no channel, at the field's line."""
    problems = Problems()
    site = site_url or config.site_url or PLACEHOLDER_SITE
    allowed = [*config.names, *KINDS, "default"]
    for incident in hub.incidents:
        for update in incident.updates:
            if update.social is None:
                continue
            if isinstance(update.social, dict):
                for name in update.social:
                    if str(name) not in allowed:
                        hint = close_match(str(name), allowed) or \
                            f"; use a channel from {config.path}: {', '.join(config.names) or 'none yet'}"
                        problems.error(update.path, update.line_of("social", name),
                                       f"social.{name}", f"'{name}' is not a channel{hint}")
            for channel in config.channels:
                rules = rules_for(channel)
                try:
                    update_message(incident, update, site, rules, channel.name, channel.kind)
                except ShapingError as exc:
                    key = _social_field(update.social, channel.name, channel.kind)
                    problems.error(update.path, update.line_of(*key),
                                   ".".join(str(k) for k in key),
                                   f"too long for {channel.name}: with the link it is {exc}")
    for post in scheduled:
        for channel in config.channels:
            if post.channels and channel.name not in post.channels:
                continue
            try:
                compose(post.key, post.text, "", post.link, rules_for(channel), exact=True)
            except ShapingError as exc:
                problems.error(post.path, post.text_line, "text",
                               f"too long for {channel.name}: {exc}")
    return problems


def _social_field(social: str | dict[str, str] | None, channel: str, kind: str) -> tuple[str, ...]:
    name = social_key(social, channel, kind)
    return ("social", name) if name else ("social",)
