"""Statement templates: filling, checking, and from `crisishub new` to a built page."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import REPO, build_site, copy_example, fill_placeholders, run_cli, write

from generator.core.problems import Problems
from generator.wording.templates import fill, find_template, parse_template, template_names

NAMES = ["apology", "holding", "resolution", "update"]
STATEMENT_NAMES = ["data", "recall", "rumour"]  # shipped only: public statements


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_example_hub_has_every_template_in_both_languages(language: str) -> None:
    assert template_names(REPO / "content", language) == sorted(NAMES + STATEMENT_NAMES)
    for name in NAMES:
        path = REPO / "content/templates" / language / f"{name}.md"
        problems = Problems()
        template = parse_template(name, language, str(path), path.read_bytes(), problems)
        assert template is not None and list(problems) == []


def test_fill_replaces_known_placeholders_only() -> None:
    found = find_template(None, "en", "holding")
    assert found is not None
    template = parse_template("holding", "en", found[0], found[1], Problems())
    assert template is not None
    text = fill(template, {"components": "Checkout", "next_update": "10:30 CET"})
    assert "a problem affecting Checkout." in text
    assert "**Next update:** by 10:30 CET." in text
    assert "[Describe what people notice, in their words.]" in text


def test_an_unknown_placeholder_is_an_error_with_its_line() -> None:
    raw = b"---\nstatus: investigating\n---\nAffected: {componets}.\n"
    problems = Problems()
    parse_template("mine", "en", "content/templates/en/mine.md", raw, problems)
    assert [str(p) for p in problems] == [
        "content/templates/en/mine.md:4: unknown placeholder {componets}; did you mean "
        "'components'?"
    ]


@pytest.mark.parametrize(("language", "opening", "promise"), [
    ("en", "**What we know:** we are aware of a problem affecting Checkout.", "by 10:30 CET"),
    ("ru", "**Что мы знаем:**", "не позже 10:30 CET"),
])
def test_the_shipped_holding_statement_in_each_language(language: str, opening: str,
                                                       promise: str) -> None:
    found = find_template(None, language, "holding")
    assert found is not None
    template = parse_template("holding", language, found[0], found[1], Problems())
    assert template is not None
    text = fill(template, {"components": "Checkout", "next_update": "10:30 CET"})
    assert text.startswith(opening)
    assert promise in text


def test_new_with_the_holding_template_then_build_shows_the_statement(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    assert run_cli(project, "new", "Card payments failing", "--template", "holding",
                   "--impact", "major", "--owner", "Maria Lind",
                   "--at", "2026-11-24 11:30", "--component", "checkout=major_outage") == 0
    update = project / "content/incidents/2026-11-24-card-payments-failing/01-investigating.md"
    text = update.read_text()
    assert "next_update: 2026-11-24 12:00" in text
    assert "we are aware of a problem affecting Checkout and payments." in text
    assert "**Next update:** by 12:00 PM CET." in text
    assert "help@fernway.example" in text  # the hub's own template, not the shipped one
    fill_placeholders(update)
    site = build_site(project, tmp_path / "site")
    page = (site / "incidents/2026-11-24-card-payments-failing/index.html").read_text()
    assert "we are aware of a problem affecting Checkout and payments." in page
    assert "Next update by" in page


def test_new_in_a_russian_hub_uses_the_russian_template(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    config = project / "mkdocs.yml"
    # A hub in Russian only (the example's Russian translations go: they would be originals).
    config.write_text(config.read_text().replace("language: en", "language: ru")
                      .replace("languages: [en, ru]", "languages: [ru]"))
    for translation in (project / "content").rglob("*.ru.md"):
        translation.unlink()
    assert run_cli(project, "new", "Не проходит оплата", "--slug", "payments",
                   "--at", "2026-11-24 11:30") == 0
    text = (project / "content/incidents/2026-11-24-payments/01-investigating.md").read_text()
    assert "затрагивает некоторые наши сервисы" in text
    assert "не позже 12:00 CET" in text


def test_without_hub_templates_the_shipped_ones_are_used(tmp_path: Path) -> None:
    import shutil

    project = copy_example(tmp_path)
    shutil.rmtree(project / "content/templates")
    assert run_cli(project, "new", "Slow app", "--at", "2026-11-24 11:30") == 0
    text = (project / "content/incidents/2026-11-24-slow-app/01-investigating.md").read_text()
    assert "help@fernway.example" not in text
    assert "we are aware of a problem affecting some of our services." in text


def test_update_and_resolve_with_templates(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    assert run_cli(project, "update", "delivery-tracking", "--template", "apology",
                   "--at", "2026-11-24 11:50") == 0
    folder = project / "content/incidents/2026-11-24-delivery-tracking-delays"
    apology = (folder / "03-identified.md").read_text()
    assert "next_update: 2026-11-24 12:50" in apology and "We are sorry." in apology
    assert run_cli(project, "resolve", "delivery-tracking", "--at", "2026-11-24 12:30") == 0
    resolved = (folder / "04-resolved.md").read_text()
    assert "Delivery tracking, Mobile apps work normally again" in resolved
    assert "next_update" not in resolved


def test_unknown_template_lists_the_known_ones(tmp_path: Path, capsys) -> None:
    project = copy_example(tmp_path)
    assert run_cli(project, "new", "X", "--template", "holdin") == 2
    assert ("--template holdin: no such template; templates: apology, data, holding, recall, "
            "resolution, rumour, update") in capsys.readouterr().err


def test_check_validates_the_hubs_templates(tmp_path: Path, capsys) -> None:
    project = copy_example(tmp_path)
    write(project / "content/templates/en/outage.md",
          "---\nstatus: investigating\n---\nWe apologize for any inconvenience. {nxt}\n")
    assert run_cli(project, "check") == 1
    err = capsys.readouterr().err
    assert "content/templates/en/outage.md:4: unknown placeholder {nxt}" in err
    assert ("content/templates/en/outage.md:4: warning: 'apologize for any inconvenience' "
            "is a cliché") in err


def test_new_and_update_write_the_russian_translation_from_the_russian_template(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_example(tmp_path)
    assert run_cli(project, "new", "Reports of a data leak", "--template", "rumour",
                   "--impact", "major", "--at", "2026-11-24 11:30", "--language", "ru") == 0
    folder = project / "content/incidents/2026-11-24-reports-of-a-data-leak"
    russian = (folder / "01-investigating.ru.md").read_text()
    # The rumour template's fixed sentences in Russian, the time in the Russian format, and no
    # facts: they stay in the original.
    assert russian.startswith("---\n---\n**Что мы знаем:** мы видели сообщения о теме "
                              "«[Заголовок на русском]».")
    assert "мы проверяем факты" in russian and "не позже 12:30 CET." in russian
    assert (folder / "incident.ru.md").read_text().startswith(
        "---\ntitle: '[Заголовок на русском]'\n---\n")
    # Until a person writes the Russian words, the placeholders stop the build and publish.
    err = capsys.readouterr().err
    assert ("content/incidents/2026-11-24-reports-of-a-data-leak/incident.ru.md:2: placeholder "
            "[Заголовок на русском] is still in the text; replace it with what you want "
            "readers to know in this language") in err
    incident = folder / "incident.ru.md"
    incident.write_text("---\ntitle: Сообщения об утечке данных\n---\n", "utf-8")
    for name in ("01-investigating.md", "01-investigating.ru.md"):
        fill_placeholders(folder / name, "Подтверждено: утечки нет." if "ru" in name else
                          "Confirmed: there is no leak.")
    assert run_cli(project, "check") == 0
    # An update takes the incident's Russian title from incident.ru.md.
    assert run_cli(project, "update", "data-leak", "--template", "apology", "--language", "ru",
                   "--at", "2026-11-24 11:50") == 0
    apology = (folder / "02-identified.ru.md").read_text()
    assert apology.startswith("---\n---\n") and "Простите нас" in apology


def test_a_translation_needs_a_template_in_its_own_language(tmp_path: Path, capsys) -> None:
    project = copy_example(tmp_path)
    write(project / "content/templates/en/outage.md",
          "---\nstatus: investigating\n---\nSomething is broken.\n")
    assert run_cli(project, "new", "X", "--template", "outage", "--language", "ru") == 2
    assert ("--template outage: no such template in 'ru' for the translation; write "
            "content/templates/ru/outage.md, or use one of: apology, data") \
        in capsys.readouterr().err
    assert run_cli(project, "new", "X", "--language", "de") == 2
    assert ("--language de: not a translation language of this hub (languages: en, ru); use "
            "one of ru") in capsys.readouterr().err
    assert run_cli(project, "update", "delivery-tracking", "--status", "monitoring",
                   "-m", "Fixed.", "--language", "ru") == 2
    assert "--language writes the translation from a template: add --template NAME" \
        in capsys.readouterr().err
