"""The tone check: clichés, blame-shifting, defensive phrases, jargon and missing elements.

Word lists are data (`tone_defaults.yml`, merged with the hub's `content/tone.yml`); this
module compiles them into phrases and finds them in text, word forms included. English and
Russian words are stemmed with the Snowball stemmer of their alphabet. Pure: nothing here
reads a file except `default_lists()`, which reads the packaged defaults.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from importlib import resources
from operator import itemgetter
from typing import Any, NamedTuple

import snowballstemmer
import yaml

from generator.core.documents import SAFE_LOADER

GAP = "..."
MAX_GAP = 3
KINDS = ["cliche", "blame", "defensive", "jargon"]
ELEMENTS = ["what_happened", "what_we_do", "what_users_do", "next_update", "apology"]

_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Markdown that is not prose: inline code, link targets, bare URLs, e-mail addresses. Each
# alternative stops at the next character that could start another try ('(' for link
# targets, '@' and the word start for addresses), so a long unbroken word is read once.
_NOT_PROSE = re.compile(r"`[^`\n]*`|\]\([^()\n]*\)|https?://\S+|(?<!\S)[^\s@]+@[^\s@]+\.\w+")
# Where a sentence ends between two words: its punctuation (and closing marks) before a space
# or right before the next word ("fixed.Next"), or a blank line. Nothing here is a word's
# letter or digit, so each match lies between two words.
_SENTENCE_END = re.compile(r"[.!?;:…][*_)\"'»”]*(?:\s|(?=[^\W_]))|\n\s*\n")
# Each alternative of _NOT_PROSE needs one of these: without them a text is all prose.
_MAY_HIDE_PROSE = re.compile(r"[`@]|\]\(|://")


@cache
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(language)


def normalise(word: str) -> str:
    return word.casefold().replace("ё", "е")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The stem of one normalised word, with the stemmer of its alphabet (a hub repeats its
    words thousands of times: each is stemmed once)."""
    language = "russian" if _CYRILLIC.search(word) else "english"
    return str(_stemmer(language).stemWord(word))


class _Forms(dict[str, tuple[str, str]]):
    """A word as written -> its normalised form and stem, made when first asked for (a hub
    repeats its words thousands of times); at most FORMS_KEPT are kept."""

    def __missing__(self, written: str) -> tuple[str, str]:
        if len(self) >= FORMS_KEPT:
            self.clear()
        word = normalise(written)
        form = self[written] = (word, stem(word))
        return form


FORMS_KEPT = 1 << 16
_forms = _Forms()


class Token(NamedTuple):
    """A word of a text (a tuple: a hub's texts have hundreds of thousands of words)."""

    word: str
    stem: str
    start: int
    end: int
    sentence: int


_token = partial(tuple.__new__, Token)  # a Token without its Python-level __new__


def tokens(text: str) -> list[Token]:
    """The words of `text` with their offsets and sentence numbers (prose only). Sentences
    are numbered from 0, one more after each gap between two words that ends a sentence."""
    prose = _NOT_PROSE.sub(_blank, text) if _MAY_HIDE_PROSE.search(text) else text
    found: list[Token] = []
    sentence = 0
    start = 0
    # Cut at each sentence end: every piece that holds words is the next sentence (ends
    # lie between words, and the pieces between two ends of one gap hold none).
    for end in [*(match.start() for match in _SENTENCE_END.finditer(prose)), len(prose)]:
        words = [_token((*_forms[match.group()], match.start(), match.end(), sentence))
                 for match in _WORD.finditer(prose, start, end)]
        if words:
            found += words
            sentence += 1
        start = end
    return found


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


@dataclass(frozen=True)
class Phrase:
    """One list entry compiled: each part is (matcher, may-follow-a-gap)."""

    text: str
    parts: tuple[tuple[str, bool, bool], ...]  # (stem or prefix, is_prefix, gap_before)
    language: str | None = None  # the list it came from ('ru'); None: every language

    def speaks(self, language: str | None) -> bool:
        """Whether the phrase applies to text in `language` (None: text of any language)."""
        return language is None or self.language is None or self.language == language

    def matches(self, token: Token, index: int) -> bool:
        value, is_prefix, _ = self.parts[index]
        return token.word.startswith(value) if is_prefix else token.stem == value


