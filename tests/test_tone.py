"""The tone check: each rule in English and Russian, word forms, tone.yml, the example hub."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import BERLIN, example_hub

from generator.core.model import Incident, Update
from generator.core.problems import Problems
from generator.core.vocabulary import Impact, UpdateStatus
from generator.wording.tone import Phrase, Token, Words, find, match_from, tokens
from generator.wording.tone_check import check_text, missing_elements, tone_problems, tone_rules

RULES = tone_rules(None, None, Problems())


def findings(text: str) -> list[str]:
    return [kind for kind, _ in RULES.findings(text)]


@pytest.mark.parametrize("text", [
    "We apologize for any inconvenience this may have caused.",
    "We apologise for the inconvenience.",
    "Sorry for the inconvenience!",
    "Приносим извинения за доставленные неудобства.",
    "Приносим свои извинения за причинённые неудобства.",
    "Приносим свои извинения за причиненные неудобства.",
    "Извините за причинение неудобств.",
    "Извиняемся за временные неудобства.",
    "Благодарим за понимание.",
    "Наши специалисты уже работают над решением.",
])
def test_cliches_are_found_in_every_form(text: str) -> None:
    assert findings(text) == ["cliche"]


@pytest.mark.parametrize("text, kind", [
    ("The outage was caused by our payment provider.", "blame"),
    ("This was beyond our control.", "blame"),
    ("It was a user error.", "blame"),
    ("Сбой произошёл по вине провайдера.", "blame"),
    ("Сбой случился по вине нашего партнёра.", "blame"),
    ("Проблема на стороне провайдеров.", "blame"),
    ("По независящим от нас причинам сервис недоступен.", "blame"),
    ("We take your privacy very seriously.", "defensive"),
    ("This was an isolated incident.", "defensive"),
    ("Мы очень серьёзно относимся к безопасности.", "defensive"),
    ("Это единичные случаи.", "defensive"),
    ("Ситуация под контролем.", "defensive"),
    ("Our on-call team shipped a hotfix.", "jargon"),
    ("We deployed a fix to production.", "jargon"),
    ("Мы задеплоили исправление.", "jargon"),
    ("Выкатили хотфикс на прод.", "jargon"),
    ("Упал бэкенд заказов.", "jargon"),
])
def test_blame_defensive_and_jargon(text: str, kind: str) -> None:
    assert kind in findings(text)


@pytest.mark.parametrize("text", [
    "We are sorry that you could not order this afternoon.",
    "The mistake was ours, not our card processor's.",
    "We restarted the stock-update service; errors have stopped.",
    "Проблема возникла по нашей вине, и мы просим прощения.",
    "Наш провайдер почты уже доставил все письма.",
    "Продукты доставят вовремя, курьеры работают как обычно.",
    "Мы серьёзно ошиблись и исправляем это.",
    "Приносим продукты к двери, как обычно.",
])
def test_plain_honest_text_passes(text: str) -> None:
    assert findings(text) == []


def test_a_phrase_does_not_reach_across_sentences() -> None:
    assert findings("We are sorry. The inconvenience is ours to fix.") == []
    assert findings("Приносим извинения. Неудобства скоро закончатся.") == []


def sentences_gap_by_gap(text: str) -> list[tuple[str, int]]:
    """The sentence rule read plainly, for comparison: a word starts a new sentence when the
    gap between it and the word before holds a sentence end (punctuation, closing marks,
    then a space or the word itself; or a blank line). Code, links and addresses are not
    prose."""
    import re

    from generator.wording.tone import _NOT_PROSE, _WORD
    end = re.compile(r"[.!?;:…][*_)\"'»”]*\s|\n\s*\n")
    prose = _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), text)
    found: list[tuple[str, int]] = []
    sentence, last_end = 0, 0
    for match in _WORD.finditer(prose):
        if found and end.search(prose[last_end:match.start()] + " "):
            sentence += 1
        found.append((match.group(0), sentence))
        last_end = match.end()
    return found


def test_sentences_end_at_punctuation_before_a_space_or_a_word_and_at_blank_lines() -> None:
    def sentences(text: str) -> list[int]:
        return [token.sentence for token in tokens(text)]

    assert sentences("Fixed. Next") == [0, 1]
    assert sentences("Fixed.Next") == [0, 1]
    assert sentences("Fixed.) «Next»!") == [0, 1]
    assert sentences("Fixed, next") == [0, 0]
    assert sentences("Fixed\n\nNext") == [0, 1]
    assert sentences("Fixed\nnext") == [0, 0]
    assert sentences("Run `make. now` today") == [0, 0]  # code is not prose: no end in it
    assert sentences("...Fixed. ... Next") == [0, 1]  # one gap, one new sentence


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(
    ["We", "fixed", "ёлка", "a1", "fix_ed", ".", "!", "?", ";", ":", "…", "*", "_", ")", '"',
     "»", "”", "'", "(", ",", " ", "\n", "\n\n", "\t", "`code. x`", "[a](http://x.y/a.b)",
     "http://e.com/x.", "a@b.co"]), max_size=30))
def test_sentences_cut_at_each_end_are_those_read_gap_by_gap(pieces: list[str]) -> None:
    """`tokens` cuts the text at every sentence end at once (a hub has 15,000 texts)."""
    text = "".join(pieces)
    assert [(t.word, t.sentence) for t in tokens(text)] == \
        [(word.casefold().replace("ё", "е"), sentence)
         for word, sentence in sentences_gap_by_gap(text)]


def test_warning_names_file_line_phrase_and_rule() -> None:
    problems = Problems()
    check_text(RULES, "First line.\nWe apologize for any inconvenience.", "x/update.md", 5,
               problems)
    assert [str(p) for p in problems] == [
        "x/update.md:6: warning: 'apologize for any inconvenience' is a cliché; say in plain "
        "words what went wrong and what it means for people "
        "(tone: cliche 'apolog* for ... inconvenience')"
    ]


def test_the_example_hub_has_no_tone_warning() -> None:
    problems = Problems()
    tone_problems(example_hub(), RULES, problems)
    assert [str(p) for p in problems] == []


def incident(*updates: Update, impact: Impact = Impact.MAJOR) -> Incident:
    from datetime import datetime
    return Incident(id="2026-11-24-x", title="X", impact=impact,
                    started=datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN),
                    path="incidents/x/incident.md", updates=updates)


def update(slug: str, body: str, status: UpdateStatus, minute: int, next_in: int | None = 30) -> Update:
    from datetime import datetime, timedelta
    at = datetime(2026, 11, 24, 9, minute, tzinfo=BERLIN)
    return Update(incident_id="2026-11-24-x", slug=slug, at=at, status=status, body=body,
                  path=f"incidents/x/{slug}.md", body_line=6,
                  next_update=at + timedelta(minutes=next_in) if next_in else None)


def test_a_major_first_statement_needs_every_element() -> None:
    problems = Problems()
    missing_elements(incident(update("01", "Checkout is slow.", UpdateStatus.INVESTIGATING, 10,
                                     next_in=None)), RULES, problems)
    assert [str(p) for p in problems] == [
        "incidents/x/01.md:6: warning: missing: what happened, what we are doing, what users "
        "should do, when we speak next; in a major incident the first statement says what "
        "happened, what we are doing, what users should do and when we speak next"
    ]


def test_a_statement_is_read_into_words_once_for_all_its_questions(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A major incident's first statement is asked five questions (what happened, what we
    do, what users do, when we speak next, and its words are checked): one reading."""
    from generator.wording import tone
    from generator.wording.tone_check import tone_rules

    read: list[str] = []
    real = tone.tokens
    monkeypatch.setattr(tone, "tokens", lambda text: read.append(text) or real(text))
    rules = tone_rules(None, None, Problems())  # its own memo: nothing remembered yet
    problems = Problems()
    from generator.core.model import Hub
    tone_problems(Hub(time_zone=BERLIN, incidents=(incident(
        update("01", "Checkout is slow.", UpdateStatus.INVESTIGATING, 10, next_in=None)),)),
        rules, problems)
    assert read == ["Checkout is slow."]
    assert "missing: what happened, what we are doing" in str(problems.items[0])


