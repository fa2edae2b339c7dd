"""`crisishub build` after a previous build pauses Python's garbage collector (the process ends
with the build, and a few dozen pages make little garbage), but collects again as soon as the
build has many pages or feeds to render (a template or a setting changed): each rendered
page leaves cycles only the collector frees (cli/main.py, site/plugin.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from support import REPO, copy_example

# The command as the `crisishub` entry point runs it (one command per process), noting
# whether the collector runs while each page is rendered. "Many" is 100 pages and feeds of
# one language here: more than a new update renders in the hub below, fewer than all.
RUNNER = """
import gc, sys
from generator.site import parallel, plugin
parallel.MIN_PAGES = 100
seen = []
render = plugin.CrisisHubPlugin.on_page_context
def noted(self, context, **kwargs):
    seen.append(gc.isenabled())
    return render(self, context, **kwargs)
plugin.CrisisHubPlugin.on_page_context = noted
from generator.cli import main
main.ONE_COMMAND = True
code = main.main(sys.argv[1:])
print("COLLECTING", sorted(set(seen)), len(seen))
sys.exit(code)
"""


def build(project: Path, *args: str) -> tuple[list[bool], int]:
    """Whether the collector ran while pages were rendered (each value seen), and how many
    pages were rendered."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "CRISISHUB_WORKERS": "1"}
    done = subprocess.run([sys.executable, "-c", RUNNER, "--config",
                           str(project / "mkdocs.yml"), "build", "--allow-frozen-clock", *args],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("COLLECTING"))
    values, rendered = line.removeprefix("COLLECTING ").rsplit(" ", 1)
    return [value == "True" for value in values.strip("[]").split(", ")], int(rendered)


def test_the_collector_rests_only_while_a_build_renders_a_few_pages(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    incidents = project / "content/incidents"
    for number in range(30):  # resolved incidents, whose pages and feeds a new update keeps
        copy = incidents / f"2026-11-03-resolved-{number}"
        shutil.copytree(incidents / "2026-11-03-checkout-payment-failures", copy)
        for translation in copy.glob("*.ru.md"):
            translation.unlink()
    first, everything = build(project)
    assert first == [True]  # a first build renders every page
    update = incidents / "2026-11-24-delivery-tracking-delays/01-investigating.md"
    update.write_text(update.read_text(encoding="utf-8") + "\nOne more line.\n",
                      encoding="utf-8")
    few, rendered = build(project)
    assert few == [False] and 0 < rendered < everything / 2
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_description: Live status", "site_description: The live status"), encoding="utf-8")
    many, rendered = build(project)
    assert many == [True] and rendered == everything
    assert build(project, "--clean") == ([True], everything)
