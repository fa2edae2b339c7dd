"""A big build renders its pages on every core: forked helpers render a share each.

A clean build of 5,000 incidents spends about 40 % of its time rendering pages through the
theme's templates, one page after another, while a second core idles. When `crisishub
build` has many pages to render, the plugin (on_env, when everything the pages read is
ready) forks helper processes; each renders its share of the pages with MkDocs' own
`_build_page`, the code the build runs, into the same staging folder, and the build skips
those pages (the plugin's render also writes an incident's feeds with its page, so the
Markdown both read is converted once, in one process). The build makes the other feeds and
the JSON meanwhile, then renders its own share, as large as a helper's.
Before the build ends (on_post_build) it waits for the helpers, and takes back what they
learnt (the rendered-HTML memo) and what they logged (so `--strict` counts it).

A page a helper could not render stops the build with that page's error, as it would in
one process (the staging folder is dropped; the live site is untouched). A helper that
vanished (killed, out of memory) is not trusted: its pages are rendered again here.

Only where it is safe and worth it: `fork` exists, the process runs no other thread (serve
does, and a fork copies no thread and no lock holder), the plugin is the build's only one (a
helper's plugin state is lost), and there are at least MIN_PAGES pages to render.
`CRISISHUB_WORKERS` sets the number of processes (1: this process only).
Relies on MkDocs 1.6's `_build_page`, as generator/site/preview.py does.

`beside` is the same idea for other work: `crisishub build` finds the problems that never
stop a build (cross-posting, the plan, tone, dates) in a forked process while it builds.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

MIN_PAGES = 200  # below this, a fork costs more than it saves
MAX_WORKERS = 4  # each helper holds its own copy of what it changes
WORKERS_VARIABLE = "CRISISHUB_WORKERS"
ONE_PROCESS = (1, False)  # page_workers' answer where pages are never shared (serve)

log = logging.getLogger("mkdocs.plugins.crisishub")


class WorkersError(ValueError):
    """CRISISHUB_WORKERS is not a whole number of processes."""


def page_workers(environ: Mapping[str, str] = os.environ) -> tuple[int, bool]:
    """(processes, forced): the cores this process may use (at most MAX_WORKERS), or what
    CRISISHUB_WORKERS says; forced: it was said, so even a few pages are shared."""
    said = environ.get(WORKERS_VARIABLE, "").strip()
    if said:
        if not said.isdigit() or int(said) < 1:
            raise WorkersError(f"{WORKERS_VARIABLE}={said}: write the number of processes "
                               f"that render pages, e.g. {WORKERS_VARIABLE}=2 (1: one process)")
        return int(said), True
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS)), False


@dataclass
class Helper:
    pid: int
    reading: int  # the pipe its report comes through
    pages: Sequence[Any]


@dataclass(eq=False)
class Helpers:
    """The helpers of one build, and what the build must do when they are done."""

    running: list[Helper] = field(default_factory=list)
    render: Callable[[Any], None] = lambda page: None  # how this process renders a page

    def shares(self) -> set[int]:
        """The ids of the pages the helpers render (the build skips them)."""
        return {id(page) for helper in self.running for page in helper.pages}

    def finish(self) -> list[dict[str, Any]]:
        """Wait for every helper; each one's report. A page error is raised; a helper that
        ended without a report has its pages rendered again here."""
        reports, failure = [], None
        for helper in self.running:
            report = _wait(helper)
            if report is None:
                log.info(f"a page helper ended without a report; its {len(helper.pages)} "
                         "pages are rendered here")
                for page in helper.pages:
                    self.render(page)
                continue
            _log_again(report.get("logged", []))
            if report.get("error") and failure is None:
                failure = str(report["error"])
            reports.append(report)
        self.running = []
        _LIVE.discard(self)
        if failure is not None:
            raise PageRenderingFailed(failure)
        return reports

    def stop(self) -> None:
        """The build failed elsewhere: the helpers are stopped before the staging folder goes."""
        for helper in self.running:
            _end(helper.pid)
            with contextlib.suppress(OSError):
                os.close(helper.reading)
        self.running = []
        _LIVE.discard(self)


_LIVE: set[Helpers] = set()  # of the builds in this process that have helpers running


def stop_all() -> None:
    """A build failed (even by Ctrl+C, which skips MkDocs' error event): no helper goes on
    writing into the staging folder that is being dropped."""
    for helpers in list(_LIVE):
        helpers.stop()


class PageRenderingFailed(Exception):
    """A helper could not render a page; the message is MkDocs' own for that page."""


def share_pages(pages: Sequence[Any], workers: int, forced: bool,
                render: Callable[[Any], None],
                learnt: Callable[[], dict[str, Any]]) -> Helpers:
    """Start `workers - 1` helpers, each rendering its share of `pages` with `render`, then
    reporting `learnt()`; this process keeps the first share (see `_shares`). None started
    when it is not safe or not worth it (see the module's docstring)."""
    helpers = Helpers(render=render)
    if workers < 2 or not _may_fork() or (not forced and len(pages) < MIN_PAGES):
        return helpers
    for share in _shares(pages, workers)[1:]:
        if not share:
            continue
        reading, writing = os.pipe()
        pid = _fork()
        if pid == 0:  # the helper
            os.close(reading)
            _help(share, render, learnt, writing)
        os.close(writing)
        helpers.running.append(Helper(pid, reading, share))
    if helpers.running:
        _LIVE.add(helpers)
    log.info(f"rendering {len(pages)} pages in {len(helpers.running) + 1} processes")
    return helpers


def _shares(pages: Sequence[Any], workers: int) -> list[list[Any]]:
    """`pages` dealt in turn, as many to this process as to each helper. Each process makes
    an incident's feeds with its page (generator/site/plugin.py); what this one does besides
    (the hub's and components' feeds, the JSON, the cards: half a second of a clean build of
    5,000 incidents, against 11 s for half the pages) is left unbalanced."""
    dealt: list[list[Any]] = [[] for _ in range(workers)]
    for index, page in enumerate(pages):
        dealt[index % workers].append(page)
    return dealt


def _help(pages: Sequence[Any], render: Callable[[Any], None],
          learnt: Callable[[], dict[str, Any]], writing: int) -> None:
    """The helper's whole life: render, report, exit (never returns into the build)."""
    try:
        gc.freeze()  # its collections leave the build's objects (and their pages) shared
        logged = _capture_logging()
        report: dict[str, Any] = {"logged": logged}
        try:
            for page in pages:
                render(page)
            report.update(learnt())
        except BaseException as exc:  # noqa: BLE001 - reported to the build, which raises it
            report["error"] = f"{exc}" or type(exc).__name__
        with os.fdopen(writing, "wb") as out:
            out.write(json.dumps(report).encode("utf-8"))
    finally:
        os._exit(0)


class Beside:
    """Work forked off to another core while this process goes on (a build's checks beside
    its pages). `answer()` waits for what the work returned (JSON); None when it could not
    be forked or ended without an answer: then the caller does the work itself, so nothing
    is lost. What it logs at WARNING and above is logged here, when it is answered."""

    def __init__(self, pid: int | None = None, answers: IO[bytes] | None = None) -> None:
        self.pid, self.answers = pid, answers

    def answer(self) -> Any:
        if self.pid is None or self.answers is None:
            return None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        with self.answers:
            self.answers.seek(0)
            report = _report(status, self.answers.read())
        if report is None:
            return None
        _log_again(report.get("logged", []))
        return report.get("answer")

    def stop(self) -> None:
        """Not waited for (this process failed or was interrupted): it ends now."""
        if self.pid is not None:
            _end(self.pid)
            self.pid = None
        if self.answers is not None:
            self.answers.close()

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def beside(work: Callable[[], Any], environ: Mapping[str, str] = os.environ) -> Beside:
    """Start `work` in a forked process, where that is safe (as for page helpers: `fork`
    exists and no other thread runs) and allowed (`page_workers`: more than one core, and
    not CRISISHUB_WORKERS=1, which means one process); its answer is written to an unnamed
    temporary file, so it ends as soon as it is done, whenever this process reads it."""
    try:
        one_process = page_workers(environ)[0] < 2
    except WorkersError:  # the build reports it
        one_process = True
    if one_process or not _may_fork():
        return Beside()
    answers = tempfile.TemporaryFile()  # noqa: SIM115 - Beside closes it
    pid = _fork()
    if pid == 0:
        code = 1
        try:
            gc.freeze()
            report: dict[str, Any] = {"logged": _capture_logging()}
            report["answer"] = work()
            answers.write(json.dumps(report).encode("utf-8"))
            answers.flush()
            code = 0
        finally:
            os._exit(code)
    return Beside(pid, answers)


class _Keep(logging.Handler):
    def __init__(self, kept: list[list[Any]]) -> None:
        super().__init__(logging.WARNING)
        self.kept = kept

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append([record.name, record.levelno, record.getMessage()])


def _capture_logging() -> list[list[Any]]:
    """What the helper logs at WARNING and above is sent to the build, which logs it: once,
    in order with its own, and counted by MkDocs' --strict."""
    kept: list[list[Any]] = []
    keep = _Keep(kept)
    for name in ("", "mkdocs", "crisishub"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [keep]
    return kept


def _log_again(logged: list[list[Any]]) -> None:
    for name, level, message in logged:
        logging.getLogger(str(name)).log(int(level), str(message))


def _wait(helper: Helper) -> dict[str, Any] | None:
    with os.fdopen(helper.reading, "rb") as incoming:
        data = incoming.read()
    _, status = os.waitpid(helper.pid, 0)
    return _report(status, data)


def _may_fork() -> bool:
    """A fork is safe here: `fork` exists and no other thread runs (a fork copies no thread
    and no lock holder)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _fork() -> int:
    """`os.fork`, with what this process printed written out first (never twice)."""
    sys.stdout.flush()
    sys.stderr.flush()
    return os.fork()


def _end(pid: int) -> None:
    """A forked process not waited for: killed and reaped now."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _report(status: int, data: bytes) -> dict[str, Any] | None:
    """What a forked process reported, trusted only when it exited normally and the report
    is whole."""
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    try:
        report = json.loads(data.decode("utf-8"))
    except ValueError:
        return None
    return report if isinstance(report, dict) else None
