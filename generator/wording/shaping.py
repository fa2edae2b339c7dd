"""Shaping: the text each channel receives for an update, fitted to that channel's rules.

Pure functions. The one place that knows how a channel counts characters (`TextRules`),
how an update becomes a summary, and how a text is cut at a word boundary without ever
cutting the link back to the incident page.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import regex

from generator.core import endpoints
from generator.core.model import Incident, Update
from generator.core.vocabulary import UpdateStatus

Counting = Literal["graphemes", "twitter", "utf16"]

STATUS_LABELS = {
    UpdateStatus.INVESTIGATING: "Investigating",
    UpdateStatus.IDENTIFIED: "Identified",
    UpdateStatus.MONITORING: "Monitoring",
    UpdateStatus.RESOLVED: "Resolved",
}
ELLIPSIS = "…"
_URL = regex.compile(r"https?://[^\s<>\"]+")
# X counts bare domains as links too; counting them as 23 is never an under-count.
_X_URL = regex.compile(r"(?:https?://)?(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?:/[^\s<>\"]*)?")
_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}]")
# twitter-text v3: these code point ranges weigh 1, everything else 2 (config/v3.json).
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


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
        if self.url_weight is not None:
            text = _URL.sub("x" * self.url_weight, text)
        if self.counting == "utf16":
            return len(text.encode("utf-16-le")) // 2
        return len(_GRAPHEME.findall(text))

    def fits(self, text: str) -> bool:
        if self.max_bytes is not None and len(text.encode("utf-8")) > self.max_bytes:
            return False
        return self.count(text) <= self.limit


def twitter_weight(text: str, url_weight: int = 23) -> int:
    """X's weighted length: NFC, URLs 23, emoji 2, code points outside the light ranges 2."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for match in _X_URL.finditer(text):
        total += _weigh_plain(text[position:match.start()]) + url_weight * 100
        position = match.end()
    total += _weigh_plain(text[position:])
    return (total + 99) // 100


def _weigh_plain(text: str) -> int:
    weight = 0
    for cluster in _GRAPHEME.findall(text):
        if _EMOJI.search(cluster):
            weight += 200
            continue
        for char in cluster:
            code = ord(char)
            light = any(start <= code <= end for start, end in _LIGHT_RANGES)
            weight += 100 if light else 200
    return weight


@dataclass(frozen=True)
class Message:
    """What one channel receives: plain text with the link inside it, counted its way."""

    key: str  # stable id of what is sent: "<incident>/<update>" or "scheduled/<id>"
    text: str
    link: str | None
    link_start: int = 0  # the link's shown text is text[link_start:link_end]
    link_end: int = 0
    length: int = 0
    limit: int = 0
    title: str = ""  # a subject line for channels that have one (email, cards)
    incident_id: str | None = None
    at: datetime | None = None  # when the update was written (Bluesky's record key)
    resume: bool = False  # an earlier attempt may have reached the channel

    @property
    def shown_link(self) -> str:
        return self.text[self.link_start:self.link_end]


class ShapingError(ValueError):
    """A text that cannot fit the channel, with the numbers a person needs to fix it."""

    def __init__(self, length: int, limit: int, label: str) -> None:
        self.length, self.limit = length, limit
        super().__init__(f"{length} {label}, the channel allows {limit}; "
                         f"shorten it by {length - limit} or more")


def incident_url(site_url: str, incident: Incident, update: Update | None = None) -> str:
    """The public page of an incident, at the update's anchor when given."""
    url = endpoints.absolute(site_url, endpoints.incident_page(incident.id))
    return f"{url}#{update.anchor}" if update is not None else url


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

    full = build(head, news)
    if not rules.fits(full):
        if exact:
            raise ShapingError(rules.count(full), rules.limit, rules.label)
        if rules.fits(build(head, "")):
            full = build(head, _cut(news, lambda n: rules.fits(build(head, n))))
        else:
            cut_head = _cut(head, lambda h: rules.fits(build(h, "")))
            if not cut_head:
                raise ShapingError(rules.count(build("", "")), rules.limit, rules.label)
            full = build(cut_head, "")
    start = len(full) - len(shown) if shown else len(full)
    return Message(key=key, text=full, link=link, link_start=start, link_end=len(full),
                   length=rules.count(full), limit=rules.limit, title=title,
                   incident_id=incident_id, at=at)


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
    while low <= high:  # lengths grow with the cut, so the fitting cuts form a prefix
        middle = (low + high) // 2
        candidate = text[: cuts[middle]].rstrip(" ,;:—-") + ELLIPSIS
        if cuts[middle] > 0 and fits(candidate):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def update_message(incident: Incident, update: Update, site_url: str, rules: TextRules,
                   channel: str, kind: str) -> Message:
    """The message for one update on one channel: the team's `social:` text exactly, or a
    summary (status, incident title, the news) cut to fit; the link always whole."""
    link = incident_url(site_url, incident, update)
    label = STATUS_LABELS[update.status]
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
                   length=rules.count(text), limit=rules.limit, title=title,
                   incident_id=incident_id, at=at)
