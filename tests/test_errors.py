"""Every kind of content error gives one line a PR person can act on: file, line, field, fix."""

from __future__ import annotations

import shutil

import pytest
from support import REPO, HubFolder, run_cli

INCIDENT = "2026-11-24-payments"
PREFIX = f"content/incidents/{INCIDENT}"


def test_yaml_syntax_error_names_the_line(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write(f"incidents/{INCIDENT}/01.md",
              "---\nat: 2026-11-24 10:00\nstatus: investigating\n"
              "social: We found it: a queue\n---\nText.\n")
    assert hub.problems() == [
        f"{PREFIX}/01.md:4: YAML syntax error: mapping values are not allowed here; check the "
        "indentation, the ':' after each field name, and put text containing ':' or '#' in quotes"
    ]


def test_missing_field(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write(f"incidents/{INCIDENT}/01.md", "---\nstatus: investigating\n---\nText.\n")
    assert hub.problems() == [
        f"{PREFIX}/01.md:1: at: missing; an update needs 'at:' in its front-matter"
    ]


def test_unknown_field_suggests_the_close_match(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write_update(INCIDENT, "01", at="2026-11-24 10:00", stauts="identified")
    assert hub.problems() == [f"{PREFIX}/01.md:3: stauts: unknown field; did you mean 'status'?"]


def test_unknown_field_without_close_match_lists_the_allowed(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT, colour="red")
    assert hub.problems() == [
        f"{PREFIX}/incident.md:2: colour: unknown field; incident.md allows: title, impact, "
        "kind, components, owner, started, draft"
    ]


def test_wrong_enum_value(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write_update(INCIDENT, "01", at="2026-11-24 10:00", status="investigate")
    assert hub.problems() == [
        f"{PREFIX}/01.md:3: status: 'investigate' is not one of investigating, identified, "
        "monitoring, resolved; did you mean 'investigating'?"
    ]


def test_wrong_component_status(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT, components={"web": "down"})
    assert hub.problems() == [
        f"{PREFIX}/incident.md:3: components.web: 'down' is not one of operational, "
        "under_maintenance, degraded_performance, partial_outage, major_outage"
    ]


def test_unknown_component_id(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write_update(INCIDENT, "01", at="2026-11-24 10:00", components={"wbe": "major_outage"})
    assert hub.problems() == [
        f"{PREFIX}/01.md:4: components.wbe: 'wbe' is not a component in content/components.yml; "
        "did you mean 'web'?"
    ]


def test_badly_written_date(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write_update(INCIDENT, "01", at="24.11.2026 10:00")
    assert hub.problems() == [
        f"{PREFIX}/01.md:2: at: '24.11.2026 10:00' is not a date and time; write it like "
        "2026-11-24 14:05 or 2026-11-24T14:05:00+01:00"
    ]


def test_impossible_date(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write_update(INCIDENT, "01", at="2026-02-30 10:00")
    assert hub.problems() == [
        f"{PREFIX}/01.md:2: at: '2026-02-30 10:00' is not a real date or time (day is out of "
        "range for month); write it like 2026-11-24 14:05 or 2026-11-24T14:05:00+01:00"
    ]


def test_time_skipped_by_daylight_saving(hub: HubFolder) -> None:
    hub.write_incident("2026-03-29-payments")
    hub.write_update("2026-03-29-payments", "01", at="2026-03-29 02:30")
    assert hub.problems() == [
        "content/incidents/2026-03-29-payments/01.md:2: at: '2026-03-29 02:30' does not exist in "
        "Europe/Berlin (the clocks jump forward then); check the time or give the offset, like +02:00"
    ]


def test_impossible_date_in_folder_name(hub: HubFolder) -> None:
    hub.write_incident("2026-11-31-payments")
    assert hub.problems() == [
        "content/incidents/2026-11-31-payments: '2026-11-31' in '2026-11-31-payments' is not a "
        "real date; name it like 2026-11-24-payments-down: the date, then lowercase words joined by '-'"
    ]


def test_update_before_the_incident_started(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT, started="2026-11-24 10:00")
    hub.write_update(INCIDENT, "01", at="2026-11-24 09:30")
    assert hub.problems() == [
        f"{PREFIX}/01.md:2: at: 2026-11-24T09:30:00+01:00 is before the incident started "
        "(2026-11-24T10:00:00+01:00, 'started' in incident.md); correct one of the two times"
    ]


def test_file_that_is_not_utf8(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write(f"incidents/{INCIDENT}/01.md",
              "---\nat: 2026-11-24 10:00\nstatus: investigating\n---\nCaf\xe9\n".encode("latin-1"))
    assert hub.problems() == [
        f"{PREFIX}/01.md:5: the file is not UTF-8 text (byte 0xe9); save it with UTF-8 encoding"
    ]


def test_duplicate_component_id(hub: HubFolder) -> None:
    hub.write_components({"components": [{"id": "web", "name": "Website"},
                                         {"id": "web", "name": "Web again"}]})
    assert hub.problems() == [
        "content/components.yml:4: components.1.id: 'web' is used twice; every group and "
        "component needs its own id"
    ]


def test_duplicate_incident_id_differing_in_case(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write_incident("2026-11-24-Payments")
    assert hub.problems() == [
        "content/incidents/2026-11-24-Payments: '2026-11-24-Payments': name it like "
        "2026-11-24-payments-down: the date, then lowercase words joined by '-'"
    ]


def test_duplicate_field(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write(f"incidents/{INCIDENT}/01.md",
              "---\nat: 2026-11-24 10:00\nstatus: investigating\nstatus: resolved\n---\nText.\n")
    assert hub.problems() == [
        f"{PREFIX}/01.md:4: status: this field is written twice; keep only one (the later one "
        "would win)"
    ]


def test_empty_file(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write(f"incidents/{INCIDENT}/01.md", "")
    assert hub.problems() == [
        f"{PREFIX}/01.md:1: the file is empty; start the file with a line '---', the fields, "
        "then another line '---'"
    ]


def test_front_matter_not_closed(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write(f"incidents/{INCIDENT}/01.md", "---\nat: 2026-11-24 10:00\nstatus: investigating\n")
    assert hub.problems() == [
        f"{PREFIX}/01.md:1: the front-matter is not closed; add a line '---' after the last field"
    ]


def test_unknown_faq_incident(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write_update(INCIDENT, "01", at="2026-11-24 10:00")
    hub.write_faq("refunds", incidents=["2026-11-24-paymets"])
    assert hub.problems() == [
        "content/faq/refunds.md:3: incidents.0: '2026-11-24-paymets' is not an incident; "
        f"did you mean '{INCIDENT}'?"
    ]


def test_maintenance_that_ends_before_it_starts(hub: HubFolder) -> None:
    hub.write_maintenance("2026-11-28-db", start="2026-11-28 04:00", end="2026-11-28 02:00")
    assert hub.problems() == [
        "content/maintenance/2026-11-28-db.md:3: end: 2026-11-28T02:00:00+01:00 is not after "
        "start (2026-11-28T04:00:00+01:00); the window must end after it begins"
    ]


def test_every_problem_is_reported_at_once(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT, impact="huge")
    hub.write_update(INCIDENT, "01", at="yesterday", status="fixed")
    assert len(hub.problems()) == 3


def test_bom_and_crlf_are_accepted(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write(f"incidents/{INCIDENT}/01.md",
              "\ufeff---\r\nat: 2026-11-24 10:00\r\nstatus: investigating\r\n---\r\nText.\r\n")
    loaded, problems = hub.load()
    assert not problems.items
    assert loaded.incidents[0].updates[0].body == "Text."


def test_impossible_offset(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write_update(INCIDENT, "01", at="2026-11-24 10:00+99:99")
    assert hub.problems() == [
        f"{PREFIX}/01.md:2: at: '2026-11-24 10:00+99:99' has an impossible offset from UTC; "
        "write one between -23:59 and +23:59, like +01:00"
    ]


def test_invisible_characters_in_a_field_name_are_shown(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write(f"incidents/{INCIDENT}/01.md",
              "---\nat: 2026-11-24 10:00\nstatus: investigating\n\"st\\u200batus\": x\n---\nText.\n")
    assert hub.problems() == [
        f"{PREFIX}/01.md:4: 'st\\u200batus': unknown field; did you mean 'status'?"
    ]


def test_an_update_written_straight_into_incidents_asks_for_its_folder(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write("incidents/01-investigating.md", "---\nat: 2026-11-24 10:00\n---\nText.\n")
    assert hub.problems() == [
        "content/incidents/01-investigating.md: files in incidents/ belong in an incident "
        "folder, like incidents/2026-11-24-payments-down/update-1.md"
    ]


@pytest.mark.parametrize("workers", ["1", "2"])  # in this process, or in a page helper
def test_a_broken_template_in_overrides_names_its_file_and_line_and_the_site_stays(
        hub: HubFolder, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        workers: str) -> None:
    """A team that edits its theme (overrides/) gets its own file and line, not "a bug"."""
    monkeypatch.setenv("CRISISHUB_WORKERS", workers)
    shutil.copytree(REPO / "overrides", hub.root / "overrides")
    config = hub.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(str(REPO / "overrides"), "overrides"),
                      encoding="utf-8")
    hub.write_incident(INCIDENT)
    hub.write_update(INCIDENT, "01", at="2026-11-24 10:00")
    assert run_cli(hub.root, "build") == 0
    home = (hub.root / "site/index.html").read_bytes()
    template = hub.root / "overrides/crisishub/incident.html"
    original = template.read_text("utf-8").splitlines(keepends=True)
    title = "{{ incident.title }}"
    line = next(n for n, text in enumerate(original, start=1) if title in text)
    for broken, error in (("{{ incident.title }", "TemplateSyntaxError: unexpected '}'"),
                          ("{{ no_such_helper() }}", "UndefinedError: 'no_such_helper' is "
                                                     "undefined")):
        changed = original.copy()
        changed[line - 1] = changed[line - 1].replace(title, broken)
        template.write_text("".join(changed), encoding="utf-8")
        capsys.readouterr()
        assert run_cli(hub.root, "build") == 1
        said = capsys.readouterr().err
        assert f"overrides/crisishub/incident.html:{line}: the page template cannot be " \
               f"used ({error}). Nothing was published; the site online is unchanged." in said
        assert "This is a bug" not in said
        assert (hub.root / "site/index.html").read_bytes() == home
