"""Drafts: prepared statements that only the internal site shows, and that nothing posts."""

from __future__ import annotations

from support import HubFolder, html_text

from generator.cli.main import main

INCIDENT = "2026-11-24-payments"


def draft_hub(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT, title="Payments failing")
    hub.write_update(INCIDENT, "01-investigating", "We are looking into failed payments.",
                     at="2026-11-24 10:00")
    hub.write_update(INCIDENT, "02-identified", "DRAFT TEXT: the cause is our gateway.",
                     at="2026-11-24 11:00", status="identified", draft=True)
    hub.write_incident("2026-11-24-leak", title="Prepared leak statement", draft=True)
    hub.write_update("2026-11-24-leak", "01", "Prepared text.", at="2026-11-24 11:30")


def test_drafts_are_checked_but_left_out_of_the_public_hub(hub: HubFolder) -> None:
    draft_hub(hub)
    loaded, problems = hub.load()
    assert not problems.items
    assert [i.id for i in loaded.incidents] == [INCIDENT]
    assert [u.slug for u in loaded.incidents[0].updates] == ["01-investigating"]


def test_a_broken_draft_is_still_reported(hub: HubFolder) -> None:
    draft_hub(hub)
    hub.write_update(INCIDENT, "03", "Text.", at="2026-11-24 11:30", status="fixd", draft=True)
    assert hub.problems() == [
        f"content/incidents/{INCIDENT}/03.md:3: status: 'fixd' is not one of investigating, "
        "identified, monitoring, resolved"
    ]


def test_draft_must_be_true_or_false(hub: HubFolder) -> None:
    hub.write_incident(INCIDENT)
    hub.write_update(INCIDENT, "01", at="2026-11-24 10:00", draft="maybe")
    assert hub.problems() == [f"content/incidents/{INCIDENT}/01.md:3: draft: 'maybe' must be "
                              "true or false"]


def test_public_build_has_no_draft_and_internal_build_marks_them(hub: HubFolder) -> None:
    draft_hub(hub)
    config = str(hub.root / "mkdocs.yml")
    assert main(["--config", config, "build"]) == 0
    public = hub.root / "site"
    every_file = " ".join(p.read_text("utf-8", errors="replace")
                          for p in public.rglob("*") if p.is_file())
    assert "DRAFT TEXT" not in every_file and "Prepared leak statement" not in every_file

    assert main(["--config", config, "build", "--internal"]) == 0
    internal = hub.root / "site-internal"
    text = html_text(internal / f"incidents/{INCIDENT}/index.html")
    assert "DRAFT — not public yet Identified" in text and "DRAFT TEXT" in text
    leak = html_text(internal / "incidents/2026-11-24-leak/index.html")
    assert "DRAFT — this incident is only on the internal site" in leak
