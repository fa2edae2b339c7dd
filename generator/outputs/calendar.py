"""The scheduled-maintenance calendar (RFC 5545, with the `icalendar` library).

Subscribed to as `webcal://<site>/calendar/maintenance.ics`. Deterministic: the same content
gives the same bytes. Times are written in UTC, so no VTIMEZONE is needed and every
calendar shows them in the reader's own zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from generator.core import endpoints
from generator.core.model import Hub, Maintenance

if TYPE_CHECKING:  # icalendar is imported when a calendar is made (0.1 s every command)
    from icalendar import Event

PRODUCT_ID = "-//Crisis Hub//Scheduled maintenance//EN"


def maintenance_uid(maintenance: Maintenance, site_url: str) -> str:
    """Stable across builds and edits: the maintenance file name at the site's host."""
    host = urlsplit(site_url).hostname or "crisishub.invalid"
    return f"maintenance-{maintenance.id}@{host}"


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def maintenance_event(hub: Hub, maintenance: Maintenance, site_url: str) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", maintenance_uid(maintenance, site_url))
    # DTSTAMP is required; from the content (we record no revision time), not the clock,
    # so a rebuild gives the same file.
    event.add("dtstamp", utc(maintenance.announced_at))
    event.add("dtstart", utc(maintenance.start))
    event.add("dtend", utc(maintenance.end))
    event.add("summary", maintenance.title)
    names = [hub.component(c).name for c in maintenance.components]
    description = maintenance.body.strip()
    if names:
        description = ", ".join(names) + ("\n\n" + description if description else "")
    if description:
        event.add("description", description)
    event.add("url", endpoints.absolute(site_url, endpoints.maintenance_link(maintenance.anchor)))
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a status notice, not a meeting: leaves time free
    return event


def calendar_reads(hub: Hub) -> object:
    """Everything the calendar reads besides the site's name and address: the maintenance
    windows and the names of their components (an incremental build keeps the calendar while
    these are the same, and does not load icalendar)."""
    names = sorted({(c, hub.component(c).name) for m in hub.maintenances for c in m.components})
    return list(hub.maintenances), names


def maintenance_calendar(hub: Hub, site_name: str, site_url: str) -> bytes:
    """Every maintenance window, past and planned, as one iCalendar file."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", site_name)
    calendar.add("x-published-ttl", "PT1H")
    for maintenance in sorted(hub.maintenances, key=lambda m: (m.start, m.id)):
        calendar.add_component(maintenance_event(hub, maintenance, site_url))
    return calendar.to_ical()
