"""Every machine-readable file of the site, by path: feeds, JSON API, calendar, badges, cards.

Gathers the pure writers so the MkDocs plugin adds them with one loop. Only the JSON API
and the badges depend on the build time (they show the current state); feeds, the
calendar and the card pictures depend on the content alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core import endpoints
from generator.core.i18n import Translator
from generator.core.model import Hub
from generator.core.status import Snapshot
from generator.core.timefmt import TimeFormatter
from generator.outputs import badges, calendar, cards, feeds, statuspage_api
from generator.outputs.feeds import RenderMarkdown
from generator.wording.sanitize import html_to_text


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str  # absolute, ends with "/"


def status_badges(hub: Hub, snap: Snapshot, site: SiteInfo, t: Translator) -> dict[str, str]:
    # The badge says "Official statement" while one is out and nothing is down.
    found = {endpoints.HUB_BADGE: badges.Badge(
        site.name, feeds.plain(t(f"indicator.{snap.headline}")), snap.headline).svg()}
    for component in hub.components:
        state = snap.components[component.id].value
        found[endpoints.component_badge(component.id)] = badges.Badge(
            component.name, feeds.plain(t(f"component.{state}")), state).svg()
    return found


def machine_outputs(hub: Hub, snap: Snapshot, site: SiteInfo, t: Translator,
                    times: TimeFormatter, render: RenderMarkdown) -> dict[str, str | bytes]:
    """Path (relative to the site root) → file content."""
    outputs: dict[str, str | bytes] = {}
    outputs.update(feeds.build_feeds(feeds.FeedContext(
        hub=hub, site_name=site.name, site_url=site.url, t=t, times=times, render=render)))
    api_site = statuspage_api.Site(hub=hub, snapshot=snap, name=site.name, url=site.url,
                                   plain=lambda text: html_to_text(render(text)))
    for path, payload in statuspage_api.api_files(api_site).items():
        outputs[endpoints.API_ROOT + path] = statuspage_api.dumps(payload)
    outputs[endpoints.CALENDAR] = calendar.maintenance_calendar(hub, site.name, site.url)
    outputs.update(status_badges(hub, snap, site, t))
    for state in endpoints.CARD_STATES:
        outputs[endpoints.card_image(state)] = cards.card_png(state)
    return outputs
