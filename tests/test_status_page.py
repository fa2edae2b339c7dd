"""The public site reads like a status page (issue 13, points 10 and 11), read from the built
HTML: the state and the statement first, one "Next update" line, a Subscribe button at the top,
each component's day bars on the home, no documentation frame, and the developer material on
its own page; in Russian, the frame's own words too. The same in a real browser at 360 and
1280 px: tests/browser/test_status_page_in_browser.py."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from lxml import html
from support import HubFolder, html_text

SITE = "https://status.fernway.example/"


def tree(site: Path, url: str = "") -> html.HtmlElement:
    return html.fromstring((site / url / "index.html").read_text(encoding="utf-8"))


def test_the_public_site_has_no_documentation_frame(example_site: Path) -> None:
    for url in ["", "incidents/2026-11-24-delivery-tracking-delays", "components/checkout",
                "history", "faq", "subscribe", "developers"]:
        doc = tree(example_site, url)
        assert doc.xpath("//*[contains(@class,'md-sidebar')]") == [], url
        assert "Made with" not in html_text(example_site / url / "index.html"), url
        # Material draws the announcement strip when its block holds anything, even spaces.
        assert doc.xpath("//aside[contains(@class,'md-banner')]") == [], url
        subscribe = doc.xpath("//nav[@class='ch-topnav']//a[contains(@class,'ch-subscribe-button')]")
        assert [a.text_content() for a in subscribe] == ["Subscribe"], url
        here = SITE + (url + "/" if url else "")
        assert urljoin(here, subscribe[0].get("href")) == SITE + "subscribe/", url
        footer = doc.xpath("//footer[@class='ch-footer']//a/@href")
        assert [urljoin(here, href) for href in footer] == [SITE + "developers/"], url


def test_the_top_links_name_every_status_section(example_site: Path) -> None:
    doc = tree(example_site, "history")
    links = [a.text_content() for a in doc.xpath("//ul[@class='ch-topnav__links']//a")]
    assert links == ["Status", "Components", "History", "Maintenance", "FAQ", "About this page"]
    assert doc.xpath("//ul[@class='ch-topnav__links']//a[@aria-current='page']")[0] \
        .text_content() == "History"


def test_the_internal_site_keeps_its_navigation(example_copy: Path, tmp_path: Path) -> None:
    from support import build_site

    site = build_site(example_copy, tmp_path / "internal", internal=True)
    doc = tree(site)
    assert doc.xpath("//*[contains(@class,'md-sidebar--primary')]")
    assert doc.xpath("//aside[contains(@class,'md-banner')]")  # the "Internal build" banner
    assert doc.xpath("//nav[@class='ch-topnav']") == []


def test_home_says_when_the_next_update_comes_once(hub: HubFolder) -> None:
    """Whether the update's text names the next update or only its front-matter does, the
    home card says it exactly once."""
    hub.write_incident("2026-11-24-a", components={"web": "major_outage"})
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 10:05", next_update="2026-11-24 12:30",
                     body="We are investigating.\n\n**Next update:** by 12:30 CET.")
    hub.write_incident("2026-11-24-b", components={"api": "partial_outage"}, title="API slow")
    hub.write_update("2026-11-24-b", "01", at="2026-11-24 10:10", next_update="2026-11-24 12:45",
                     body="We are investigating.")
    site = hub.build()
    cards = tree(site).xpath("//article[contains(@class,'ch-card')]")
    texts = {card.xpath(".//h3")[0].text_content().strip(): card.text_content() for card in cards}
    said = texts["Payments failing"]
    assert said.lower().count("next update") == 1
    assert "Next update: by 12:30 CET." in said
    only_field = texts["API slow"]
    assert only_field.lower().count("next update") == 1
    assert "Next update by November 24, 2026, 12:45 PM CET" in " ".join(only_field.split())


def test_home_shows_each_components_day_bars(example_site: Path) -> None:
    doc = tree(example_site)
    rows = doc.xpath("//li[@class='ch-component']")
    assert len(rows) == 6
    for row in rows:
        name = row.xpath(".//a[contains(@class,'ch-component__name')]")[0].text_content()
        bars = row.xpath(".//div[contains(@class,'ch-bars--home')]")
        assert len(bars) == 1, name
        assert len(bars[0].xpath("./span[contains(@class,'ch-bar')]")) == 90, name
        assert bars[0].get("role") == "img"
        assert bars[0].get("aria-label").startswith(f"{name}: ")
        assert "% uptime over the last 90 days" in bars[0].get("aria-label")
    # The same days as on the component's own page, in the same colours.
    checkout = doc.xpath("//li[@class='ch-component'][.//a[text()='Checkout and payments']]"
                         "//span[contains(@class,'ch-bar')]/@class")
    own = tree(example_site, "components/checkout").xpath("//ol[@class='ch-bars']/li/@class")
    assert checkout == own
    assert any("major_outage" in c for c in own)


def test_developer_material_is_on_its_own_page(example_site: Path) -> None:
    home = tree(example_site)
    assert home.xpath("//pre[@class='ch-embed']") == []
    assert not [h for h in home.xpath("//a/@href") if h.endswith(".json")]
    doc = tree(example_site, "developers")
    assert doc.xpath("//h1")[0].text_content() == "For developers"
    api = [h.split("api/v2/", 1)[1] for h in doc.xpath("//ul[@class='ch-api-files']//a/@href")]
    assert api == ["summary.json", "status.json", "components.json", "incidents.json",
                   "incidents/unresolved.json", "scheduled-maintenances.json",
                   "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json"]
    for name in api:
        assert (example_site / "api/v2" / name).is_file(), name
    badges = [h.split("badges/", 1)[1] for h in doc.xpath("//img/@src")]
    assert badges[0] == "status.svg" and "components/checkout.svg" in badges
    snippet = doc.xpath("//pre[@class='ch-embed']/code")[0].text_content()
    assert 'href="https://status.fernway.example/"' in snippet


def test_russian_frame_404_and_palette(hub: HubFolder) -> None:
    hub.write_config(language="ru")
    config = hub.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("theme:\n", (
        "theme:\n  palette:\n"
        "  - {scheme: default, toggle: {icon: material/brightness-7, name: Switch to dark mode}}\n"
        "  - {scheme: slate, toggle: {icon: material/brightness-4, name: Switch to light mode}}\n"
    ), 1), encoding="utf-8")
    site = hub.build()
    doc = tree(site)
    titles = doc.xpath("//form[@data-md-component='palette']//label/@title")
    assert titles == ["Включить тёмную тему", "Включить светлую тему"]
    assert doc.xpath("//a[contains(@class,'ch-subscribe-button')]")[0].text_content() == "Подписаться"
    assert "Для разработчиков" in html_text(site / "developers" / "index.html")
    missing = html_text(site / "404.html")
    assert "Страница не найдена" in missing and "Перейти к текущему статусу" in missing
    assert "404 - Not found" not in missing


def test_a_component_page_lists_the_incidents_of_its_ninety_days(hub: HubFolder) -> None:
    """The page shows the window of its day bars (its size does not grow with the hub's
    years); older incidents are counted, with a link to the history that lists them."""
    hub.write_incident("2026-01-10-old", components={"web": "major_outage"}, title="Old outage")
    hub.write_update("2026-01-10-old", "01", at="2026-01-10 10:00", status="resolved",
                     body="It is fixed.")
    hub.write_incident("2026-11-20-recent", components={"web": "degraded_performance"},
                       title="Recent slowness")
    hub.write_update("2026-11-20-recent", "01", at="2026-11-20 10:00", status="resolved",
                     body="It is fixed.")
    site = hub.build()
    page = tree(site, "components/web")
    rows = [a.text_content() for a in page.xpath("//li[@class='ch-incident-row']/a")]
    assert rows == ["Recent slowness"]
    assert page.xpath("//h2/text()").count("Incidents affecting this component in the last 90 days") == 1
    earlier = page.xpath("//a[starts-with(text(), 'Earlier incidents')]")
    assert [a.text_content() for a in earlier] == ["Earlier incidents (1): see the history"]
    assert urljoin(SITE + "components/web/", earlier[0].get("href")) == SITE + "history/"
    older_month = tree(site, "history/2026-01")
    assert [a.text_content() for a in older_month.xpath("//li[@class='ch-incident-row']/a")] \
        == ["Old outage"]


def test_the_history_front_page_counts_each_month_and_every_month_page_links_them(
        hub: HubFolder) -> None:
    """The counts live on history/ only: a new incident then changes the front page and its
    own month's page, never the other months' pages (tests/test_incremental.py)."""
    for day, title in (("2026-10-05", "October outage"), ("2026-11-02", "November one"),
                       ("2026-11-20", "November two")):
        hub.write_incident(f"{day}-x", components={"web": "major_outage"}, title=title)
        hub.write_update(f"{day}-x", "01", at=f"{day} 10:00", status="resolved", body="Fixed.")
    site = hub.build()
    front = tree(site, "history")
    assert [li.text_content().split() for li in front.xpath("//ul[@class='ch-months']/li")] \
        == [["November", "2026", "(2", "incidents)"], ["October", "2026", "(1", "incident)"]]
    october = tree(site, "history/2026-10")
    months = october.xpath("//ul[@class='ch-months']/li")
    assert [li.text_content().strip() for li in months] == ["November 2026", "October 2026"]
    assert [urljoin(SITE + "history/2026-10/", a.get("href")) for a in
            october.xpath("//ul[@class='ch-months']//a")] \
        == [SITE + "history/2026-11/", SITE + "history/2026-10/"]


def test_a_finished_months_link_card_does_not_say_todays_status(hub: HubFolder) -> None:
    """Platforms keep a link card long after it is made: an archive's card is timeless."""
    hub.write_incident("2026-10-05-x", components={"web": "major_outage"}, title="Old")
    hub.write_update("2026-10-05-x", "01", at="2026-10-05 10:00", status="resolved", body="Fixed.")
    hub.write_incident("2026-11-20-y", components={"web": "major_outage"}, title="Now")
    hub.write_update("2026-11-20-y", "01", at="2026-11-20 10:00")
    site = hub.build()

    def card(url: str) -> tuple[str, str, str]:
        head = tree(site, url).head
        return (head.xpath("string(meta[@property='og:title']/@content)"),
                head.xpath("string(meta[@property='og:description']/@content)"),
                head.xpath("string(meta[@property='og:image']/@content)").rsplit("/", 1)[-1])

    assert card("history/2026-10") == ("Incident history: October 2026", "1 incident", "none.png")
    assert card("history/2026-11")[2] == card("")[2] == "critical.png"  # today's status
