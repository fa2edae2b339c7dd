"""Text a hurried author pastes (a 300-character tracking link, an unbroken reference number,
an id as long as allowed) never makes a phone scroll sideways (issue 12, point 5): on the
home page, the incident page, its history and the FAQ, at 360 and 1280 px."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import served
from .support import WIDTHS, open_page, screenshot

LONG_LINK = "https://track.example.com/shipments/" + "A1b2C3d4E5" * 26  # 300+ characters
LONG_WORD = "REF-" + "7" * 120
INCIDENT = "2026-11-24-" + "a" * 89  # ids may have 100 characters


@pytest.fixture(scope="module")
def long_text_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from test_hostile_input import base_hub

    root = tmp_path_factory.mktemp("long-text")
    hub = base_hub(root)
    hub.write_incident(INCIDENT, started="2026-11-24 09:50",
                       title="Parcels " + "undeliverable" * 8)
    hub.write_update(INCIDENT, "01", at="2026-11-24 10:00", status="investigating",
                     body=f"**What we know:** tracking fails. See {LONG_LINK} and <{LONG_LINK}>. "
                          f"Quote {LONG_WORD} when you call. **Next update:** by 11:00.")
    hub.write_faq("long-reference", question="Where is " + LONG_WORD + "?",
                  answer=f"Open {LONG_LINK}.")
    yield from served(hub.build())


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", ["", f"incidents/{INCIDENT}/", "history/",
                                  "faq/long-reference/"])
def test_long_links_and_words_wrap_inside_the_screen(browser: Any, long_text_url: str,
                                                     path: str, width: str) -> None:
    context, page, log = open_page(browser, long_text_url + path, width=width)
    try:
        assert log.errors == [] and log.failed == []
        assert page.locator(f"text={LONG_WORD[:20]}").count() + \
            page.locator(f"a[href='{LONG_LINK}']").count() > 0 or path == "history/"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"/{path} is {overflow}px wider than the {width} screen"
        # Every element stays inside the screen, not only the page as a whole (a box with
        # overflow: hidden would hide the text instead of wrapping it).
        outside = page.evaluate("""() => [...document.querySelectorAll('article *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                         && getComputedStyle(e).display !== 'none'
                         && !e.closest('.ch-bars, table, pre, .md-typeset__scrollwrap'))
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
        assert outside == [], f"/{path} at {width}: {outside}"
        if width == "phone" and path:
            screenshot(page, "long-text-" + path.split("/")[0] + "-phone")
    finally:
        context.close()
