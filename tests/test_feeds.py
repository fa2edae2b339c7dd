"""RSS and Atom feeds: build real sites, re-parse every feed (feedparser and lxml)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import lxml.etree
import lxml.html
import pytest
from support import REPO, build_example, build_site, copy_example, mkdocs_warnings, write_hub

import generator
from generator.core import endpoints
from generator.reading.loader import load_hub

ZONE = ZoneInfo("Europe/Berlin")
ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://status.fernway.example/"


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    """The example site, built once for the whole session (never changed by a test)."""
    return example_site


@pytest.fixture(scope="module")
def hub():  # type: ignore[no-untyped-def]
    loaded, problems = load_hub(REPO / "content", ZONE, display_root=REPO)
    assert not problems.errors
    return loaded


def parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return parsed


def test_the_worktree_copy_of_generator_is_tested() -> None:
    assert Path(generator.__file__).resolve().parent == REPO / "generator"


def test_every_feed_parses_without_errors(site: Path, hub) -> None:  # type: ignore[no-untyped-def]
    expected = [endpoints.hub_feed(f) for f in endpoints.FEED_FORMATS]
    expected += [endpoints.incident_feed(i.id, f) for i in hub.incidents
                 for f in endpoints.FEED_FORMATS]
    expected += [endpoints.component_feed(c.id, f) for c in hub.components
                 for f in endpoints.FEED_FORMATS]
    found = sorted(p.relative_to(site).as_posix() for p in (site / "feeds").rglob("*.xml"))
    assert found == sorted(expected)
    for path in found:
        parsed = parse(site / path)
        root = lxml.etree.fromstring((site / path).read_bytes())
        if path.endswith("rss.xml"):
            assert parsed.version == "rss20" and root.tag == "rss"
        else:
            assert parsed.version == "atom10" and root.tag == f"{ATOM}feed"


def test_hub_feed_has_every_update_and_maintenance_newest_first(site: Path, hub) -> None:  # type: ignore[no-untyped-def]
    parsed = parse(site / "feeds/rss.xml")
    updates = [(i, u) for i in hub.incidents for u in i.updates]
    assert len(parsed.entries) == len(updates) + len(hub.maintenances)
    ids = [e.id for e in parsed.entries]
    for incident, update in updates:
        assert f"{SITE}incidents/{incident.id}/#{update.anchor}" in ids
    for maintenance in hub.maintenances:
        assert f"{SITE}maintenance/#{maintenance.anchor}" in ids
    times = [e.published_parsed for e in parsed.entries]
    assert times == sorted(times, reverse=True)
    assert parsed.feed.link == SITE


def test_update_entry_links_to_its_anchor_with_rendered_body_and_zoned_date(
        site: Path, hub) -> None:  # type: ignore[no-untyped-def]
    incident = hub.incident("2026-11-24-delivery-tracking-delays")
    update = incident.updates[1]
    for fmt in endpoints.FEED_FORMATS:
        feed = parse(site / endpoints.incident_feed(incident.id, fmt))
        assert len(feed.entries) == len(incident.updates)
        entry = feed.entries[0]  # newest first
        assert entry.link == f"{SITE}incidents/{incident.id}/#update-02-identified"
        assert entry.id == entry.link
        assert entry.title == f"{incident.title} — Identified"
        html = entry.content[0].value if "content" in entry else entry.summary  # RSS: description
        body = lxml.html.fragment_fromstring(html, create_parent="div")
        assert body.xpath("//strong/text()")[0] == "What we know:"  # Markdown was rendered
        assert "Mobile apps: Operational → Degraded performance" in body.text_content()
        published = datetime(*entry.published_parsed[:6], tzinfo=ZoneInfo("UTC"))
        assert published == update.at
    # The anchor exists on the incident page.
    page = lxml.html.parse(str(site / "incidents" / incident.id / "index.html"))
    assert page.xpath(f'//*[@id="{update.anchor}"]')
    raw = (site / endpoints.incident_feed(incident.id, "atom")).read_text("utf-8")
    assert "<updated>2026-11-24T10:30:00+01:00</updated>" in raw  # offset kept


def test_component_feed_only_has_what_touches_the_component(site: Path, hub) -> None:  # type: ignore[no-untyped-def]
    feed = parse(site / endpoints.component_feed("checkout", "atom"))
    links = {e.link.split("#")[0] for e in feed.entries}
    expected = {f"{SITE}incidents/{i.id}/" for i in hub.incidents
                if "checkout" in i.affected_component_ids}
    expected |= {f"{SITE}maintenance/" for m in hub.maintenances if "checkout" in m.components}
    assert links == expected
    assert feed.feed.link == f"{SITE}components/checkout/"


def test_feeds_are_announced_in_the_head_and_linked_visibly(site: Path, hub) -> None:  # type: ignore[no-untyped-def]
    incident = hub.incidents[0]
    pages = {
        "index.html": [endpoints.hub_feed("rss"), endpoints.hub_feed("atom")],
        f"incidents/{incident.id}/index.html": [endpoints.incident_feed(incident.id, "rss"),
                                                 endpoints.incident_feed(incident.id, "atom")],
        "components/checkout/index.html": [endpoints.component_feed("checkout", "rss"),
                                           endpoints.component_feed("checkout", "atom")],
    }
    for page, feeds in pages.items():
        doc = lxml.html.parse(str(site / page))
        # Feeds only: the same page in the other languages is also rel=alternate (hreflang).
        alternates = doc.xpath('//head/link[@rel="alternate"][not(@hreflang)]')
        types = {link.get("type") for link in alternates}
        assert types == {"application/rss+xml", "application/atom+xml"}
        base = (site / page).parent
        resolved = {(base / link.get("href")).resolve() for link in alternates}
        visible = {(base / a.get("href")).resolve() for a in doc.xpath('//body//a[@class="ch-feed"]')}
        for feed in feeds:
            assert (site / feed).resolve() in resolved, (page, feed)
            assert (site / feed).resolve() in visible, (page, feed)
        for path in resolved:
            assert path.is_file()


def test_entry_ids_survive_edits_and_new_updates(tmp_path: Path) -> None:
    def hub(first_body: str, with_second: bool) -> Path:
        updates = {"01-investigating": ({"at": "2026-11-24 10:00", "status": "investigating"},
                                        first_body)}
        if with_second:
            updates["02-resolved"] = ({"at": "2026-11-24 11:00", "status": "resolved"}, "Fixed.")
        root = tmp_path / f"{len(first_body)}-{with_second}"
        return write_hub(root, components=[{"id": "api", "name": "API"}], incidents={
            "2026-11-24-api-down": {"meta": {"title": "API down", "impact": "major"},
                                    "updates": updates}})

    def ids(config: Path) -> list[str]:
        site = build_site(config, config.parent / "site")
        return [e.id for e in parse(site / "feeds/atom.xml").entries]

    before = ids(hub("Looking into it.", with_second=False))
    edited = ids(hub("Looking into it; card payments fail for some customers.", False))
    grown = ids(hub("Looking into it.", with_second=True))
    assert before == edited == ["https://status.test.example/incidents/2026-11-24-api-down/"
                                "#update-01-investigating"]
    assert grown[1:] == before and grown[0].endswith("#update-02-resolved")


def test_rebuilding_gives_byte_identical_feeds_and_calendar(site: Path, tmp_path: Path) -> None:
    again = build_example(tmp_path / "again")
    later = build_example(tmp_path / "later", now="2026-11-28 03:00")  # maintenance running
    for path in sorted((site / "feeds").rglob("*.xml")) + [site / endpoints.CALENDAR]:
        relative = path.relative_to(site)
        assert (again / relative).read_bytes() == path.read_bytes(), relative
        assert (later / relative).read_bytes() == path.read_bytes(), relative


def test_the_newest_entries_are_chosen_exactly_with_ties_at_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hub and component feeds keep the FEED_LIMIT newest entries, ties ordered by link; only
    those as new as the limit's time are linked and ordered (a big hub has thousands)."""
    from support import HubFolder

    from generator.core.i18n import Translator
    from generator.core.timefmt import TimeFormatter
    from generator.outputs import feeds

    hub_folder = HubFolder(tmp_path / "hub")
    for number in range(6):  # 24 updates over 4 distinct times: ties everywhere
        folder = f"2026-11-{10 + number:02d}-n{number}"
        hub_folder.write_incident(folder, components={"web": "partial_outage"})
        for step in range(4):
            hub_folder.write_update(folder, f"0{step}", at=f"2026-11-2{step % 2} 1{step // 2}:00")
    hub_folder.write_maintenance("2026-12-01-db", start="2026-12-01 10:00", end="2026-12-01 11:00",
                                 announced="2026-11-21 11:00")
    loaded, problems = load_hub(hub_folder.content, ZONE, display_root=hub_folder.root)
    assert not problems.errors, problems.errors
    ctx = feeds.FeedContext(hub=loaded, site_name="S", site_url=SITE, t=Translator("en"),
                            times=TimeFormatter(ZONE, "en"), render=lambda text: text)
    everything = feeds.newest_first(
        [feeds.update_entry(ctx, i, u) for i in loaded.incidents for u in i.updates]
        + [feeds.maintenance_entry(ctx, m) for m in loaded.maintenances])
    for limit in (1, 5, 6, 7, 12, 13, 25, 100):
        monkeypatch.setattr(feeds, "FEED_LIMIT", limit)
        assert [e.id for e in feeds.hub_entries(ctx)] == [e.id for e in everything[:limit]]


