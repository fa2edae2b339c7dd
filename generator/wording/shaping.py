"""Shaping: the text each channel receives for an update, fitted to that channel's rules.

Pure functions. The one place that knows how a channel counts characters (`TextRules`),
how an update becomes a summary, and how a text is cut at a word boundary without ever
cutting the link back to the incident page.
"""

from __future__ import annotations

import hashlib
import re
import sys
import types
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Literal

import regex

from generator.core import endpoints
from generator.core.i18n import Translator
from generator.core.model import Incident, Update
from generator.core.vocabulary import UpdateStatus, status_word_key

Counting = Literal["graphemes", "twitter", "utf16", "slack"]

# The English words; posts use the hub's language through `status_label()`.
STATUS_LABELS = {
    UpdateStatus.INVESTIGATING: "Investigating",
    UpdateStatus.IDENTIFIED: "Identified",
    UpdateStatus.MONITORING: "Monitoring",
    UpdateStatus.RESOLVED: "Resolved",
}
ELLIPSIS = "…"
# Where a sentence ends: after . ! ? or … (and a closing quote or bracket), before a space.
_SENTENCE_END = regex.compile(r"(?<=[.!?…][\"'»”)]*)\s+|(?<=[。！？])")
_URL = regex.compile(r"https?://[^\s<>\"]+")
_GRAPHEME = regex.compile(r"\X")


@dataclass(frozen=True)
class TextRules:
    """How one channel counts a text and how much it accepts."""

    limit: int
    counting: Counting = "graphemes"
    url_weight: int | None = None  # every URL counts this much (Mastodon, X)
    max_bytes: int | None = None  # a second, UTF-8 limit (Bluesky's 3000 bytes)
    short_links: bool = False  # show a shortened link; the target stays whole (Bluesky)
    label: str = "characters"

    def count(self, text: str) -> int:
        """The length of `text` as the channel counts it."""
        if self.counting == "twitter":
            return twitter_weight(text, self.url_weight or 23)
        if self.counting == "slack":
            return slack_length(text)
        if self.url_weight is not None:
            text = _URL.sub("x" * self.url_weight, text)
        if self.counting == "utf16":
            return len(text.encode("utf-16-le")) // 2
        return len(_GRAPHEME.findall(text))

    def fits(self, text: str) -> bool:
        if self.max_bytes is not None and len(text.encode("utf-8")) > self.max_bytes:
            return False
        if self.counting == "twitter" and \
                twitter_weight_bound(text, self.url_weight or 23) <= self.limit:
            return True  # surely fits: not counted (twitter-text is slow to load and to count)
        return self.count(text) <= self.limit


