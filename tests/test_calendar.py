"""The maintenance calendar: re-parsed with icalendar; stable UIDs and DTSTAMPs."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from icalendar import Calendar
from support import REPO

from generator.core import endpoints
from generator.reading.loader import load_hub

ZONE = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    """The example site, built once for the whole session (never changed by a test)."""
    return example_site


def test_calendar_has_every_maintenance_window(site: Path) -> None:
    hub, _ = load_hub(REPO / "content", ZONE, display_root=REPO)
    calendar = Calendar.from_ical((site / endpoints.CALENDAR).read_bytes())
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]
    events = calendar.walk("VEVENT")
    assert len(events) == len(hub.maintenances)
    for event, maintenance in zip(events, hub.maintenances, strict=True):
        assert str(event["uid"]) == f"maintenance-{maintenance.id}@status.fernway.example"
        assert event.decoded("dtstart") == maintenance.start
        assert event.decoded("dtend") == maintenance.end
        # From content, not the clock: when it was announced (else its start).
        assert event.decoded("dtstamp") == maintenance.announced_at
        assert str(event["summary"]) == maintenance.title
        assert str(event["url"]).endswith(f"/maintenance/#{maintenance.anchor}")


def test_calendar_is_offered_as_a_webcal_subscription(site: Path) -> None:
    page = lxml.html.parse(str(site / "maintenance/index.html"))
    hrefs = page.xpath("//a/@href")
    assert "webcal://status.fernway.example/calendar/maintenance.ics" in hrefs
    assert "../calendar/maintenance.ics" in hrefs
