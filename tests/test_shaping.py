"""Shaping: counting like each channel, cutting at words, never cutting the link."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import regex
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.core.model import Incident, Update
from generator.core.vocabulary import Impact, IncidentKind, UpdateStatus
from generator.crosspost.channels.bluesky import link_facet, tid
from generator.crosspost.channels.registry import DEFAULT_RULES
from generator.crosspost.channels.telegram import render_html
from generator.wording.shaping import (
    ELLIPSIS,
    X_LIGHT_RANGES,
    X_WEIGHTS_USED,
    Message,
    ShapingError,
    TextRules,
    compose,
    plain_text,
    twitter_weight,
    twitter_weight_bound,
    update_message,
)

AT = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
SITE = "https://status.example.com/"
SCRIPTS = {
    "latin": "Card payments fail at checkout and we are deploying a fix right now. ",
    "emoji": "Payments 💳 fail 😟 for some 👩🏽‍💻 teams; fix 🚀 coming 🇺🇦 soon. ",
    "cyrillic": "Платежи картой не проходят, мы исправляем ошибку прямо сейчас. ",
    "cjk": "一部のカード決済が失敗しています。現在修正を展開しています。",
    "combining": "Cafe\u0301 pay\u0308ments fai\u0301l; we are fixi\u0301ng the re\u0301sume\u0301 flow. ",
}


def incident(title: str = "Card payments failing", slug: str = "update-1", body: str = "",
             social: object = None, incident_id: str = "2026-11-24-payments-down") -> tuple[Incident, Update]:
    update = Update(incident_id=incident_id, slug=slug, at=AT,
                    status=UpdateStatus.IDENTIFIED, body=body, path="u.md", social=social)  # type: ignore[arg-type]
    return Incident(id=incident_id, title=title, impact=Impact.MAJOR, started=AT, path="i.md",
                    updates=(update,)), update


def test_twitter_weighting_follows_twitter_text_v3() -> None:
    assert twitter_weight("hello") == 5
    assert twitter_weight("Привет") == 6  # Cyrillic is in the light range
    assert twitter_weight("日本語") == 6  # CJK weighs 2
    assert twitter_weight("👍🏽") == 2  # one emoji sequence, whatever its code points
    assert twitter_weight("👩🏽‍💻🇺🇦") == 4
    assert twitter_weight("e\u0301") == 1  # NFC first
    assert twitter_weight("see https://example.com/" + "a" * 200) == 4 + 23


def test_grapheme_counting_with_url_weight() -> None:
    rules = TextRules(limit=500, counting="graphemes", url_weight=23)
    assert rules.count("👩🏽‍💻 e\u0301") == 3
    assert rules.count("go https://example.com/" + "x" * 300) == 3 + 23
    assert TextRules(limit=10, counting="utf16").count("😀") == 2


@pytest.mark.parametrize("kind", sorted(DEFAULT_RULES))
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_long_updates_fit_every_channel_with_the_link_whole(kind: str, script: str) -> None:
    rules = DEFAULT_RULES[kind]
    # One endless sentence: the summary has to be cut inside it (with sentences it stops at
    # the end of one, see below).
    text = SCRIPTS[script].replace(".", ",").replace("。", "、")
    body = text * 400
    long_id = "2026-11-24-" + "very-long-incident-name-" * 8 + "x"
    inc, update = incident(body=body, incident_id=long_id)
    message = update_message(inc, update, SITE, rules, kind, kind)
    link = f"{SITE}incidents/{long_id}/#update-update-1"
    assert message.length == rules.count(message.text) <= rules.limit
    assert rules.fits(message.text)
    assert message.link == link
    assert message.text.endswith(message.shown_link)
    assert message.shown_link == link or rules.short_links
    before = message.text[: message.link_start].rstrip()
    assert before.endswith(ELLIPSIS)
    kept = before[: -len(ELLIPSIS)]
    assert kept.startswith("Identified: Card payments failing —")
    news = kept.split(" — ", 1)[1]
    if script != "cjk":  # scripts with spaces are cut between words
        assert body.startswith(news) and body[len(news)] in " ,;."
    # never half a grapheme (a combining accent or an emoji sequence)
    kept_graphemes = regex.findall(r"\X", news)
    assert kept_graphemes == regex.findall(r"\X", body)[: len(kept_graphemes)]
    assert len(regex.findall(r"\X", news)) > 20 or rules.limit < 300
    assert message.cut_mid_sentence


@pytest.mark.parametrize("kind", sorted(DEFAULT_RULES))
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_long_summaries_stop_at_the_end_of_a_sentence(kind: str, script: str) -> None:
    rules = DEFAULT_RULES[kind]
    body = SCRIPTS[script] * 400
    inc, update = incident(body=body)
    message = update_message(inc, update, SITE, rules, kind, kind)
    assert rules.fits(message.text) and not message.cut_mid_sentence
    news = message.text[: message.link_start].rstrip().split(" — ", 1)[1]
    assert not news.endswith(ELLIPSIS) and news[-1] in ".。"
    assert body.startswith(news) and len(news) >= len(SCRIPTS[script].strip())


def test_russian_posts_say_the_status_in_russian() -> None:
    inc, update = incident(body="Платежи снова проходят.")
    message = update_message(inc, update, SITE, DEFAULT_RULES["telegram"], "telegram",
                             "telegram", language="ru")
    assert message.text.startswith("Причина найдена: Card payments failing — Платежи")
    statement = replace(inc, kind=IncidentKind.STATEMENT)
    assert update_message(statement, update, SITE, DEFAULT_RULES["telegram"], "telegram",
                          "telegram", language="ru").text.startswith("Факты установлены: ")


def test_short_update_is_sent_whole() -> None:
    inc, update = incident(body="Payments work *again*. See [details](https://x.example/a).")
    message = update_message(inc, update, SITE, DEFAULT_RULES["x"], "x", "x")
    assert message.text == ("Identified: Card payments failing — Payments work again. See details. "
                            f"{SITE}incidents/2026-11-24-payments-down/#update-update-1")


def test_social_text_is_used_exactly_per_channel() -> None:
    inc, update = incident(body="long body", social={"x": "Short for X.", "telegram": "For <Telegram> & co"})
    x = update_message(inc, update, SITE, DEFAULT_RULES["x"], "x", "x")
    assert x.text.startswith("Short for X. https://")
    tg = update_message(inc, update, SITE, DEFAULT_RULES["telegram"], "telegram", "telegram")
    assert render_html(tg).startswith("For &lt;Telegram&gt; &amp; co <a href=\"https://")
    other = update_message(inc, update, SITE, DEFAULT_RULES["mastodon"], "mastodon", "mastodon")
    assert other.text.startswith("Identified: Card payments failing — long body")


def test_social_text_that_cannot_fit_is_an_error_not_cut() -> None:
    inc, update = incident(social="日本語" * 130)
    with pytest.raises(ShapingError) as error:
        update_message(inc, update, SITE, DEFAULT_RULES["x"], "x", "x")
    assert str(error.value) == ("804 weighted characters, the channel allows 280; "
                                "shorten it by 524 or more")


def test_bluesky_facet_uses_utf8_byte_offsets() -> None:
    inc, update = incident(body="Платежи 💳 снова работают.")
    message = update_message(inc, update, SITE, DEFAULT_RULES["bluesky"], "bluesky", "bluesky")
    facet = link_facet(message)
    raw = message.text.encode("utf-8")
    start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
    assert raw[start:end].decode() == message.shown_link
    assert facet["features"][0]["uri"] == message.link


def test_bluesky_record_keys_are_valid_stable_tids() -> None:
    first = tid(AT, "bluesky:2026-11-24-payments-down/update-1")
    assert regex.fullmatch(r"[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}", first)
    assert first == tid(AT, "bluesky:2026-11-24-payments-down/update-1")
    assert first != tid(AT, "bluesky:2026-11-24-payments-down/update-2")


def test_plain_text_from_markdown() -> None:
    assert plain_text("# Heading\n\n- one **bold**\n- two `code` and snake_case_name\n\n> quote") == \
        "Heading one bold two code and snake_case_name quote"


def _x_conformance_cases() -> list[dict[str, Any]]:
    data = yaml.safe_load((Path(__file__).parent / "data" / "twitter_text_v3_conformance.yml")
                          .read_text("utf-8"))
    return [*data["WeightedTweetsWithDiscountedEmojiCounterTest"],
            *data["UnicodeDirectionalMarkerCounterTest"]]


@pytest.mark.parametrize("case", _x_conformance_cases(), ids=lambda c: c["description"][:40])
def test_x_counting_passes_twitter_texts_own_conformance_cases(case: dict[str, Any]) -> None:
    assert twitter_weight(case["text"]) == case["expected"]["weightedLength"]


def test_x_counts_host_names_with_an_unknown_tld_in_full() -> None:
    # X links only names with a TLD it knows: these are plain text, every character counts.
    assert twitter_weight("see status.example now") == 22
    assert twitter_weight("api.internal") == 12
    assert twitter_weight("see status.example.com/x") == 4 + 23
    assert twitter_weight("👨‍👩‍👧‍👦") == 2  # a ZWJ family is one emoji: 2


def test_x_summaries_never_exceed_280_with_unknown_tlds_and_zwj_emoji() -> None:
    rules = TextRules(limit=280, counting="twitter", url_weight=23)
    news = " ".join(["api.internal", "status.example", "👨‍👩‍👧‍👦", "db-1.cluster.local"] * 40)
    message = compose("k", "Investigating: Card payments failing —", news,
                      "https://status.example.com/incidents/x/#u1", rules)
    assert message.length <= 280
    assert twitter_weight(message.text) == message.length


# Pieces X counts in its own ways: links with and without a scheme, names with an unknown
# TLD, emoji sequences, the two light code points that are emoji, CJK, composition
# exclusions (NFC makes two code points of one), Windows line ends, sentence ends.
X_PIECES = ["https://status.example.com/incidents/x/#u1", "example.com", "t.co/abc",
            "status.example", "a.b.c.org/path?q=1", "xn--wgv71a119e.jp", "日本語.jp",
            "👍🏽", "👨‍👩‍👧‍👦", "#️⃣", "1⃣", "©", "®", "©️", "🇺🇦", "日本", "Платёж", "\u0958",
            "\u0344", "e\u0301", "\r\n", "\u2028", " ", ". ", "...", "(", ")", "—", "a", "1",
            "\u200d", "\ufe0f", "\U0001F600"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(X_PIECES), st.characters(), st.text(max_size=3)),
                max_size=40).map("".join))
@example("see https://example.com/" + "a" * 200)
@example("".join(X_PIECES))
def test_the_x_bound_is_never_below_what_x_counts(text: str) -> None:
    assert twitter_weight_bound(text) >= twitter_weight(text)


def test_the_x_bound_holds_for_every_light_code_point_alone() -> None:
    # Every code point the bound weighs 1 (all others it weighs 2, X's most).
    light = [chr(c) for low, high in X_LIGHT_RANGES for c in range(low, high + 1)
             if not 0xD800 <= c <= 0xDFFF]
    assert [c for c in light if twitter_weight_bound(c) < twitter_weight(c)] == []


def test_a_post_that_surely_fits_x_is_not_counted_by_twitter_text() -> None:
    # Deciding that a summary fits needs no exact count: the check and the dry run do not
    # load twitter-text for texts far within the limit; the count is made when asked.
    rules = TextRules(limit=280, counting="twitter", url_weight=23)
    news = "We found the cause and are rolling out a fix. Next update within the hour."
    fresh = f"{news} ({datetime.now().isoformat()})"  # never counted before, in any run
    X_WEIGHTS_USED.clear()
    message = compose("k", "Identified: Card payments failing —", fresh,
                      "https://status.example.com/incidents/x/#u1", rules)
    assert fresh in message.text
    assert not X_WEIGHTS_USED  # nothing counted by twitter-text
    assert message.__dict__.get("length") is None  # not counted yet
    assert message.length == twitter_weight(message.text)


def test_slack_block_text_fits_after_escaping_and_link_markup() -> None:
    import asyncio
    import json

    import httpx

    from generator.crosspost.channels.chat import Slack
    sent: list[dict[str, Any]] = []

    def slack(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, text="ok")

    for body in ("Fees < 5 & rates > 2 at R&D. " * 300, "plain words only " * 400):
        inc, update = incident(body=body)
        message = update_message(inc, update, SITE, DEFAULT_RULES["slack"], "slack", "slack")

        async def post(message: Message) -> None:
            async with httpx.AsyncClient(transport=httpx.MockTransport(slack)) as client:
                await Slack("slack", client, "https://hooks.slack.test/x").post(message, None)

        asyncio.run(post(message))
        block = sent[-1]["blocks"][0]["text"]["text"]
        shown = len(block.encode("utf-16-le")) // 2
        assert shown == message.length <= 3000
        assert shown > 2900  # filled, not cut needlessly
        assert len(sent[-1]["text"].encode("utf-16-le")) // 2 <= 40000


def test_counting_for_x_does_not_load_pkg_resources() -> None:
    # twitter-text reads its emoji list through pkg_resources (slow to import, deprecated);
    # it is handed importlib's equivalent for its import, in a fresh process as a user runs it.
    import subprocess
    import sys

    code = ("import sys, warnings; warnings.simplefilter('error')\n"
            "from generator.wording.shaping import twitter_weight\n"
            "print(twitter_weight('see example.com 👍🏽 ©'), 'pkg_resources' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["33", "False"]
