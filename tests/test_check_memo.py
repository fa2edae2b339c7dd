"""`crisishub check` (and the check of `crisishub build`) looks again only at the incidents
whose files changed: what the tone and cross-posting checks found in each other incident is
remembered under the digest of its files (docs/incremental-builds.md, "The check remembers
what it found in each incident")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import HubFolder

from generator.cli.main import main
from generator.core.model import Incident
from generator.crosspost import social_check
from generator.wording import tone_check

CHANNELS = "channels:\n  x: {}\n  mastodon:\n    instance: https://social.example\n"
CALM = "2026-11-20-calm"
LOUD = "2026-11-21-loud"
LONG = "2026-11-22-long"


@pytest.fixture
def looked_at(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The incidents whose texts the tone and cross-posting checks look at, in turn."""
    seen: list[str] = []
    tone_of, errors_of = tone_check._incident_tone, social_check._SocialTexts.errors

    def tone(incident: Incident, *args: object) -> list[list[object]]:
        seen.append(f"tone {incident.id}")
        return tone_of(incident, *args)  # type: ignore[arg-type]

    def errors(self: social_check._SocialTexts, incident: Incident, *args: object) -> object:
        if not seen or seen[-1] != f"social {incident.id}":
            seen.append(f"social {incident.id}")
        return errors_of(self, incident, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(tone_check, "_incident_tone", tone)
    monkeypatch.setattr(social_check._SocialTexts, "errors", errors)
    return seen


def check(hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> list[str]:
    main(["--config", str(hub.root / "mkdocs.yml"), "check"])
    return [line for line in capsys.readouterr().err.splitlines() if "content/" in line]


def three_incidents(hub: HubFolder) -> None:
    hub.write("channels.yml", CHANNELS)
    for incident in (CALM, LOUD, LONG):
        hub.write_incident(incident, impact="minor")
    hub.write_update(CALM, "01-investigating", at="2026-11-20 10:00", body="Logins are slow.")
    hub.write_update(LOUD, "01-investigating", at="2026-11-21 10:00",
                     body="Logins fail. Rest assured, we are on it.")
    hub.write_update(LONG, "01-investigating", at="2026-11-22 10:00", body="Exports fail.",
                     social={"x": "Exports fail " * 30})


def test_a_second_check_finds_the_same_without_looking_at_an_incident_again(
        hub: HubFolder, capsys: pytest.CaptureFixture[str], looked_at: list[str]) -> None:
    three_incidents(hub)
    first = check(hub, capsys)
    assert any("'Rest assured'" in line for line in first)
    assert any("social.x: too long for x" in line for line in first)
    assert sorted(looked_at) == sorted(f"{check} {incident}" for check in ("tone", "social")
                                       for incident in (CALM, LOUD, LONG))
    looked_at.clear()
    assert check(hub, capsys) == first
    assert looked_at == []


def test_an_edited_incident_is_looked_at_again_and_only_it(
        hub: HubFolder, capsys: pytest.CaptureFixture[str], looked_at: list[str]) -> None:
    three_incidents(hub)
    first = check(hub, capsys)
    looked_at.clear()
    hub.write_update(CALM, "02-identified", status="identified", at="2026-11-20 11:00",
                     body="We apologize for any inconvenience.")
    again = check(hub, capsys)
    assert sorted(looked_at) == [f"social {CALM}", f"tone {CALM}"]
    new = [line for line in again if line not in first]
    assert len(new) == 1 and "'apologize for any inconvenience'" in new[0]
    assert [line for line in first if line not in again] == []


def test_other_channels_or_tone_lists_look_at_every_incident_again(
        hub: HubFolder, capsys: pytest.CaptureFixture[str], looked_at: list[str]) -> None:
    three_incidents(hub)
    first = check(hub, capsys)
    looked_at.clear()
    hub.write("channels.yml", "channels:\n  mastodon:\n    instance: https://social.example\n")
    again = check(hub, capsys)
    assert sorted(looked_at) == [f"social {i}" for i in (CALM, LOUD, LONG)]
    assert not any("too long for x" in line for line in again)
    assert len(again) == len(first) - 1
    looked_at.clear()
    hub.write("tone.yml", "jargon:\n  - logins\n")
    found = check(hub, capsys)
    assert sorted(looked_at) == [f"tone {i}" for i in (CALM, LOUD, LONG)]
    assert sum("(tone: jargon 'logins')" in line for line in found) == 2


def test_a_post_cut_mid_sentence_is_warned_about_only_while_it_can_be_posted(
        hub: HubFolder, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        looked_at: list[str]) -> None:
    """The warning depends on the clock (posts older than post_window_hours are never sent),
    the rest of what is found in the incident does not: the memo holds both apart."""
    hub.write("channels.yml", CHANNELS)
    hub.write_incident(CALM, impact="minor")
    hub.write_update(CALM, "01-investigating", at="2026-11-20 10:00",
                     body="Card payments fail " + "and fail again " * 30 + "at checkout.")
    warning = (f"content/incidents/{CALM}/01-investigating.md:5: warning: social: the "
               "automatic post for x, mastodon stops in the middle of the first sentence")
    said = []
    for now in ("2026-12-20 10:00", "2026-11-20 12:00", "2026-12-21 10:00", "2026-11-20 13:00"):
        monkeypatch.setenv("CRISISHUB_NOW", now)
        said.append([line.split(";")[0] for line in check(hub, capsys) if "social" in line])
    assert said == [[], [warning], [], [warning]]
    assert looked_at == [f"social {CALM}", f"tone {CALM}"]  # once, in the first check


def test_a_damaged_memo_is_not_trusted(hub: HubFolder, capsys: pytest.CaptureFixture[str],
                                       looked_at: list[str]) -> None:
    three_incidents(hub)
    first = check(hub, capsys)
    for name in ("social-incidents.json", "tone-incidents.json"):
        path = hub.root / ".crisishub-cache" / name
        data = json.loads(path.read_text("utf-8"))
        data["memo"] = {entry: [["lies"]] for entry in data["memo"]}
        path.write_text(json.dumps(data), "utf-8")
    looked_at.clear()
    assert check(hub, capsys) == first
    assert len(looked_at) == 6


def test_build_clean_looks_at_every_incident(hub: HubFolder, capsys: pytest.CaptureFixture[str],
                                             looked_at: list[str], tmp_path: Path) -> None:
    three_incidents(hub)
    check(hub, capsys)
    looked_at.clear()
    main(["--config", str(hub.root / "mkdocs.yml"), "build", "--clean",
          "--site-dir", str(tmp_path / "site")])
    assert len(looked_at) == 6


def test_an_edited_translation_is_looked_at_again(
        hub: HubFolder, capsys: pytest.CaptureFixture[str], looked_at: list[str]) -> None:
    """In a hub of two languages an incident's digest covers its translation files too."""
    hub.write_config(languages=["en", "ru"])
    three_incidents(hub)
    hub.write(f"incidents/{CALM}/01-investigating.ru.md", "---\n---\nВход работает медленно.\n")
    first = check(hub, capsys)
    looked_at.clear()
    assert check(hub, capsys) == first and looked_at == []
    hub.write(f"incidents/{CALM}/01-investigating.ru.md",
              "---\n---\nВход работает медленно. Благодарим за понимание.\n")
    again = check(hub, capsys)
    assert sorted(looked_at) == [f"social {CALM}", f"tone {CALM}"]
    assert [line for line in again if line not in first] == [
        f"content/incidents/{CALM}/01-investigating.ru.md:3: warning: 'Благодарим за "
        "понимание' is a cliché; say in plain words what went wrong and what it means for "
        "people (tone: cliche 'благодарим за понимание')"]
