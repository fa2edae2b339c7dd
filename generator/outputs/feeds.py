"""RSS 2.0 and Atom feeds of the hub, of each component and of each incident (feedgen).

Every update is its own entry, and each maintenance is one announcement entry. Feeds depend
on the content only, never on the clock: the same content gives byte-identical feeds.

Entry ids are the permalink of the update on its incident page
(`<site>/incidents/<folder>/#update-<file name>`): built from the update's file name,
so rebuilding, editing an update or adding another one never changes an existing id.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, partial

from feedgen.feed import FeedGenerator
from markupsafe import Markup, escape

from generator.core import endpoints
from generator.core.endpoints import FeedFormat
from generator.core.i18n import Translator
from generator.core.model import Hub, Incident, Maintenance, Update
from generator.core.timefmt import TimeFormatter
from generator.core.vocabulary import status_word_key

FEED_LIMIT = 100  # entries in the hub and component feeds; an incident feed has them all
GENERATOR = "Crisis Hub"
EMPTY_HUB_TIME = datetime(1970, 1, 1, tzinfo=UTC)

RenderMarkdown = Callable[[str], str]


@dataclass(frozen=True)
class FeedContext:
    """What every feed needs besides the hub: the site, the words and the Markdown renderer."""

    hub: Hub
    site_name: str
    site_url: str
    t: Translator
    times: TimeFormatter
    render: RenderMarkdown


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    at: datetime
    html: str


def plain(text: Markup | str) -> str:
    """Catalog strings are HTML; feed titles are plain text."""
    return Markup(text).unescape() if isinstance(text, Markup) else text


def update_link(ctx: FeedContext, incident: Incident, update: Update) -> str:
    page = endpoints.absolute(ctx.site_url, endpoints.incident_page(incident.id))
    return f"{page}#{update.anchor}"


def maintenance_link(ctx: FeedContext, maintenance: Maintenance) -> str:
    return endpoints.absolute(ctx.site_url, endpoints.maintenance_link(maintenance.anchor))


def update_entry(ctx: FeedContext, incident: Incident, update: Update) -> Entry:
    link = update_link(ctx, incident, update)
    label = plain(ctx.t(status_word_key(incident.kind, update.status)))
    html = str(ctx.render(update.body))
    if update.changes:
        items = "".join(
            f"<li>{escape(ctx.hub.component(c.component_id).name)}: "
            f"{ctx.t('component.' + c.old.value)} → {ctx.t('component.' + c.new.value)}</li>"
            for c in update.changes)
        html += f"<ul>{items}</ul>"
    return Entry(id=link, title=f"{incident.title} — {label}", link=link, at=update.at, html=html)


def maintenance_entry(ctx: FeedContext, maintenance: Maintenance) -> Entry:
    link = maintenance_link(ctx, maintenance)
    window = (f"<p>{ctx.t('maintenance.window')}: {escape(ctx.times.datetime(maintenance.start))}"
              f" – {escape(ctx.times.datetime(maintenance.end))}</p>")
    affected = ", ".join(str(escape(ctx.hub.component(c).name)) for c in maintenance.components)
    html = window + (f"<p>{affected}</p>" if affected else "") + str(ctx.render(maintenance.body))
    title = f"{plain(ctx.t('feed.maintenance'))}: {maintenance.title}"
    # Dated when readers were told, not at the (future) window start.
    return Entry(id=link, title=title, link=link, at=maintenance.announced_at, html=html)


def newest_first(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.at, e.id), reverse=True)


def newest_entries(ctx: FeedContext, incidents: Sequence[Incident],
                   maintenances: Sequence[Maintenance]) -> list[Entry]:
    """The FEED_LIMIT newest entries, in `newest_first` order; only those are rendered (a big
    hub has thousands of updates), and only those as new as the FEED_LIMIT-th newest time
    (ties are ordered by link) are linked to be ordered."""
    times = [u.at for i in incidents for u in i.updates] + [m.announced_at for m in maintenances]
    if not times:
        return []
    oldest = heapq.nlargest(FEED_LIMIT, times)[-1]
    candidates: list[tuple[datetime, str, Callable[[], Entry]]] = [
        (u.at, update_link(ctx, i, u), partial(update_entry, ctx, i, u))
        for i in incidents for u in i.updates if u.at >= oldest]
    candidates += [(m.announced_at, maintenance_link(ctx, m), partial(maintenance_entry, ctx, m))
                   for m in maintenances if m.announced_at >= oldest]
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
    return [make() for _, _, make in candidates[:FEED_LIMIT]]


def hub_entries(ctx: FeedContext) -> list[Entry]:
    return newest_entries(ctx, ctx.hub.incidents, ctx.hub.maintenances)


def component_entries(ctx: FeedContext, component_id: str, incidents: list[Incident]) -> list[Entry]:
    """The newest entries of a component's feed: of `incidents` (those that touched it,
    `Hub.incidents_by_component`) and its maintenance windows."""
    return newest_entries(
        ctx, incidents, [m for m in ctx.hub.maintenances if component_id in m.components])


def incident_entries(ctx: FeedContext, incident: Incident) -> list[Entry]:
    return newest_first([update_entry(ctx, incident, u) for u in incident.updates])


def latest_content_time(hub: Hub) -> datetime:
    """Stands in for the build time in feeds without entries, so they stay deterministic."""
    moments = [i.updated_at for i in hub.incidents] + [m.start for m in hub.maintenances]
    return max(moments, default=EMPTY_HUB_TIME)


def render_feed(ctx: FeedContext, fmt: FeedFormat, *, title: str, description: str,
                page: str, self_path: str, entries: list[Entry]) -> bytes:
    """One feed as bytes; `page` is the HTML page it follows, `self_path` where it lives."""
    fg = FeedGenerator()
    fg.id(page)
    fg.title(title)
    # Atom's subtitle is text; readers take RSS's channel description as HTML (as they take
    # an item's), so the plain sentence is HTML-escaped once there: "<" stays visible.
    fg.subtitle(description if fmt == "atom" else str(escape(description)))
    fg.author({"name": ctx.site_name})
    # feedgen takes the RSS <link> from the last link added: the page, not the feed.
    fg.link(href=endpoints.absolute(ctx.site_url, self_path), rel="self",
            type=endpoints.FEED_MEDIA_TYPES[fmt])
    fg.link(href=page, rel="alternate")
    fg.language(ctx.t.language)
    fg.generator(GENERATOR)
    # feedgen defaults these to the clock; the newest entry keeps rebuilds byte-identical.
    # (An empty feed falls back to the hub's newest content: computed only then, since it
    # walks every incident and there is a feed per incident.)
    fg.lastBuildDate(max(e.at for e in entries) if entries else latest_content_time(ctx.hub))
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.guid(entry.id, permalink=True)
        fe.title(entry.title)
        fe.link(href=entry.link, rel="alternate")
        fe.published(entry.at)
        fe.updated(entry.at)
        fe.content(entry.html, type="html")
    return fg.rss_str(pretty=False) if fmt == "rss" else fg.atom_str(pretty=False)


def incident_feed_reads(ctx: FeedContext, incident: Incident) -> object | None:
    """Everything an incident's feeds read besides the site, the words and the Markdown
    settings: the incident and the names of the components its updates change. None when
    they read more (an incident without updates is dated by the whole hub's newest content)."""
    if not incident.updates:
        return None
    changed = sorted({c.component_id for u in incident.updates for c in u.changes})
    return incident, [(c, ctx.hub.component(c).name) for c in changed]


Planned = tuple[str, Callable[[], bytes]]  # an output's path, and what makes its bytes


def planned_feeds(ctx: FeedContext) -> Iterator[Planned]:
    """Every feed of the site (a big hub has 10,000): its path relative to the site root, and
    what makes it. Listing the paths makes nothing; what a subject's feeds share (their
    entries) is made with the first of them and dropped with the last, so a consumer that
    makes each feed as it comes holds one subject's entries at a time."""
    newest = cache(partial(hub_entries, ctx))
    for fmt in endpoints.FEED_FORMATS:
        yield endpoints.hub_feed(fmt), partial(_feed, ctx, fmt, "hub", "", "",
                                               endpoints.hub_feed(fmt), newest)
    by_component = ctx.hub.incidents_by_component()
    for c in ctx.hub.components:
        entries = cache(partial(component_entries, ctx, c.id, by_component[c.id]))
        for fmt in endpoints.FEED_FORMATS:
            path = endpoints.component_feed(c.id, fmt)
            yield path, partial(_feed, ctx, fmt, "component", c.name,
                                endpoints.component_page(c.id), path, entries)
    for incident in ctx.hub.incidents:
        yield from _incident_plan(ctx, incident)


def incident_feeds(ctx: FeedContext, incident: Incident,
                   kept: Collection[str] = frozenset()) -> Iterator[tuple[str, bytes]]:
    """One incident's feeds, as `planned_feeds` makes them, but those in `kept` (a page
    helper makes them with the incident's page, whose Markdown they share:
    generator/site/plugin.py)."""
    for path, make in _incident_plan(ctx, incident):
        if path not in kept:
            yield path, make()


def _incident_plan(ctx: FeedContext, incident: Incident) -> Iterator[Planned]:
    entries = cache(partial(incident_entries, ctx, incident))
    for fmt in endpoints.FEED_FORMATS:
        path = endpoints.incident_feed(incident.id, fmt)
        yield path, partial(_feed, ctx, fmt, "incident", incident.title,
                            endpoints.incident_page(incident.id), path, entries)


def _feed(ctx: FeedContext, fmt: FeedFormat, kind: str, subject: str, page: str,
          path: str, entries: Callable[[], list[Entry]]) -> bytes:
    """The feed of the hub, a component or an incident (`kind`, which picks the translated
    title and description; `subject`: the component's or incident's name)."""
    names = {} if kind == "hub" else {kind: subject}
    return render_feed(
        ctx, fmt, title=plain(ctx.t(f"feed.{kind}_title", site=ctx.site_name, **names)),
        description=plain(ctx.t(f"feed.{kind}_description", site=ctx.site_name, **names)),
        page=endpoints.absolute(ctx.site_url, page), self_path=path, entries=entries())
