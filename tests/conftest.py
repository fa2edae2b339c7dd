"""Factories for small hubs in tmp_path, and builders that run the real MkDocs build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

REPO = Path(__file__).resolve().parent.parent
BERLIN = ZoneInfo("Europe/Berlin")
DEFAULT_COMPONENTS = {
    "groups": [{"id": "shop", "name": "Shop"}],
    "components": [
        {"id": "web", "name": "Website", "group": "shop"},
        {"id": "api", "name": "API"},
    ],
}


def front_matter_file(fields: dict[str, Any], body: str = "") -> str:
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n" + body


class HubFolder:
    """A Crisis Hub project in a temporary folder, written file by file as a team would."""

    def __init__(self, root: Path, now: str = "2026-11-24 12:00", language: str = "en") -> None:
        self.root = root
        self.content = root / "content"
        (self.content / "pages").mkdir(parents=True)
        self.now = now
        self.write_config(language=language)
        self.write_components(DEFAULT_COMPONENTS)

    def write_config(self, language: str = "en", **plugin: Any) -> Path:
        config = {
            "site_name": "Test Status",
            "site_url": "https://status.test.example/",
            "docs_dir": "content/pages",
            "theme": {"name": "material", "custom_dir": str(REPO / "overrides"),
                      "font": False, "language": language},
            "plugins": [{"crisishub": {"time_zone": "Europe/Berlin", "now": self.now, **plugin}}],
        }
        path = self.root / "mkdocs.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        return path

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def write_components(self, data: dict[str, Any]) -> Path:
        return self.write("components.yml", yaml.safe_dump(data, sort_keys=False))

    def write_incident(self, incident_id: str, body: str = "", **fields: Any) -> Path:
        fields.setdefault("title", "Payments failing")
        fields.setdefault("impact", "major")
        return self.write(f"incidents/{incident_id}/incident.md", front_matter_file(fields, body))

    def write_update(self, incident_id: str, name: str, body: str = "We are investigating.",
                     **fields: Any) -> Path:
        fields.setdefault("status", "investigating")
        return self.write(f"incidents/{incident_id}/{name}.md", front_matter_file(fields, body))

    def write_maintenance(self, maintenance_id: str, body: str = "Planned work.", **fields: Any) -> Path:
        fields.setdefault("title", "Database upgrade")
        return self.write(f"maintenance/{maintenance_id}.md", front_matter_file(fields, body))

    def write_faq(self, slug: str, answer: str = "An answer.", **fields: Any) -> Path:
        fields.setdefault("question", "A question?")
        return self.write(f"faq/{slug}.md", front_matter_file(fields, answer))

    def load(self):  # type: ignore[no-untyped-def]
        from generator.reading.loader import load_hub

        return load_hub(self.content, BERLIN, display_root=self.root)

    def problems(self) -> list[str]:
        _, problems = self.load()
        return [str(p) for p in problems]

    def build(self, site_dir: Path | None = None) -> Path:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        site = site_dir or self.root / "site"
        build(load_config(str(self.root / "mkdocs.yml"), site_dir=str(site)))
        return site


@pytest.fixture
def hub(tmp_path: Path) -> HubFolder:
    return HubFolder(tmp_path)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example hub of the repository, built once for the whole test session."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tmp_path_factory.mktemp("example") / "site"
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(site)))
    return site


def copy_example(parent: Path, name: str = "project") -> Path:
    """A private copy of the example project (mkdocs.yml, content, overrides) in parent/name."""
    target = parent / name
    target.mkdir()
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "content", target / "content")
    shutil.copytree(REPO / "overrides", target / "overrides")
    return target


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example project, to change and rebuild."""
    return copy_example(tmp_path)


def html_text(path: Path) -> str:
    """The visible text of an HTML file: text pieces joined by one space, no scripts."""
    from lxml import html

    tree = html.fromstring(path.read_text(encoding="utf-8"))
    for bad in tree.xpath("//script|//style"):
        bad.drop_tree()
    return " ".join(" ".join(tree.itertext()).split())

# Cross-posting: the local platforms and the SMTP server (see crosspost_hub.py).
from crosspost_hub import platforms, smtp, tls  # noqa: E402,F401


def fill_placeholders(path: Path, text: str = "Orders placed since 14:00 show an error.") -> Path:
    """Replace every [placeholder] of a template in `path`, as the team does before a build."""
    from generator.core.placeholders import PLACEHOLDER

    path.write_text(PLACEHOLDER.sub(text, path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _frozen_clock_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests freeze the clock on purpose (`now:` in every test hub), also when CI runs
    them; tests of the CI refusal remove this (tests/test_kinds_and_guards.py)."""
    monkeypatch.setenv("CRISISHUB_ALLOW_FROZEN_CLOCK", "1")