def slack_escape(text: str) -> str:
    """Slack's three control characters as entities (mrkdwn and plain text alike)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_link(url: str, shown: str) -> str:
    """A link in Slack mark-up: `<url|shown>`, the shown text escaped."""
    return f"<{url}|{slack_escape(shown)}>"


def slack_length(text: str) -> int:
    """What Slack counts for a section block: UTF-16 units after escaping, every link
    written as `<url|shown>` (so its URL counts twice, plus three characters)."""
    escaped = len(slack_escape(text).encode("utf-16-le")) // 2
    links = sum(len(url.encode("utf-16-le")) // 2 + 3 for url in _URL.findall(text))
    return escaped + links


# X's weighted length of each text counted (by URL weight and the text's hash): a pure
# function's answers, which `crisishub` keeps in its cache folder between runs (see
# generator/cli/caches.py), since twitter-text takes milliseconds per text.
X_WEIGHTS: dict[str, int] = {}
X_WEIGHTS_USED: set[str] = set()


def twitter_weight(text: str, url_weight: int = 23) -> int:
    """X's weighted length, exactly as twitter-text v3 counts it (its Python port): NFC,
    weighted code point ranges, emoji sequences as 2, and links recognised with X's own TLD
    list (`status.example` is not a link; `example.com` is) counted as `url_weight`."""
    entry = f"{url_weight}:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    X_WEIGHTS_USED.add(entry)
    if entry not in X_WEIGHTS:
        # Imported here: compiling its patterns takes about half a second, only X needs them.
        with _light_pkg_resources():
            from twitter_text import parse_tweet  # type: ignore[import-untyped]
            from twitter_text.config import config  # type: ignore[import-untyped]
        options = {**config["version3"], "transformed_url_length": url_weight}
        X_WEIGHTS[entry] = int(parse_tweet(text, options=options).weightedLength)
    return X_WEIGHTS[entry]


# twitter-text v3's code points of weight 1 (every other one weighs 2), and the two of them
# that are emoji on their own (an emoji weighs 2).
X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
X_LIGHT_EMOJI = frozenset("\u00a9\u00ae")
# Every link X finds has a dot followed by its top-level domain: at most one link per such dot.
_LINK_DOT = re.compile(r"\.(?=\S)")


def twitter_weight_bound(text: str, url_weight: int = 23) -> int:
    """At least X's weighted length of `text` (`twitter_weight`), counted without
    twitter-text: every code point of the NFC text at its weight (an emoji sequence's code
    points weigh at least the 2 it counts) plus `url_weight` for every dot that could start a
    link's top-level domain (a link's own characters are counted too, so the bound is above).
    A text within the limit by this bound fits; only a longer one is counted exactly."""
    text = unicodedata.normalize("NFC", text)
    weight = len(text) if text.isascii() else sum(
        2 if char in X_LIGHT_EMOJI or not any(low <= ord(char) <= high
                                              for low, high in X_LIGHT_RANGES) else 1
        for char in text)
    return weight + url_weight * len(_LINK_DOT.findall(text))


@contextmanager
def _light_pkg_resources() -> Iterator[None]:
    """twitter-text reads its emoji list with `pkg_resources.resource_string`, and importing
    pkg_resources (deprecated) takes 0.2 s and warns. For the time of that import, and only
    if pkg_resources is not loaded, it finds that one function, made with importlib."""
    if "pkg_resources" in sys.modules:
        yield
        return
    light = types.ModuleType("pkg_resources")
    light.resource_string = (  # type: ignore[attr-defined]
        lambda module, name: resources.files(module.rpartition(".")[0]).joinpath(name)
        .read_bytes())  # beside the module, as pkg_resources finds it
    sys.modules["pkg_resources"] = light
    try:
        yield
    finally:
        if sys.modules.get("pkg_resources") is light:
            del sys.modules["pkg_resources"]


@dataclass(frozen=True)
class Message:
    """What one channel receives: plain text with the link inside it, counted its way."""

    key: str  # stable id of what is sent: "<incident>/<update>" or "scheduled/<id>"
    text: str
    link: str | None
    link_start: int = 0  # the link's shown text is text[link_start:link_end]
    link_end: int = 0
    counted_by: TextRules | None = field(default=None, repr=False)  # the channel's rules
    title: str = ""  # a subject line for channels that have one (email, cards)
    incident_id: str | None = None
    at: datetime | None = None  # when the update was written (Bluesky's record key)
    cut_mid_sentence: bool = False  # the summary had to stop inside a sentence
    resume: bool = False  # an earlier attempt may have reached the channel

    @property
    def shown_link(self) -> str:
        return self.text[self.link_start:self.link_end]

    @cached_property
    def length(self) -> int:
        """The text's length as its channel counts it, counted when first asked (a check
        that only needs to know that it fits never loads twitter-text)."""
        return 0 if self.counted_by is None else self.counted_by.count(self.text)

    @property
    def limit(self) -> int:
        """What its channel accepts, in the channel's count."""
        return 0 if self.counted_by is None else self.counted_by.limit


