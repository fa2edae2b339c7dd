"""Test support, one module for every test: small hubs written file by file in tmp_path, the
example hub copied or built, the real MkDocs build and the CLI run in-process.

Fixtures (pytest) are in conftest.py; they use these."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from generator.cli import main as cli
from generator.core.model import Hub
from generator.reading.loader import load_hub

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
        return load_hub(self.content, BERLIN, display_root=self.root)

    def problems(self) -> list[str]:
        _, problems = self.load()
        return [str(p) for p in problems]

    def build(self, site_dir: Path | None = None) -> Path:
        return build_site(self.root, site_dir or self.root / "site")


def copy_example(parent: Path, name: str = "project") -> Path:
    """A private copy of the example project (mkdocs.yml, content, overrides) in parent/name."""
    target = parent / name
    target.mkdir()
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "content", target / "content")
    shutil.copytree(REPO / "overrides", target / "overrides")
    return target


def html_text(path: Path) -> str:
    """The visible text of an HTML file: text pieces joined by one space, no scripts."""
    from lxml import html

    tree = html.fromstring(path.read_text(encoding="utf-8"))
    for bad in tree.xpath("//script|//style"):
        bad.drop_tree()
    return " ".join(" ".join(tree.itertext()).split())


def build_site(project: Path, site_dir: Path, *, now: str | None = None,
               internal: bool = False) -> Path:
    """The real MkDocs build of a project folder (or its mkdocs.yml) into `site_dir`; `now`
    freezes the clock through CRISISHUB_NOW, `internal` makes the team's site."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = project / "mkdocs.yml" if project.is_dir() else project
    os.environ.pop("CRISISHUB_NOW", None)
    if now is not None:
        os.environ["CRISISHUB_NOW"] = now
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        config.plugins["crisishub"].config["internal"] = internal
        build(config)
    finally:
        os.environ.pop("CRISISHUB_NOW", None)
    return site_dir


def build_example(site_dir: Path, now: str | None = None) -> Path:
    """The example hub of this repository, built into `site_dir` (tests that need it as it is
    use the session fixture `example_site`, built once)."""
    return build_site(REPO, site_dir, now=now)


def example_hub() -> Hub:
    hub, problems = load_hub(REPO / "content", BERLIN, display_root=REPO)
    assert not problems.errors, problems.errors
    return hub


def run_cli(project: Path, *args: str) -> int:
    return cli.main(["--config", str(project / "mkdocs.yml"), *args])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


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
            front_matter_file(incident["meta"], incident.get("summary", "")), encoding="utf-8")
        for stem, (meta, body) in incident.get("updates", {}).items():
            (path / f"{stem}.md").write_text(front_matter_file(meta, body), encoding="utf-8")
    for kind, entries in (("maintenance", maintenance), ("faq", faq)):
        for stem, (meta, body) in (entries or {}).items():
            (content / kind).mkdir(exist_ok=True)
            (content / kind / f"{stem}.md").write_text(front_matter_file(meta, body), encoding="utf-8")
    config = {
        "site_name": site_name,
        "site_url": "https://status.test.example/",
        "docs_dir": "content/pages",
        "theme": {"name": "material", "custom_dir": str(REPO / "overrides"), "font": False,
                  "language": language},
        "plugins": [{"crisishub": {"content_dir": "content", "time_zone": "Europe/Berlin",
                                   "now": now}}],
    }
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return config_file


def fill_placeholders(path: Path, text: str = "Orders placed since 14:00 show an error.") -> Path:
    """Replace every [placeholder] of a template in `path`, as the team does before a build."""
    from generator.core.placeholders import PLACEHOLDER

    path.write_text(PLACEHOLDER.sub(text, path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def site_folders_settled(root: Path) -> list[str]:
    """The names of the site's folders beside it (`.site.*`) once the detached processes
    that empty an old site or copy a first site's folders have finished; the skeleton they
    leave (`.site.skeleton`, folders only: generator/site/build.py) must hold no file."""
    from generator.site import build

    for process in list(build._removers):
        process.wait()
    found = sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))
    skeleton = root / ".site.skeleton"
    assert not skeleton.exists() or holds_no_file(skeleton), "a file was left in the skeleton"
    return found


def holds_no_file(folder: Path) -> bool:
    return all(p.is_dir() and not p.is_symlink() for p in folder.rglob("*"))


@contextmanager
def mkdocs_warnings() -> Iterator[list[str]]:
    """What MkDocs and the plugin log at WARNING and above meanwhile (the `mkdocs` logger and
    those below it), whatever an earlier test did: MkDocs' command line stops that logger
    from propagating to the root, where pytest's caplog listens."""
    seen: list[str] = []

    class Seen(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    logger, handler = logging.getLogger("mkdocs"), Seen(logging.WARNING)
    level = logger.level
    logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield seen
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