def test_a_page_of_the_team_may_link_to_a_feed_the_json_and_a_badge(tmp_path: Path) -> None:
    """MkDocs checks a page's links when it reads the page, before the build makes its feeds
    and JSON: those links are answered from what the build makes, and rewritten like any
    link; a link to a feed that is not made still warns."""
    project = copy_example(tmp_path)
    incident = sorted(p.name for p in (project / "content" / "incidents").iterdir())[0]
    targets = [endpoints.incident_feed(incident, "rss"), endpoints.hub_feed("atom"),
               endpoints.API_ROOT + "status.json", endpoints.HUB_BADGE, endpoints.CALENDAR]
    typo = endpoints.incident_feed("no-such-incident", "rss")
    (project / "content" / "pages" / "follow.md").write_text(
        "# Follow us\n\n" + "\n".join(f"- [{t}]({t})" for t in [*targets, typo]) + "\n",
        encoding="utf-8")
    with mkdocs_warnings() as warned:
        build_site(project, tmp_path / "site")
    not_found = sorted(message.split("'")[3] for message in warned
                       if "is not found among documentation files" in message)
    # The Russian site has no JSON (its clients read one language's); a typo is a typo.
    assert not_found == sorted([endpoints.API_ROOT + "status.json", typo, typo])
    page = (tmp_path / "site" / "follow" / "index.html").read_text("utf-8")
    for target in targets:
        assert f'href="../{target}"' in page
        assert (tmp_path / "site" / target).is_file()

