"""What feed readers, Statuspage clients and calendars read: one meaning per field.

- the JSON API's `body` is plain text (Statuspage's), the feeds carry sanitised HTML, and
  the channel descriptions are plain text escaped once (docs/feeds-and-api.md);
- maintenance is dated when it was announced, and the indicator says `maintenance`;
- Statuspage's own sentences, `deliver_notifications`, and null for no affected components.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import feedparser
import icalendar
import pytest
from conftest import HubFolder

TITLE = 'Cards & <vouchers> "down"'
BODY = ("We **know** the cause <script>alert(1)</script> & fix it.\n\n"
        '<span onclick="x()">Second</span> paragraph with a [link](https://help.example/).')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    hub = HubFolder(tmp_path_factory.mktemp("semantics"), now="2026-11-24 12:00")
    hub.write_incident("2026-11-24-pay", title=TITLE, started="2026-11-24 09:00")
    hub.write_update("2026-11-24-pay", "01", at="2026-11-24 10:00", body=BODY)
    hub.write_maintenance("2026-11-28-db", start="2026-11-28 02:00", end="2026-11-28 03:00",
                          announced="2026-11-20 09:15", components=["web"])
    return hub.build()


def api(site: Path, name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((site / "api/v2" / name).read_text("utf-8"))


def test_json_body_is_plain_text(site: Path) -> None:
    update = api(site, "incidents.json")["incidents"][0]["incident_updates"][0]
    assert update["body"] == "We know the cause & fix it.\n\nSecond paragraph with a link."


def test_feed_content_is_sanitised_html(site: Path) -> None:
    feed = feedparser.parse((site / "feeds/incidents/2026-11-24-pay.atom.xml").read_bytes())
    html = feed.entries[0].content[0].value
    assert "<strong>know</strong>" in html and '<a href="https://help.example/">' in html
    assert "<script" not in html and "onclick" not in html


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_channel_description_is_escaped_once(site: Path, fmt: str) -> None:
    """What a reader shows: feedparser takes RSS's description as HTML, Atom's subtitle as text."""
    feed = feedparser.parse((site / f"feeds/incidents/2026-11-24-pay.{fmt}.xml").read_bytes())
    detail = feed.feed.subtitle_detail
    shown = html.unescape(detail.value) if detail.type == "text/html" else detail.value
    assert shown == f"Every update on the incident “{TITLE}”."


def test_incident_updates_carry_statuspage_fields(site: Path) -> None:
    update = api(site, "incidents.json")["incidents"][0]["incident_updates"][0]
    assert update["deliver_notifications"] is True
    assert update["affected_components"] is None  # nothing changed: Statuspage writes null


def test_maintenance_is_dated_when_announced_everywhere(site: Path) -> None:
    announced = "2026-11-20T09:15:00.000+01:00"
    item = api(site, "scheduled-maintenances.json")["scheduled_maintenances"][0]
    assert item["created_at"] == announced
    assert item["incident_updates"][-1]["created_at"] == announced
    assert item["scheduled_for"] == "2026-11-28T02:00:00.000+01:00"
    feed = feedparser.parse((site / "feeds/atom.xml").read_bytes())
    entry = next(e for e in feed.entries if "maintenance" in e.link)
    assert entry.updated == "2026-11-20T09:15:00+01:00"
    event = next(iter(icalendar.Calendar.from_ical((site / "calendar/maintenance.ics")
                                                   .read_bytes()).walk("VEVENT")))
    assert event.decoded("dtstamp").isoformat() == "2026-11-20T08:15:00+00:00"
    assert event.decoded("dtstart").isoformat() == "2026-11-28T01:00:00+00:00"


# Captured status.json values of public Statuspage pages (githubstatus.com, status.claude.com,
# discordstatus.com, status.snowflake.com and others, as quoted in public test fixtures).
STATUSPAGE_SENTENCES = {
    "none": "All Systems Operational",
    "minor": "Partially Degraded Service",
    "major": "Partial System Outage",
    "critical": "Major Service Outage",
    "maintenance": "Service Under Maintenance",
}


@pytest.mark.parametrize("indicator", sorted(STATUSPAGE_SENTENCES))
def test_status_json_uses_statuspage_sentences(tmp_path: Path, indicator: str) -> None:
    hub = HubFolder(tmp_path, now="2026-11-24 12:00")
    if indicator == "maintenance":
        hub.write_maintenance("2026-11-24-db", start="2026-11-24 11:00", end="2026-11-24 13:00",
                              components=["web"])
    elif indicator != "none":
        status = {"minor": "degraded_performance", "major": "partial_outage",
                  "critical": "major_outage"}[indicator]
        hub.write_incident("2026-11-24-pay", impact="minor", started="2026-11-24 09:00",
                           components={"web": status})
        hub.write_update("2026-11-24-pay", "01", at="2026-11-24 10:00")
    site = hub.build()
    assert api(site, "status.json")["status"] == {"indicator": indicator,
                                                  "description": STATUSPAGE_SENTENCES[indicator]}
