"""The incident cache (generator/reading/incident_cache.py, issue 14): an incident folder whose
files did not change is not read again; the hub it gives is exactly the hub read from the
files, and any change to a file, its name or the settings is seen."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support import HubFolder

from generator.core.manifest import fingerprint
from generator.reading import incident_cache
from generator.reading.loader import ContentReader
from generator.reading.site_content import read_content
from generator.reading.translations import TranslationReader
from generator.site.settings import load_project

POSTMORTEM = """---
title: Checkout, 23 November
published: 2026-11-25 10:00
summary: A certificate expired.
root_cause: Renewal was manual.
lessons:
  - Renew certificates automatically.
action_items:
  - what: Automate renewal
    owner: Platform team
    due: 2026-12-01
  - what: Alert 30 days before expiry
    owner: Site reliability
    due: 2026-12-15
    done: true
draft: false
---
## What happened

The certificate of pay.example.com expired at 07:00.
"""


@pytest.fixture
def hub(tmp_path: Path) -> HubFolder:
    """Every kind of time and field the cache must give back exactly."""
    hub = HubFolder(tmp_path / "hub")
    hub.write_incident("2026-11-20-offsets", started="2026-11-20T09:00:00+02:00",
                       components={"web": "major_outage"}, owner="Dana")
    hub.write_update("2026-11-20-offsets", "01-investigating", at="2026-11-20T09:10:00Z",
                     components={"web": "partial_outage"}, next_update="2026-11-20 12:00",
                     social={"x": "Checkout is down.", "default": "We know."})
    hub.write_update("2026-11-20-offsets", "02-resolved", status="resolved",
                     at="2026-11-20 11:00", body="Fixed.")
    hub.write_update("2026-11-20-offsets", "03-draft", status="monitoring",
                     at="2026-11-20 10:30", draft=True)
    # No `started`: the first update's time; none of either: the folder's day, in the zone.
    hub.write_incident("2026-11-21-no-start", title="Slow pages", impact="minor")
    hub.write_update("2026-11-21-no-start", "01", at="2026-11-21 08:00")
    hub.write_incident("2026-11-22-statement", title="A rumour", kind="statement", draft=True)
    hub.write("incidents/2026-11-22-statement/postmortem.md", "# What happened\n\nA.\n")
    hub.write_incident("2026-11-23-with-postmortem", started="2026-11-23 07:00")
    hub.write_update("2026-11-23-with-postmortem", "01", at="2026-11-23 07:05",
                     status="resolved", body="Done.")
    hub.write("incidents/2026-11-23-with-postmortem/postmortem.md", POSTMORTEM)
    # Not kept: an incident with a warning (two updates at one time).
    hub.write_incident("2026-11-24-same-minute", started="2026-11-24 07:00")
    hub.write_update("2026-11-24-same-minute", "01", at="2026-11-24 07:05")
    hub.write_update("2026-11-24-same-minute", "02", at="2026-11-24 07:05")
    return hub


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written a moment ago are trusted (the two-second rule has a test of its own)."""
    monkeypatch.setattr(incident_cache, "RACY_NS", 0)


def names_passed(monkeypatch: pytest.MonkeyPatch, owner: type, method: str) -> list[str]:
    """The names of the paths `owner.method` is called with from now on (its first argument)."""
    names: list[str] = []
    real = getattr(owner, method)

    def counted(self: object, path: Path, *args: object) -> object:
        names.append(path.name)
        return real(self, path, *args)

    monkeypatch.setattr(owner, method, counted)
    return names


