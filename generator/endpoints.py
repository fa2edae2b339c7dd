"""Where every machine-readable output lives: feeds, the JSON API, the calendar, badges, cards.

The one place that names these paths (relative to the site root); the writers, the plugin,
the templates and docs/feeds-and-api.md all follow it. Changing a path here breaks every
subscriber, so don't.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

FeedFormat = Literal["rss", "atom"]
FEED_FORMATS: tuple[FeedFormat, ...] = ("rss", "atom")
FEED_MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}

API_ROOT = "api/v2/"
# Statuspage's public v2 endpoints that a static site can serve, in the order documented.
API_FILES = (
    "summary.json",
    "status.json",
    "components.json",
    "incidents.json",
    "incidents/unresolved.json",
    "scheduled-maintenances.json",
    "scheduled-maintenances/upcoming.json",
    "scheduled-maintenances/active.json",
)
CALENDAR = "calendar/maintenance.ics"
HUB_BADGE = "badges/status.svg"
EMBED_PAGE = "embed/status.html"
CARD_STATES = ("none", "minor", "major", "critical", "maintenance")


def hub_feed(fmt: FeedFormat) -> str:
    return f"feeds/{fmt}.xml"


def incident_feed(incident_id: str, fmt: FeedFormat) -> str:
    return f"feeds/incidents/{incident_id}.{fmt}.xml"


def component_feed(component_id: str, fmt: FeedFormat) -> str:
    return f"feeds/components/{component_id}.{fmt}.xml"


def component_badge(component_id: str) -> str:
    return f"badges/components/{component_id}.svg"


def card_image(state: str) -> str:
    """The link-preview picture for a state: one of CARD_STATES."""
    return f"cards/{state}.png"


def absolute(site_url: str, path: str) -> str:
    """`path` (relative to the site root) as an absolute URL below `site_url`."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def webcal(url: str) -> str:
    """The calendar-subscription form of an http(s) URL (webcal:// is http(s) by convention)."""
    parts = urlsplit(url)
    return "webcal://" + url[len(parts.scheme) + 3:] if parts.scheme in ("http", "https") else url
