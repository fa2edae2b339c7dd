"""Accessibility of the main pages: axe-core in the browser, and status never by colour alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .support import (
    PAGES,
    SCHEMES,
    open_page,
)

# Besides the five main pages, the other generated kinds of page.
MORE_PAGES = {
    "components": "components/",
    "maintenance": "maintenance/",
    "faq-entry": "faq/charged-for-failed-order/",
    "incident-with-postmortem": "incidents/2026-11-03-checkout-payment-failures/",
    "history-month": "history/2026-10/",
}
BLOCKING = ("serious", "critical")


def axe_violations(page: Any, script: Path) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(script))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']}")
        lines.extend(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"][:5])
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_axe_violations(browser: Any, site_url: str, axe_script: Path, name: str,
                                   width: str, scheme: str) -> None:
    context, page, _ = open_page(browser, site_url + PAGES[name][0], width=width, scheme=scheme)
    try:
        violations = axe_violations(page, axe_script)
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        assert blocking == [], describe(blocking)
        # Stricter than the issue asks, and true today: no moderate or minor findings either.
        assert violations == [], describe(violations)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", list(MORE_PAGES))
def test_other_pages_have_no_axe_violations_at_all(browser: Any, site_url: str, axe_script: Path,
                                                   name: str, scheme: str) -> None:
    """The other kinds of generated page, once per scheme: no findings of any impact."""
    context, page, _ = open_page(browser, site_url + MORE_PAGES[name], scheme=scheme)
    try:
        violations = axe_violations(page, axe_script)
        assert violations == [], describe(violations)
    finally:
        context.close()


STATUS_TEXT = """() => {
  const text = e => (e ? e.textContent : "").replace(/\\s+/g, " ").trim();
  const shown = e => { const s = getComputedStyle(e);
                       return s.display !== "none" && s.visibility !== "hidden" && s.opacity !== "0"; };
  const found = [];
  for (const e of document.querySelectorAll(".ch-status")) {
    found.push({kind: "status", cls: e.className, icon: text(e.querySelector(".ch-status__icon")),
                label: text(e.querySelector(".ch-status__label")),
                shown: shown(e.querySelector(".ch-status__label"))});
  }
  for (const e of document.querySelectorAll(".ch-update-status, .ch-impact")) {
    found.push({kind: "badge", cls: e.className, icon: "-", label: text(e), shown: shown(e)});
  }
  for (const e of document.querySelectorAll(".ch-banner")) {
    found.push({kind: "banner", cls: e.className, icon: text(e.querySelector(".ch-banner__icon")),
                label: text(e.querySelector(".ch-banner__text")), shown: shown(e)});
  }
  return found;
}"""

BARS = """() => [...document.querySelectorAll(".ch-bars")].map(list => ({
  listName: list.getAttribute("aria-label"),
  role: list.tagName,
  bars: [...list.querySelectorAll(".ch-bar")].map(bar => ({
    cls: bar.className, tag: bar.tagName, label: bar.textContent.trim(), title: bar.title,
  })),
}))"""


def test_status_is_never_shown_by_colour_alone(browser: Any, site_url: str) -> None:
    """Every coloured status element also carries a word (and, for statuses, an icon)."""
    context, page, _ = open_page(browser, site_url)
    try:
        kinds_seen: set[str] = set()
        for path in [p for p, _ in PAGES.values()] + list(MORE_PAGES.values()):
            page.goto(site_url + path)
            for item in page.evaluate(STATUS_TEXT):
                kinds_seen.add(item["kind"])
                where = f"/{path} {item['cls']}"
                assert item["icon"], f"{where}: no icon"
                assert item["label"], f"{where}: no word"
                assert item["shown"], f"{where}: the word is hidden"
        assert kinds_seen == {"status", "badge", "banner"}
    finally:
        context.close()


def test_every_day_bar_has_a_text_label(browser: Any, site_url: str) -> None:
    """The 90 coloured bars are a list whose items each say the day and what happened."""
    context, page, _ = open_page(browser, site_url + "components/delivery-tracking/")
    try:
        (bar_list,) = page.evaluate(BARS)
        assert bar_list["role"] == "OL"
        assert bar_list["listName"] == "Last 90 days"
        bars = bar_list["bars"]
        assert len(bars) == 90
        for bar in bars:
            assert bar["tag"] == "LI"
            assert bar["label"] and bar["label"] == bar["title"]
        bad_days = [b for b in bars if "ch-bar--operational" not in b["cls"]]
        assert bad_days, "the example has an incident on this component in the last 90 days"
        for bar in bad_days:
            status_word = bar["cls"].split("ch-bar--")[1].replace("_", " ")
            assert status_word in bar["label"].lower(), bar
        # The accessibility tree, as a screen reader gets it: a list of 90 labelled items.
        snapshot = page.locator("ol.ch-bars").aria_snapshot()
        assert snapshot.startswith('- list "Last 90 days":')
        assert snapshot.count("listitem \"") == 90
    finally:
        context.close()