def test_a_complete_russian_statement_passes_and_minor_incidents_are_not_checked() -> None:
    body = ("Что мы знаем: оплата картой не проходит. Что мы делаем: выясняем причину. "
            "Что вы можете сделать: ничего делать не нужно.")
    problems = Problems()
    missing_elements(incident(update("01", body, UpdateStatus.INVESTIGATING, 10)), RULES,
                     problems)
    assert list(problems) == []
    from generator.core.model import Hub
    minor = Problems()
    tone_problems(Hub(time_zone=BERLIN, incidents=(incident(
        update("01", "Slow.", UpdateStatus.INVESTIGATING, 10, next_in=None),
        impact=Impact.MINOR),)), RULES, minor)
    assert list(minor) == []


@pytest.mark.parametrize("apology, expected", [
    ("We are sorry that you could not pay.", 0),
    ("Простите нас: вы не могли оплатить заказ.", 0),
    ("Приносим извинения клиентам.", 0),
    ("We found the cause and are fixing it.", 1),
])
def test_an_identified_cause_needs_an_apology(apology: str, expected: int) -> None:
    first = ("What we know: checkout fails. What we are doing: investigating. "
             "What you can do: nothing.")
    problems = Problems()
    missing_elements(incident(update("01", first, UpdateStatus.INVESTIGATING, 10),
                              update("02", apology, UpdateStatus.IDENTIFIED, 30)),
                     RULES, problems)
    assert len(problems.items) == expected
    if expected:
        assert "missing: an apology" in str(problems.items[0])


