"""`crisishub check` for cross-posting: every `social:` text and scheduled post must fit
every channel it goes to, so nothing is found too long in the middle of a crisis."""

from __future__ import annotations

from datetime import datetime, timedelta

from generator.core.fields import close_match
from generator.core.model import Hub, Incident, Update
from generator.core.problems import Problems
from generator.core.translations import PostWords, post_words
from generator.crosspost.channels.registry import rules_for
from generator.crosspost.fanout import goes_to, waiting_for_translation
from generator.reading.channels_file import KINDS, ChannelsConfig, ChannelSettings
from generator.reading.scheduled import ScheduledPost
from generator.wording.shaping import ShapingError, compose, social_key, update_message

PLACEHOLDER_SITE = "https://status.example.com/"


def social_problems(hub: Hub, config: ChannelsConfig, scheduled: list[ScheduledPost] = (),  # type: ignore[assignment]
                    *, site_url: str | None = None, language: str = "en",
                    now: datetime | None = None) -> Problems:
    """Every social text or scheduled post that cannot fit a configured channel, every
    `social:` key that names no channel, at the field's line, and (warnings) every update
    still to be posted that waits for a translation a channel needs (`language`: the hub's
    default; a channel with `language:` posts the translation)."""
    problems = Problems()
    site = site_url or config.site_url or PLACEHOLDER_SITE
    allowed = [*config.names, *KINDS, "default"]
    speaking = [(channel, channel.speaks(language)) for channel in config.channels]
    for incident in hub.incidents:
        for update in incident.updates:
            # Only what can still be posted: older updates never are (post_window_hours).
            recent = now is None or update.at >= now - timedelta(hours=config.post_window_hours)
            waiting: dict[tuple[str, tuple[str, ...]], list[str]] = {}
            cut: dict[str, tuple[Update, list[str]]] = {}  # automatic posts cut mid-sentence
            _unknown_social_keys(update, allowed, config, problems)
            checked = {update.path}  # and each translation a channel posts, once
            words_in: dict[str, PostWords] = {}  # channels that speak one language share them
            for channel, speaks in speaking:
                words = words_in.get(speaks)
                if words is None:
                    words = words_in[speaks] = post_words(hub.translations, incident, update,
                                                          speaks, language)
                if words.missing:
                    waiting.setdefault((speaks, words.missing), []).append(channel.name)
                    continue
                local = words.update
                if local.path not in checked:
                    checked.add(local.path)
                    _unknown_social_keys(local, allowed, config, problems)
                if local.social is None:
                    if recent and _cut_mid_sentence(words.incident, local, channel, site,
                                                    speaks, language):
                        cut.setdefault(local.path, (local, []))[1].append(channel.name)
                    continue
                try:
                    update_message(words.incident, local, site, rules_for(channel), channel.name,
                                   channel.kind, speaks, language)
                except ShapingError as exc:
                    key = _social_field(local.social, channel.name, channel.kind)
                    problems.error(local.path, local.line_of(*key),
                                   ".".join(str(k) for k in key),
                                   f"too long for {channel.name}: with the link it is {exc}")
            for local, names in cut.values():
                problems.warning(local.path, local.body_line, "social",
                                 f"the automatic post for {', '.join(names)} stops in the "
                                 "middle of the first sentence; write a short 'social:' text "
                                 "that says it whole")
            for (speaks, missing), names in waiting.items() if recent else ():
                problems.warning(update.path, None, "translation",
                                 waiting_for_translation(names, speaks, missing))
    for post in scheduled:
        for channel in config.channels:
            if not goes_to(post, channel.name, channel.speaks(language) == language):
                continue
            try:
                compose(post.key, post.text, "", post.link, rules_for(channel), exact=True)
            except ShapingError as exc:
                problems.error(post.path, post.text_line, "text",
                               f"too long for {channel.name}: {exc}")
    return problems


def _unknown_social_keys(update: Update, allowed: list[str], config: ChannelsConfig,
                         problems: Problems) -> None:
    if not isinstance(update.social, dict):
        return
    for name in update.social:
        if str(name) not in allowed:
            hint = close_match(str(name), allowed) or \
                f"; use a channel from {config.path}: {', '.join(config.names) or 'none yet'}"
            problems.error(update.path, update.line_of("social", name),
                           f"social.{name}", f"'{name}' is not a channel{hint}")


def _cut_mid_sentence(incident: Incident, update: Update, channel: ChannelSettings,
                      site: str, language: str, default: str) -> bool:
    """Whether the automatic summary must stop inside a sentence on a channel."""
    try:
        message = update_message(incident, update, site, rules_for(channel), channel.name,
                                 channel.kind, language, default)
    except ShapingError:
        return False
    return message.cut_mid_sentence


def _social_field(social: str | dict[str, str] | None, channel: str, kind: str) -> tuple[str, ...]:
    name = social_key(social, channel, kind)
    return ("social", name) if name else ("social",)
