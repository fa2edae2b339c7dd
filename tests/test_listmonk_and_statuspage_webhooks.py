"""Email subscribers through Listmonk (one campaign per update, exactly once through kills
and reruns) and webhooks in Statuspage's shape, against local stand-ins."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from crosspost_fakes import Platforms
from crosspost_hub import NOW, all_channels, environment, make_hub, no_sleep, write
from listmonk_standin import LISTS, TOKEN, USER, ListmonkStandIn

from generator.crosspost.publishing import run_publish
from generator.site.settings import load_project

ROOT = Path(__file__).resolve().parents[1]
KEYS = ["2026-11-24-payments-down/update-1", "2026-11-24-payments-down/update-2"]


@pytest.fixture
def listmonk() -> Iterator[ListmonkStandIn]:
    server = ListmonkStandIn()
    yield server
    server.stop()


def listmonk_hub(root: Path, base: str, lists: dict[str, Any] | None = None) -> Path:
    make_hub(root, channels={"newsletter": {"kind": "listmonk", "url": base, "lists": lists or {
        "all": {"id": 1, "uuid": LISTS[1]}, "payments": {"id": 2, "uuid": LISTS[2]}}}})
    write(root / "content/incidents/2026-11-24-payments-down/incident.md", """
        ---
        title: Card payments failing
        impact: major
        started: 2026-11-24 14:00 +00:00
        components:
          payments: major_outage
        ---
    """)
    return root


def env() -> dict[str, str]:
    return {"CRISISHUB_NEWSLETTER_API_USER": USER, "CRISISHUB_NEWSLETTER_API_TOKEN": TOKEN}


def publish(root: Path, environ: dict[str, str], **kwargs: Any) -> tuple[int, str]:
    out = io.StringIO()
    code = run_publish(load_project(root / "mkdocs.yml"), out, now=NOW, environ=environ,
                       sleep=no_sleep, timeout=2.0, **kwargs)
    return code, out.getvalue()


def ledger_states(root: Path) -> dict[str, str]:
    lines = (root / "content/.crisishub/ledger.jsonl").read_text().splitlines()
    return {e["key"]: e["state"] for e in map(json.loads, lines) if e["channel"] == "newsletter"}


def assert_one_running_campaign_per_update(listmonk: ListmonkStandIn) -> None:
    names = sorted(c["name"] for c in listmonk.campaigns)
    assert names == [f"Crisis Hub {k}" for k in KEYS]
    assert [c["status"] for c in listmonk.campaigns] == ["running", "running"]


def test_publish_starts_one_campaign_per_update_for_its_components_lists(
        tmp_path: Path, listmonk: ListmonkStandIn) -> None:
    root = listmonk_hub(tmp_path, listmonk.base)
    code, out = publish(root, env())
    assert code == 0, out
    assert_one_running_campaign_per_update(listmonk)
    first = listmonk.campaigns[0]
    assert [x["id"] for x in first["lists"]] == [1, 2]
    assert first["subject"] == "Investigating: Card payments failing"
    assert first["type"] == "regular" and first["content_type"] == "plain"
    assert "https://status.example.com/incidents/2026-11-24-payments-down/" in first["body"]
    assert ledger_states(root) == dict.fromkeys(KEYS, "posted")
    assert TOKEN not in out
    asked = len(listmonk.requests)
    code, out = publish(root, env())
    assert code == 0 and "Nothing to publish" in out
    assert len(listmonk.campaigns) == 2 and len(listmonk.requests) == asked


def test_an_update_without_components_goes_to_the_everything_list_only(
        tmp_path: Path, listmonk: ListmonkStandIn) -> None:
    make_hub(tmp_path, channels={"newsletter": {"kind": "listmonk", "url": listmonk.base,
                                                "lists": {"all": {"id": 1, "uuid": LISTS[1]}}}})
    assert publish(tmp_path, env())[0] == 0
    assert [[x["id"] for x in c["lists"]] for c in listmonk.campaigns] == [[1], [1]]


@pytest.mark.parametrize("route", ["campaigns.create", "campaigns.status", "campaigns.list"])
@pytest.mark.parametrize("action", ["drop", "500"])
def test_a_lost_answer_or_server_error_is_read_back_and_never_mails_twice(
        tmp_path: Path, listmonk: ListmonkStandIn, route: str, action: str) -> None:
    root = listmonk_hub(tmp_path, listmonk.base)
    listmonk.fault(route, action)
    code, out = publish(root, env())
    assert code == 0, out
    assert_one_running_campaign_per_update(listmonk)
    assert ledger_states(root) == dict.fromkeys(KEYS, "posted")


KILL = """
import io, os, sys
sys.path[:0] = [{root!r}, {tests!r}]
from generator.crosspost import ledger
from generator.crosspost.channels import listmonk
point = {point!r}
original_call, original_record = listmonk.Listmonk._call, ledger.Ledger.record
async def call(self, method, path, **kwargs):
    answer = await original_call(self, method, path, **kwargs)
    if point == "after-create" and method == "POST":
        os._exit(137)  # killed between creating the campaign and starting it
    return answer
