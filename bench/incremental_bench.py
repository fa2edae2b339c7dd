"""Benchmark: clean build, build after one new update, publish --dry-run, beside the floor.

    python bench/incremental_bench.py             # N = 1000 and 5000, 3 rounds each
    python bench/incremental_bench.py 1000        # chosen sizes
    python bench/incremental_bench.py 5000 --rounds 5
    python bench/incremental_bench.py 5000 --bilingual   # the hub in English and Russian

For each N, on build_bench.py's corpus (every incident: incident.md + 3 updates; with
--bilingual, also `languages: [en, ru]` and every incident.md and update translated, as
read_bench.py's bilingual hub: the floor then renders a page per incident and language):
  floor            python-markdown + one Jinja2 template per incident, no theme (the least
                   any generator must do)
  clean build      `crisishub build --clean` (check + every page + swap)
  +1 update        `crisishub build` after one new update (bench/new_update.py's incident)
  publish dry-run  `crisishub publish --dry-run` to 9 channels (none contacted; without
                   credentials each would write its outbox): every update of the last 72
                   hours is shaped for every channel
  serve: start     `crisishub serve` until it prints "Serving on" (its first start on this hub)
  serve: edit      an update edited while serve runs, until the browser's live-reload poll
                   (`/livereload/<epoch>/<id>`, what the page's script waits on) says the
                   site changed and the page then shows the edit: what an author waits for
                   (serve renders the edited incident's page first: site/preview.py)
  serve: rebuilt   the same edit, until the poll says so again: the whole site rebuilt (the
                   home page, feeds, the other language)
  serve: restart   serve stopped (Ctrl+C) and started again, until "Serving on"
Each runs in its own process, timed from its start to its end as a user waits for it
(peak memory: that process's max RSS, or with its page helpers the peak sum of their PSS:
see `run`), with Python's compiled modules kept as on a user's machine (the package is compiled
once before timing, and PYTHONDONTWRITEBYTECODE is not passed on), and starts once the
previous command's detached work (emptying the old site, copying its folders) is done and
the disk is synced: a team's next update comes minutes later. After the last +1 build the
incremental site is compared file by file with a clean build of the same content: the script
exits 1 if they differ.

The first four steps run in rounds (`--rounds`, 3 by default), each round all four side by
side, because this kind of machine (a VM) slows down and speeds up by tens of percent over
minutes: a floor measured in a fast moment and a build in a slow one would say little.
Printed per step: the median seconds, the highest peak, the median of the rounds' ratios to
their own floor, and each round's ratio. The serve steps run once, after the rounds (their
ratio is to the median floor).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

import httpx  # noqa: E402
import yaml  # noqa: E402
from build_bench import write_corpus  # noqa: E402
from new_update import NEW_UPDATE, add_new_update  # noqa: E402
from read_bench import translate  # noqa: E402

sys.path.insert(0, str(REPO / "tests"))
from crosspost_hub import all_channels  # noqa: E402

# Every kind of channel, at an address nothing listens on: the dry run contacts none of them
# (no credentials are set, so each would write its outbox), but plans a post for each.
CHANNELS = {"channels": all_channels("http://127.0.0.1:9")}

CLI = """
import sys
from generator.cli.main import entry  # what the `crisishub` command runs
sys.exit(entry())
"""

FLOOR = """
import sys
from pathlib import Path
import jinja2, markdown, yaml
content, out = Path(sys.argv[1]), Path(sys.argv[2])
# A bilingual hub (argv[3]: en,ru): one page per incident and language, each update in that
# language (a translation carries words only: its facts are the original's).
languages = sys.argv[3].split(",") if len(sys.argv) > 3 else [""]
page = jinja2.Template("<!doctype html><title>{{ title }}</title><h1>{{ title }}</h1>"
                       "{% for u in updates %}<section><p>{{ u.status }} {{ u.at }}</p>"
                       "{{ u.html }}</section>{% endfor %}")
md = markdown.Markdown()
def read(path):
    _, front, body = path.read_text("utf-8").split("---\\n", 2)
    return yaml.safe_load(front) or {}, body
for number, language in enumerate(languages):
    suffix = "" if number == 0 else "." + language
    for folder in sorted((content / "incidents").iterdir()):
        title_file = folder / f"incident{suffix}.md"
        meta, _ = read(title_file if title_file.exists() else folder / "incident.md")
        updates = []
        for path in sorted(folder.glob("0*.md")):
            if "." in path.stem:  # a translation: read with its original
                continue
            fields, body = read(path)
            translation = path.with_name(path.stem + suffix + ".md")
            if suffix and translation.exists():  # else the original's words, as on the site
                words, body = read(translation)
                fields = {**fields, **words}
            updates.append({**fields, "html": md.reset().convert(body)})
        target = out / (language if suffix else "") / folder.name / "index.html"
        target.parent.mkdir(parents=True)
        target.write_text(page.render(title=meta["title"], updates=updates), "utf-8")
