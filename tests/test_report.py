"""The crisis report of the example hub, checked against numbers computed by hand.

The example hub at its frozen time (2026-11-24 11:40 CET):
- partner API (Oct 9): started 10:58, first update 11:20 (22 min), monitoring 11:48
  (50 min), resolved 12:25 (87 min); promise 12:00 kept by 11:48.
- checkout (Nov 3): started 14:05, first 14:12 (7), identified 14:40 (35), resolved 16:20
  (135); promises 14:45 kept (14:40), 15:30 broken (15:35), 16:30 kept (16:20): 2 of 3.
- email (Nov 18): started 07:50, first 08:05 (15), resolved 08:55 (65 = identify too);
  promise 09:00 kept.
- delivery tracking (Nov 24): started 09:40, first 09:52 (12), identified 10:30 (50),
  ongoing; promise 10:30 kept, 12:00 pending.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

from support import BERLIN, build_site, copy_example, example_hub, run_cli, write

from generator.core.problems import Problems
from generator.practice.charts import (
    FONT,
    KEPT_COLOURS,
    MIN_MARK,
    NARROW,
    cadence_chart,
    first_statement_chart,
    timeline_chart,
)
from generator.practice.report import crisis_report, kept_level, read_ledger, report_json

NOW = datetime(2026, 11, 24, 11, 40, tzinfo=BERLIN)


def example_report() -> dict:
    return report_json(crisis_report(example_hub(), NOW, []))


def test_per_incident_figures() -> None:
    rows = {i["id"][11:]: i for i in example_report()["incidents"]}
    assert list(rows) == ["partner-api-errors", "checkout-payment-failures",
                          "email-receipts-delayed", "delivery-tracking-delays"]
    expected = {  # first statement, identify, resolve, updates, kept, broken, pending, kept %
        "partner-api-errors": (22, 50, 87, 3, 1, 0, 0, 100.0),
        "checkout-payment-failures": (7, 35, 135, 4, 2, 1, 0, 66.7),
        "email-receipts-delayed": (15, 65, 65, 2, 1, 0, 0, 100.0),
        "delivery-tracking-delays": (12, 50, None, 2, 1, 0, 1, 100.0),
    }
    for slug, row in rows.items():
        assert (row["first_statement_minutes"], row["time_to_identify_minutes"],
                row["time_to_resolve_minutes"], row["updates"], row["promises_kept"],
                row["promises_broken"], row["promises_pending"], row["kept_percent"]) \
            == expected[slug], slug
    assert rows["checkout-payment-failures"]["gaps_minutes"] == [7, 28, 55, 45]
    assert all(row["channels"] == [] for row in rows.values())


def test_totals_by_month_and_component() -> None:
    report = example_report()
    months = {m["key"]: m for m in report["by_month"]}
    assert months["2026-10"] == {
        "key": "2026-10", "incidents": 1, "updates": 3, "promises_kept": 1,
        "promises_broken": 0, "kept_percent": 100.0, "mean_first_statement_minutes": 22.0,
        "mean_time_to_resolve_minutes": 87.0}
    assert (months["2026-11"]["incidents"], months["2026-11"]["updates"]) == (3, 8)
    assert months["2026-11"]["mean_first_statement_minutes"] == 11.3   # (7 + 15 + 12) / 3
    assert months["2026-11"]["mean_time_to_resolve_minutes"] == 100.0  # (135 + 65) / 2
    assert months["2026-11"]["kept_percent"] == 80.0                   # 4 of 5
    total = report["total"]
    assert (total["incidents"], total["updates"], total["promises_kept"],
            total["promises_broken"]) == (4, 11, 5, 1)
    assert total["mean_first_statement_minutes"] == 14.0               # (22 + 7 + 15 + 12) / 4
    components = {c["key"]: (c["incidents"], c["updates"]) for c in report["by_component"]}
    assert components == {"website": (0, 0), "mobile-apps": (2, 6), "checkout": (1, 4),
                          "delivery-tracking": (1, 2), "notifications": (1, 2),
                          "partner-api": (1, 3)}


def test_lessons_and_open_action_items() -> None:
    report = example_report()
    assert [item["lesson"].split(" must")[0].split(" caught")[0] for item in report["lessons"]] \
        == ["Payment configuration changes", "Our alerting"]
    assert [(a["what"][:20], a["due"], a["overdue"]) for a in report["open_action_items"]] == [
        ("Route gateway config", "2026-11-20", True),
        ("Alert on card failur", "2026-12-01", False)]


def test_channels_come_from_the_ledger(tmp_path: Path) -> None:
    ledger = write(tmp_path / "ledger.jsonl", "\n".join([
        '{"at": "2026-11-03T10:00:00+00:00", '
        '"key": "2026-11-03-checkout-payment-failures/01-investigating", '
        '"channel": "mastodon", "state": "posted"}',
        '{"at": "2026-11-03T10:00:00+00:00", '
        '"key": "2026-11-03-checkout-payment-failures/02-identified", '
        '"channel": "telegram", "state": "posted"}',
        '{"at": "2026-11-03T10:00:00+00:00", '
        '"key": "2026-11-03-checkout-payment-failures/02-identified", '
        '"channel": "bluesky", "state": "failed"}',
        '{"at": "2026-11-03T10:0',  # cut short by a crash: left out, with a warning
    ]))
    problems = Problems()
    entries = read_ledger(ledger, problems)
    assert len(entries) == 3
    assert [p.severity for p in problems] == ["warning"]
    assert read_ledger(tmp_path / "missing.jsonl") == []
    rows = {i["id"]: i for i in report_json(crisis_report(example_hub(), NOW, entries))["incidents"]}
    assert rows["2026-11-03-checkout-payment-failures"]["channels"] == ["mastodon", "telegram"]


def test_cli_report_json_and_text(tmp_path: Path, capsys) -> None:
    project = copy_example(tmp_path)
    assert run_cli(project, "report", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["kept_percent"] == 83.3
    assert data["generated_at"] == "2026-11-24T11:40:00+01:00"
    assert run_cli(project, "report") == 0
    text = capsys.readouterr().out
    assert "all: 4 incidents, 11 updates, first statement 14 min on average" in text
    assert "(OVERDUE)" in text


def test_charts_are_svg_with_text_labels() -> None:
    svg = first_statement_chart(crisis_report(example_hub(), NOW, []),
                                "Minutes to <first> statement", "target 30 min")
    root = ElementTree.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == "Minutes to <first> statement"
    bars = [t for t in texts if t and t.endswith(" min") and not t.startswith("target")]
    assert bars == ["22 min", "7 min", "15 min", "12 min"]
    assert "target 30 min" in texts


def test_internal_site_has_the_report_page_and_charts(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    site = build_site(project, tmp_path / "site", internal=True)
    page = (site / "report/index.html").read_text()
    assert '<tr data-incident="2026-11-03-checkout-payment-failures">' in page
    row = page.split('data-incident="2026-11-03-checkout-payment-failures"')[1].split("</tr>")[0]
    assert '<td class="ch-first" data-label="First statement after">7 min</td>' in row
    assert '<td class="ch-resolve" data-label="Resolved after">135 min</td>' in row
    assert "67 % (2/3)" in row
    for name in ("timeline", "first-statement", "cadence"):
        ElementTree.parse(site / f"report/{name}.svg")
    public = build_site(project, tmp_path / "public")
    assert not (public / "report").exists()


SVG = "{http://www.w3.org/2000/svg}"


def test_a_kept_promise_share_is_coloured_by_its_level() -> None:
    # The thresholds of docs/crisis-practice.md: 90 % and more good, 70 % and more fair.
    assert [kept_level(p) for p in (None, 100.0, 90.0, 89.9, 70.0, 69.9, 50.0, 0.0)] == [
        "none", "good", "good", "fair", "fair", "poor", "poor", "poor"]
    report = crisis_report(example_hub(), NOW, [])
    fills = [r.get("fill") for r in ElementTree.fromstring(
        cadence_chart(report, "Kept")).iter(f"{SVG}rect")]
    # Partner API 100 %, checkout 2 of 3 (67 %: poor, not green), email 100 %, delivery 100 %.
    assert fills == [KEPT_COLOURS["good"], KEPT_COLOURS["poor"], KEPT_COLOURS["good"],
                     KEPT_COLOURS["good"]]
    half = replace(report, incidents=(replace(report.incidents[1], kept=1, broken=1),))
    assert [r.get("fill") for r in ElementTree.fromstring(
        cadence_chart(half, "Kept")).iter(f"{SVG}rect")] == [KEPT_COLOURS["poor"]]


def test_report_charts_are_narrow_and_every_incident_is_a_visible_bar() -> None:
    report = crisis_report(example_hub(), NOW, [])
    labels = {"ongoing": "ongoing", **{f"impact.{i}": i for i in
                                       ("none", "minor", "major", "critical")}}
    for svg in (timeline_chart(report, "Timeline", labels, lambda m: f"{m:%b %d}"),
                first_statement_chart(report, "First", "target"), cadence_chart(report, "Kept")):
        root = ElementTree.fromstring(svg)
        # Drawn at NARROW px with FONT px text: on a 360 px phone it is shown near 1:1.
        assert root.get("width") == str(NARROW) and root.get("font-size") == str(FONT)
        for element in root.iter():
            if element.get("x") is not None and element.tag == f"{SVG}rect":
                assert float(element.get("x")) + float(element.get("width")) <= NARROW
    timeline = ElementTree.fromstring(timeline_chart(report, "Timeline", labels,
                                                     lambda m: f"{m:%b %d}"))
    widths = [float(r.get("width")) for r in timeline.iter(f"{SVG}rect")]
    # A 65-minute incident on a 46-day axis was a 4 px tick; now no bar is under MIN_MARK.
    assert len(widths) == 4 and min(widths) >= MIN_MARK
    assert len(list(timeline.iter(f"{SVG}circle"))) == 4
    texts = [t.text for t in timeline.iter(f"{SVG}text")]
    assert {"87 min", "135 min", "65 min", "ongoing"} <= set(texts)
