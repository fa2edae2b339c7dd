"""`crisishub check` for cross-posting: every `social:` text and scheduled post must fit
every channel it goes to, so nothing is found too long in the middle of a crisis."""

from __future__ import annotations

from datetime import datetime, timedelta

from generator.core.fields import close_match
from generator.core.model import Hub, Incident, Update
from generator.core.problems import Problems
from generator.crosspost.channels.registry import rules_for
from generator.reading.channels_file import KINDS, ChannelsConfig
from generator.reading.scheduled import ScheduledPost
from generator.wording.shaping import ShapingError, compose, social_key, update_message

PLACEHOLDER_SITE = "https://status.example.com/"


def social_problems(hub: Hub, config: ChannelsConfig, scheduled: list[ScheduledPost] = (),  # type: ignore[assignment]
                    *, site_url: str | None = None, language: str = "en",
                    now: datetime | None = None) -> Problems:
    """Every social text or scheduled post that cannot fit a configured channel, and every
    `social:` key that names no channel, at the field's line."""
    problems = Problems()
    site = site_url or config.site_url or PLACEHOLDER_SITE
    allowed = [*config.names, *KINDS, "default"]
    for incident in hub.incidents:
        for update in incident.updates:
            if update.social is None:
                # Only what can still be posted: older updates never are (post_window_hours).
                if now is None or update.at >= now - timedelta(hours=config.post_window_hours):
                    _warn_mid_sentence(incident, update, config, site, language, problems)
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
                    update_message(incident, update, site, rules, channel.name, channel.kind,
                                   language)
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


def _warn_mid_sentence(incident: Incident, update: Update, config: ChannelsConfig, site: str,
                       language: str, problems: Problems) -> None:
    """A warning when the automatic summary must stop inside a sentence on some channel."""
    cut = []
    for channel in config.channels:
        try:
            message = update_message(incident, update, site, rules_for(channel), channel.name,
                                     channel.kind, language)
        except ShapingError:
            continue
        if message.cut_mid_sentence:
            cut.append(channel.name)
    if cut:
        problems.warning(update.path, update.body_line, "social",
                         f"the automatic post for {', '.join(cut)} stops in the middle of the "
                         "first sentence; write a short 'social:' text that says it whole")


def _social_field(social: str | dict[str, str] | None, channel: str, kind: str) -> tuple[str, ...]:
    name = social_key(social, channel, kind)
    return ("social", name) if name else ("social",)