def test_tone_yml_adds_phrases_and_switches_defaults_off(tmp_path: Path) -> None:
    raw = ("cliche:\n  en: [we value every customer]\n  ru: [ценим каждого клиента]\n"
           "allow:\n  - deploy*\n").encode()
    problems = Problems()
    rules = tone_rules("content/tone.yml", raw, problems)
    assert list(problems) == []
    assert [k for k, _ in rules.findings("We value every customer.")] == ["cliche"]
    assert [k for k, _ in rules.findings("Мы ценим каждого клиента.")] == ["cliche"]
    assert [k for k, _ in rules.findings("We deployed a fix.")] == []


def test_tone_yml_mistakes_are_reported_with_lines() -> None:
    raw = b"cliches:\n  - x\njargon:\n  - ... prod\nallow:\n  - deploy\n"
    problems = Problems()
    tone_rules("content/tone.yml", raw, problems)
    assert [str(p) for p in problems] == [
        "content/tone.yml:1: cliches: unknown field; did you mean 'cliche'?",
        "content/tone.yml:4: jargon.0: '... prod': '...' must stand between two words",
        "content/tone.yml:6: warning: allow: 'deploy' is in no list, so there is nothing to "
        "switch off; did you mean 'deploy*'?",
    ]


def test_a_translation_is_checked_with_its_own_languages_lists(tmp_path: Path) -> None:
    from support import HubFolder, front_matter_file

    from generator.reading.loader import load_hub

    hub = HubFolder(tmp_path)
    hub.write_config(languages=["en", "ru"])
    hub.write_incident("2026-11-24-pay", started="2026-11-24 09:00")
    complete = ("What we know: card payments fail. What we are doing: investigating. "
                "What you can do: nothing. Next update by 10:00.")
    hub.write_update("2026-11-24-pay", "01-investigating", complete, at="2026-11-24 09:10")
    hub.write("incidents/2026-11-24-pay/incident.ru.md",
              front_matter_file({"title": "Не проходят оплаты"}))
    hub.write("incidents/2026-11-24-pay/01-investigating.ru.md", front_matter_file(
        {"social": "Приносим извинения за доставленные неудобства."},
        "Оплата картой не проходит по вине поставщика. Благодарим за понимание."))
    hub.write_faq("refunds", "Yes, always.", question="Refunds?")
    hub.write("faq/refunds.ru.md", front_matter_file({}, "Да. Ситуация под контролем."))
    loaded, _ = load_hub(hub.content, BERLIN, display_root=hub.root, languages=("en", "ru"))
    problems = Problems()
    tone_problems(loaded, RULES, problems)
    translation = "content/incidents/2026-11-24-pay/01-investigating.ru.md"
    assert [str(p) for p in problems] == [
        f"{translation}:4: warning: 'вине поставщика' shifts the blame; own the problem and "
        "say what we are doing about it (tone: blame 'вине ... поставщик*')",
        f"{translation}:4: warning: 'Благодарим за понимание' is a cliché; say in plain words "
        "what went wrong and what it means for people (tone: cliche 'благодарим за понимание')",
        f"{translation}:2: warning: social: 'Приносим извинения за доставленные неудобства' is "
        "a cliché; say in plain words what went wrong and what it means for people (tone: "
        "cliche 'приносим ... извинения за ... неудобства')",
        # The Russian statement is checked with the Russian cues: it says neither what we do,
        # nor what users can do, nor when we speak next (its English original does).
        f"{translation}:4: warning: missing: what happened, what we are doing, what users "
        "should do, when we speak next; in a major incident the first statement says what "
        "happened, what we are doing, what users should do and when we speak next",
        "content/faq/refunds.ru.md:4: warning: 'Ситуация под контролем' sounds defensive; "
        "give the facts and what we are doing instead of reassuring (tone: defensive "
        "'ситуация под контролем')",
    ]


