"""Postmortems: typed front-matter, mistakes with lines, rendering on the incident page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from support import BERLIN, build_site, copy_example, example_hub

from generator.core.documents import read_document
from generator.core.problems import Problems
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