@pytest.fixture
def read_from_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The incident folders the loader reads from their files (not from the cache)."""
    return names_passed(monkeypatch, ContentReader, "_incident")


def read(hub: HubFolder, *, fresh: bool = False) -> tuple[str, list[str]]:
    """The hub (every field, with its time zones, as repr shows them) and its problems."""
    found, problems = read_content(load_project(hub.root / "mkdocs.yml"), include_drafts=True,
                                   fresh=fresh)
    return repr(found), [str(p) for p in sorted(problems.items, key=str)]


def test_a_hub_from_the_cache_is_the_hub_from_the_files(
        hub: HubFolder, trusted: None, read_from_files: list[str]) -> None:
    from_files = read(hub, fresh=True)
    assert len(read_from_files) == 5
    read_from_files.clear()
    assert read(hub) == from_files
    # Only the incident with a warning is read again: the warning is printed on every run,
    # as a message must be. Postmortems come back whole, with their front-matter.
    assert read_from_files == ["2026-11-24-same-minute"]
    assert "root_cause='Renewal was manual.'" in from_files[0]
    assert "due=datetime.date(2026, 12, 15), done=True" in from_files[0]
    assert any("is also the time of 01.md" in p for p in from_files[1])


def test_an_incident_from_the_cache_has_the_bytes_of_one_read_from_its_files(
        hub: HubFolder, trusted: None, read_from_files: list[str]) -> None:
    """What output keys hash when an incident has no digest (manifest.fingerprint): the
    same bytes, field for field in the same order, whichever way it was made."""
    def fingerprints() -> dict[str, bytes | None]:
        found, _ = read_content(load_project(hub.root / "mkdocs.yml"), include_drafts=True)
        return {incident.id: fingerprint(incident) for incident in found.incidents}

    from_files = fingerprints()
    read_from_files.clear()
    assert fingerprints() == from_files
    assert read_from_files == ["2026-11-24-same-minute"]
    assert None not in from_files.values()


def test_a_changed_file_name_or_setting_is_seen(
        hub: HubFolder, trusted: None, read_from_files: list[str]) -> None:
    read(hub)
    path = hub.content / "incidents/2026-11-21-no-start/01.md"
    before = path.stat()
    text = path.read_text("utf-8")
    path.write_text(text.replace("investigating", "identified   "), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time
    hub.write_update("2026-11-22-statement", "01", at="2026-11-22 09:00")  # a new file
    postmortem = hub.content / "incidents/2026-11-23-with-postmortem/postmortem.md"
    postmortem.write_text(POSTMORTEM.replace("manual", "forgot"), encoding="utf-8")
    read_from_files.clear()
    assert read(hub) == read(hub, fresh=True)
    assert "UpdateStatus.IDENTIFIED" in read(hub)[0]
    assert "root_cause='Renewal was forgot.'" in read(hub)[0]
    assert read_from_files[:3] == ["2026-11-21-no-start", "2026-11-22-statement",
                                   "2026-11-23-with-postmortem"]
    # A postmortem removed (or added) is another list of files: read again.
    postmortem.unlink()
    read_from_files.clear()
    assert read(hub) == read(hub, fresh=True)
    assert read_from_files[0] == "2026-11-23-with-postmortem"
    # Another list of components can change what every incident means: all are read again.
    hub.write_components({"components": [{"id": "web", "name": "Website"},
                                         {"id": "api", "name": "API"},
                                         {"id": "mail", "name": "Mail"}]})
    read_from_files.clear()
    read(hub)
    assert len(read_from_files) == 5


def test_a_file_changed_just_before_it_was_read_is_read_again(
        hub: HubFolder, read_from_files: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """As in git's index: a file changed within two seconds of its read could change again
    without its size or time changing, so its incident is not taken from the cache."""
    read(hub)
    read_from_files.clear()
    monkeypatch.setattr(incident_cache, "RACY_NS", 10**15)  # "just before": within 11 days
    read(hub)
    assert len(read_from_files) == 5
    monkeypatch.setattr(incident_cache, "RACY_NS", 0)
    read_from_files.clear()
    read(hub)
    assert read_from_files == ["2026-11-24-same-minute"]


def test_an_entry_that_does_not_decode_is_read_from_the_files(
        hub: HubFolder, trusted: None, read_from_files: list[str]) -> None:
    from_files = read(hub, fresh=True)
    broken = {"2026-11-20-offsets": lambda entry: entry["incident"].__setitem__(2, "dire"),
              "2026-11-21-no-start": lambda entry: entry.__setitem__("incident", [])}
    for file in (hub.root / ".crisishub-cache").glob(f"{incident_cache.FILE_STEM}-*.json"):
        data = json.loads(file.read_text("utf-8"))
        for name, breaking in broken.items():
            if name in data["memo"]:
                breaking(data["memo"][name])  # an impact that does not exist; nothing at all
        file.write_text(json.dumps(data), encoding="utf-8")
    read_from_files.clear()
    assert read(hub) == from_files
    assert read_from_files[:2] == ["2026-11-20-offsets", "2026-11-21-no-start"]


def test_only_times_whose_zone_can_be_written_back_are_kept() -> None:
    from datetime import datetime, timedelta, timezone
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Berlin")
    assert incident_cache._time(datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=2))),
                                zone)[0] == "offset"
    assert incident_cache._time(datetime(2026, 1, 1, tzinfo=zone), zone)[0] == "zone"
    for other in (timezone(timedelta(hours=1), "CET"), ZoneInfo("Asia/Tokyo")):
        with pytest.raises(TypeError):
            incident_cache._time(datetime(2026, 1, 1, tzinfo=other), zone)


def source_digests(hub: HubFolder, *, fresh: bool = False) -> dict[str, bytes]:
    """Each incident's source digest (`Hub.sources`: what output keys use for it) by id."""
    found, _ = read_content(load_project(hub.root / "mkdocs.yml"), include_drafts=True,
                            fresh=fresh)
    return {incident.id: digest for incident, digest in found.sources.values()}