"""


def settle(root: Path) -> None:
    """Wait until the last build's detached processes (emptying the old site, copying its
    folders as the skeleton) are done and the disk has written what they left: a team's next
    update comes minutes later, so each step starts on a settled machine."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        beside = [*root.glob(".site*"), *root.glob(".crisishub-cache/serve-*/.site*")]
        busy = [p for p in beside if p.name != ".site.skeleton"]
        if not busy:
            break
        time.sleep(0.2)
    os.sync()
    time.sleep(1)


def run(code: str, args: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one command in its own process, started on a settled machine.
    Seconds: from starting the process to its end, as a user waits for the command (Python's
    start and exit included, for the floor too). Peak: the process's max RSS, or, when it
    forks helpers (a big build renders pages on every core: generator/site/parallel.py), the
    highest sum of its processes' PSS (shared pages split between them) seen every 20 ms, if
    higher: all the memory the build takes."""
    settle(cwd)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    # As on a user's machine, Python keeps compiled modules (see compile_once); a machine
    # set up with PYTHONDONTWRITEBYTECODE would compile the whole package on every command.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", code, *args], cwd=cwd, env=env,
                                   stdout=out, stderr=err, text=True)
        tree_peak = [0]
        ended = threading.Event()
        sampler = threading.Thread(target=_sample_tree, args=(process.pid, tree_peak, ended))
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # the exact end, whatever the sampler does
        seconds = time.perf_counter() - start
        ended.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode:
        sys.exit(f"{args} failed:\n{stdout[-2000:]}\n{stderr[-3000:]}")
    return seconds, max(usage.ru_maxrss, tree_peak[0]) / 1024


def _sample_tree(pid: int, peak: list[int], ended: threading.Event) -> None:
    """The highest sum of PSS of `pid` and its forks, while it has forks, every 20 ms, seen
    in two samples in a row: a program the build starts (the process that empties the old
    site) shares the build's memory for a moment before it runs (vfork), and one sample
    there would count the build twice."""
    before = 0
    while not ended.wait(0.02):
        tree = process_tree(pid)
        now = sum(pss_kb(p) for p in tree) if len(tree) > 1 else 0
        peak[0] = max(peak[0], min(before, now))
        before = now


def process_tree(pid: int) -> list[int]:
    """`pid` and its forks below it (Linux /proc): the processes with its command line, not
    the detached ones a build starts to empty the old site."""
    tree = [pid]
    command = cmdline(pid)
    for parent in tree:
        try:
            for task in os.listdir(f"/proc/{parent}/task"):
                with open(f"/proc/{parent}/task/{task}/children") as children:
                    tree += [int(child) for child in children.read().split()
                             if cmdline(int(child)) == command]
        except OSError:
            continue
    return tree


def cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as text:
            return text.read()
    except OSError:
        return b""


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def compile_once() -> None:
    """Compile the package's modules before timing anything, as `pip install` does."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")],
                   check=True, capture_output=True)


