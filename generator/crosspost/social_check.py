"""`crisishub check` for cross-posting: every `social:` text and scheduled post must fit
every channel it goes to, so nothing is found too long in the middle of a crisis."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.core import translations
from generator.core.fields import close_match
from generator.core.incident_memo import IncidentMemo, problem_rows
from generator.core.model import Hub, Incident, Update
from generator.core.problems import Problem, Problems
from generator.core.translations import PostWords, post_words
from generator.crosspost import fanout
from generator.crosspost.channels import registry
from generator.crosspost.channels.registry import rules_for
from generator.crosspost.fanout import goes_to, waiting_for_translation
from generator.reading.channels_file import KINDS, ChannelsConfig, ChannelSettings
from generator.reading.scheduled import ScheduledPost
from generator.wording import shaping
from generator.wording.shaping import ShapingError, compose, social_key, update_message

PLACEHOLDER_SITE = "https://status.example.com/"


def social_problems(hub: Hub, config: ChannelsConfig, scheduled: list[ScheduledPost] = (),  # type: ignore[assignment]
                    *, site_url: str | None = None, language: str = "en",
                    now: datetime | None = None, memo: IncidentMemo | None = None) -> Problems:
    """Every social text or scheduled post that cannot fit a configured channel, every
    `social:` key that names no channel, at the field's line, and (warnings) every update
    still to be posted that waits for a translation a channel needs (`language`: the hub's
    default; a channel with `language:` posts the translation). `memo` (keyed by
    `social_memo_key`): what was found in an incident whose files did not change is not looked
    for again."""
    problems = Problems()
    texts = _SocialTexts(hub, config, site_url or config.site_url or PLACEHOLDER_SITE, language)
    # Only what can still be posted is warned about: older updates never are.
    since = None if now is None else now - timedelta(hours=config.post_window_hours)
    memo = memo if memo is not None else IncidentMemo()
    for incident in hub.incidents:
        def look(incident: Incident = incident) -> list[list[object]]:
            return [[_rows(texts.errors(incident, update)), None] for update in incident.updates]

        entry, found = memo.found(hub, incident, "social", look,
                                  partial(_social_found, updates=len(incident.updates)))
        for update, item in zip(incident.updates, found, strict=True):
            if item[0]:
                problems.extend(Problems.from_rows(item[0]))
            if since is not None and update.at < since:
                continue
            if item[1] is None:  # looked for once, when it first can be posted
                item[1] = _rows(texts.late(incident, update))
                memo.completed(entry)
            problems.extend(Problems.from_rows(item[1]))
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


def social_memo_key(config: ChannelsConfig, site_url: str | None, language: str) -> str:
    """What the findings in an incident's texts follow from, besides the incident: the
    channels and their settings, the site's address, the hub's language, and the code that
    shapes and counts posts."""
    digest = hashlib.sha256(repr((config.channels, config.disabled, site_url or config.site_url,
                                  language)).encode("utf-8"))
    try:
        digest.update(metadata.version("twitter-text-parser").encode("utf-8"))
    except metadata.PackageNotFoundError:
        digest.update(b"-")
    channels = Path(registry.__file__).parent
    for source in (__file__, shaping.__file__, fanout.__file__, translations.__file__,
                   *sorted(str(p) for p in channels.glob("*.py"))):
        digest.update(Path(source or "").read_bytes())
    return digest.hexdigest()


def _social_found(data: Any, updates: int) -> bool:
    """Whether `data` is what social_problems keeps of an incident of so many updates."""
    return type(data) is list and len(data) == updates and all(
        type(item) is list and len(item) == 2 and (item[0] == [] or problem_rows(item[0]))
        and (item[1] is None or problem_rows(item[1])) for item in data)


def _rows(found: list[Problem]) -> list[list[object]]:
    return Problems(found).rows()


class _SocialTexts:
    """The checks of one update's texts on every channel."""

    def __init__(self, hub: Hub, config: ChannelsConfig, site: str, language: str) -> None:
        self.translations = hub.translations
        self.config, self.site, self.language = config, site, language
        self.allowed = [*config.names, *KINDS, "default"]
        self.speaking = [(channel, channel.speaks(language)) for channel in config.channels]

    def _words(self, incident: Incident, update: Update) -> Iterator[
            tuple[ChannelSettings, str, PostWords]]:
        words_in: dict[str, PostWords] = {}  # channels that speak one language share them
        for channel, speaks in self.speaking:
            words = words_in.get(speaks)
            if words is None:
                words = words_in[speaks] = post_words(self.translations, incident, update,
                                                      speaks, self.language)
            yield channel, speaks, words

    def errors(self, incident: Incident, update: Update) -> list[Problem]:
        """Texts too long for a channel and `social:` keys that name none: errors whenever
        the update was written."""
        problems = Problems()
        _unknown_social_keys(update, self.allowed, self.config, problems)
        checked = {update.path}  # and each translation a channel posts, once
        for channel, speaks, words in self._words(incident, update):
            if words.missing:
                continue
            local = words.update
            if local.path not in checked:
                checked.add(local.path)
                _unknown_social_keys(local, self.allowed, self.config, problems)
            if local.social is None:
                continue
            try:
                update_message(words.incident, local, self.site, rules_for(channel),
                               channel.name, channel.kind, speaks, self.language)
            except ShapingError as exc:
                key = _social_field(local.social, channel.name, channel.kind)
                problems.error(local.path, local.line_of(*key), ".".join(str(k) for k in key),
                               f"too long for {channel.name}: with the link it is {exc}")
        return problems.items

    def late(self, incident: Incident, update: Update) -> list[Problem]:
        """Warnings for an update that can still be posted: an automatic post cut in the
        middle of a sentence, a translation a channel waits for."""
        problems = Problems()
        waiting: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        cut: dict[str, tuple[Update, list[str]]] = {}
        for channel, speaks, words in self._words(incident, update):
            if words.missing:
                waiting.setdefault((speaks, words.missing), []).append(channel.name)
                continue
            local = words.update
            if local.social is None and _cut_mid_sentence(
                    words.incident, local, channel, self.site, speaks, self.language):
                cut.setdefault(local.path, (local, []))[1].append(channel.name)
        for local, names in cut.values():
            problems.warning(local.path, local.body_line, "social",
                             f"the automatic post for {', '.join(names)} stops in the "
                             "middle of the first sentence; write a short 'social:' text "
                             "that says it whole")
        for (speaks, missing), names in waiting.items():
            problems.warning(update.path, None, "translation",
                             waiting_for_translation(names, speaks, missing))
        return problems.items


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
