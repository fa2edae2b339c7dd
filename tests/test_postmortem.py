"""Postmortems: typed front-matter, mistakes with lines, rendering on the incident page."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from support import BERLIN, HubFolder, build_site, copy_example, example_hub, html_text, run_cli

from generator.core.documents import read_document
from generator.core.problems import Problems
from generator.reading.loader import load_hub
from generator.reading.postmortems import read_postmortem


def test_the_example_postmortem_is_typed() -> None:
    hub = example_hub()
    pm = hub.incident("2026-11-03-checkout-payment-failures").postmortem
    assert pm is not None
    assert pm.summary.startswith("A gateway configuration change")
    assert len(pm.lessons) == 2
    assert [(a.owner, a.due, a.done) for a in pm.action_items] == [
        ("Payments team", date(2026, 11, 20), False), ("Site reliability", date(2026, 12, 1), False)]


def test_postmortem_mistakes_name_the_line() -> None:
    raw = b"""---
summary: Short.
lessons: One lesson.
action_items:
  - what: Fix it
    due: 2026-13-01
  - what: Alert sooner
    owner: SRE
    due: 2026-12-01
    done: maybe
    whom: x
---
Text.
"""
    problems = Problems()
    doc = read_document("pm.md", raw, problems)
    assert doc is not None
    read_postmortem(doc, problems, BERLIN)
    assert [str(p) for p in problems] == [
        "pm.md:3: lessons: must be a list, one entry per line starting with '- '",
        "pm.md:5: action_items.0: 'owner:' is missing in action item 1; every action item says "
        "what will change, who owns it and by when",
        "pm.md:6: action_items.0.due: '2026-13-01' is not a date; write it like 2026-12-01",
        "pm.md:11: action_items.1.whom: unknown field; allowed: what, owner, due, done",
        "pm.md:10: action_items.1.done: 'maybe' is not true or false",
    ]


def test_the_postmortem_is_rendered_on_the_incident_page(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    site = build_site(project, tmp_path / "site")
    page = (site / "incidents/2026-11-03-checkout-payment-failures/index.html").read_text()
    assert 'class="ch-pm-summary"' in page
    assert "Payment configuration changes must go through the same canary rollout" in page
    assert '<time datetime="2026-12-01">December 1, 2026</time>' in page
    assert "Site reliability" in page


# -- drafts and a future `published:` ------------------------------------------------------
INCIDENT = "2026-11-24-payments"
SECRET_LESSON = "Lesson still under discussion with legal"
POSTMORTEM = f"""---
summary: Card payments failed for 40 minutes.
lessons:
  - {SECRET_LESSON}