def serve_rows(root: Path) -> list[tuple[str, float, float]]:
    """(step, seconds, peak MB: not measured, 0) of serve's start, an edit, a restart."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    rows = []
    for step in ("serve: start", "serve: restart"):
        settle(root)
        start = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "generator.cli.main", "serve", "--dev-addr", url[7:-1]],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        said: list[str] = []  # everything serve prints, read all along (a full pipe blocks it)
        serving = threading.Event()
        reader = threading.Thread(target=read_lines, args=(server, said, serving), daemon=True)
        reader.start()
        try:
            while not serving.wait(0.05):
                if server.poll() is not None:
                    sys.exit(f"serve ended before serving (exit code {server.returncode}):\n"
                             + "".join(said[-30:]))
            rows.append((step, time.perf_counter() - start, 0.0))
            if step == "serve: start":
                shown, rebuilt = served_edit(root, url, said)
                rows += [("serve: edit", shown, 0.0), ("serve: rebuilt", rebuilt, 0.0)]
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=120)
            except subprocess.TimeoutExpired:
                if shutil.which("py-spy"):  # where it is stuck, for whoever reads the failure
                    subprocess.run(["py-spy", "dump", "--pid", str(server.pid)])
                server.kill()
                sys.exit("serve did not stop within 120 s of Ctrl+C; it said:\n"
                         + "".join(said[-30:]))
    return rows


def read_lines(server: subprocess.Popen[str], said: list[str], serving: threading.Event) -> None:
    assert server.stdout is not None
    for line in server.stdout:
        said.append(line)
        if "Serving on" in line:
            serving.set()


def served_edit(root: Path, url: str, said: list[str]) -> tuple[float, float]:
    """Seconds from saving an edited update until the live-reload poll reports the change
    (and the page shows it), and until it reports the rebuilt site."""
    address = url + "incidents/2026-11-24-checkout-errors/"
    with httpx.Client(timeout=300) as client:
        page = client.get(address).text
        epoch, request = re.search(r"livereload\((\d+), (\d+)\)", page).groups()  # type: ignore[union-attr]
        update = root / NEW_UPDATE
        heard = len(said)
        start = time.perf_counter()
        update.write_text(update.read_text("utf-8") + "\nWe have added more servers.\n", "utf-8")

        def reloaded(epoch: str) -> str:
            while (new := client.get(f"{url}livereload/{epoch}/{request}").text) == epoch:
                pass  # the poll answers after a minute with the same epoch: nothing built yet
            return new

        epoch = reloaded(epoch)
        shown = time.perf_counter() - start
        if "We have added more servers." not in client.get(address).text:
            sys.exit("serve reloaded without the edit")
        # serve says which reload it was ("Reloading browsers: <page> first, ..." when the
        # page was shown first: the rebuild follows), just before it reloads them.
        deadline = time.monotonic() + 10
        while not (told := [line for line in said[heard:] if "Reloading browsers" in line]):
            if time.monotonic() > deadline:
                sys.exit("serve reloaded the browsers without saying so")
            time.sleep(0.01)
        if " first, " in told[0]:
            reloaded(epoch)
        return shown, time.perf_counter() - start


def differing(left: Path, right: Path) -> list[str]:
    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    names_left, names_right = files(left), files(right)
    different = sorted(names_left ^ names_right)
    different += [n for n in sorted(names_left & names_right)
                  if (left / n).read_bytes() != (right / n).read_bytes()]
    return different


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--rounds", type=int, default=3,
                        help="times each step runs, in turn with the others (default 3)")
    parser.add_argument("--bilingual", action="store_true",
                        help="the corpus in two languages (languages: [en, ru], every "
                             "incident.md and update translated; the floor renders a page "
                             "per incident and language)")
    args = parser.parse_args()
    # Started in the background by a script, this process inherits SIGINT ignored, and so
    # would serve, which then cannot be stopped with Ctrl+C: give the children the default.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if args.bilingual:
        print("bilingual: languages en, ru; every incident.md and update translated")
    print(f"{'N':>6} {'step':<16} {'seconds':>8} {'peak MB':>8} {'x floor':>8}  x floor by round")
    exact = True
    compile_once()
    for count in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "hub"
            write_corpus(root, count)
            if args.bilingual:
                translate(root)
            (root / "content/channels.yml").write_text(yaml.safe_dump(CHANNELS), "utf-8")
            measured: dict[str, list[tuple[float, float]]] = {step: [] for step in STEPS}
            for _ in range(args.rounds):
                for step, seconds, peak in one_round(root, Path(folder), args.bilingual):
                    measured[step].append((seconds, peak))
            floors = [seconds for seconds, _ in measured["floor"]]
            for step, runs in measured.items():
                ratios = [seconds / floor for (seconds, _), floor in zip(runs, floors, strict=True)]
                print(f"{count:>6} {step:<16} {statistics.median(s for s, _ in runs):>8.2f} "
                      f"{max(p for _, p in runs):>8.0f} {statistics.median(ratios):>8.2f}  "
                      + " ".join(f"{ratio:.2f}" for ratio in ratios), flush=True)
            run(CLI, ["build", "--clean", "--site-dir", str(Path(folder) / "clean")], root)
            different = differing(root / "site", Path(folder) / "clean")
            floor = statistics.median(floors)
            for step, seconds, _ in serve_rows(root):
                print(f"{count:>6} {step:<16} {seconds:>8.2f} {'-':>8} {seconds / floor:>8.2f}",
                      flush=True)
            exact = exact and not different
            print(f"{count:>6} incremental site == clean build: "
                  f"{'yes' if not different else f'NO, {len(different)} files differ: {different[:3]}'}",
                  flush=True)
    sys.exit(0 if exact else 1)


STEPS = ("floor", "clean build", "+1 update", "publish dry-run")


def one_round(root: Path, folder: Path, bilingual: bool = False
              ) -> list[tuple[str, float, float]]:
    """Each step once, side by side: (step, seconds, peak MB). The +1 update is the new
    incident's first update (in a bilingual hub, not yet translated: the Russian site shows
    it in English, as a team's first statement often is); a round after the first removes
    it and builds (not timed), so each +1 build starts from the same site."""
    new_incident = (root / NEW_UPDATE).parent
    if new_incident.exists():
        shutil.rmtree(new_incident)
        run(CLI, ["build"], root)
    shutil.rmtree(folder / "floor", ignore_errors=True)
    languages = ["en,ru"] if bilingual else []
    rows = [("floor", *run(FLOOR, [str(root / "content"), str(folder / "floor"), *languages],
                           root)),
            ("clean build", *run(CLI, ["build", "--clean"], root))]
    add_new_update(root)
    rows.append(("+1 update", *run(CLI, ["build"], root)))
    rows.append(("publish dry-run", *run(CLI, ["publish", "--dry-run"], root)))
    return rows


if __name__ == "__main__":
    main()
