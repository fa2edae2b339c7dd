"""The reactions store (append-only, torn-tail-safe), what needs an answer, and sentiment."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.listening import sentiment, triage
from generator.listening.store import (
    ReactionsError,
    Reply,
    Snapshot,
    append_snapshots,
    read_snapshots,
)


def one(n: int) -> Snapshot:
    return Snapshot(at=f"2026-11-24T10:0{n}:00+00:00", channel="mastodon", key="i/u",
                    remote_id="1", counts={"likes": n},
                    replies=(Reply("2", "@a", "https://m.test/@a/2", "hi?", parent="1"),))


def test_snapshots_round_trip_and_a_torn_last_line_is_ignored_then_closed(tmp_path: Path) -> None:
    path = tmp_path / "reactions.jsonl"
    append_snapshots(path, [one(1), one(2)])
    assert read_snapshots(path) == [one(1), one(2)]
    with open(path, "ab") as handle:
        handle.write(b'{"at": "2026-11-24T10:09:00+00:00", "chan')  # a crash mid-line
    assert read_snapshots(path) == [one(1), one(2)]
    append_snapshots(path, [one(3)])
    with pytest.raises(ReactionsError) as error:
        read_snapshots(path, "content/.crisishub/reactions.jsonl")
    assert str(error.value).startswith("content/.crisishub/reactions.jsonl:3: ")
    assert "fix or remove this line" in str(error.value)


@pytest.mark.parametrize("text", [
    "Was I charged twice?", "When will it work again", "Is my order lost.",
    "Когда вернут деньги", "Заказ приедет сегодня ли", "Сколько ещё ждать", "Что с заказом?!",
])
def test_questions_in_english_and_russian(text: str) -> None:
    assert triage.is_question(text)


@pytest.mark.parametrize("text", ["Thanks for the update.", "Спасибо, всё работает.",
                                  "Great work team"])
def test_statements_are_not_questions(text: str) -> None:
    assert not triage.is_question(text)


@pytest.mark.parametrize(("text", "topics"), [
    ("I was charged 40 € and got nothing", ["money"]),
    ("Верните деньги за заказ", ["money"]),
    ("Is the food still safe to eat", ["safety"]),
    ("Продукты испорчены, ребёнок отравился", ["safety"]),
    ("Did my password leak?", ["data"]),
    ("Утечка персональных данных?", ["data"]),
    ("The tracking page is slow", []),
])
def test_topics_in_english_and_russian(text: str, topics: list[str]) -> None:
    assert triage.topics(text) == topics


def test_a_reply_many_liked_is_listed_even_without_another_reason() -> None:
    assert triage.reasons("Same here", likes=triage.POPULAR_LIKES) == ["popular"]
    assert triage.reasons("Same here", likes=triage.POPULAR_LIKES - 1) == []


@pytest.mark.parametrize(("text", "sign"), [
    ("Thanks, great job fixing it!", 1), ("This is awful, worst service ever", -1),
    ("Спасибо, быстро починили!", 1), ("Опять сбой, это ужасно", -1),
    ("Не хорошо", -1), ("Мошенники, верните деньги", -1),
])
def test_sentiment_signs(text: str, sign: int) -> None:
    score = sentiment.score(text)
    assert score is not None and score * sign > 0.2


def test_other_scripts_are_not_measured() -> None:
    assert sentiment.score("配送が遅れています") is None
    assert sentiment.score("👍👍") is None  # no letters: no language to measure
    assert sentiment.language("Привет, hello мир") == "ru"


def test_the_russian_lexicon_ships_in_the_package() -> None:
    assert len(sentiment.russian_lexicon()) > 80
    assert all(-4 <= value <= 4 for value in sentiment.russian_lexicon().values())
