"""The public site reads like a status page, in a real browser at 360 and 1280 px (issue 13,
points 10 and 11): no documentation sidebar, one "Next update" line, the Subscribe button at
the top, each component's day bars on the home, nothing wider than the screen; in Russian the
frame's words are Russian and long status words never break a component's name on a phone.
Screenshots go to test-artifacts/status-page-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import served
from .support import WIDTHS, open_page, screenshot

# Russian names next to the longest Russian status words ("Снижена производительность").
RUSSIAN_COMPONENTS = [
    {"id": "notify", "name": "Уведомления по почте и SMS", "group": "delivery"},
    {"id": "tracking", "name": "Отслеживание курьера", "group": "delivery"},
    {"id": "checkout", "name": "Оформление заказа и оплата"},
]


@pytest.fixture(scope="module")
def russian_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from support import build_site, write_hub

    root = tmp_path_factory.mktemp("ru")
    config = write_hub(
        root, language="ru", site_name="Статус Fernway",
        groups=[{"id": "delivery", "name": "Доставка"}], components=RUSSIAN_COMPONENTS,
        incidents={"2026-11-24-notify": {
            "meta": {"title": "Письма приходят с опозданием", "impact": "minor",
                     "components": {"notify": "degraded_performance",
                                    "checkout": "partial_outage"}},
            "updates": {"01": ({"at": "2026-11-24 10:05", "status": "investigating",
                                "next_update": "2026-11-24 12:30"},
                               "Мы выясняем причину.")}}})
    config.write_text(config.read_text("utf-8").replace("theme:\n", (
        "theme:\n  palette:\n"
        "  - {media: '(prefers-color-scheme: light)', scheme: default,"
        " toggle: {icon: material/brightness-7, name: Switch to dark mode}}\n"
        "  - {media: '(prefers-color-scheme: dark)', scheme: slate,"
        " toggle: {icon: material/brightness-4, name: Switch to light mode}}\n"), 1),
        encoding="utf-8")
    yield from served(build_site(config, root / "site"))


def _no_sideways_scrolling(page: Any, what: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{what} is {overflow}px wider than the screen"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_home_reads_like_a_status_page(browser: Any, site_url: str, width: str) -> None:
    context, page, log = open_page(browser, site_url, width=width)
    try:
        assert log.errors == [] and log.failed == []
        # No documentation frame: no sidebar, no empty strip above the header, no theme footer.
        assert page.locator(".md-sidebar").count() == 0
        assert page.locator(".md-banner").count() == 0
        assert page.locator("text=Made with").count() == 0
        header = page.locator(".md-header").bounding_box()
        assert header is not None and header["y"] == 0
        # The Subscribe button is at the top, on screen without scrolling.
        button = page.locator(".ch-topnav .ch-subscribe-button")
        assert button.is_visible() and button.inner_text() == "Subscribe"
        box = button.bounding_box()
        assert box is not None and box["y"] + box["height"] < 160
        # The state and the statement lead the page.
        banner = page.locator(".ch-banner").bounding_box()
        card = page.locator(".ch-card").bounding_box()
        components = page.locator("#ch-components").bounding_box()
        assert banner and card and components
        assert banner["y"] < card["y"] < components["y"]
        # One "Next update" line in the card.
        lines = [t for t in page.locator(".ch-card p").all_inner_texts()
                 if "next update" in t.lower()]
        assert lines == ["Next update: by 12:00 CET."]
        # Every component row has its day bars; a phone shows the last 30 days.
        rows = page.locator(".ch-component")
        assert rows.count() == 6
        shown = 30 if width == "phone" else 90
        for index in range(rows.count()):
            bars = rows.nth(index).locator(".ch-bars--home")
            assert bars.is_visible()
            visible = bars.evaluate(
                "el => [...el.children].filter(b => b.getBoundingClientRect().width > 0).length")
            assert visible == shown
        _no_sideways_scrolling(page, f"home at {width}")
        screenshot(page, f"status-page-home-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_developers_page_holds_the_embed_code(browser: Any, site_url: str, width: str) -> None:
    context, page, log = open_page(browser, site_url, width=width)
    try:
        assert page.locator(".ch-embed").count() == 0
        page.locator(".ch-footer a").click()
        page.wait_for_load_state("networkidle")
        assert page.url == site_url + "developers/"
        assert page.locator("article h1").inner_text() == "For developers"
        assert page.locator(".ch-embed").is_visible()
        assert page.locator(".ch-api-files a").count() == 8
        _no_sideways_scrolling(page, f"developers at {width}")
        assert log.errors == [] and log.failed == []
        screenshot(page, f"status-page-developers-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_russian_frame_and_component_names(browser: Any, russian_url: str, width: str) -> None:
    context, page, log = open_page(browser, russian_url, width=width)
    try:
        assert log.errors == [] and log.failed == []
        assert page.locator(".ch-subscribe-button").inner_text() == "Подписаться"
        titles = page.eval_on_selector_all("form[data-md-component=palette] label",
                                           "els => els.map(e => e.title)")
        assert titles == ["Включить тёмную тему", "Включить светлую тему"]
        rows = page.locator(".ch-component")
        assert rows.count() == 3
        screen = WIDTHS[width]["width"]
        for index in range(rows.count()):
            row = rows.nth(index)
            name = row.locator(".ch-component__name")
            status = row.locator(".ch-status__label")
            # Each name and status word stays on one line: the status moves below the name
            # when both do not fit, rather than squeezing the name word by word.
            assert name.evaluate("el => el.getClientRects().length") == 1, name.inner_text()
            assert status.evaluate("el => el.getClientRects().length") == 1
            for part in (name, status):
                box = part.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= screen
        assert "Снижена производительность" in " ".join(rows.all_inner_texts())
        _no_sideways_scrolling(page, f"Russian home at {width}")
        screenshot(page, f"status-page-ru-home-{width}")

        page.goto(russian_url + "404.html", wait_until="networkidle")
        assert page.locator("article h1").inner_text() == "Страница не найдена"
        assert page.locator("article a", has_text="Перейти к текущему статусу").is_visible()
        _no_sideways_scrolling(page, f"Russian 404 at {width}")
        screenshot(page, f"status-page-ru-404-{width}")
    finally:
        context.close()