action_items:
  - what: Canary every gateway change
    owner: Dana Reviewer
    due: 2026-12-10
{{extra}}---
What happened, in full.
"""


def postmortem_hub(hub: HubFolder, extra: str = "") -> Path:
    hub.write_incident(INCIDENT, title="Payments failing")
    hub.write_update(INCIDENT, "01-investigating", "We are looking into failed payments. "
                     "Next update by 10:30.", at="2026-11-24 10:00",
                     next_update="2026-11-24 10:30")
    hub.write_update(INCIDENT, "02-resolved", "Payments work again since 10:50.",
                     at="2026-11-24 11:05", status="resolved")
    return hub.write(f"incidents/{INCIDENT}/postmortem.md", POSTMORTEM.format(extra=extra))


def every_text(site: Path) -> str:
    return " ".join(p.read_text("utf-8", errors="replace") for p in site.rglob("*")
                    if p.is_file() and p.suffix in (".html", ".xml", ".json", ".ics", ".svg"))


def test_a_draft_postmortem_is_only_on_the_internal_site(hub: HubFolder) -> None:
    postmortem_hub(hub, "draft: true\n")
    public = build_site(hub.root, hub.root / "site")
    assert SECRET_LESSON not in every_text(public)
    assert "Dana Reviewer" not in every_text(public)
    internal = build_site(hub.root, hub.root / "internal", internal=True)
    text = html_text(internal / f"incidents/{INCIDENT}/index.html")
    assert "DRAFT — this postmortem is only on the internal site" in text
    assert SECRET_LESSON in text and "Dana Reviewer" in text


def test_a_postmortem_is_public_from_its_published_time_by_the_content_clock(
        hub: HubFolder) -> None:
    postmortem_hub(hub, "published: 2026-11-25 09:00\n")
    before = build_site(hub.root, hub.root / "before", now="2026-11-25 08:59")
    assert SECRET_LESSON not in every_text(before)
    internal = build_site(hub.root, hub.root / "internal", now="2026-11-25 08:59", internal=True)
    text = html_text(internal / f"incidents/{INCIDENT}/index.html")
    assert "Not public yet: the public site shows this postmortem from" in text
    assert SECRET_LESSON in text
    after = build_site(hub.root, hub.root / "after", now="2026-11-25 09:00")
    page = html_text(after / f"incidents/{INCIDENT}/index.html")
    assert SECRET_LESSON in page and "Not public yet" not in page


def test_check_names_the_line_of_a_wrong_draft_or_published(hub: HubFolder) -> None:
    postmortem_hub(hub, "draft: yes please\npublished: next tuesday\n")
    problems = hub.problems()
    path = f"content/incidents/{INCIDENT}/postmortem.md"
    assert f"{path}:9: draft: 'yes please' must be true or false" in problems
    assert [p for p in problems if p.startswith(f"{path}:10: published: 'next tuesday'")]
    assert len(problems) == 2


def test_a_published_postmortem_with_a_placeholder_stops_the_build(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    path = postmortem_hub(hub)
    path.write_text(path.read_text().replace("Card payments failed for 40 minutes.",
                                             "'[Whom it affected]'"))
    assert run_cli(hub.root, "build") == 1
    assert (f"content/incidents/{INCIDENT}/postmortem.md:2: summary: placeholder "
            "[Whom it affected] is still in the postmortem") in capsys.readouterr().err
    # As a draft it may keep its placeholders.
    path.write_text(path.read_text().replace("---\nWhat", "draft: true\n---\nWhat"))
    assert run_cli(hub.root, "build") == 0


# -- crisishub postmortem INCIDENT ---------------------------------------------------------
def test_postmortem_command_writes_a_prefilled_draft_and_never_overwrites(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    pm = postmortem_hub(hub)
    pm.unlink()
    assert run_cli(hub.root, "postmortem", "payments") == 0
    assert capsys.readouterr().out.startswith(f"content/incidents/{INCIDENT}/postmortem.md\n")
    text = pm.read_text("utf-8")
    assert "- 2026-11-24 10:00: **investigating**: We are looking into failed payments." in text
    assert "- 2026-11-24 11:05: **resolved**: Payments work again since 10:50." in text
    assert "- First statement: 0 min after the start (target 30 min)" in text
    assert "- Resolved: 65 min after the start" in text
    assert "- Promises of the next update kept: 0/1" in text
    assert "promised 2026-11-24 10:30, came 35 min late" in text
    # It is what the loader reads: a typed draft, no errors, kept off the public hub.
    everything, problems = load_hub(hub.content, BERLIN, include_drafts=True)
    assert not problems.items
    drafted = everything.incident(INCIDENT).postmortem
    assert drafted is not None and drafted.draft and drafted.action_items[0].due == \
        date(2026, 12, 8)
    assert hub.load()[0].incident(INCIDENT).postmortem is None

    pm.write_text("edited by the team", encoding="utf-8")
    assert run_cli(hub.root, "postmortem", INCIDENT) == 2
    assert "postmortem.md exists already; nothing was overwritten" in capsys.readouterr().err
    assert pm.read_text("utf-8") == "edited by the team"


def test_a_drafted_postmortem_cannot_go_public_with_its_placeholders(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    postmortem_hub(hub).unlink()
    assert run_cli(hub.root, "postmortem", INCIDENT) == 0
    pm = hub.content / f"incidents/{INCIDENT}/postmortem.md"
    pm.write_text(pm.read_text("utf-8").replace("draft: true\n", ""), encoding="utf-8")
    capsys.readouterr()
    assert run_cli(hub.root, "build") == 1
    err = capsys.readouterr().err
    for field in ("summary", "root_cause", "lessons.0", "action_items.0.what"):
        assert re.search(rf"^content/incidents/{INCIDENT}/postmortem.md:\d+: {field}: "
                         r"placeholder \[", err, re.M), field


def test_postmortem_command_for_an_unknown_incident(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    postmortem_hub(hub)
    assert run_cli(hub.root, "postmortem", "leak") == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"error: no incident matches 'leak'; incidents: {INCIDENT}")


# -- crisishub report INCIDENT -------------------------------------------------------------
def test_report_for_one_incident_text_and_json(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    postmortem_hub(hub)
    hub.write_update(INCIDENT, "02-resolved", "The outage was caused by our supplier, "
                     "DataMail Ltd. Payments work again.", at="2026-11-24 11:05",
                     status="resolved")
    hub.write_incident("2026-11-20-other", title="Other")
    hub.write_update("2026-11-20-other", "01", "We are looking into it.", at="2026-11-20 10:00")
    assert run_cli(hub.root, "report", "payments") == 0
    text = capsys.readouterr().out
    assert text.startswith(f"Crisis report for {INCIDENT} at 2026-11-24 12:00 CET\n")
    assert "Other" not in text
    assert "  first statement 0 min, identified 65 min, resolved 65 min" in text
    assert "  - 2026-11-24 10:30 (01-investigating): BROKEN, next update (02-resolved) came " \
           "35 min late" in text
    assert (f"content/incidents/{INCIDENT}/02-resolved.md:5: warning: 'caused by our supplier' "
            "shifts the blame") in text

    assert run_cli(hub.root, "report", INCIDENT, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == INCIDENT and data["promises_broken"] == 1
    assert data["promises"] == [{
        "made_by": f"{INCIDENT}/01-investigating", "due": "2026-11-24T10:30:00+01:00",
        "state": "broken", "kept_by": f"{INCIDENT}/02-resolved", "late_minutes": 35.0,
        "still_overdue": False}]
    blame = [t for t in data["tone"] if "shifts the blame" in t["message"]]
    assert [(t["file"], t["line"]) for t in blame] == [
        (f"content/incidents/{INCIDENT}/02-resolved.md", 5)]


def test_report_for_one_incident_counts_an_overdue_promise_until_now(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.write_incident(INCIDENT, title="Payments failing")
    hub.write_update(INCIDENT, "01", "We are looking into failed payments.",
                     at="2026-11-24 10:00", next_update="2026-11-24 11:15")
    assert run_cli(hub.root, "report", INCIDENT) == 0
    assert "  - 2026-11-24 11:15 (01): BROKEN, no update yet, 45 min overdue" in \
        capsys.readouterr().out


def test_report_for_an_ambiguous_incident_name(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    postmortem_hub(hub)
    hub.write_incident("2026-11-20-payments-again", title="Again")
    hub.write_update("2026-11-20-payments-again", "01", at="2026-11-20 10:00")
    assert run_cli(hub.root, "report", "payments") == 2
    assert "matches several incidents" in capsys.readouterr().err
