"""Benchmark: full `mkdocs build` of a hub with N incidents, time and peak memory.

    python bench/build_bench.py                 # N = 100, 1000, 5000
    python bench/build_bench.py 100 1000        # chosen sizes
    python bench/build_bench.py --baseline      # also the same corpus as plain Material pages

Each build runs in its own process (peak memory = that process's max RSS). The corpus is
generated in the content format: every incident has an incident.md and three updates, over
the last two years, 6 components in 2 groups. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMPONENTS = ["web", "apps", "checkout", "tracking", "mail", "partner-api"]
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
# Every text differs (the incident's number and step), as in a real hub, so that nothing
# done once per distinct text (Markdown, the tone check) is measured as done once for all.
BODY = ("**What we know:** some customers see errors when they {verb} (case {number}, "
        "step {step}). **What we are doing:** the team is working on it. "
        "**Next update:** within the hour.")


def group_of(component: str) -> str:
    return "partners" if component == "partner-api" else "customers"


def write_corpus(root: Path, count: int) -> None:
    content = root / "content"
    (content / "pages").mkdir(parents=True)
    (content / "components.yml").write_text(textwrap.dedent("""\
        groups:
          - {id: customers, name: Customers}
          - {id: partners, name: Partners}
        components:
        """) + "".join(
            f"  - {{id: {c}, name: {c.title()}, group: {group_of(c)}}}\n" for c in COMPONENTS),
        encoding="utf-8")
    rng = random.Random(42)
    for number in range(count):
        started = NOW - timedelta(minutes=rng.randrange(10, 2 * 365 * 24 * 60))
        folder = content / "incidents" / f"{started:%Y-%m-%d}-incident-{number:05d}"
        folder.mkdir(parents=True)
        component = rng.choice(COMPONENTS)
        (folder / "incident.md").write_text(
            f"---\ntitle: Incident {number} affecting {component}\nimpact: minor\n"
            f"started: {started.isoformat()}\ncomponents:\n  {component}: partial_outage\n---\n",
            encoding="utf-8")
        for step, status in enumerate(["investigating", "identified", "resolved"]):
            at = started + timedelta(minutes=5 + 40 * step)
            (folder / f"0{step + 1}-{status}.md").write_text(
                f"---\nat: {at.isoformat()}\nstatus: {status}\n---\n"
                + BODY.format(verb=rng.choice(["pay", "log in", "track orders"]),
                              number=number, step=step + 1) + "\n",
                encoding="utf-8")
    (root / "mkdocs.yml").write_text(json.dumps({
        "site_name": "Bench", "site_url": "https://status.bench.example/",
        "docs_dir": "content/pages",
        "theme": {"name": "material", "custom_dir": str(REPO / "overrides"), "font": False},
        "plugins": [{"crisishub": {"time_zone": "Europe/Berlin", "now": NOW.isoformat()}}],
    }), encoding="utf-8")


def write_plain_corpus(root: Path, hub_root: Path) -> None:
    """The same incidents as ordinary Markdown pages of a plain Material site (the baseline)."""
    docs = root / "docs"
    (docs / "incidents").mkdir(parents=True)
    (docs / "index.md").write_text("# Status\n", encoding="utf-8")
    for folder in sorted((hub_root / "content" / "incidents").iterdir()):
        parts = [f"# {folder.name}\n"]
        for update in sorted(folder.glob("0*.md")):
            parts.append(update.read_text("utf-8").split("---\n", 2)[2])
        (docs / "incidents" / f"{folder.name}.md").write_text("\n".join(parts), encoding="utf-8")
    (root / "mkdocs.yml").write_text(json.dumps({
        "site_name": "Plain", "theme": {"name": "material", "font": False},
        "nav": ["index.md"], "validation": {"nav": {"omitted_files": "ignore"}},
    }), encoding="utf-8")


RUNNER = """
import resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
start = time.perf_counter()
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def timed_build(config: Path, site: Path) -> tuple[float, float, float]:
    """(seconds of build, peak MB, MB written)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-c", RUNNER, str(config), str(site)], env=env,
                         capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"build of {config} failed:\n{run.stderr[-3000:]}")
    out = run.stdout.split()
    written = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return float(out[0]), int(out[1]) / 1024, written / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    parser.add_argument("--baseline", action="store_true",
                        help="also build the same corpus as plain mkdocs-material pages")
    args = parser.parse_args()
    print(f"{'N':>6} {'site':<14} {'build s':>8} {'peak MB':>8} {'written MB':>11}")
    for count in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "hub"
            write_corpus(root, count)
            seconds, peak, written = timed_build(root / "mkdocs.yml", root / "site")
            print(f"{count:>6} {'crisis hub':<14} {seconds:>8.1f} {peak:>8.0f} {written:>11.1f}")
            if args.baseline:
                plain = Path(folder) / "plain"
                write_plain_corpus(plain, root)
                seconds, peak, written = timed_build(plain / "mkdocs.yml", plain / "site")
                print(f"{count:>6} {'plain material':<14} {seconds:>8.1f} {peak:>8.0f} {written:>11.1f}")
        sys.stdout.flush()


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - start:.0f} s")
