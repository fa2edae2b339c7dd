"""The Subscribe page: feeds and the calendar always; webhooks when the team sends them; an
email form posting to Listmonk's public subscription endpoint when a Listmonk channel is set."""

from __future__ import annotations

import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from listmonk_standin import LISTS, ListmonkStandIn
from lxml import html
from support import HubFolder, html_text

CHANNELS = """
channels:
  newsletter:
    kind: listmonk
    url: {base}
    lists:
      all: {{id: 1, uuid: {all}}}
      web: {{id: 2, uuid: {web}}}
  partners:
    kind: webhook
    url: https://hooks.partner.example/status
    format: statuspage
"""


@pytest.fixture
def listmonk() -> Iterator[ListmonkStandIn]:
    server = ListmonkStandIn()
    yield server
    server.stop()


def test_without_a_subscription_service_the_page_shows_feeds_and_the_calendar_only(
        hub: HubFolder) -> None:
    page = hub.build() / "subscribe" / "index.html"
    tree = html.fromstring(page.read_text("utf-8"))
    links = tree.xpath("//article//a/@href")
    assert "../feeds/rss.xml" in links and "../feeds/atom.xml" in links
    assert "../feeds/components/web.rss.xml" in links and "../calendar/maintenance.ics" in links
    assert "webcal://status.test.example/calendar/maintenance.ics" in links
    assert tree.xpath("//form[contains(@class, 'ch-email-form')]") == []
    assert "Webhooks" not in html_text(page)
    assert tree.xpath("//nav//a[normalize-space()='Subscribe']")  # in the navigation


def test_check_says_nothing_about_subscriptions_when_none_is_set_up(hub: HubFolder) -> None:
    done = subprocess.run([sys.executable, "-m", "generator.cli.main", "--config",
                           str(hub.root / "mkdocs.yml"), "check", "--strict"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "subscri" not in (done.stdout + done.stderr).lower()


def test_the_email_form_posts_to_listmonk_and_asks_for_confirmation(
        hub: HubFolder, listmonk: ListmonkStandIn) -> None:
    hub.write("channels.yml", CHANNELS.format(base=listmonk.base, all=LISTS[1], web=LISTS[2]))
    page = hub.build() / "subscribe" / "index.html"
    tree = html.fromstring(page.read_text("utf-8"))
    form = tree.xpath("//form[contains(@class, 'ch-email-form')]")[0]
    assert form.get("method") == "post"
    assert form.get("action") == f"{listmonk.base}/subscription/form"
    boxes = form.xpath(".//input[@name='l']")
    assert [(b.get("value"), b.getparent().text_content().split()) for b in boxes] == [
        (LISTS[1], ["Everything"]), (LISTS[2], ["Website"])]
    assert [b.get("checked") is not None for b in boxes] == [True, False]
    assert form.xpath(".//input[@type='email'][@required]/@name") == ["email"]
    assert "Webhooks" in html_text(page)
    assert "hooks.partner.example" not in page.read_text("utf-8")  # receivers stay private

    # a reader ticks "Website" too and submits: the browser sends exactly these fields
    fields = [(i.get("name"), i.get("value") or "") for i in form.xpath(".//input")
              if i.get("type") != "checkbox"] + [("l", LISTS[1]), ("l", LISTS[2])]
    fields = [(n, "reader@example.org" if n == "email" else v) for n, v in fields]
    request = urllib.request.Request(form.get("action"),
                                     data=urllib.parse.urlencode(fields).encode())
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 200
    assert listmonk.subscribers == [{"email": "reader@example.org", "lists": [LISTS[1], LISTS[2]],
                                     "status": "unconfirmed"}]
