"""Two languages per statement: translation files beside their originals, facts written once,
one site per language with a switcher to the same page, feeds per language."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from lxml import html
from support import BERLIN, HubFolder, front_matter_file, html_text

from generator.core.translations import in_language
from generator.reading.loader import load_hub

LANGUAGES = ("en", "ru")
INCIDENT = "2026-11-24-payments"


def bilingual(root: Path) -> HubFolder:
    """A hub in English and Russian with one incident of two updates, the second untranslated."""
    hub = HubFolder(root)
    hub.write_config(languages=list(LANGUAGES))
    hub.write_incident(INCIDENT, title="Payments failing", started="2026-11-24 09:00",
                       components={"web": "major_outage"})
    hub.write_update(INCIDENT, "01-investigating", at="2026-11-24 09:10",
                     status="investigating", body="We are looking into failed payments.")
    hub.write_update(INCIDENT, "02-identified", at="2026-11-24 10:00", status="identified",
                     components={"web": "partial_outage"}, body="We found the cause.")
    hub.write(f"incidents/{INCIDENT}/incident.ru.md",
              front_matter_file({"title": "Сбой оплаты"}))
    hub.write(f"incidents/{INCIDENT}/01-investigating.ru.md",
              front_matter_file({"translated_at": "2026-11-24 09:25"},
                                "Мы выясняем, почему не проходят платежи."))
    hub.write_faq("refunds", "Yes, always.", question="Do I get my money back?")
    return hub


def load(hub: HubFolder):  # type: ignore[no-untyped-def]
    return load_hub(hub.content, BERLIN, display_root=hub.root, languages=LANGUAGES)


def test_a_translation_gives_its_words_and_the_original_keeps_the_facts(tmp_path: Path) -> None:
    loaded, problems = load(bilingual(tmp_path))
    assert [str(p) for p in problems] == []
    assert loaded.translations is not None
    russian = in_language(loaded, loaded.translations, "ru", "en")
    incident = russian.hub.incident(INCIDENT)
    assert incident.title == "Сбой оплаты"
    first, second = incident.updates
    assert first.body == "Мы выясняем, почему не проходят платежи."
    assert (first.at, first.status) == (loaded.incident(INCIDENT).updates[0].at,
                                        loaded.incident(INCIDENT).updates[0].status)
    # The second update has no translation: its English words, marked as such.
    assert second.body == "We found the cause."
    assert russian.is_untranslated(second) and not russian.is_untranslated(first)
    assert russian.is_untranslated(russian.hub.faq[0])
    english = in_language(loaded, loaded.translations, "en", "en")
    assert english.hub is loaded and not english.untranslated


@pytest.mark.parametrize(("name", "fields", "message"), [
    ("01-investigating.ru.md", {"status": "resolved"},
     "status: resolved differs from 01-investigating.md (investigating)"),
    ("01-investigating.ru.md", {"at": "2026-11-24 09:11"},
     "at: 2026-11-24T09:11:00+01:00 differs from 01-investigating.md (2026-11-24T09:10:00+01:00)"),
    ("02-identified.ru.md", {"components": {"web": "major_outage"}},
     "components: web: major_outage differs from 02-identified.md (web: partial_outage)"),
    ("02-identified.ru.md", {"next_update": "2026-11-24 11:00"},
     "next_update: 2026-11-24T11:00:00+01:00 differs from 02-identified.md (not set)"),
    ("incident.ru.md", {"impact": "minor"}, "impact: minor differs from incident.md (major)"),
])
def test_a_translation_repeating_a_fact_with_another_value_is_an_error(
        tmp_path: Path, name: str, fields: dict[str, object], message: str) -> None:
    hub = bilingual(tmp_path)
    hub.write(f"incidents/{INCIDENT}/{name}", front_matter_file(fields, "Текст."))
    expected = (f"content/incidents/{INCIDENT}/{name}:2: {message}; times, statuses and "
                "components are written once, in the original: delete this line from the "
                "translation")
    assert [str(p) for p in load(hub)[1]] == [expected]


def test_a_translation_repeating_a_fact_with_the_same_value_is_fine(tmp_path: Path) -> None:
    hub = bilingual(tmp_path)
    hub.write(f"incidents/{INCIDENT}/02-identified.ru.md", front_matter_file(
        {"at": "2026-11-24T10:00:00+01:00", "status": "identified",
         "components": {"web": "partial_outage"}}, "Мы нашли причину."))
    hub.write("faq/refunds.ru.md", front_matter_file({"question": "Вернут ли деньги?", "order": 0},
                                                     "Да."))
    assert [str(p) for p in load(hub)[1]] == []


def test_a_translation_without_original_or_in_an_unknown_language_is_an_error(
        tmp_path: Path) -> None:
    hub = bilingual(tmp_path)
    hub.write(f"incidents/{INCIDENT}/03-monitoring.ru.md", front_matter_file({}, "Следим."))
    hub.write("faq/refunds.de.md", front_matter_file({"question": "Geld zurück?"}, "Ja."))
    assert [str(p) for p in load(hub)[1]] == [
        f"content/incidents/{INCIDENT}/03-monitoring.ru.md: translates '03-monitoring.md', "
        "which does not exist (or has errors); write the original in the default language "
        "first, then its translation beside it",
        "content/faq/refunds.de.md: 'de' is not a translation language of this hub "
        "(languages: en, ru); add it to 'languages:' under plugins.crisishub in mkdocs.yml, "
        "or rename the file (translations allowed: ru)",
    ]


def test_translation_files_are_never_read_as_updates_of_their_own(tmp_path: Path) -> None:
    loaded, _ = load(bilingual(tmp_path))
    assert [u.slug for u in loaded.incident(INCIDENT).updates] == ["01-investigating",
                                                                   "02-identified"]


def test_a_file_named_with_the_default_language_is_the_original(tmp_path: Path) -> None:
    """Decap CMS's `multiple_files` layout writes `03-monitoring.en.md`: the same as
    `03-monitoring.md`, with its translation `03-monitoring.ru.md` beside it."""
    hub = bilingual(tmp_path)
    hub.write(f"incidents/{INCIDENT}/03-monitoring.en.md", front_matter_file(
        {"at": "2026-11-24 11:00", "status": "monitoring"}, "Payments work again."))
    hub.write(f"incidents/{INCIDENT}/03-monitoring.ru.md", front_matter_file({}, "Платежи снова работают."))
    hub.write("faq/delivery.en.md", front_matter_file({"question": "Where is my order?"}, "On its way."))
    loaded, problems = load(hub)
    assert [str(p) for p in problems] == []
    assert [u.slug for u in loaded.incident(INCIDENT).updates] == [
        "01-investigating", "02-identified", "03-monitoring"]
    assert sorted(f.id for f in loaded.faq) == ["delivery", "refunds"]
    assert loaded.translations is not None
    russian = in_language(loaded, loaded.translations, "ru", "en").hub
    assert russian.incident(INCIDENT).updates[2].body == "Платежи снова работают."


def test_an_empty_translation_file_is_not_translated_yet(tmp_path: Path) -> None:
    """Decap CMS saves a language the editor left blank as an empty file."""
    hub = bilingual(tmp_path)
    hub.write(f"incidents/{INCIDENT}/02-identified.ru.md", "\n")
    loaded, problems = load(hub)
    assert [str(p) for p in problems] == []
    assert loaded.translations is not None
    russian = in_language(loaded, loaded.translations, "ru", "en")
    assert russian.is_untranslated(russian.hub.incident(INCIDENT).updates[1])


def test_one_item_in_two_default_language_files_is_an_error(tmp_path: Path) -> None:
    hub = bilingual(tmp_path)
    hub.write(f"incidents/{INCIDENT}/incident.en.md", front_matter_file(
        {"title": "Payments failing", "impact": "major"}))
    assert [str(p) for p in load(hub)[1]] == [
        f"content/incidents/{INCIDENT}/incident.md: 'incident.en.md' holds the same item in the "
        "default language; keep one of the two files (delete or merge 'incident.md')"]


@pytest.fixture
def bilingual_site(tmp_path: Path) -> Path:
    return bilingual(tmp_path).build()


def page(site: Path, url: str) -> html.HtmlElement:
    return html.fromstring((site / url / "index.html").read_text(encoding="utf-8"))


def test_each_language_has_its_site_and_the_switcher_leads_to_the_same_page(
        bilingual_site: Path) -> None:
    english = sorted(p.relative_to(bilingual_site).parent.as_posix()
                     for p in bilingual_site.rglob("index.html")
                     if not p.relative_to(bilingual_site).as_posix().startswith("ru/"))
    assert english, "no pages built"
    for url in english:
        url = "" if url == "." else url + "/"
        for language, here in (("en", url), ("ru", "ru/" + url)):
            tree = page(bilingual_site, here)
            assert tree.get("lang") == language
            links = {a.get("hreflang"): a.get("href")
                     for a in tree.xpath("//a[contains(@class, 'md-select__link')]")}
            assert set(links) == set(LANGUAGES)
            for target, href in links.items():
                # The link, followed from this page, is the same page in the other language.
                landed = (bilingual_site / here / href).resolve()
                expected = bilingual_site / ("" if target == "en" else "ru/") / url
                assert landed == expected.resolve(), (here, target, href)
            # hreflang names each language's site (Material's script reads its sitemap there).
            hreflang = {link.get("hreflang"): link.get("href")
                        for link in tree.xpath("//head/link[@hreflang]")}
            assert hreflang == {"en": "/", "ru": "/ru/"}


def test_a_russian_page_shows_translations_and_notes_the_missing_ones(
        bilingual_site: Path) -> None:
    text = html_text(bilingual_site / "ru" / "incidents" / INCIDENT / "index.html")
    assert "Сбой оплаты" in text and "Мы выясняем, почему не проходят платежи." in text
    # The untranslated update: its English text under a note in Russian, never an empty page.
    assert "We found the cause." in text
    assert text.count("Это сообщение пока не опубликовано на русском языке") == 1
    # The whole UI in Russian: status words and dates.
    assert "Причина найдена" in text and "24 ноября 2026" in text
    english = html_text(bilingual_site / "incidents" / INCIDENT / "index.html")
    assert "not yet available" not in english and "Payments failing" in english


def test_feeds_per_language_and_one_statuspage_json(bilingual_site: Path) -> None:
    for root, language, body in (("", "en", "We are looking into failed payments."),
                                 ("ru/", "ru", "Мы выясняем, почему не проходят платежи.")):
        feed = feedparser.parse((bilingual_site / root / "feeds" / "rss.xml").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == language
        assert any(body in entry.summary for entry in feed.entries)
        assert all(e.link.startswith(f"https://status.test.example/{root}incidents/")
                   for e in feed.entries if "incidents" in e.link)
    assert not (bilingual_site / "ru" / "api").exists()
    summary = json.loads((bilingual_site / "api/v2/summary.json").read_text(encoding="utf-8"))
    assert summary["incidents"][0]["name"] == "Payments failing"


def test_the_statuspage_json_may_speak_the_other_language(tmp_path: Path) -> None:
    hub = bilingual(tmp_path)
    hub.write_config(languages=list(LANGUAGES), api_language="ru")
    site = hub.build()
    summary = json.loads((site / "api/v2/summary.json").read_text(encoding="utf-8"))
    assert summary["incidents"][0]["name"] == "Сбой оплаты"


def test_a_hand_written_page_uses_its_translation(tmp_path: Path) -> None:
    hub = bilingual(tmp_path)
    hub.write("pages/about.md", "# About us\n\nWe deliver groceries.\n")
    hub.write("pages/about.ru.md", "# О нас\n\nМы доставляем продукты.\n")
    site = hub.build()
    assert "We deliver groceries." in html_text(site / "about" / "index.html")
    assert "Мы доставляем продукты." in html_text(site / "ru" / "about" / "index.html")
    assert not (site / "about.ru").exists() and not (site / "ru" / "about.ru").exists()


def test_the_report_says_how_late_each_translation_came(tmp_path: Path) -> None:
    from generator.practice.translation_report import translation_rows, translation_text

    loaded, _ = load(bilingual(tmp_path))
    rows = translation_rows(loaded, LANGUAGES)
    assert [(r["update"], r["minutes_late"]) for r in rows] == [
        (f"{INCIDENT}/01-investigating", 15), (f"{INCIDENT}/02-identified", None)]
    assert translation_text(rows).splitlines()[-1] == \
        f"  {INCIDENT}/02-identified [ru]: missing"
    assert translation_rows(loaded, ("en",)) == []
