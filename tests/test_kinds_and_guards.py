"""A crisis is not always an outage (kind: statement), and the guard rails of the worst hour:
placeholders never go public, build shows check's warnings, a frozen clock is loud, resolved
incidents are not updated by accident, Cyrillic titles get readable folder names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import HubFolder, fill_placeholders, html_text, mkdocs_warnings

from generator.cli.main import main
from generator.cli.scaffold import slugify
from generator.core import status
from generator.wording.templates import find_template, parse_template

LEAK = "2026-11-24-data-leak-reports"
MASTODON_ONLY = "freeze:\n  impact: major\nchannels:\n  mastodon:\n    instance: https://social.example\n"


def run(hub: HubFolder, *args: str) -> int:
    return main(["--config", str(hub.root / "mkdocs.yml"), *args])


def write_statement(hub: HubFolder, impact: str = "major") -> None:
    hub.write_incident(LEAK, title="Reports of a customer data leak", impact=impact,
                       kind="statement")
    hub.write_update(LEAK, "01", at="2026-11-24 11:00",
                     body="We have seen the reports and are checking them now.")


# -- 1. kinds ---------------------------------------------------------------------------------
@pytest.mark.parametrize("impact", ["minor", "major", "critical"])
def test_a_statement_claims_no_outage_in_the_status_rules(hub: HubFolder, impact: str) -> None:
    write_statement(hub, impact)
    loaded, problems = hub.load()
    assert not problems.errors
    snap = status.snapshot(loaded, loaded.incidents[0].started)
    assert (snap.indicator.value, snap.headline, snap.description) == (
        "none", "statement", "All Systems Operational")
    assert [i.id for i in snap.statements] == [LEAK]


def test_a_service_incident_without_components_still_raises_the_indicator(
        hub: HubFolder) -> None:
    hub.write_incident("2026-11-24-slow", impact="major")
    hub.write_update("2026-11-24-slow", "01", at="2026-11-24 11:00")
    loaded, _ = hub.load()
    assert status.snapshot(loaded, loaded.incidents[0].started).headline == "major"


def test_an_outage_beside_a_statement_keeps_the_outage_headline(hub: HubFolder) -> None:
    write_statement(hub)
    hub.write_incident("2026-11-24-api", impact="minor", components={"api": "major_outage"})
    hub.write_update("2026-11-24-api", "01", at="2026-11-24 11:10")
    loaded, _ = hub.load()
    snap = status.snapshot(loaded, loaded.incidents[0].started)
    assert snap.headline == "critical" and len(snap.active) == 2


def test_a_statement_on_the_built_site_feeds_json_and_badge(hub: HubFolder) -> None:
    write_statement(hub)
    site = hub.build()
    home = html_text(site / "index.html")
    assert "Official statement: Reports of a customer data leak" in home
    assert "Official statement We are responding" in home  # the card's label
    assert "outage" not in home.replace("Operational", "")
    page = (site / "index.html").read_text()
    assert '<meta property="og:description" content="Official statement: Reports of a ' \
           'customer data leak">' in page
    assert "cards/statement.png" in page
    incident = (site / f"incidents/{LEAK}/index.html").read_text()
    assert "cards/statement.png" in incident and "Major impact" not in html_text(
        site / f"incidents/{LEAK}/index.html")
    summary = json.loads((site / "api/v2/summary.json").read_text())
    assert summary["status"] == {"indicator": "none", "description": "All Systems Operational"}
    assert summary["incidents"][0]["name"] == "Reports of a customer data leak"
    assert all(c["status"] == "operational" for c in summary["components"])
    rss = (site / "feeds/rss.xml").read_text()
    assert "Reports of a customer data leak — We are responding" in rss
    assert "Official statement" in (site / "badges/status.svg").read_text()


def test_a_statement_in_russian(tmp_path: Path) -> None:
    hub = HubFolder(tmp_path, language="ru")
    write_statement(hub)
    site = hub.build()
    home = html_text(site / "index.html")
    assert "Официальное заявление: Reports of a customer data leak" in home
    assert "Мы реагируем" in home and "Частичный сбой" not in home
    assert "Мы реагируем" in (site / "feeds/rss.xml").read_text()


def test_a_statement_with_component_states_is_an_error(hub: HubFolder) -> None:
    hub.write_incident(LEAK, title="Recall", kind="statement", components={"api": "major_outage"})
    hub.write_update(LEAK, "01", at="2026-11-24 11:00", components={"web": "partial_outage"})
    assert hub.problems() == [
        f"content/incidents/{LEAK}/incident.md:4: components: a public statement (kind: "
        "statement) has no component states; remove 'components:' or write kind: service",
        f"content/incidents/{LEAK}/01.md:3: components: a public statement (kind: statement in "
        "incident.md) has no component states; remove 'components:' here or write kind: service",
    ]


def test_an_unknown_kind_names_the_allowed_ones(hub: HubFolder) -> None:
    hub.write_incident(LEAK, kind="statment")
    hub.write_update(LEAK, "01", at="2026-11-24 11:00")
    assert hub.problems() == [f"content/incidents/{LEAK}/incident.md:2: kind: 'statment' is not "
                              "one of service, statement; did you mean 'statement'?"]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("name", ["rumour", "recall", "data"])
def test_statement_templates_have_their_own_sentences(language: str, name: str) -> None:
    found = find_template(None, language, name)
    assert found is not None and f"/{language}/{name}.md" in found[0]
    template = parse_template(name, language, found[0], found[1], __import__(
        "generator.core.problems", fromlist=["Problems"]).Problems())
    assert template is not None and template.kind.value == "statement"
    for outage_words in ("some of our services", "некоторые наши сервисы", "{components}",
                         "outage", "сбой"):
        assert outage_words not in template.body


def test_new_statement_from_the_rumour_template_then_build(hub: HubFolder,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    assert run(hub, "new", "Reports of a customer data leak", "--template", "rumour",
               "--impact", "major", "--at", "2026-11-24 11:30") == 0
    folder = hub.content / "incidents/2026-11-24-reports-of-a-customer-data-leak"
    assert "kind: statement" in (folder / "incident.md").read_text()
    first = folder / "01-investigating.md"
    assert "we are aware of it: “Reports of a customer data leak”." in first.read_text()
    assert "Fill in 2 placeholders before crisishub build" in capsys.readouterr().err
    fill_placeholders(first, "Nothing is confirmed yet")
    assert run(hub, "build") == 0
    assert "Official statement: Reports of a customer data leak" in html_text(
        hub.root / "site/index.html")


def test_new_statement_refuses_components(hub: HubFolder,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert run(hub, "new", "Recall of oat milk", "--kind", "statement",
               "--component", "api=major_outage") == 2
    assert "--component: a public statement has no component states" in capsys.readouterr().err
    assert not (hub.content / "incidents").exists()


# -- 2. placeholders never go public ----------------------------------------------------------
PLACEHOLDERS = {
    "english": ("[Describe what people notice.]", "[Describe what people notice.]"),
    "russian": ("[Опишите, что замечают люди.]", "[Опишите, что замечают люди.]"),
    "ellipsis": ("**What we know:** [...]", "[...]"),
}


@pytest.mark.parametrize("name", PLACEHOLDERS)
def test_build_refuses_an_update_with_a_placeholder(hub: HubFolder, name: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    body, placeholder = PLACEHOLDERS[name]
    hub.write_incident("2026-11-24-a")
    path = hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:00",
                            body=f"Checkout fails.\n\n{body}")
    assert run(hub, "build") == 1
    err = capsys.readouterr().err
    assert (f"content/incidents/2026-11-24-a/01.md:7: placeholder {placeholder} is still in the "
            "text; replace it with what you want readers to know") in err
    assert "build stopped: 1 error" in err and not (hub.root / "site").exists()
    assert run(hub, "check") == 1
    fill_placeholders(path)
    assert run(hub, "build") == 0


def test_links_and_drafts_are_not_placeholders(hub: HubFolder) -> None:
    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:00",
                     body="See [Our help page](https://help.example/) and [Terms][terms].\n\n"
                     "[terms]: https://help.example/terms")
    hub.write_update("2026-11-24-a", "02", at="2026-11-24 11:30", draft=True,
                     body="[Write the cause here.]")
    assert hub.problems() == []
    assert run(hub, "build") == 0


def test_plain_mkdocs_build_refuses_a_placeholder_too(hub: HubFolder) -> None:
    from mkdocs.exceptions import Abort

    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:00", body="[Describe it here.]")
    with mkdocs_warnings() as logged, pytest.raises(Abort):
        hub.build()
    assert any("01.md:5: placeholder [Describe it here.] is still in the text" in message
               for message in logged)
    assert not (hub.root / "site/index.html").exists()


def test_a_placeholder_in_a_social_text_is_refused(hub: HubFolder) -> None:
    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:00",
                     social="Checkout fails. [Add the workaround.]")
    assert run(hub, "build") == 1


def test_a_placeholder_in_a_translation_is_refused_with_its_file_and_line(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.write_config(languages=["en", "ru"])
    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:00")
    hub.write("incidents/2026-11-24-a/01.ru.md",
              "---\nsocial:\n  telegram: Оплата не проходит. [Добавьте обход.]\n---\n"
              "Мы знаем.\n\n[Опишите причину.]\n")
    assert run(hub, "check") == 1
    said = capsys.readouterr().err
    for line, placeholder in ((2, "[Добавьте обход.]"), (7, "[Опишите причину.]")):
        assert f"incidents/2026-11-24-a/01.ru.md:{line}: placeholder {placeholder} is still " \
               "in the text; replace it with what you want readers to know in this language" \
               in said


def test_publish_refuses_and_the_dry_run_marks_a_placeholder(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.write("channels.yml", MASTODON_ONLY)
    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:55", body="Fails. [Say more.]")
    assert run(hub, "publish", "--dry-run") == 0
    out = capsys.readouterr().out
    block = out.split("== 2026-11-24-a/01: ")[1]
    assert block.splitlines()[1] == ("   NOT PUBLISHABLE: placeholder [Say more.] is still in "
                                     "the text; crisishub publish refuses it until it is filled")
    assert run(hub, "publish") == 1
    out = capsys.readouterr().out
    assert "01.md:5: placeholder [Say more.]" in out and "nothing was published" in out
    assert not (hub.root / "outbox").exists()
    assert not (hub.content / ".crisishub/ledger.jsonl").exists()


# -- 3. build shows what check shows; the tone check's blame class ----------------------------
def test_build_prints_every_warning_check_prints_then_one_summary(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:00",
                     body="It was our vendor's fault, not ours. We take the security of your "
                     "data very seriously.")
    run(hub, "check")
    check_err = [line for line in capsys.readouterr().err.splitlines() if "warning:" in line]
    assert len(check_err) >= 3
    assert run(hub, "build") == 0
    out, err = capsys.readouterr()
    assert [line for line in err.splitlines() if "warning:" in line] == check_err
    assert out.splitlines()[-1].startswith("site built in ")
    assert out.splitlines()[-1].endswith(f"({len(check_err)} warnings; crisishub check shows "
                                         "them again)")


def test_counts_are_grammatical(hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.write_incident("2026-11-24-a", impact="huge")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:00", body="We take it seriously.")
    assert run(hub, "check") == 1
    assert "check failed: 1 error, 1 warning (1 incident, 2 components, 0 maintenance " \
           "windows, 0 FAQ entries)" in capsys.readouterr().err


BLAME = [
    "The outage was caused by our supplier, DataMail Ltd.",
    "It was our vendor's fault, not ours.",
    "Our partner made a mistake.",
    "This happened because of a third party we work with.",
    "Our contractor is to blame for the delay.",
    "The fault of our hosting provider took the site down.",
    "Сбой произошёл по вине нашего поставщика.",
    "Это ошибка подрядчика.",
    "Проблема на стороне нашего партнёра.",
    "Всё из-за стороннего сервиса.",
]
HOLLOW = [
    "We take the security of your data very seriously.",
    "Your privacy is our top priority.",
    "Безопасность ваших данных — наш главный приоритет.",
]
HONEST = [
    "We chose the supplier, so this is our responsibility.",
    "Our partner shops are open as usual.",
    "We found the fault and fixed it at 14:05.",
]


def tone_kinds(hub: HubFolder, text: str) -> list[str]:
    from generator.practice.checks import load_practice, practice_problems
    from generator.reading.loader import load_hub

    hub.write_incident("2026-11-24-a", impact="minor")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:00", body=text)
    loaded, _ = load_hub(hub.content, __import__("support").BERLIN, display_root=hub.root)
    practice, _ = load_practice(hub.content, hub.root)
    from datetime import timedelta
    found = practice_problems(loaded, practice, loaded.incidents[0].started, timedelta(hours=1))
    return [p.message.rsplit("(tone: ", 1)[1].split()[0] for p in found if "(tone: " in p.message]


@pytest.mark.parametrize("text", BLAME)
def test_blame_on_others_is_caught_in_both_languages(hub: HubFolder, text: str) -> None:
    assert "blame" in tone_kinds(hub, text)


@pytest.mark.parametrize("text", HOLLOW)
def test_empty_reassurance_is_caught(hub: HubFolder, text: str) -> None:
    assert "defensive" in tone_kinds(hub, text)


@pytest.mark.parametrize("text", HONEST)
def test_owning_sentences_are_not_flagged(hub: HubFolder, text: str) -> None:
    assert tone_kinds(hub, text) == []


# -- 4. a frozen clock is loud ------------------------------------------------------------------
@pytest.mark.parametrize("command", [["check"], ["build"], ["publish", "--dry-run"],
                                     ["new", "Slow app"]])
def test_every_command_announces_a_frozen_clock(hub: HubFolder, command: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    run(hub, *command)
    assert ("FROZEN CLOCK: now: 2026-11-24 12:00 in mkdocs.yml (plugins.crisishub). Pages, "
            "feeds and 'next update' checks use that moment") in capsys.readouterr().err


def test_the_environment_variable_is_named_when_it_freezes_the_clock(
        hub: HubFolder, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRISISHUB_NOW", "2026-11-24 12:30")
    run(hub, "check")
    assert "FROZEN CLOCK: CRISISHUB_NOW=2026-11-24 12:30." in capsys.readouterr().err


@pytest.mark.parametrize("command", [["build"], ["publish"]])
def test_ci_refuses_a_frozen_clock_unless_allowed(hub: HubFolder, command: list[str],
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRISISHUB_ALLOW_FROZEN_CLOCK")
    monkeypatch.setenv("CI", "true")
    assert run(hub, *command) == 2
    assert ("error: now: 2026-11-24 12:00 in mkdocs.yml (plugins.crisishub): a CI run must not "
            "publish with a frozen clock; delete it, or add --allow-frozen-clock") in \
        capsys.readouterr().err
    assert not (hub.root / "site").exists()
    assert run(hub, *command, "--allow-frozen-clock") == 0
    monkeypatch.setenv("CI", "false")
    assert run(hub, *command) == 0


def test_ci_refuses_to_deploy_a_frozen_clock(hub: HubFolder, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRISISHUB_ALLOW_FROZEN_CLOCK")
    monkeypatch.setenv("CI", "1")
    assert run(hub, "deploy") == 2
    err = capsys.readouterr().err
    assert err.startswith("FROZEN CLOCK: now: 2026-11-24 12:00 in mkdocs.yml")
    assert "error: now: 2026-11-24 12:00 in mkdocs.yml (plugins.crisishub): a CI run must not " \
           "publish with a frozen clock" in err


# -- 5. resolved incidents, --started, --social -------------------------------------------------
def test_update_on_a_resolved_incident_needs_reopen(hub: HubFolder,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    run(hub, "new", "Login fails", "--at", "2026-11-24 10:00")
    run(hub, "resolve", "login", "-m", "Fixed.", "--at", "2026-11-24 11:00")
    capsys.readouterr()
    for command in (["update", "login", "--status", "identified", "-m", "Again."],
                    ["resolve", "login", "-m", "Fixed again."]):
        assert run(hub, *command) == 2
        assert ("error: 2026-11-24-login-fails is resolved; nothing was written. To reopen it, "
                "add --reopen") in capsys.readouterr().err
    folder = hub.content / "incidents/2026-11-24-login-fails"
    assert len(list(folder.glob("0*.md"))) == 2
    assert run(hub, "update", "login", "--reopen", "--status", "investigating",
               "--at", "2026-11-24 11:30", "-m", "It fails again.") == 0
    assert not hub.load()[0].incidents[0].is_resolved


def test_new_started_makes_minutes_to_first_statement_real(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(hub, "new", "Data leak rumour", "--template", "rumour", "--started",
               "2026-11-24 13:40", "--at", "2026-11-24 14:02") == 0
    assert "started: 2026-11-24 13:40" in (
        hub.content / "incidents/2026-11-24-data-leak-rumour/incident.md").read_text()
    capsys.readouterr()
    assert run(hub, "report", "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["incidents"][0]["first_statement_minutes"] == 22
    assert run(hub, "new", "Later", "--started", "2026-11-24 15:00",
               "--at", "2026-11-24 14:00") == 2


def test_new_and_update_take_a_social_text(hub: HubFolder) -> None:
    run(hub, "new", "Login fails", "--at", "2026-11-24 10:00", "--social", "Login fails; on it.")
    run(hub, "update", "login", "--status", "identified", "-m", "Found.",
        "--social", "Found the cause of the login errors.")
    updates = hub.load()[0].incidents[0].updates
    assert [u.social for u in updates] == ["Login fails; on it.",
                                           "Found the cause of the login errors."]


# -- 6. the held post says what releases it; the ledger reminder --------------------------------
def test_release_reminds_to_commit_the_ledger(hub: HubFolder,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    hub.write("channels.yml", MASTODON_ONLY)
    hub.write("scheduled/2026-11-24-offer.md", "---\npublish_at: 2026-11-24 11:00\n---\nOffer!\n")
    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:30")
    run(hub, "publish", "--dry-run")
    out = capsys.readouterr().out
    assert "once it is resolved, read the post again, then run 'crisishub release " \
           "2026-11-24-offer'" in out and "resolving alone does not send it" in out
    run(hub, "resolve", "2026-11-24-a", "-m", "Fixed.", "--at", "2026-11-24 11:45")
    capsys.readouterr()
    assert run(hub, "release", "2026-11-24-offer") == 0
    assert "Commit content/.crisishub/ now" in capsys.readouterr().out


# -- 7. Cyrillic titles --------------------------------------------------------------------------
def test_cyrillic_titles_get_transliterated_folder_names(hub: HubFolder) -> None:
    assert slugify("Утечка данных клиентов") == "utechka-dannykh-klientov"
    assert slugify("Щедрый Ёжик: отзыв партии 5") == "shchedryi-ezhik-otzyv-partii-5"
    assert run(hub, "new", "Утечка данных клиентов", "--kind", "statement") == 0
    assert run(hub, "new", "Сбой оплаты картой") == 0
    names = sorted(p.name for p in (hub.content / "incidents").iterdir())
    assert names == ["2026-11-24-sboi-oplaty-kartoi", "2026-11-24-utechka-dannykh-klientov"]


# -- 8. errors a non-programmer can act on -----------------------------------------------------
def test_a_tab_in_front_matter_is_named(hub: HubFolder) -> None:
    hub.write_incident("2026-11-24-a")
    hub.write("incidents/2026-11-24-a/01.md",
              "---\nat: 2026-11-24 10:00\nstatus:\tinvestigating\n---\nText.\n")
    assert hub.problems() == ["content/incidents/2026-11-24-a/01.md:3: tab character: replace "
                              "it with spaces (YAML indents and separates with spaces only)"]


@pytest.mark.parametrize("typed", ["11:35", "9:05", "11:35:20"])
def test_a_time_without_a_date_is_quoted_as_typed(hub: HubFolder, typed: str) -> None:
    hub.write_incident("2026-11-24-a")
    hub.write("incidents/2026-11-24-a/01.md",
              f"---\nat: {typed}\nstatus: investigating\n---\nText.\n")
    assert hub.problems() == [f"content/incidents/2026-11-24-a/01.md:2: at: '{typed}' is not a "
                              "date and time; write it like 2026-11-24 14:05 or "
                              "2026-11-24T14:05:00+01:00"]


def test_numbers_stay_numbers(hub: HubFolder) -> None:
    from generator.core.documents import parse_yaml
    from generator.core.problems import Problems

    parsed = parse_yaml("x.yml", "a: 1.5\nb: 10\nc: 0x1f\nd: 1_000\ne: 11:35", 1, Problems())
    assert parsed is not None and parsed[0] == {"a": 1.5, "b": 10, "c": 31, "d": 1000,
                                                "e": "11:35"}


def test_cyrillic_look_alike_letters_are_named(hub: HubFolder) -> None:
    hub.write_incident("2026-11-24-a")
    hub.write("incidents/2026-11-24-a/01.md",
              "---\nat: 2026-11-24 10:00\nstatus: investigating\nnеxt_update: 2026-11-24 11:00\n"
              "---\nText.\n")
    hub.write("incidents/2026-11-24-a/02.md",
              "---\nat: 2026-11-24 10:30\nstatus: resоlved\n---\nText.\n")
    assert hub.problems() == [
        "content/incidents/2026-11-24-a/01.md:4: nеxt_update: unknown field; it contains the "
        "Cyrillic letter 'е', which looks like a Latin one: retype it as 'next_update' with the "
        "English keyboard layout",
        "content/incidents/2026-11-24-a/02.md:3: status: 'resоlved' is not one of investigating, "
        "identified, monitoring, resolved; it contains the Cyrillic letter 'о', which looks like "
        "a Latin one: retype it as 'resolved' with the English keyboard layout",
    ]


def test_check_warns_when_an_automatic_post_stops_mid_sentence(hub: HubFolder) -> None:
    hub.write("channels.yml", MASTODON_ONLY.replace("mastodon:\n    instance",
                                                    "x: {}\n  mastodon:\n    instance"))
    hub.write_incident("2026-11-24-a")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 11:00",
                     body="Card payments fail " + "and fail again " * 30 + "at checkout.")
    hub.write_update("2026-11-24-a", "02", at="2026-11-24 11:30",
                     body="Payments work again. " * 30)
    from generator.crosspost.publishing import crosspost_problems
    from generator.site.settings import load_project

    project = load_project(hub.root / "mkdocs.yml")
    found = [str(p) for p in crosspost_problems(project, hub.load()[0])]
    assert found == ["content/incidents/2026-11-24-a/01.md:5: warning: social: the automatic "
                     "post for x, mastodon stops in the middle of the first sentence; write a short "
                     "'social:' text that says it whole"]