def compile_phrase(text: str, language: str | None = None) -> Phrase | str:
    """A phrase (of the list of `language`, if any), or the reason `text` is not one."""
    parts: list[tuple[str, bool, bool]] = []
    gap = False
    for piece in text.split():
        if piece == GAP:
            if not parts or gap:
                return "'...' must stand between two words"
            gap = True
            continue
        is_prefix = piece.endswith("*")
        words = [normalise(w) for w in _WORD.findall(piece)]
        if not words:
            return f"'{piece}' has no letters or digits"
        for number, word in enumerate(words):
            last = number == len(words) - 1
            value = word if (is_prefix and last) else stem(word)
            parts.append((value, is_prefix and last, gap and number == 0))
        gap = False
    if gap:
        return "'...' must stand between two words"
    if not parts:
        return "the phrase is empty"
    return Phrase(text, tuple(parts), language)


@dataclass(frozen=True)
class Match:
    phrase: Phrase
    start: int
    end: int


class Words:
    """The tokens of one text, indexed by stem and by word, so that a phrase is tried only
    where its first word occurs (a hub's check tries hundreds of phrases on thousands of
    texts)."""

    def __init__(self, found: list[Token]) -> None:
        self.tokens = found
        self._by_stem: dict[str, list[int]] = {}
        self._by_word: dict[str, list[int]] = {}
        for index, token in enumerate(found):
            self._by_stem.setdefault(token.stem, []).append(index)
            self._by_word.setdefault(token.word, []).append(index)
        self._sorted_words = sorted(self._by_word)

    def _words_starting(self, prefix: str) -> list[str]:
        # Words with a prefix are neighbours in sorted order.
        first = bisect_left(self._sorted_words, prefix)
        found = []
        for word in self._sorted_words[first:]:
            if not word.startswith(prefix):
                break
            found.append(word)
        return found

    def stems(self) -> Iterable[str]:
        """Every distinct stem of the text."""
        return self._by_stem.keys()

    def may_hold(self, phrase: Phrase) -> bool:
        """False when the first word of `phrase` is certainly not in the text."""
        value, is_prefix, _ = phrase.parts[0]
        return self.has_prefix(value) if is_prefix else value in self._by_stem

    def has_prefix(self, prefix: str) -> bool:
        """Whether a word of the text starts with `prefix`."""
        first = bisect_left(self._sorted_words, prefix)
        return first < len(self._sorted_words) and self._sorted_words[first].startswith(prefix)

    def starts(self, phrase: Phrase) -> list[int]:
        """The positions where the first part of `phrase` matches, in order."""
        value, is_prefix, _ = phrase.parts[0]
        if not is_prefix:
            return self._by_stem.get(value, [])
        return sorted(i for word in self._words_starting(value) for i in self._by_word[word])


def find(phrase: Phrase, words: list[Token] | Words) -> list[Match]:
    """Every place where `phrase` occurs in `words` (non-overlapping, first found first)."""
    indexed = words if isinstance(words, Words) else Words(words)
    tokens = indexed.tokens
    found = []
    after = 0  # matches do not overlap: the next one starts after the last one's end
    for index in indexed.starts(phrase):
        if index < after:
            continue
        end = match_from(phrase, tokens, index)
        if end is None:
            continue
        found.append(Match(phrase, tokens[index].start, tokens[end].end))
        after = end + 1
    return found


def match_from(phrase: Phrase, words: list[Token], start: int) -> int | None:
    if not phrase.matches(words[start], 0):
        return None

    def rest(part: int, previous: int) -> int | None:
        if part == len(phrase.parts):
            return previous
        reach = MAX_GAP + 1 if phrase.parts[part][2] else 1
        for position in range(previous + 1, min(previous + 1 + reach, len(words))):
            if words[position].sentence != words[start].sentence:
                break
            if phrase.matches(words[position], part):
                end = rest(part + 1, position)
                if end is not None:
                    return end
        return None

    return rest(1, start)


# One finding as the memo keeps it: (kind, start, end, the listed phrase).
Finding = tuple[str, int, int, str]


