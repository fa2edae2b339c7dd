"""Where every page and machine-readable output lives: the status pages, feeds, the JSON API,
the calendar, badges, cards.

The one place that names these paths (relative to the site root); the page views, the
writers, the cross-posts, the templates and docs/feeds-and-api.md all follow it. Changing a
path here breaks every link and subscriber, so don't.
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
CARD_STATES = ("none", "minor", "major", "critical", "maintenance", "statement")


# The status pages (directory URLs, relative to the site root).
HOME = ""
COMPONENTS = "components/"
HISTORY = "history/"
MAINTENANCE = "maintenance/"
FAQ = "faq/"
SUBSCRIBE = "subscribe/"
# For developers and webmasters: the JSON API, badges and the embed code (off the home page).
DEVELOPERS = "developers/"
# The crisis-practice pages (the plan may be public; the others are on the team's site only).
PLAYBOOK = "playbook/"
REPORT = "report/"
PUBLISHING = "publishing/"
AUDIENCE = "listening/"
# Folders that belong to the theme (its scripts, styles and search index).
THEME_FOLDERS = ("assets/", "search/")
# The browser editor (Decap CMS), on the site `editor:` names.
EDITOR = "admin/"


def incident_page(incident_id: str) -> str:
    return f"incidents/{incident_id}/"


def component_page(component_id: str) -> str:
    return f"{COMPONENTS}{component_id}/"


def faq_page(entry_id: str) -> str:
    return f"{FAQ}{entry_id}/"


def history_page(month: str) -> str:
    """The history of one month, `month` as YYYY-MM (see `core.model.Hub.history_month`)."""
    return f"{HISTORY}{month}/"


def maintenance_link(anchor: str) -> str:
    return f"{MAINTENANCE}#{anchor}"


def language_root(language: str, default: str) -> str:
    """Where a language's site starts: the default at the root, the others at `ru/` etc."""
    return "" if language == default else f"{language}/"


def language_switch(url: str, current: str, target: str, default: str) -> str:
    """A link, relative to the page at `url` of the `current` language's site, to the same
    page in the `target` language."""
    here = language_root(current, default) + url
    return "../" * here.count("/") + language_root(target, default) + url or "./"


def page_source(url: str) -> str:
    """The MkDocs source path of a page URL: a section's index, or one page in a section."""
    if url == HOME:
        return "index.md"
    return url + "index.md" if url.count("/") == 1 else url.rstrip("/") + ".md"


def hub_feed(fmt: FeedFormat) -> str:
    return f"feeds/{fmt}.xml"


def incident_feed(incident_id: str, fmt: FeedFormat) -> str:
    return f"feeds/incidents/{incident_id}.{fmt}.xml"


def incident_feeds(incident_id: str) -> list[str]:
    """An incident's feeds, one per format."""
    return [incident_feed(incident_id, fmt) for fmt in FEED_FORMATS]


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