def test_a_list_for_one_language_is_not_applied_to_another() -> None:
    raw = b"cliche:\n  ru: [stand by]\n"  # a Latin phrase, in the Russian list only
    rules = tone_rules("content/tone.yml", raw, Problems())
    assert [k for k, _ in rules.findings("Please stand by.", language="ru")] == ["cliche"]
    assert [k for k, _ in rules.findings("Please stand by.", language="en")] == []
    assert [k for k, _ in rules.findings("Please stand by.")] == ["cliche"]  # any language


def test_nam_zhal_is_an_apology_in_russian() -> None:
    # "Нам жаль, что…" is how the example's Russian statement says sorry.
    assert RULES.has("apology", "Нам жаль, что сейчас вы не видите, где ваш заказ.", "ru")
    assert not RULES.has("apology", "Жалоб стало меньше.", "ru")


def scan_every_position(phrase: Phrase, words: list[Token]) -> list[tuple[int, int]]:
    """The plain reading of a phrase search: try it at every word, left to right."""
    found, index = [], 0
    while index < len(words):
        end = match_from(phrase, words, index)
        if end is None:
            index += 1
            continue
        found.append((words[index].start, words[end].end))
        index = end + 1
    return found


LIST_WORDS = sorted({word.replace("*", "") for phrases in [*RULES.kinds.values(),
                                                           *RULES.elements.values()]
                     for phrase in phrases for word in phrase.text.split() if word != "..."})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([*LIST_WORDS, "we", "the", "payments", "`code`"]),
                          st.sampled_from(["", "s", "ed", ".", ",", "!"])), max_size=40))
def test_the_word_index_finds_what_a_scan_of_every_word_finds(
        pieces: list[tuple[str, str]]) -> None:
    text = " ".join(word + ending for word, ending in pieces)
    words = tokens(text)
    for phrase in [p for phrases in [*RULES.kinds.values(), *RULES.elements.values()]
                   for p in phrases]:
        assert [(m.start, m.end) for m in find(phrase, Words(words))] == \
            scan_every_position(phrase, words), phrase.text


def _every_phrase_tried(rules: Any, text: str, language: str | None) -> list[tuple[Any, ...]]:
    """The plain reading of the rule, for comparison: every phrase tried on the text."""
    from generator.wording.tone import KINDS, Words, find, tokens

    words = Words(tokens(text))
    result = []
    for kind in KINDS:
        matches = [m for phrase in rules.kinds.get(kind, [])
                   if phrase.speaks(language) for m in find(phrase, words)]
        matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list = []
        for match in matches:
            if not kept or match.start >= kept[-1].end:
                kept.append(match)
        result.extend((kind, m.start, m.end, m.phrase.text) for m in kept)
    return sorted(result, key=lambda item: item[1])


def test_looking_phrases_up_by_first_word_finds_what_trying_every_phrase_finds() -> None:
    """The check looks up only the phrases whose first word is in the text (a hub's check
    has thousands of texts and hundreds of phrases); it must find exactly the same."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from generator.core.problems import Problems
    from generator.wording.tone import KINDS
    from generator.wording.tone_check import tone_rules

    rules = tone_rules(None, None, Problems())
    phrases = [p.text for kind in KINDS for p in rules.kinds[kind]]
    words = ["we", "are", "sorry", "the", "team", "fix", "cause", "платежи", "извините", "."]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(phrases + words), min_size=1, max_size=20),
           st.sampled_from([None, "en", "ru"]))
    def check(parts: list[str], language: str | None) -> None:
        text = " ".join(parts)
        found = [(k, m.start, m.end, m.phrase.text) for k, m in rules.findings(text, KINDS, language)]
        assert found == _every_phrase_tried(rules, text, language)

    check()
