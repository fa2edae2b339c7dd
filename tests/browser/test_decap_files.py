"""What Decap CMS writes passes `check` unchanged (issue 16, point 7).

One entry per collection of the generated config, with the values its widgets produce
(datetime: the config's `format`; selects: strings, lists when `multiple`; relation: ids;
number: an int; boolean: true/false), is serialised by Decap's own code
(`decap_serialize.mjs`: decap-cms-core's frontmatter and YAML formatters, run in Node) and
saved where Decap saves it (`name.en.md` and `name.ru.md` in a bilingual hub, an empty file
for a language left blank). Then `crisishub check` and `crisishub build` accept the files as
they are, and the hub reads the values the editor chose. Texts that YAML 1.1 misreads
(`Yes`, `no`, `: `, `#`, quotes, `11:35`) are among them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.core.translations import in_language
from generator.outputs.cms_config import EditorSettings, cms_config
from generator.reading.loader import load_hub

from .support import ACTIVE_INCIDENT, HERE, missing

SERIALIZER = HERE / "decap_serialize.mjs"
DECAP_CORE = HERE / "node_modules" / "decap-cms-core" / "dist" / "esm" / "formats"
NEW_INCIDENT = "2026-11-24-card-payments-declined"
STATEMENT = "2026-11-24-reports-of-a-data-leak"


def decap_writes(entries: list[dict[str, Any]]) -> list[str]:
    """The file texts Decap 3 writes for these entries (its own serializer, in Node)."""
    node = shutil.which("node")
    if node is None or not DECAP_CORE.is_dir():
        missing("node with decap-cms", "npm ci --prefix tests/browser; .ci/run does it")
    done = subprocess.run([str(node), str(SERIALIZER)], input=json.dumps(entries), cwd=HERE,
                          capture_output=True, text=True, check=True)
    return list(json.loads(done.stdout))


def fields_of(config: dict[str, Any], collection: str) -> list[str]:
    """The collection's field names in its order: Decap writes the keys in that order."""
    if collection.startswith("updates-"):
        found = next(c for c in config["collections"] if c["name"].startswith("updates-"))
    else:
        found = next(c for c in config["collections"] if c["name"] == collection)
    fields = found["fields"] if "fields" in found else found["files"][0]["fields"]
    return [f["name"] for f in fields]


