"""A rough sentiment score per reply, from -1 (angry) to +1 (pleased); offline only.

English: VADER (`vaderSentiment`), which reads its lexicon file shipped inside the package;
nothing is downloaded. Russian: a small lexicon shipped here (`ru_sentiment.tsv`, written for
this project, same licence as the project) matched on Snowball stems, with 'не'/'нет'
flipping the next word, normalised like VADER. Other scripts are "not measured" (None).
"""

from __future__ import annotations

import math
from functools import cache
from importlib import resources
from typing import Any

import regex

_CYRILLIC = regex.compile(r"\p{Cyrillic}")
_LATIN = regex.compile(r"\p{Latin}")
_RU_WORD = regex.compile(r"\p{Cyrillic}+")
NEGATIONS = {"не", "нет", "ни"}


def language(text: str) -> str | None:
    """'ru', 'en' or None, by the script most letters are written in."""
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if not cyrillic and not latin:
        return None
    return "ru" if cyrillic > latin else "en"


@cache
def _vader():  # type: ignore[no-untyped-def]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _russian_stemmer() -> Any:
    """Snowball's Russian stemmer, imported when replies are scored (not by every command)."""
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


@cache
def russian_lexicon() -> dict[str, float]:
    """Stem -> valence (-4..+4) from ru_sentiment.tsv."""
    stemmer = _russian_stemmer()
    table = {}
    text = resources.files("generator.listening").joinpath("ru_sentiment.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, value = line.split("\t")
        table[stemmer.stemWord(word.strip().lower())] = float(value)
    return table


def russian_score(text: str) -> float | None:
    """VADER-style compound score from the Russian lexicon; None when no word is known."""
    stemmer = _russian_stemmer()
    lexicon = russian_lexicon()
    total, hits, flip = 0.0, 0, False
    for word in (w.lower() for w in _RU_WORD.findall(text.replace("ё", "е").replace("Ё", "Е"))):
        if word in NEGATIONS:
            flip = True
            continue
        value = lexicon.get(stemmer.stemWord(word))
        if value is not None:
            total += -0.74 * value if flip else value  # VADER's negation factor
            hits += 1
        flip = False
    if not hits:
        return 0.0
    total += 0.3 * text.count("!") * (1 if total > 0 else -1)
    return total / math.sqrt(total * total + 15)  # VADER's normalisation (alpha 15)


def score(text: str) -> float | None:
    """The compound score of one reply, or None when its language is not measured."""
    lang = language(text)
    if lang == "en":
        return float(_vader().polarity_scores(text)["compound"])
    if lang == "ru":
        return russian_score(text)
    return None
