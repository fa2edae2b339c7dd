"""Build real sites for the feeds/API/calendar/badge tests (not collected by pytest).

`build_example()` builds the example hub of this repository; `write_hub()` writes a tiny hub
into a folder. Until the shared factories in conftest.py land on this branch, these stay
local to the feeds tests.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent
OVERRIDES = REPO / "overrides"


def build_site(config_file: Path, site_dir: Path, now: str | None = None) -> Path:
    """Run the real `mkdocs build`; `now` overrides the plugin's fixed build time."""
    os.environ.pop("CRISISHUB_NOW", None)
    if now is not None:
        os.environ["CRISISHUB_NOW"] = now
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        build(config)
    finally:
        os.environ.pop("CRISISHUB_NOW", None)
    return site_dir


def build_example(site_dir: Path, now: str | None = None) -> Path:
    return build_site(REPO / "mkdocs.yml", site_dir, now)


def front_matter(meta: dict[str, Any], body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n"


def write_hub(root: Path, *, components: list[dict[str, Any]],
              groups: list[dict[str, Any]] | None = None,
              incidents: dict[str, dict[str, Any]] | None = None,
              maintenance: dict[str, dict[str, Any]] | None = None,
              faq: dict[str, dict[str, Any]] | None = None,
              now: str = "2026-11-24 12:00", site_name: str = "Test Status",
              language: str = "en") -> Path:
    """Write a hub and its mkdocs.yml below `root`; returns the mkdocs.yml path.

    incidents: {folder: {"meta": {...incident.md front-matter}, "summary": str,
                         "updates": {stem: ({...front-matter}, body)}}}
    maintenance / faq: {stem: ({...front-matter}, body)}
    """
    content = root / "content"
    (content / "pages").mkdir(parents=True, exist_ok=True)
    (content / "components.yml").write_text(
        yaml.safe_dump({"groups": groups or [], "components": components}, allow_unicode=True),
        encoding="utf-8")
    for folder, incident in (incidents or {}).items():
        path = content / "incidents" / folder
        path.mkdir(parents=True, exist_ok=True)
        (path / "incident.md").write_text(
            front_matter(incident["meta"], incident.get("summary", "")), encoding="utf-8")
        for stem, (meta, body) in incident.get("updates", {}).items():
            (path / f"{stem}.md").write_text(front_matter(meta, body), encoding="utf-8")
    for kind, entries in (("maintenance", maintenance), ("faq", faq)):
        for stem, (meta, body) in (entries or {}).items():
            (content / kind).mkdir(exist_ok=True)
            (content / kind / f"{stem}.md").write_text(front_matter(meta, body), encoding="utf-8")
    config = {
        "site_name": site_name,
        "site_url": "https://status.test.example/",
        "docs_dir": "content/pages",
        "theme": {"name": "material", "custom_dir": str(OVERRIDES), "font": False,
                  "language": language},
        "plugins": [{"crisishub": {"content_dir": "content", "time_zone": "Europe/Berlin",
                                   "now": now}}],
    }
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return config_file
