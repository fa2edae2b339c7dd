"""Benchmark: reading a hub's content, on the kinds of hub build_bench.py's corpus lacks.

    python bench/read_bench.py              # N = 5000
    python bench/read_bench.py 1000 5000    # chosen sizes

What `crisishub build`, `check` and `report` do before anything is rendered: every content
file listed, read or taken from the cache folder, checked (`read_content`). For each N,
three hubs of build_bench.py's corpus (every incident: incident.md + 3 updates):
  plain        the corpus as it is
  postmortems  every fifth incident also has a postmortem.md (summary, root cause,
               lessons, action items with owners and due dates, a body)
  bilingual    `languages: [en, ru]`, and every incident.md and update has its Russian
               translation beside it (`02-identified.ru.md`), with its own words
Each hub is read once with its cache folder empty (`build --clean`'s read), then three times
with it (a build after an edit elsewhere reads this way); each read in its own process,
timed around `read_content` only (Python's start and imports are not counted). Printed: the
read without the cache, the median of the reads with it, in seconds. Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from build_bench import write_corpus  # noqa: E402

READ = """
import sys, time
from pathlib import Path
from generator.reading.site_content import read_content
from generator.site.settings import load_project
project = load_project(Path(sys.argv[1]) / "mkdocs.yml")
started = time.perf_counter()
hub, problems = read_content(project, include_drafts=True, fresh=sys.argv[2] == "fresh")
print(time.perf_counter() - started, len(hub.incidents), len(hub.translations.items),
      sum(1 for p in problems.items if p.severity == "error"))
"""

POSTMORTEM = textwrap.dedent("""\
    ---
    summary: A configuration change in case {number} rejected valid requests.
    root_cause: The change skipped the canary step.
    lessons:
      - Configuration changes go through the same canary rollout as code.
    action_items:
      - what: Route configuration through the canary pipeline
        owner: Platform team
        due: 2026-12-01
    ---
    ## What happened

    Case {number}: a change rolled out to every region at once.
    """)
TITLE_RU = "---\ntitle: Инцидент {number}\n---\n"
BODY_RU = ("**Что мы знаем:** часть клиентов видит ошибки (случай {number}, шаг {step}). "
           "**Что мы делаем:** команда работает над этим. "
           "**Следующее сообщение:** в течение часа.\n")


def add_postmortems(root: Path) -> None:
    for number, folder in enumerate(sorted((root / "content/incidents").iterdir())):
        if number % 5 == 0:
            (folder / "postmortem.md").write_text(POSTMORTEM.format(number=number), "utf-8")


def translate(root: Path) -> None:
    config_path = root / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text("utf-8"))
    config["plugins"][0]["crisishub"]["languages"] = ["en", "ru"]
    config_path.write_text(yaml.safe_dump(config), "utf-8")
    for number, folder in enumerate(sorted((root / "content/incidents").iterdir())):
        (folder / "incident.ru.md").write_text(TITLE_RU.format(number=number), "utf-8")
        for step, update in enumerate(sorted(folder.glob("0*.md")), start=1):
            (folder / f"{update.stem}.ru.md").write_text(
                "---\n---\n" + BODY_RU.format(number=number, step=step), "utf-8")


HUBS = {"plain": lambda root: None, "postmortems": add_postmortems, "bilingual": translate}


def read(root: Path, how: str) -> tuple[float, str]:
    said = subprocess.run([sys.executable, "-c", READ, str(root), how], check=True,
                          capture_output=True, text=True, cwd=root).stdout.split()
    seconds, incidents, translations, errors = said
    return float(seconds), f"{incidents} incidents, {translations} translations, {errors} errors"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[5000])
    args = parser.parse_args()
    print(f"{'N':>6} {'hub':<12} {'no cache s':>10} {'cached s':>9}  read")
    for count in args.sizes:
        for name, make in HUBS.items():
            with tempfile.TemporaryDirectory() as folder:
                root = Path(folder) / "hub"
                write_corpus(root, count)
                make(root)
                fresh, what = read(root, "fresh")
                cached = statistics.median(read(root, "cached")[0] for _ in range(3))
                print(f"{count:>6} {name:<12} {fresh:>10.2f} {cached:>9.2f}  {what}", flush=True)


if __name__ == "__main__":
    main()