class ShapingError(ValueError):
    """A text that cannot fit the channel, with the numbers a person needs to fix it."""

    def __init__(self, length: int, limit: int, label: str) -> None:
        self.length, self.limit = length, limit
        super().__init__(f"{length} {label}, the channel allows {limit}; "
                         f"shorten it by {length - limit} or more")


def incident_url(site_url: str, incident: Incident, update: Update | None = None,
                 language_root: str = "") -> str:
    """The public page of an incident, at the update's anchor when given; `language_root`
    ('ru/') for the page in another language than the default."""
    url = endpoints.absolute(site_url, language_root + endpoints.incident_page(incident.id))
    return f"{url}#{update.anchor}" if update is not None else url


@lru_cache(maxsize=4096)  # one update's text is shaped for every channel
def plain_text(markdown: str) -> str:
    """Markdown reduced to one line of readable text (links keep their words)."""
    text = regex.sub(r"<!--.*?-->", " ", markdown, flags=regex.S)
    text = regex.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = regex.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = regex.sub(r"<[^>\n]+>", " ", text)
    text = regex.sub(r"(?m)^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+", "", text)
    text = regex.sub(r"(\*\*|__|`+)(.+?)\1", r"\2", text)
    text = regex.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = regex.sub(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", r"\1", text)
    return regex.sub(r"\s+", " ", text).strip()


def shorten_link(url: str, width: int = 40) -> str:
    """A link as a person reads it: no scheme, cut with '…' (the target stays whole)."""
    shown = regex.sub(r"^https?://(www\.)?", "", url)
    return shown if len(shown) <= width else shown[: width - 1] + ELLIPSIS


def social_key(social: str | dict[str, str] | None, channel: str, kind: str) -> str | None:
    """Which `social:` entry a channel uses: its name, else its kind, else `default` (None for
    a single text, or when no entry applies). The one home of that lookup order."""
    if isinstance(social, dict):
        return next((name for name in (channel, kind, "default") if social.get(name)), None)
    return None


def social_text(update: Update, channel: str, kind: str) -> str | None:
    """The team's own wording for a channel: by channel name, then kind, then for all."""
    social = update.social
    if isinstance(social, dict):
        name = social_key(social, channel, kind)
        return str(social[name]).strip() if name else None
    return social.strip() if social else None


def compose(key: str, head: str, news: str, link: str | None, rules: TextRules,
            *, exact: bool = False, title: str = "", incident_id: str | None = None,
            at: datetime | None = None) -> Message:
    """`head`, then as much of `news` as fits, then the link, never cut.

    With `exact`, nothing may be cut: a text that does not fit raises `ShapingError`.
    """
    shown = shorten_link(link) if link and rules.short_links else link

    def build(head_part: str, news_part: str) -> str:
        if not news_part:
            head_part = head_part.rstrip(" —")
        body = " ".join(p for p in (head_part, news_part) if p)
        return f"{body} {shown}" if shown else body

    news = _within_reach(news, rules.limit)
    full = build(head, news)
    mid_sentence = False
    if not rules.fits(full):
        if exact:
            raise ShapingError(rules.count(full), rules.limit, rules.label)
        if rules.fits(build(head, "")):
            cut = _cut_at_sentence(news, lambda n: rules.fits(build(head, n)))
            if cut is None:
                cut, mid_sentence = _cut(news, lambda n: rules.fits(build(head, n))), True
            full = build(head, cut)
        else:
            cut_head = _cut(head, lambda h: rules.fits(build(h, "")))
            if not cut_head:
                raise ShapingError(rules.count(build("", "")), rules.limit, rules.label)
            full = build(cut_head, "")
    start = len(full) - len(shown) if shown else len(full)
    return Message(key=key, text=full, link=link, link_start=start, link_end=len(full),
                   counted_by=rules, title=title,
                   incident_id=incident_id, at=at, cut_mid_sentence=mid_sentence)


def _cut_at_sentence(text: str, fits: object) -> str | None:
    """The longest run of whole sentences of `text` that `fits`, or None when not even the
    first sentence fits (then the caller cuts inside it and says so)."""
    assert callable(fits)
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    best = None
    for end in ends:  # few sentences: a linear scan is clear and cheap
        candidate = text[:end]
        if not fits(candidate):
            break
        best = candidate
    return best


def _within_reach(news: str, limit: int) -> str:
    """The start of `news` that any fitting cut lies within: every grapheme counts at least 1
    except inside link-like words (which may count less than their length), so graphemes beyond
    `limit` plus those words' lengths can never be kept. Counting a huge text is slow (X's URL
    pattern backtracks), so it is never counted whole."""
    graphemes = _GRAPHEME.findall(news)
    reach = limit + 1 + sum(len(w) for w in news.split() if "." in w or "/" in w)
    return news if len(graphemes) <= reach else "".join(graphemes[:reach])


def _cut(text: str, fits: object) -> str:
    """The longest start of `text` ending in '…' that `fits`: at a word boundary unless
    that loses much more than a cut between graphemes (scripts written without spaces)."""
    assert callable(fits)
    words = [m.start() for m in regex.finditer(r"\s+", text)]
    graphemes = [m.end() for m in _GRAPHEME.finditer(text)]
    by_grapheme = _longest(text, graphemes, fits)
    by_word = _longest(text, words, fits)
    return by_word if len(by_word) >= 0.7 * len(by_grapheme) else by_grapheme


def _longest(text: str, cuts: list[int], fits: object) -> str:
    assert callable(fits)
    low, high, best = 0, len(cuts) - 1, ""
    step = 1  # gallop first: a candidate far longer than the limit costs time to count
    while step <= high:
        candidate = text[: cuts[step]].rstrip(" ,;:—-") + ELLIPSIS
        if cuts[step] > 0 and not fits(candidate):
            high = step
            break
        step *= 2
    while low <= high:  # lengths grow with the cut, so the fitting cuts form a prefix
        middle = (low + high) // 2
        candidate = text[: cuts[middle]].rstrip(" ,;:—-") + ELLIPSIS
        if cuts[middle] > 0 and fits(candidate):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def status_label(incident: Incident, update: Update, language: str = "en") -> str:
    """The status word of a post in the hub's language and the incident's kind."""
    # Catalog strings are HTML; a post is plain text.
    return Translator(language)(status_word_key(incident.kind, update.status)).unescape()


def update_message(incident: Incident, update: Update, site_url: str, rules: TextRules,
                   channel: str, kind: str, language: str = "en",
                   default_language: str | None = None) -> Message:
    """The message for one update on one channel: the team's `social:` text exactly, or a
    summary (status in the channel's `language`, incident title, the news) cut to fit at a
    sentence end when one fits; the link always whole, to the page in that language (the
    hub's `default_language` is at the site's root, the others below it: /ru/...)."""
    root = endpoints.language_root(language, default_language or language)
    link = incident_url(site_url, incident, update, root)
    label = status_label(incident, update, language)
    title = f"{label}: {incident.title}"
    own = social_text(update, channel, kind)
    common: dict[str, Any] = {"title": title, "incident_id": incident.id, "at": update.at}
    if own is not None:
        if link in own:
            return _with_link_inside(update.id, own, link, rules, **common)
        return compose(update.id, own, "", link, rules, exact=True, **common)
    return compose(update.id, f"{title} —", plain_text(update.body), link, rules, **common)


def _with_link_inside(key: str, text: str, link: str, rules: TextRules, *, title: str,
                      incident_id: str | None, at: datetime | None) -> Message:
    if not rules.fits(text):
        raise ShapingError(rules.count(text), rules.limit, rules.label)
    start = text.index(link)
    return Message(key=key, text=text, link=link, link_start=start, link_end=start + len(link),
                   counted_by=rules, title=title,
                   incident_id=incident_id, at=at)
