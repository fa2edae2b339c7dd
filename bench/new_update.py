"""Benchmark: from a new update file to "on the site and on every channel".

    python bench/new_update.py                # hubs of N = 100, 1000, 5000 incidents
    python bench/new_update.py 1000 --delay 0.2

For each N: a hub in the content format (bench/build_bench.py's corpus) with every channel
pointed at local stand-ins on 127.0.0.1 that answer after `--delay` seconds (200 ms), one new
incident update is written, then timed: `crisishub build` (validation + full build + swap;
MkDocs has no incremental build) and `crisishub publish` (the fan-out of that one update to
all channels). Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

import yaml  # noqa: E402
from build_bench import NOW, write_corpus  # noqa: E402
from crosspost_fakes import Platforms  # noqa: E402
from crosspost_hub import all_channels, environment  # noqa: E402
from fanout import smtp_server  # noqa: E402

from generator.crosspost.publishing import run_publish  # noqa: E402
from generator.site.build import build_site  # noqa: E402
from generator.site.settings import load_project  # noqa: E402

NEW_UPDATE = "content/incidents/2026-11-24-checkout-errors/01-investigating.md"


def add_new_update(root: Path) -> None:
    folder = (root / NEW_UPDATE).parent
    folder.mkdir(parents=True)
    (folder / "incident.md").write_text(
        "---\ntitle: Checkout errors\nimpact: major\ncomponents:\n  checkout: major_outage\n---\n",
        encoding="utf-8")
    (root / NEW_UPDATE).write_text(
        f"---\nat: {NOW.isoformat()}\nstatus: investigating\n---\n"
        "Payments fail for many customers. We are investigating; next update in 30 minutes.\n",
        encoding="utf-8")


def measure(count: int, platforms: Platforms, smtp_port: int) -> tuple[float, float, str]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "hub"
        write_corpus(root, count)
        channels = all_channels(platforms.base, smtp_port)
        (root / "content/channels.yml").write_text(
            yaml.safe_dump({"channels": channels}, sort_keys=False), encoding="utf-8")
        project = load_project(root / "mkdocs.yml")
        env = environment(platforms.base)
        # The hub as it was before: built, and everything recent already posted (ledger).
        build_site(project)
        run_publish(load_project(root / "mkdocs.yml"), io.StringIO(), now=NOW, environ=env)
        add_new_update(root)
        started = time.perf_counter()
        build_site(project)
        built = time.perf_counter()
        out = io.StringIO()
        code = run_publish(load_project(root / "mkdocs.yml"), out, now=NOW, environ=env)
        published = time.perf_counter()
        rows = [line for line in out.getvalue().splitlines()[1:]
                if len(line.split()) > 2 and line.split()[2] == "posted"]
        failed = [line for line in out.getvalue().splitlines()[1:]
                  if len(line.split()) > 2 and line.split()[2] not in ("posted", "held")]
        note = f"{len(rows)} posted" + (f"; not posted: {failed}" if failed else "")
        return built - started, published - built, f"{note}, exit {code}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    parser.add_argument("--delay", type=float, default=0.2)
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    warnings.filterwarnings("ignore", message="Session.login_data")  # aiosmtpd, in the stand-in
    platforms = Platforms(delay=args.delay).start()
    with tempfile.TemporaryDirectory() as mail:
        controller, port = smtp_server(args.delay, Path(mail))
        try:
            print(f"{'N':>6} {'build s':>8} {'fan-out s':>10} {'total s':>8}  channels")
            for count in args.sizes:
                build, fanout, note = measure(count, platforms, port)
                print(f"{count:>6} {build:>8.1f} {fanout:>10.2f} {build + fanout:>8.1f}  {note}",
                      flush=True)
        finally:
            controller.stop()
            platforms.stop()
    print(f"(each channel's server answers after {args.delay * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
