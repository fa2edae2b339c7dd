"""Small helpers for the crisis-practice tests: copy the example hub, build it, run the CLI.

(Kept local to these tests; the shared factories live in conftest.py on main.)
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import conftest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.cli import main as cli
from generator.core.model import Hub
from generator.reading.loader import load_hub

ROOT = Path(__file__).resolve().parent.parent
BERLIN = ZoneInfo("Europe/Berlin")


def copy_example(tmp_path: Path) -> Path:
    """The example hub (content, overrides, mkdocs.yml) in tmp_path/hub; returns the folder."""
    return conftest.copy_example(tmp_path, "hub")


def example_hub() -> Hub:
    hub, problems = load_hub(ROOT / "content", BERLIN, display_root=ROOT)
    assert not problems.errors, problems.errors
    return hub


def build_site(project: Path, site: Path, *, internal: bool = False) -> Path:
    """A real MkDocs build of `project` into `site`."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins["crisishub"].config["internal"] = internal
    build(config)
    return site


def run_cli(project: Path, *args: str) -> int:
    return cli.main(["--config", str(project / "mkdocs.yml"), *args])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
