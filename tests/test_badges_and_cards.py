"""Status badges, the embed snippet, link cards, FAQ JSON-LD, and hostile text everywhere."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
from icalendar import Calendar
from support import build_site, write_hub

from generator.core import endpoints
from generator.outputs import badges, cards

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> Fish & \"Chips\" 'n' 🚨 שלום עולם"


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    """The example site, built once for the whole session (never changed by a test)."""
    return example_site


def meta(doc: lxml.html.HtmlElement, key: str) -> str:
    found = doc.xpath(f'//head/meta[@property="{key}" or @name="{key}"]/@content')
    assert len(found) == 1, key
    return str(found[0])


def svg_texts(path: Path) -> tuple[lxml.etree._Element, list[str]]:
    root = lxml.etree.fromstring(path.read_bytes())
    return root, [t.text for t in root.iter(f"{SVG}text")]


def test_badges_show_status_words_in_status_colours(site: Path) -> None:
    root, texts = svg_texts(site / endpoints.HUB_BADGE)
    assert texts == ["Fernway Status", "Partial system outage"]
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert fills[1] == badges.COLOURS["major"][0]
    root, texts = svg_texts(site / endpoints.component_badge("mobile-apps"))
    assert texts == ["Mobile apps", "Degraded performance"]
    assert [r.get("fill") for r in root.iter(f"{SVG}rect")][1] == "#f9a825"
    # Dark text on yellow, white on the darker colours.
    assert [t.get("fill") for t in root.iter(f"{SVG}text")][1] == "#1b1b1b"


def test_badge_width_grows_with_its_text() -> None:
    short = lxml.etree.fromstring(badges.Badge("A", "Operational", "operational").svg().encode())
    long = lxml.etree.fromstring(
        badges.Badge("A much longer component name", "Operational", "operational").svg().encode())
    assert int(long.get("width")) > int(short.get("width"))
    assert badges.text_width("Ш" * 10) >= badges.text_width("i" * 10)


def test_developers_page_offers_the_embed_snippet(site: Path) -> None:
    doc = lxml.html.parse(str(site / "developers" / "index.html"))
    snippet = doc.xpath('//pre[@class="ch-embed"]/code')[0].text_content()
    embedded = lxml.html.fragment_fromstring(snippet)
    assert embedded.get("href") == "https://status.fernway.example/"
    assert embedded[0].get("src") == "https://status.fernway.example/badges/status.svg"


def test_every_incident_page_has_a_link_card(site: Path) -> None:
    for page in sorted((site / "incidents").glob("*/index.html")):
        doc = lxml.html.parse(str(page))
        canonical = doc.xpath('//head/link[@rel="canonical"]/@href')[0]
        assert canonical == f"https://status.fernway.example/incidents/{page.parent.name}/"
        assert meta(doc, "og:url") == canonical
        assert meta(doc, "og:type") == "article"
        assert meta(doc, "og:site_name") == "Fernway Status"
        assert meta(doc, "og:title") == doc.xpath("//h1")[0].text_content()
        assert meta(doc, "twitter:card") == "summary_large_image"
        assert meta(doc, "twitter:title") == meta(doc, "og:title")
        description = meta(doc, "og:description")
        assert 0 < len(description) <= cards.DESCRIPTION_LIMIT and "<" not in description
        # The description is the latest update, the first item of the timeline.
        latest = doc.xpath('//ol[@class="ch-timeline"]/li//div[@class="ch-update__body"]')[0]
        assert " ".join(latest.text_content().split()).startswith(description.rstrip("…"))
        image = meta(doc, "og:image")
        png = (site / image.removeprefix("https://status.fernway.example/")).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == cards.CARD_SIZE
    ongoing = lxml.html.parse(str(site / "incidents/2026-11-24-delivery-tracking-delays/index.html"))
    assert meta(ongoing, "og:image").endswith("/cards/major.png")
    resolved = lxml.html.parse(str(site / "incidents/2026-10-09-partner-api-errors/index.html"))
    assert meta(resolved, "og:image").endswith("/cards/none.png")


def test_faq_pages_carry_faqpage_json_ld(site: Path) -> None:
    doc = lxml.html.parse(str(site / "faq/index.html"))
    data = json.loads(doc.xpath('//script[@type="application/ld+json"]')[0].text)
    assert data["@type"] == "FAQPage"
    questions = [q["name"] for q in data["mainEntity"]]
    assert questions == [h.text_content() for h in doc.xpath('//section[@class="ch-faq"]/h2')]
    charged = [q for q in data["mainEntity"]
               if q["name"] == "Was I charged for an order whose payment failed?"]
    assert "<em>pending</em>" in charged[0]["acceptedAnswer"]["text"]


def test_each_question_is_marked_up_once_site_wide(site: Path) -> None:
    """Google asks for one instance of a question per site: the list carries them, the
    question pages do not repeat them."""
    seen: dict[str, list[str]] = {}  # per language version of the site (its <html lang>)
    for page in sorted(site.rglob("*.html")):
        doc = lxml.html.parse(str(page))
        for script in doc.xpath('//script[@type="application/ld+json"]'):
            data = json.loads(script.text)
            if data.get("@type") == "FAQPage":
                language = doc.getroot().get("lang", "")
                seen.setdefault(language, []).extend(q["name"] for q in data["mainEntity"])
    assert seen
    for questions in seen.values():
        assert len(questions) == len(set(questions)), questions


def test_script_json_cannot_close_its_script_element() -> None:
    text = str(cards.script_json({"q": "</script><script>alert(1)</script> & <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"q": "</script><script>alert(1)</script> & <!--"}


# -- hostile text, end to end ------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    config = write_hub(
        # site_name stays plain: MkDocs and Material print it as trusted HTML from mkdocs.yml.
        root,
        groups=[{"id": "core", "name": HOSTILE}],
        components=[{"id": "api", "name": HOSTILE, "group": "core", "description": HOSTILE}],
        incidents={"2026-11-24-hostile": {
            "meta": {"title": HOSTILE, "impact": "critical", "started": "2026-11-24 09:00",
                     "components": {"api": "major_outage"}},
            "updates": {"01-investigating": (
                {"at": "2026-11-24 09:10", "status": "investigating"},
                # Bodies are Markdown, which lets authors write HTML on purpose: no <script> here.
                "We see errors & \"quotes\" 🚨 שלום in the logs.")}}},
        maintenance={"2026-11-30-hostile": (
            {"title": HOSTILE, "start": "2026-11-30 02:00", "end": "2026-11-30 03:00",
             "components": ["api"]}, "Body & <b>bold</b>")},
        faq={"hostile": ({"question": HOSTILE, "incidents": ["2026-11-24-hostile"]},
                         "An answer with </script> inside.")},
    )
    return build_site(config, root / "site")


def test_hostile_text_is_escaped_and_intact_in_html(hostile_site: Path) -> None:
    for page in sorted(hostile_site.rglob("*.html")):
        raw = page.read_text("utf-8")
        assert "<script>alert(" not in raw, page
        doc = lxml.html.parse(str(page))
        assert not [s for s in doc.xpath("//script") if "alert(" in (s.text or "")
                    and s.get("type") != "application/ld+json"], page
    incident = lxml.html.parse(str(hostile_site / "incidents/2026-11-24-hostile/index.html"))
    assert incident.xpath("//h1")[0].text_content() == HOSTILE
    assert meta(incident, "og:title") == HOSTILE
    assert HOSTILE in incident.xpath("//head/link[@rel='alternate']/@title")[-1]
    component = lxml.html.parse(str(hostile_site / "components/api/index.html"))
    assert component.xpath("//h1")[0].text_content() == HOSTILE
    faq = lxml.html.parse(str(hostile_site / "faq/index.html"))
    data = json.loads(faq.xpath('//script[@type="application/ld+json"]')[0].text)
    assert data["mainEntity"][0]["name"] == HOSTILE


def test_hostile_text_is_escaped_and_intact_in_feeds(hostile_site: Path) -> None:
    for path in sorted((hostile_site / "feeds").rglob("*.xml")):
        lxml.etree.fromstring(path.read_bytes())
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, path
    atom = lxml.etree.fromstring((hostile_site / "feeds/atom.xml").read_bytes())
    titles = [t.text for t in atom.iter("{http://www.w3.org/2005/Atom}title")]
    assert f"Test Status: {HOSTILE}" in [t.text for t in lxml.etree.fromstring(
        (hostile_site / "feeds/incidents/2026-11-24-hostile.atom.xml").read_bytes()).iter(
        "{http://www.w3.org/2005/Atom}title")]
    assert f"{HOSTILE} — Investigating" in titles
    assert f"Scheduled maintenance: {HOSTILE}" in titles


def test_hostile_text_is_intact_in_json_calendar_and_badges(hostile_site: Path) -> None:
    summary = json.loads((hostile_site / "api/v2/summary.json").read_text("utf-8"))
    assert summary["incidents"][0]["name"] == HOSTILE
    assert {c["name"] for c in summary["components"]} == {HOSTILE}
    assert summary["incidents"][0]["incident_updates"][0]["body"] == \
        "We see errors & \"quotes\" 🚨 שלום in the logs."
    calendar = Calendar.from_ical((hostile_site / endpoints.CALENDAR).read_bytes())
    assert str(calendar.walk("VEVENT")[0]["summary"]) == HOSTILE
    root, texts = svg_texts(hostile_site / endpoints.component_badge("api"))
    assert texts == [HOSTILE, "Major outage"]
    assert root.find(f"{SVG}title").text == f"{HOSTILE}: Major outage"
    assert root.get("aria-label") == f"{HOSTILE}: Major outage"


def test_hostile_site_name_is_escaped_in_badges_and_feeds() -> None:
    root = lxml.etree.fromstring(badges.Badge(HOSTILE, HOSTILE, "none").svg().encode())
    assert [t.text for t in root.iter(f"{SVG}text")] == [HOSTILE, HOSTILE]
    snippet = lxml.html.fragment_fromstring(badges.embed_snippet(
        "https://x.example/?a=1&b=\"2\"", "https://x.example/b.svg", HOSTILE))
    assert snippet.get("href") == "https://x.example/?a=1&b=\"2\""
    assert snippet[0].get("alt") == HOSTILE
