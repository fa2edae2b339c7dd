"""UI strings of the generated pages, per language (English and Russian shipped)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from markupsafe import Markup

from generator.core.documents import SAFE_LOADER

DEFAULT_LANGUAGE = "en"


@cache
def _catalog(language: str) -> dict[str, str]:
    try:
        text = resources.files("generator").joinpath(f"locales/{language}.yml").read_text("utf-8")
    except FileNotFoundError:
        return {}
    return {str(k): str(v) for k, v in (yaml.load(text, Loader=SAFE_LOADER) or {}).items()}


@cache
def _strings(language: str) -> dict[str, str]:
    """The catalog of `language` over the default one (read-only: shared by translators)."""
    return {**_catalog(DEFAULT_LANGUAGE), **_catalog(language)}


@cache
def available_languages() -> tuple[str, ...]:
    """The catalogs in the package (they do not change while it runs)."""
    folder = resources.files("generator").joinpath("locales")
    return tuple(sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".yml")))


def plural_category(language: str, number: int) -> str:
    """The CLDR plural category of a whole number in `language`: "one", "few", "many" or
    "other" (English: one/other; Russian: one/few/many)."""
    if language == "ru":
        if number % 10 == 1 and number % 100 != 11:
            return "one"
        if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
            return "few"
        return "many"
    return "one" if number == 1 else "other"


class Translator:
    """`t("home.next_update", time=...)`: the string in the language, English as fallback.

    A string given a whole `count` takes its plural form when the catalog has one:
    `history.incidents_count.one: "{count} incident"` beside
    `history.incidents_count: "{count} incidents"` (the form for every other count)."""

    def __init__(self, language: str) -> None:
        base = language.split("-")[0].split("_")[0].lower()
        self.language = base if base in available_languages() else DEFAULT_LANGUAGE
        self._strings = _strings(self.language)

    def __call__(self, key: str, **values: Any) -> Markup:
        """Catalog strings are trusted HTML; the values put into them are escaped."""
        number = values.get("count")
        if isinstance(number, int) and not isinstance(number, bool):
            form = self._plural_form(key, number)
            if form is not None:
                key = form
        text = Markup(self._strings.get(key, key))
        return text.format(**values) if values else text

    def _plural_form(self, key: str, count: int) -> str | None:
        """The catalog key of `key`'s form for `count`, if the catalog the string comes
        from (this language's, or English where it has none) has one."""
        language = self.language if key in _catalog(self.language) else DEFAULT_LANGUAGE
        form = f"{key}.{plural_category(language, count)}"
        return form if form in _catalog(language) else None


def count(number: int, word: str, plural: str | None = None) -> str:
    """A count in the terminal's English: '1 error', '2 errors', '0 warnings', '2 FAQ entries'."""
    return f"{number} {word}" if number == 1 else f"{number} {plural or word + 's'}"
