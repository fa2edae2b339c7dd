"""The crisis report (internal site) in a real browser, on a 360 px phone and a desktop: no
sideways scrolling, chart text at a readable size, the tables readable row by row.
Screenshots go to test-artifacts/report-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from generator.practice.charts import FONT

from .support import WIDTHS, open_page, screenshot, stacked_label

READABLE_PX = 10  # the smallest chart text we accept on a phone (it was ~5 px)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_report_reads_on_a_phone_and_a_desktop(browser: Any, internal_site_url: str,
                                                   width: str) -> None:
    context, page, log = open_page(browser, internal_site_url + "report/", width=width)
    try:
        assert log.errors == [] and log.failed == []
        assert page.locator("article h1").inner_text() == "Crisis report"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the report is {overflow}px wider than the {width} screen"
        # Every table stays inside the article (none runs off the page).
        tables = page.evaluate("""() => [...document.querySelectorAll('article table')].map(
            t => t.getBoundingClientRect().right - t.closest('article').getBoundingClientRect().right)""")
        assert tables and max(tables) <= 1, tables
        # A chart's text is drawn at FONT px and scaled with the image: it stays readable.
        charts = page.evaluate("""() => [...document.querySelectorAll('.ch-chart img')].map(
            i => [i.getAttribute('src'), i.naturalWidth, i.getBoundingClientRect().width])""")
        assert len(charts) >= 3
        for src, natural, shown in charts:
            if "reactions-" in src or "sentiment-" in src:
                continue  # the listening charts are not part of this check
            assert natural > 0, f"{src} did not load"
            assert FONT * shown / natural >= READABLE_PX, (src, natural, shown)
        if width == "phone":
            assert "First statement" in stacked_label(page, ".ch-report-incidents td.ch-first")
        screenshot(page, f"report-{width}")
    finally:
        context.close()
