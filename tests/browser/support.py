"""What the browser tests share: where things are, the pages under test, page helpers.

Without Chromium, Playwright or axe-core the tests skip on a developer's machine and FAIL
when the environment variable CI is set: CI must never pass by skipping them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
ARTIFACTS = REPO / "test-artifacts"
AXE_SCRIPT = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("CRISISHUB_CHROMIUM", "/usr/bin/chromium"))
# The flags that work on these machines: no sandbox (CI runs as root), and no background
# connections to Google's hosts, which the closed network refuses.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
SCHEMES = ["light", "dark"]

# The pages a reader meets first in a crisis, and the heading each must show.
ACTIVE_INCIDENT = "2026-11-24-delivery-tracking-delays"
PAGES = {
    "home": ("", "Current status"),
    "incident": (f"incidents/{ACTIVE_INCIDENT}/", "Delivery tracking shows outdated courier positions"),
    "history": ("history/", "Incident history"),
    "component": ("components/delivery-tracking/", "Delivery tracking"),
    "faq": ("faq/", "Frequently asked questions"),
    "developers": ("developers/", "For developers"),
}


def missing(what: str, how: str) -> None:
    """Skip locally, fail in CI: a browser test that cannot run must not pass quietly there."""
    message = f"{what} is missing ({how}); the browser tests cannot run"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# Material's "alternate" integration (meant for language versions) fetches sitemap.xml next
# to EVERY <link rel="alternate">, feeds included, so each feed folder linked from <head>
# costs one 404 per page view: squidfunk/mkdocs-material#8576, still in Material 9.x. The
# feed autodiscovery links are worth more than that request, so exactly these 404s (and their
# console lines) are ignored; any other failed request or console error fails the tests.
MATERIAL_ALTERNATE_SITEMAP = re.compile(r"/feeds/(?:[a-z-]+/)?sitemap\.xml$")


def _ignored(url: str) -> bool:
    return bool(MATERIAL_ALTERNATE_SITEMAP.search(urlsplit(url).path))


@dataclass
class PageLog:
    """What a page did while it loaded: console errors, script errors, failed requests."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    responses: list[Any] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type not in ("error", "assert"):
            return
        source = message.location.get("url", "")
        if not _ignored(source):
            self.errors.append(f"console.{message.type}: {message.text} ({source})")

    def _response(self, response: Any) -> None:
        self.responses.append(response)
        if response.status >= 400 and not _ignored(response.url):
            self.failed.append(f"{response.url}: HTTP {response.status}")


def open_page(browser: Any, url: str, *, width: str = "desktop", scheme: str = "light",
              javascript: bool = True) -> tuple[Any, Any, PageLog]:
    """A new context and page at `url` (loaded until the network is idle) and its log."""
    context = browser.new_context(viewport=WIDTHS[width], color_scheme=scheme,
                                  java_script_enabled=javascript)
    page = context.new_page()
    log = PageLog()
    log.attach(page)
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    return context, page, log


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def stacked_label(page: Any, cell: str) -> str:
    """The label a stacked table (`table.ch-stack`) shows before `cell` on a phone, where a
    row's values are labelled one under the other."""
    return str(page.evaluate(
        "cell => getComputedStyle(document.querySelector(cell), '::before').content", cell))
