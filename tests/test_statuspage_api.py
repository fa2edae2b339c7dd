"""The Statuspage-compatible api/v2/ files: built by mkdocs, checked against the schema."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from referencing import Registry, Resource
from support import build_example

from generator.core import endpoints
from generator.core.model import Component, Hub, Incident, Maintenance, Update
from generator.core.status import snapshot
from generator.core.vocabulary import ComponentStatus, Impact, UpdateStatus
from generator.outputs import statuspage_api

ZONE = ZoneInfo("Europe/Berlin")
SCHEMA = json.loads(resources.files("generator").joinpath(
    "schemas/statuspage-v2.schema.json").read_text("utf-8"))


def validator(file_name: str) -> jsonschema.Draft202012Validator:
    registry = Registry().with_resource(SCHEMA["$id"], Resource.from_contents(SCHEMA))
    return jsonschema.Draft202012Validator(
        {"$ref": SCHEMA["$id"] + SCHEMA["x-files"][file_name]}, registry=registry)


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    """The example site, built once for the whole session (never changed by a test)."""
    return example_site


def load(site: Path, name: str) -> Any:
    return json.loads((site / endpoints.API_ROOT / name).read_text("utf-8"))


def test_schema_is_a_valid_schema_covering_every_file() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert sorted(SCHEMA["x-files"]) == sorted(endpoints.API_FILES)


@pytest.mark.parametrize("name", endpoints.API_FILES)
def test_every_built_file_matches_the_schema(site: Path, name: str) -> None:
    validator(name).validate(load(site, name))


def test_summary_of_the_example_hub(site: Path) -> None:
    summary = load(site, "summary.json")
    assert summary["page"] == {
        "id": statuspage_api.short_id("https://status.fernway.example/"),
        "name": "Fernway Status", "url": "https://status.fernway.example",
        "time_zone": "Europe/Berlin", "updated_at": "2026-11-24T10:30:00.000+01:00"}
    assert summary["status"] == {"indicator": "major", "description": "Partial System Outage"}
    assert [i["id"] for i in summary["incidents"]] == ["2026-11-24-delivery-tracking-delays"]
    incident = summary["incidents"][0]
    assert incident["status"] == "identified" and incident["impact"] == "major"
    assert incident["shortlink"] == ("https://status.fernway.example/incidents/"
                                     "2026-11-24-delivery-tracking-delays/")
    newest = incident["incident_updates"][0]
    assert newest["id"] == statuspage_api.short_id(
        "2026-11-24-delivery-tracking-delays/02-identified")
    assert newest["affected_components"] == [{"code": "mobile-apps", "name": "Mobile apps",
                                              "old_status": "operational",
                                              "new_status": "degraded_performance"}]
    assert [c["id"] for c in incident["components"]] == ["delivery-tracking", "mobile-apps"]
    assert [m["status"] for m in summary["scheduled_maintenances"]] == ["scheduled"]


def test_components_list_groups_with_their_members_in_page_order(site: Path) -> None:
    components = load(site, "components.json")["components"]
    assert [c["position"] for c in components] == list(range(1, len(components) + 1))
    groups = {c["id"]: c for c in components if c["group"]}
    assert groups["shopping"]["components"] == ["website", "mobile-apps", "checkout"]
    assert groups["delivery"]["status"] == "partial_outage"  # worst member
    members = {c["id"]: c for c in components if not c["group"]}
    assert members["delivery-tracking"]["group_id"] == "delivery"
    assert members["delivery-tracking"]["status"] == "partial_outage"


def test_rebuild_differs_only_where_the_clock_matters(site: Path, tmp_path: Path) -> None:
    again = build_example(tmp_path / "again")
    for name in endpoints.API_FILES:
        assert (again / endpoints.API_ROOT / name).read_bytes() == \
            (site / endpoints.API_ROOT / name).read_bytes()
    later = build_example(tmp_path / "later", now="2026-11-28 03:00")  # maintenance running
    active = load(later, "scheduled-maintenances/active.json")["scheduled_maintenances"]
    assert [m["id"] for m in active] == ["2026-11-28-payment-provider-migration"]
    assert [u["status"] for u in active[0]["incident_updates"]] == ["in_progress", "scheduled"]
    assert load(later, "scheduled-maintenances/upcoming.json")["scheduled_maintenances"] == []
    assert load(later, "summary.json")["page"]["updated_at"] == "2026-11-28T02:00:00.000+01:00"
    # Incidents did not change; only the components they embed show the current status.
    def without_components(name: str, built: Path) -> list[dict[str, Any]]:
        return [{k: v for k, v in i.items() if k != "components"}
                for i in load(built, name)["incidents"]]
    assert without_components("incidents.json", later) == without_components("incidents.json", site)
    checkout = next(c for c in load(later, "components.json")["components"] if c["id"] == "checkout")
    assert checkout["status"] == "under_maintenance"


# -- pure: the core mapping, without MkDocs ---------------------------------------------------
def at(hours: float) -> datetime:
    return datetime(2026, 11, 1, tzinfo=ZONE) + timedelta(hours=hours)


def tiny_hub(incident_count: int = 1) -> Hub:
    incidents = tuple(
        Incident(id=f"2026-11-01-incident-{n:03d}", title=f"Incident {n}", impact=Impact.MINOR,
                 started=at(n), path="x",
                 updates=(Update(incident_id=f"2026-11-01-incident-{n:03d}", slug="01-first",
                                 at=at(n), status=UpdateStatus.RESOLVED, body="Done.", path="x"),))
        for n in reversed(range(incident_count)))
    return Hub(time_zone=ZONE, components=(Component(id="api", name="API"),), incidents=incidents,
               maintenances=(Maintenance(id="2026-11-05-upgrade", title="Upgrade", start=at(100),
                                         end=at(102), path="m", components=("api",)),))


def files(hub: Hub, now: datetime) -> dict[str, Any]:
    site = statuspage_api.Site(hub=hub, snapshot=snapshot(hub, now), name="S",
                               url="https://s.example/")
    return statuspage_api.api_files(site)


def test_the_files_the_build_lists_before_making_them_are_the_files_it_makes() -> None:
    """The build names api/v2/'s files before it makes them (a page may link to one)."""
    assert tuple(files(tiny_hub(), at(200))) == endpoints.API_FILES


