"""The internal Publishing page in a real browser, on a 360 px phone and a desktop: the
plan's tables stay inside the page (no sideways scrolling). Screenshots go to
test-artifacts/publishing-*.png."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .support import WIDTHS, open_page, screenshot, stacked_label
from .test_accessibility import BLOCKING, axe_violations, describe


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_publishing_plan_reads_on_a_phone_and_a_desktop(browser: Any, internal_site_url: str,
                                                            width: str) -> None:
    context, page, log = open_page(browser, internal_site_url + "publishing/", width=width)
    try:
        assert log.errors == [] and log.failed == []
        assert page.locator("article h1").inner_text() == "Cross-posting preview"
        assert page.locator("article table.ch-plan-table").count() == 3  # 2 updates, 1 held post
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than the {width} screen"
        edges = page.evaluate("""() => [...document.querySelectorAll(
            'article table, article blockquote, article code')].map(
            t => t.getBoundingClientRect().right - t.closest('article').getBoundingClientRect().right)""")
        assert edges and max(edges) <= 1, edges
        if width == "phone":
            assert "What happens" in stacked_label(page, ".ch-plan-table td[data-label]")
        screenshot(page, f"publishing-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_publishing_plan_has_no_serious_axe_violations(browser: Any, internal_site_url: str,
                                                           axe_script: Path, width: str) -> None:
    context, page, _ = open_page(browser, internal_site_url + "publishing/", width=width)
    try:
        violations = axe_violations(page, axe_script)
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        assert blocking == [], describe(blocking)
        assert violations == [], describe(violations)  # no moderate or minor findings either
    finally:
        context.close()