def entries(config: dict[str, Any], components_yml: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every collection's entries as the editor fills them in: path -> data (and collection)."""
    def entry(collection: str, data: dict[str, Any], fmt: str = "frontmatter") -> dict[str, Any]:
        names = fields_of(config, collection)
        assert set(data) <= set(names), set(data) - set(names)
        return {"format": fmt, "data": data, "fields": names, "collection": collection}

    incidents = "incidents"
    return {
        f"incidents/{NEW_INCIDENT}/incident.en.md": entry(incidents, {
            "title": 'Card payments declined: "Error #51" at checkout', "impact": "major",
            "kind": "service", "components": {"checkout": "major_outage"}, "owner": "Yes",
            "started": "2026-11-24 11:05", "draft": False,
            "body": "Card payments fail for many customers."}),
        f"incidents/{NEW_INCIDENT}/incident.ru.md": entry(incidents, {
            "title": "Оплата картой: ошибка «#51»", "body": "У многих не проходит оплата."}),
        f"incidents/{NEW_INCIDENT}/20261124-1110-investigating.en.md": entry("updates-", {
            "at": "2026-11-24 11:10", "status": "investigating",
            "components": {"checkout": "partial_outage", "website": "degraded_performance"},
            "next_update": "2026-11-24 11:40",
            "social": '"Card payments fail": we are on it. Next update 11:40 CET.',
            "draft": False,
            "body": "**What we know:** card payments fail.\n\n**Next update:** by 11:40 CET."}),
        f"incidents/{NEW_INCIDENT}/20261124-1110-investigating.ru.md": entry("updates-", {
            "social": "Оплата картой не проходит: разбираемся. Следующее сообщение в 11:40 CET.",
            "body": "**Что мы знаем:** оплата картой не проходит."}),
        f"incidents/{STATEMENT}/incident.en.md": entry(incidents, {
            "title": "No", "impact": "minor", "kind": "statement"}),
        f"incidents/{STATEMENT}/20261124-1120-investigating.en.md": entry("updates-", {
            "at": "2026-11-24 11:20", "status": "investigating",
            "body": "We have seen the reports and are checking them. Next update by 13:00 CET."}),
        f"incidents/{STATEMENT}/20261124-1120-investigating.ru.md": {"raw": "\n"},  # left blank
        f"incidents/{ACTIVE_INCIDENT}/20261124-1135-monitoring.en.md": entry("updates-", {
            "at": "2026-11-24 11:35", "status": "monitoring",
            "components": {"delivery-tracking": "degraded_performance"},
            "body": "Positions are current again. Next update by 12:30 CET."}),
        "maintenance/2026-11-28-search-reindex.en.md": entry("maintenance", {
            "title": "Search: rebuilding the index", "start": "2026-11-28 02:00",
            "end": "2026-11-28 03:30", "components": ["website", "mobile-apps"],
            "announced": "2026-11-24 11:00", "body": "Search may be slow for a few minutes."}),
        "maintenance/2026-11-28-search-reindex.ru.md": entry("maintenance", {
            "title": "Поиск: перестройка индекса", "body": "Поиск может работать медленнее."}),
        "faq/yes-or-no.en.md": entry("faq", {
            "question": "Yes or no: is my card data safe?", "order": 7,
            "incidents": [ACTIVE_INCIDENT], "body": "Yes. We never store card numbers."}),
        "faq/yes-or-no.ru.md": entry("faq", {
            "question": "Данные моей карты в безопасности?", "body": "Да."}),
        "scheduled/2026-12-05-holiday-hours.md": entry("scheduled", {
            "publish_at": "2026-12-05 09:00", "channels": ["mastodon", "telegram"],
            "text": "Holiday hours: 08:00-20:00 #fernway", "link": "https://fernway.example/",
            "released": False}),
        "components.yml": entry("components", {
            **components_yml,
            "components": [*components_yml["components"],
                           {"id": "gift-cards", "name": "Gift cards: buy & redeem",
                            "group": components_yml["components"][0].get("group"),
                            "description": "Yes", "order": 9, "only_show_if_degraded": True}],
        }, fmt="yaml"),
    }


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the example hub with every Decap-written file saved into content/."""
    from support import copy_example, example_hub

    project = copy_example(tmp_path_factory.mktemp("decap-files"))
    config = cms_config(example_hub(), languages=("en", "ru"), time_zone="Europe/Berlin",
                        channels=["mastodon", "telegram"], settings=EditorSettings())
    components_yml = yaml.safe_load((project / "content" / "components.yml").read_text("utf-8"))
    planned = entries(config, components_yml)
    to_serialise = [e for e in planned.values() if "raw" not in e]
    texts = iter(decap_writes([{k: e[k] for k in ("format", "data", "fields")}
                               for e in to_serialise]))
    files = {path: e["raw"] if "raw" in e else next(texts) for path, e in planned.items()}
    for path, text in files.items():
        target = project / "content" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return project, files


def test_the_entries_fill_every_field_of_every_collection() -> None:
    from support import REPO, example_hub

    config = cms_config(example_hub(), languages=("en", "ru"), time_zone="Europe/Berlin",
                        channels=["mastodon", "telegram"], settings=EditorSettings())
    components_yml = yaml.safe_load((REPO / "content" / "components.yml").read_text("utf-8"))
    filled: dict[str, set[str]] = {}
    for planned in entries(config, components_yml).values():
        if "collection" in planned:
            filled.setdefault(planned["collection"], set()).update(planned["data"])
    assert {name: set(fields_of(config, name)) for name in filled} == filled
    kinds = {c["name"].split("-")[0] for c in config["collections"]}
    assert kinds == {"incidents", "updates", "maintenance", "faq", "scheduled", "components"}
    assert set(filled) == {"incidents", "updates-", "maintenance", "faq", "scheduled",
                           "components"}


def test_decap_writes_yaml_1_2_that_yaml_1_1_would_misread(written: tuple[Path, dict[str, str]]) -> None:
    _, files = written
    statement = files[f"incidents/{STATEMENT}/incident.en.md"]
    assert statement.startswith("---\ntitle: No\nimpact: minor\nkind: statement\n---\n")
    update = files[f"incidents/{NEW_INCIDENT}/20261124-1110-investigating.en.md"]
    assert "at: 2026-11-24 11:10\n" in update  # the config's format, unquoted
    assert "owner: Yes\n" in files[f"incidents/{NEW_INCIDENT}/incident.en.md"]


def test_what_decap_writes_passes_check_and_build_unchanged(
        written: tuple[Path, dict[str, str]]) -> None:
    from support import run_cli

    project, files = written
    before = {p: hashlib.sha256((project / "content" / p).read_bytes()).hexdigest() for p in files}
    assert run_cli(project, "check") == 0
    assert run_cli(project, "build") == 0
    after = {p: hashlib.sha256((project / "content" / p).read_bytes()).hexdigest() for p in files}
    assert after == before


def test_the_hub_reads_what_the_editor_chose(written: tuple[Path, dict[str, str]]) -> None:
    from support import BERLIN

    project, _ = written
    hub, problems = load_hub(project / "content", BERLIN, display_root=project,
                             languages=("en", "ru"), include_drafts=True)
    assert problems.errors == []
    incident = hub.incident(NEW_INCIDENT)
    assert (incident.title, incident.owner) == ('Card payments declined: "Error #51" at checkout',
                                                "Yes")
    [update] = incident.updates
    assert update.slug == "20261124-1110-investigating"
    assert update.at.isoformat() == "2026-11-24T11:10:00+01:00"
    assert str(update.components["checkout"]) == "partial_outage"
    assert update.social == '"Card payments fail": we are on it. Next update 11:40 CET.'
    assert hub.incident(STATEMENT).title == "No"
    maintenance = next(m for m in hub.maintenances if m.id == "2026-11-28-search-reindex")
    assert maintenance.components == ("website", "mobile-apps")
    faq = next(f for f in hub.faq if f.id == "yes-or-no")
    assert (faq.order, faq.incident_ids) == (7, (ACTIVE_INCIDENT,))
    assert "gift-cards" in [c.id for c in hub.components]
    assert hub.translations is not None
    russian = in_language(hub, hub.translations, "ru", "en")
    assert russian.hub.incident(NEW_INCIDENT).title == "Оплата картой: ошибка «#51»"
    assert russian.is_untranslated(russian.hub.incident(STATEMENT).updates[0])