def test_incidents_json_lists_the_latest_fifty() -> None:
    listed = files(tiny_hub(55), at(200))["incidents.json"]["incidents"]
    assert len(listed) == 50
    assert listed[0]["id"] == "2026-11-01-incident-054"


@pytest.mark.parametrize(("hours", "state", "upcoming", "active"), [
    (99, "scheduled", 1, 0), (101, "in_progress", 0, 1), (103, "completed", 0, 0)])
def test_maintenance_state_follows_the_build_time(hours: float, state: str, upcoming: int,
                                                  active: int) -> None:
    built = files(tiny_hub(), at(hours))
    assert built["scheduled-maintenances.json"]["scheduled_maintenances"][0]["status"] == state
    assert len(built["scheduled-maintenances/upcoming.json"]["scheduled_maintenances"]) == upcoming
    assert len(built["scheduled-maintenances/active.json"]["scheduled_maintenances"]) == active
    component = built["components.json"]["components"][0]
    assert component["status"] == ("under_maintenance" if active else "operational")
    for name, payload in built.items():
        validator(name).validate(json.loads(statuspage_api.dumps(payload)))


def test_json_text_is_stable_and_keeps_real_characters() -> None:
    text = statuspage_api.dumps({"b": "<script> & \"q\" 🚨 שלום", "a": 1})
    assert text == '{"a":1,"b":"<script> & \\"q\\" 🚨 שלום"}\n'


def test_a_components_updated_at_is_its_last_change_up_to_the_build() -> None:
    """An incident's start for its initial states, an update naming it, a resolve (which
    names every component its incident touched), a maintenance window's start and end; never
    a moment after the build."""
    day = datetime(2026, 11, 20, 9, 0, tzinfo=ZONE)
    hub = Hub(time_zone=ZONE, components=tuple(
        Component(id=c, name=c.title()) for c in ("web", "api", "mail", "quiet")),
        incidents=(
            Incident(id="2026-11-20-a", title="A", impact=Impact.MAJOR, started=day, path="a",
                     initial_components={"web": ComponentStatus.MAJOR_OUTAGE},
                     updates=(
                         Update("2026-11-20-a", "01", day + timedelta(hours=1),
                                UpdateStatus.IDENTIFIED, "x", "a/01",
                                components={"api": ComponentStatus.PARTIAL_OUTAGE}),
                         Update("2026-11-20-a", "02", day + timedelta(hours=2),
                                UpdateStatus.RESOLVED, "x", "a/02"))),
            Incident(id="2026-11-20-b", title="B", impact=Impact.MINOR,
                     started=day + timedelta(hours=3), path="b",
                     initial_components={"api": ComponentStatus.DEGRADED_PERFORMANCE},
                     updates=(Update("2026-11-20-b", "01", day + timedelta(days=9),
                                     UpdateStatus.RESOLVED, "x", "b/01"),))),
        maintenances=(Maintenance(id="2026-11-21-m", title="M", start=day + timedelta(days=1),
                                  end=day + timedelta(days=1, hours=2), path="m",
                                  components=("mail",)),))
    now = day + timedelta(days=2)
    assert statuspage_api.components_changed_at(hub, now) == {
        "web": day + timedelta(hours=2),  # resolved with its incident
        "api": day + timedelta(hours=3),  # incident B's start; its resolve is after the build
        "mail": day + timedelta(days=1, hours=2)}
    site = statuspage_api.Site(hub=hub, snapshot=snapshot(hub, now), name="S",
                               url="https://status.example/")
    assert statuspage_api.component_changed_at(site, "quiet") == statuspage_api.epoch(site)
