"""Every machine-readable file of the site, by path: feeds, JSON API, calendar, badges, cards.

Gathers the pure writers so the MkDocs plugin adds them with one loop. Only the JSON API
and the badges depend on the build time (they show the current state); feeds, the
calendar and the card pictures depend on the content alone. `keyed_outputs` names those an
incremental build may keep: each incident's feeds and the card pictures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, partial

from generator.core import endpoints, status
from generator.core.i18n import Translator
from generator.core.model import Hub
from generator.core.status import Snapshot
from generator.core.timefmt import TimeFormatter
from generator.outputs import badges, calendar, cards, feeds, statuspage_api
from generator.outputs.feeds import RenderMarkdown
from generator.wording.sanitize import html_to_text

Planned = tuple[str, Callable[[], str | bytes]]  # an output's path, and what makes it


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


def feed_context(hub: Hub, site: SiteInfo, t: Translator, times: TimeFormatter,
                 render: RenderMarkdown) -> feeds.FeedContext:
    return feeds.FeedContext(hub=hub, site_name=site.name, site_url=site.url, t=t,
                             times=times, render=render)


def keyed_outputs(hub: Hub, site: SiteInfo, t: Translator, times: TimeFormatter,
                  render: RenderMarkdown) -> dict[str, object]:
    """The outputs that read one part of the hub only, by path, with what they read besides
    the settings, words, templates and code that are in every key: each incident's feeds
    (the incident, the names of the components it changes), the maintenance calendar (the
    maintenance windows, the names of their components) and the card pictures (nothing)."""
    ctx = feed_context(hub, site, t, times, render)
    found: dict[str, object] = {endpoints.card_image(state): state
                                for state in endpoints.CARD_STATES}
    found[endpoints.CALENDAR] = calendar.calendar_reads(hub)
    for incident in hub.incidents:
        reads = feeds.incident_feed_reads(ctx, incident)
        if reads is not None:
            for path in endpoints.incident_feeds(incident.id):
                found[path] = reads
    return found


def planned_outputs(hub: Hub, snap: Snapshot, site: SiteInfo, t: Translator,
                    times: TimeFormatter, render: RenderMarkdown,
                    *, api_hub: Callable[[], Hub] | None = None,
                    api: bool = True) -> Iterator[Planned]:
    """Every machine-readable file of the site: its path relative to the site root, and what
    makes its content, one after the other. Listing the paths makes nothing; what several
    files share is made with the first of them. The Statuspage JSON is written once, in one
    language (its clients expect one): the hub `api_hub` makes in that language (default:
    `hub`), or no JSON when `api` is false (the builds of the other languages)."""
    yield from feeds.planned_feeds(feed_context(hub, site, t, times, render))
    if api:
        payloads = cache(partial(_api_payloads, hub, snap, site, render, api_hub))
        for path in endpoints.API_FILES:
            yield endpoints.API_ROOT + path, partial(_api_file, payloads, path)
    yield endpoints.CALENDAR, partial(calendar.maintenance_calendar, hub, site.name, site.url)
    for path, svg in status_badges(hub, snap, site, t).items():  # a few small pictures
        yield path, partial(str, svg)
    for state in endpoints.CARD_STATES:
        yield endpoints.card_image(state), partial(cards.card_png, state)


def _api_payloads(hub: Hub, snap: Snapshot, site: SiteInfo, render: RenderMarkdown,
                  api_hub: Callable[[], Hub] | None) -> dict[str, statuspage_api.Payload]:
    in_api = hub if api_hub is None else api_hub()
    api_snap = snap if in_api is hub else status.snapshot(in_api, snap.now)
    return statuspage_api.api_files(statuspage_api.Site(
        hub=in_api, snapshot=api_snap, name=site.name, url=site.url,
        plain=lambda text: html_to_text(render(text))))


def _api_file(payloads: Callable[[], dict[str, statuspage_api.Payload]], path: str) -> str:
    return statuspage_api.dumps(payloads()[path])