def record(self, key, channel, state, **fields):
    if point == "after-start" and state == "posted":
        os._exit(137)  # killed after the start, before the ledger says so
    return original_record(self, key, channel, state, **fields)
listmonk.Listmonk._call, ledger.Ledger.record = call, record
from pathlib import Path
from crosspost_hub import NOW
from generator.crosspost.publishing import run_publish
from generator.site.settings import load_project
run_publish(load_project(Path({hub!r}) / "mkdocs.yml"), io.StringIO(), now=NOW,
            environ={env!r})
"""


@pytest.mark.parametrize("point", ["after-create", "after-start"])
def test_killed_mid_send_a_rerun_finishes_without_a_second_campaign(
        tmp_path: Path, listmonk: ListmonkStandIn, point: str) -> None:
    root = listmonk_hub(tmp_path, listmonk.base)
    script = KILL.format(root=str(ROOT), tests=str(ROOT / "tests"), hub=str(root), point=point,
                         env=env())
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 137, done.stderr
    assert len(listmonk.campaigns) == 1
    assert listmonk.campaigns[0]["status"] == ("draft" if point == "after-create" else "running")
    assert ledger_states(root)[KEYS[0]] == "sending"
    code, out = publish(root, env())
    assert code == 0, out
    assert_one_running_campaign_per_update(listmonk)
    assert ledger_states(root) == dict.fromkeys(KEYS, "posted")


def test_a_campaign_the_team_cancelled_is_not_restarted(tmp_path: Path,
                                                         listmonk: ListmonkStandIn) -> None:
    root = listmonk_hub(tmp_path, listmonk.base)
    (root / "content/incidents/2026-11-24-payments-down/update-2.md").unlink()
    listmonk.campaigns.append({"id": 1, "name": f"Crisis Hub {KEYS[0]}", "status": "cancelled",
                               "lists": [{"id": 1}], "uuid": "c-1"})
    code, out = publish(root, env())
    assert code == 1
    assert "newsletter  2026-11-24-payments-down/update-1  failed  HTTP 400: Cannot start " \
           "campaign." in out
    assert len(listmonk.campaigns) == 1


def test_wrong_credentials_and_list_settings_are_reported(tmp_path: Path,
                                                          listmonk: ListmonkStandIn) -> None:
    root = listmonk_hub(tmp_path, listmonk.base)
    code, out = publish(root, {**env(), "CRISISHUB_NEWSLETTER_API_TOKEN": "wrong"})
    assert code == 1 and "HTTP 403: Invalid API credentials" in out and "wrong" not in out
    assert listmonk.campaigns == []
    listmonk_hub(tmp_path, listmonk.base, lists={"all": {"id": "one"}})
    code, out = publish(root, env())
    assert code == 1
    assert "content/channels.yml:6: channels.newsletter.lists.all: write the list's id and " \
           "uuid, like '  all: {id: 1, uuid: 9d6a0c2e-...}'" in out


def test_statuspage_webhooks_carry_the_incident_then_each_component_change(
        tmp_path: Path, platforms: Platforms) -> None:
    hook = {**all_channels(platforms.base)["webhook"], "format": "statuspage"}
    root = make_hub(tmp_path, channels={"webhook": hook})
    write(root / "content/incidents/2026-11-24-payments-down/update-2.md", """
        ---
        at: 2026-11-24 14:40 +00:00
        status: identified
        components:
          payments: partial_outage
        ---
        We found the cause.
    """)
    code, out = publish(root, environment(platforms.base))
    assert code == 0, out
    bodies = platforms.posts["webhook"]  # the stand-in checked every HMAC signature
    assert [sorted(k for k in b if k != "delivery") for b in bodies] == [
        ["incident", "meta", "page"], ["incident", "meta", "page"],
        ["component", "component_update", "meta", "page"]]
    first, second, change = bodies
    assert first["incident"]["status"] == "investigating"
    assert [u["status"] for u in first["incident"]["incident_updates"]] == ["investigating"]
    assert [u["status"] for u in second["incident"]["incident_updates"]] == [
        "identified", "investigating"]
    assert second["incident"]["shortlink"] == \
        "https://status.example.com/incidents/2026-11-24-payments-down/"
    assert set(second["page"]) == {"id", "status_indicator", "status_description"}
    assert change["component_update"]["old_status"] == "operational"
    assert change["component_update"]["new_status"] == "partial_outage"
    assert change["component"]["id"] == "payments"
    assert change["component"]["status"] == "partial_outage"
    assert len({b["delivery"] for b in bodies}) == 3
    code, out = publish(root, environment(platforms.base))
    assert platforms.count("webhook") == 3  # nothing twice