@dataclass
class ToneRules:
    """The compiled lists: phrases per kind and cue phrases per element.

    `key` names the lists and the code that matches them; `memo` holds, per text, what was
    found with this key (filled by `found` and `has`; a build keeps it in its cache folder,
    so an unchanged text of a big hub is not searched again)."""

    kinds: dict[str, list[Phrase]] = field(default_factory=dict)
    elements: dict[str, list[Phrase]] = field(default_factory=dict)
    key: str = ""
    memo: dict[str, Any] = field(default_factory=dict)
    asked: set[str] = field(default_factory=set)  # the memo's entries this run used
    recalled: set[str] = field(default_factory=set)  # those it started with
    # Every kind's phrases by the stem of their first word, and by the prefix it is written
    # as: (kind, place in its list, phrase). Made when first needed.
    _first_words: tuple[dict[str, list[tuple[str, int, Phrase]]],
                        dict[str, list[tuple[str, int, Phrase]]]] | None = \
        field(default=None, compare=False, repr=False)
    _last_words: tuple[str, Words] | None = field(default=None, compare=False,
                                                  repr=False)  # see `words`

    def _remembered(self, question: str, text: str, compute: Any) -> Any:
        entry = hashlib.sha256(f"{question}\0{text}".encode()).hexdigest()
        self.asked.add(entry)
        if entry not in self.memo:
            self.memo[entry] = compute()
        return self.memo[entry]

    def found(self, text: str, kinds: list[str] = KINDS,
              language: str | None = None) -> list[Finding]:
        """`findings` as plain data, remembered per text."""
        return self._remembered(
            f"found\0{language}\0{','.join(kinds)}", text,
            lambda: [[kind, m.start, m.end, m.phrase.text]
                     for kind, m in self.findings(text, kinds, language)])

    def findings(self, text: str, kinds: Iterable[str] = KINDS,
                 language: str | None = None) -> list[tuple[str, Match]]:
        """(kind, match) for every listed phrase in `text`; overlaps within a kind merged.
        With `language`, only that language's lists (and the ones for every language)."""
        words = self.words(text)
        candidates = self._candidates(words)
        result: list[tuple[str, Match]] = []
        for kind in kinds:
            matches = [m for phrase in candidates.get(kind, ())
                       if phrase.speaks(language) for m in find(phrase, words)]
            matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
            kept: list[Match] = []
            for match in matches:
                if kept and match.start < kept[-1].end:
                    continue
                kept.append(match)
            result.extend((kind, m) for m in kept)
        return sorted(result, key=lambda item: item[1].start)

    def words(self, text: str) -> Words:
        """The words of `text`, indexed; those of the last text asked about are kept (the
        check asks a statement whether it says what happened, what we do, what users should
        do and when we speak next, one question after the other)."""
        last = self._last_words
        if last is None or last[0] != text:
            last = self._last_words = (text, Words(tokens(text)))
        return last[1]

    def _candidates(self, words: Words) -> dict[str, list[Phrase]]:
        """Per kind, its phrases whose first word is in the text, in list order: looked up by
        the text's stems and the prefixes its words start with, for every kind at once (the
        lists have hundreds of phrases, a text a few dozen words)."""
        if self._first_words is None:
            by_stem: dict[str, list[tuple[str, int, Phrase]]] = {}
            by_prefix: dict[str, list[tuple[str, int, Phrase]]] = {}
            for kind, phrases in self.kinds.items():
                for index, phrase in enumerate(phrases):
                    value, is_prefix, _ = phrase.parts[0]
                    (by_prefix if is_prefix else by_stem).setdefault(value, []).append(
                        (kind, index, phrase))
            self._first_words = (by_stem, by_prefix)
        by_stem, by_prefix = self._first_words
        found: dict[str, list[tuple[int, Phrase]]] = {}
        for value in words.stems():
            for kind, index, phrase in by_stem.get(value, ()):
                found.setdefault(kind, []).append((index, phrase))
        for value, entries in by_prefix.items():
            if words.has_prefix(value):
                for kind, index, phrase in entries:
                    found.setdefault(kind, []).append((index, phrase))
        return {kind: [phrase for _, phrase in sorted(entries, key=itemgetter(0))]
                for kind, entries in found.items()}

    def has(self, element: str, text: str, language: str | None = None) -> bool:
        """Whether one of `element`'s cue phrases is in `text` (remembered per text)."""
        def search() -> bool:
            words = self.words(text)
            return any(find(phrase, words) for phrase in self.elements.get(element, [])
                       if words.may_hold(phrase) and phrase.speaks(language))
        return bool(self._remembered(f"has\0{language}\0{element}", text, search))


def default_lists() -> dict[str, Any]:
    """The packaged default lists, as written in tone_defaults.yml."""
    text = resources.files("generator").joinpath("tone_defaults.yml").read_text("utf-8")
    return dict(yaml.load(text, Loader=SAFE_LOADER))


def entries(value: Any) -> list[tuple[str | None, str]]:
    """(language, phrase) of a list written as a list (language None: every language), or as
    a mapping of language → list."""
    if isinstance(value, dict):
        return [(str(language), str(v)) for language, items in value.items()
                for v in (items or [])]
    return [(None, str(v)) for v in (value or [])]
