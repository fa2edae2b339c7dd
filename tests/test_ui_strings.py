"""The generated pages' own words: a count takes the plural form its language asks for."""

from __future__ import annotations

import pytest

from generator.core.i18n import Translator, _catalog, available_languages, plural_category

CATEGORIES = {"en": {"one", "other"}, "ru": {"one", "few", "many"}}


@pytest.mark.parametrize(("language", "counts"), [
    ("en", {0: "0 incidents", 1: "1 incident", 2: "2 incidents", 11: "11 incidents",
            21: "21 incidents"}),
    ("ru", {0: "0 инцидентов", 1: "1 инцидент", 2: "2 инцидента", 4: "4 инцидента",
            5: "5 инцидентов", 11: "11 инцидентов", 12: "12 инцидентов", 21: "21 инцидент",
            22: "22 инцидента", 111: "111 инцидентов", 1001: "1001 инцидент"}),
])
def test_a_count_of_incidents_reads_as_its_language_says_it(
        language: str, counts: dict[int, str]) -> None:
    t = Translator(language)
    assert {n: str(t("history.incidents_count", count=n)) for n in counts} == counts


def test_a_string_without_plural_forms_is_used_for_every_count() -> None:
    t = Translator("en")
    assert str(t("report.pending", count=1)) == "1 pending"
    assert str(t("component_page.earlier", count=1)).startswith("Earlier incidents (1)")


def test_plural_forms_follow_the_english_catalog_where_a_language_has_no_string() -> None:
    """A string missing from a language's catalog comes from English, and so do its forms
    (chosen by English rules: a Russian "one" for 21 would give "21 incident")."""
    t = Translator("ru")
    t._strings["test.count"] = "{count} things"  # English fallback of a missing string
    assert "test.count" not in _catalog("ru")
    assert str(t("history.incidents_count", count=21)) == "21 инцидент"


@pytest.mark.parametrize("language", available_languages())
def test_every_plural_form_in_a_catalog_is_one_its_language_has(language: str) -> None:
    """A form the language never picks (`.few` in English) is a mistake, and a form and its
    plain string (used for every other count) both show the count."""
    catalog = _catalog(language)
    forms = [key for key in catalog if key.rpartition(".")[0] in catalog
             and key.rpartition(".")[2] in {"zero", "one", "two", "few", "many", "other"}]
    assert forms, "the catalogs have plural forms (history.incidents_count)"
    for key in forms:
        stem, _, category = key.rpartition(".")
        assert category in CATEGORIES[language], f"{language}.yml: {key}"
        assert "{count}" in catalog[key] and "{count}" in catalog[stem], f"{language}.yml: {key}"


def test_plural_categories_are_cldr_for_whole_numbers() -> None:
    assert [plural_category("en", n) for n in (0, 1, 2, 101)] == ["other", "one", "other", "other"]
    assert [plural_category("ru", n) for n in (1, 3, 5, 11, 14, 21, 24, 25, 111, 112)] == [
        "one", "few", "many", "many", "many", "one", "few", "many", "many", "many"]
