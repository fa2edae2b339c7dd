"""The built status site, read as a visitor reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html
from support import HubFolder, html_text


def page(site: Path, url: str) -> str:
    return html_text(site / url / "index.html")


def test_example_hub_has_every_kind_of_page(example_site: Path) -> None:
    for url in ["", "incidents/2026-11-03-checkout-payment-failures", "history",
                "history/2026-10", "history/2026-11", "components", "components/checkout",
                "maintenance", "faq", "faq/charged-for-failed-order", "about"]:
        assert (example_site / url / "index.html").is_file(), url


def test_home_shows_banner_active_incident_promise_and_components(example_site: Path) -> None:
    text = page(example_site, "")
    assert "Partial system outage" in text
    assert "Status as of November 24, 2026, 11:40 AM CET" in text
    assert "Delivery tracking shows outdated courier positions" in text
    # The latest update says when the next one comes; the home says it once (test_status_page.py).
    assert "Next update: by 12:00 CET." in text
    assert "Delivery tracking ! Partial outage" in text
    assert "Mobile apps ◐ Degraded performance" in text
    assert "Website ✓ Operational" in text
    assert "Upcoming maintenance Moving card payments to a second payment provider" in text
    assert "Order confirmation emails delayed" in text  # resolved within the last 7 days


def test_incident_page_timeline_newest_first_with_changes_and_postmortem(example_site: Path) -> None:
    tree = html.fromstring((example_site / "incidents/2026-11-03-checkout-payment-failures/index.html")
                           .read_text(encoding="utf-8"))
    anchors = tree.xpath("//li[contains(@class,'ch-update')]/@id")
    assert anchors == ["update-04-resolved", "update-03-monitoring", "update-02-identified",
                       "update-01-investigating"]
    text = page(example_site, "incidents/2026-11-03-checkout-payment-failures")
    assert "Duration 2 hours 15 minutes" in text
    assert "Checkout and payments: ✕ Major outage → ◐ Degraded performance" in text
    assert "Postmortem" in text and "Root cause" in text
    assert "Route gateway configuration through the canary pipeline" in text
    assert "Was I charged for an order whose payment failed?" in text


def test_incidents_are_not_in_the_navigation(example_site: Path) -> None:
    tree = html.fromstring((example_site / "index.html").read_text(encoding="utf-8"))
    # The public site's links at the top (the team's site keeps Material's sidebar).
    nav_links = tree.xpath("//nav[@class='ch-topnav']//a/@href")
    assert not [link for link in nav_links if "incidents/" in link]
    assert any(link.rstrip("/").endswith("history") for link in nav_links)


def test_history_is_paginated_by_month(example_site: Path) -> None:
    text = page(example_site, "history/2026-10")
    assert "Incident history: October 2026" in text
    assert "Partner API returning errors for stock updates" in text
    assert "Newer: November 2026" in text
    assert "Card payments failing" not in text


def test_component_page_has_uptime_and_ninety_bars(example_site: Path) -> None:
    tree = html.fromstring((example_site / "components/checkout/index.html").read_text("utf-8"))
    assert len(tree.xpath("//ol[contains(@class,'ch-bars')]/li")) == 90
    text = page(example_site, "components/checkout")
    # 2 h 15 min of checkout trouble on Nov 3: 14:05-15:35 major outage, 15:35-16:20 degraded.
    # Window: Aug 27 00:00 to Nov 24 11:40 CET = 2147 h 40 min (+1 h for the DST change).
    expected = 100 * (1 - 90 / (2148 * 60 + 40))
    assert f"Uptime over the last 90 days {expected:.2f} %" in text
    assert "November 3, 2026: Major outage" in text


def test_changing_an_update_changes_the_home_after_build(example_copy: Path) -> None:
    from generator.cli.main import main

    update = example_copy / "content/incidents/2026-11-24-delivery-tracking-delays/02-identified.md"
    update.write_text(update.read_text("utf-8").replace("status: identified", "status: resolved"),
                      encoding="utf-8")
    config = str(example_copy / "mkdocs.yml")
    assert main(["--config", config, "build"]) == 0
    text = page(example_copy / "site", "")
    assert "No active incidents right now." in text
    assert "All systems operational" in text


def test_russian_pages_and_dates(hub: HubFolder) -> None:
    hub.write_config(language="ru")
    hub.write_incident("2026-11-24-a", components={"web": "major_outage"}, title="Оплата не проходит")
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 10:05", next_update="2026-11-24 12:30")
    text = page(hub.build(), "")
    assert "Серьёзный сбой" in text
    assert "Следующее сообщение — не позже 24 ноября 2026 г., 12:30 CET" in text
    assert "Website ✕ Не работает" in text


def test_hostile_text_is_escaped(hub: HubFolder) -> None:
    title = "<script>alert(1)</script> & \"quotes\" 'single' 🚨 שלום"
    hub.write_incident("2026-11-24-a", title=title)
    hub.write_update("2026-11-24-a", "01", at="2026-11-24 10:05")
    site = hub.build()
    raw = (site / "incidents/2026-11-24-a/index.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in raw
    assert title in page(site, "incidents/2026-11-24-a")


def test_a_failed_build_reports_errors_and_writes_nothing(hub: HubFolder) -> None:
    from mkdocs.exceptions import Abort

    hub.write_incident("2026-11-24-a", impact="enormous")
    with pytest.raises(Abort):
        hub.build()
    assert not (hub.root / "site" / "index.html").exists()


def test_serve_watches_the_content_folder(hub: HubFolder) -> None:
    from mkdocs.config import load_config

    config = load_config(str(hub.root / "mkdocs.yml"))
    plugin = config.plugins["crisishub"]
    plugin.on_config(config)

    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    plugin.on_serve(server, config=config, builder=None)
    assert server.watched == [str(hub.content.resolve())]