def test_an_incident_has_one_source_digest_whether_read_from_its_files_or_the_cache(
        hub: HubFolder, trusted: None, read_from_files: list[str]) -> None:
    from_files = source_digests(hub, fresh=True)
    read_from_files.clear()
    assert source_digests(hub) == from_files
    assert "2026-11-20-offsets" not in read_from_files  # this time from the cache
    # What the cache does not keep (an incident with a warning) is hashed by the keys instead.
    assert sorted(from_files) == ["2026-11-20-offsets", "2026-11-21-no-start",
                                  "2026-11-22-statement", "2026-11-23-with-postmortem"]
    # Any change to a file gives another digest, to that incident only.
    path = hub.content / "incidents/2026-11-21-no-start/01.md"
    path.write_text(path.read_text("utf-8") + "More.\n", encoding="utf-8")
    changed = source_digests(hub)
    assert [name for name in from_files if changed[name] != from_files[name]] \
        == ["2026-11-21-no-start"]


@pytest.fixture
def translated_from_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The translation files the reader reads (not taken from the cache)."""
    return names_passed(monkeypatch, TranslationReader, "incident_file")


@pytest.fixture
def bilingual(hub: HubFolder) -> HubFolder:
    """The hub in English and Russian: an incident, an update (with its own social text and
    publication time) and a postmortem translated."""
    hub.write_config(languages=["en", "ru"])
    folder = "incidents/2026-11-23-with-postmortem"
    hub.write(f"{folder}/incident.ru.md", "---\ntitle: Оплата\n---\nСертификат.\n")
    hub.write(f"{folder}/01.ru.md", "---\nsocial: {x: Исправлено.}\n"
                                    "translated_at: 2026-11-23 08:00\n---\nГотово.\n")
    hub.write(f"{folder}/postmortem.ru.md",
              POSTMORTEM.replace("A certificate expired.", "Истёк сертификат."))
    hub.write("incidents/2026-11-20-offsets/02-resolved.ru.md", "")  # not translated yet
    return hub


def test_translations_come_from_the_cache_while_they_and_their_original_are_the_same(
        bilingual: HubFolder, trusted: None, translated_from_files: list[str]) -> None:
    from_files = read(bilingual, fresh=True)
    assert "Истёк сертификат." in from_files[0] and "'x': 'Исправлено.'" in from_files[0]
    translated_from_files.clear()
    assert read(bilingual) == from_files
    assert translated_from_files == []
    # A translation changed (it now repeats the update's status): read again, then kept.
    folder = bilingual.content / "incidents/2026-11-23-with-postmortem"
    (folder / "01.ru.md").write_text("---\nstatus: resolved\n---\nВсё готово.\n",
                                     encoding="utf-8")
    assert read(bilingual) == read(bilingual, fresh=True)
    translated_from_files.clear()
    assert "Всё готово." in read(bilingual)[0]
    assert translated_from_files == []
    # The original changed (its translations are checked against it): read again, and
    # the status the translation repeats is now an error.
    original = folder / "01.md"
    original.write_text(original.read_text("utf-8").replace("resolved", "monitoring"),
                        encoding="utf-8")
    translated_from_files.clear()
    again = read(bilingual)
    assert translated_from_files[:3] == ["01.ru.md", "incident.ru.md", "postmortem.ru.md"]
    assert again == read(bilingual, fresh=True)
    assert any("01.ru.md" in p and "differs from 01.md" in p for p in again[1])
    # Another list of languages: every translation is read again.
    bilingual.write_config(languages=["en", "ru", "de"])
    translated_from_files.clear()
    read(bilingual)
    assert sorted(translated_from_files) == ["01.ru.md", "02-resolved.ru.md", "incident.ru.md",
                                             "postmortem.ru.md"]


def test_a_translation_with_a_problem_is_read_and_reported_every_time(
        bilingual: HubFolder, trusted: None, translated_from_files: list[str]) -> None:
    # A fact repeated with another value: an error, printed on every run.
    bilingual.write("incidents/2026-11-20-offsets/01-investigating.ru.md",
                    "---\nstatus: resolved\n---\nМы знаем.\n")
    first = read(bilingual)
    assert any("01-investigating.ru.md" in p and "differs" in p for p in first[1])
    translated_from_files.clear()
    assert read(bilingual) == first
    assert translated_from_files == ["01-investigating.ru.md", "02-resolved.ru.md"]
    assert first == read(bilingual, fresh=True)


def test_cache_files_keep_text_in_utf_8_as_it_is(tmp_path: Path) -> None:
    from generator.reading.memo_file import read_memo_file, write_memo_file

    file = tmp_path / "memo.json"
    write_memo_file(file, "k", {"ru": "Сбой оплаты"})
    assert "Сбой оплаты".encode() in file.read_bytes()
    assert read_memo_file(file, "k") == {"ru": "Сбой оплаты"}
    # A string UTF-8 cannot hold is escaped, never a crash and never lost.
    write_memo_file(file, "k", {"ru": "Сбой", "odd": "\ud800"})
    assert file.read_bytes().isascii()
    assert read_memo_file(file, "k") == {"ru": "Сбой", "odd": "\ud800"}
