"""Fixtures of the real-browser tests: the example hub served on loopback, Debian's Chromium
driven by Playwright, and axe-core from tests/browser/node_modules (`npm ci --prefix tests/browser`).

This folder is a package (it has an __init__.py), so this conftest is imported as
`browser.conftest` and does not shadow tests/conftest.py for `from conftest import ...`.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .support import AXE_SCRIPT, CHROMIUM, CHROMIUM_ARGS, REPO, missing


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
        pass


@pytest.fixture(scope="session")
def site_url(example_site: Path) -> Iterator[str]:
    """The built example hub served over HTTP on 127.0.0.1 (a random free port)."""
    yield from served(example_site)


@pytest.fixture(scope="session")
def internal_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example hub's internal site (plan, drafts, the crisis report), served likewise."""
    from support import REPO as EXAMPLE
    from support import build_site

    site = build_site(EXAMPLE, tmp_path_factory.mktemp("internal") / "site", internal=True)
    yield from served(site)


def served(directory: Path) -> Iterator[str]:
    """`directory` served over HTTP on 127.0.0.1 (a random free port) until the fixture ends."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# One browser per test module, not per session: while Playwright's sync API is open it keeps
# an asyncio loop running in the main thread, and later tests that call asyncio.run() fail.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, launched by Playwright (never a downloaded browser)."""
    if not CHROMIUM.is_file():
        missing(str(CHROMIUM), "apt-get install chromium; .ci/run does it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package", 'pip install -e ".[test]"')
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.is_file():
        missing(str(AXE_SCRIPT.relative_to(REPO)), "npm ci --prefix tests/browser; .ci/run does it")
    return AXE_SCRIPT


