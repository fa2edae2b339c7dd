"""Scenarios of generator.site.parallel (share_pages, beside), each run by tests/test_parallel_pages.py in
a fresh Python process: helpers are forked only in a process without other threads, and
the test process has some (the local servers of other tests)."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from generator.site import parallel


class Renderer:
    """Renders a page (a name) as a file holding the renderer's process id; `fail` makes a
    page, in a helper only, vanish (the process exits), warn, or raise the given error."""

    def __init__(self, folder: Path, fail: dict[str, str] | None = None) -> None:
        self.folder, self.fail, self.parent = folder, fail or {}, os.getpid()

    def __call__(self, page: str) -> None:
        mode = self.fail.get(page)
        if mode and os.getpid() != self.parent:
            if mode == "vanish":
                os._exit(7)
            if mode == "warn":
                logging.getLogger("helper.test").warning(f"{page} has a broken link")
            else:
                raise ValueError(f"Error building page '{page}': {mode}")
        (self.folder / page).write_text(str(os.getpid()), encoding="utf-8")


def render_all(pages: list[str], render: Any, workers: int = 3,
               learnt: Any = dict) -> tuple[parallel.Helpers, list[dict[str, Any]]]:
    """As the build does: helpers started, this process renders the rest, then waits."""
    helpers = parallel.share_pages(pages, workers, True, render, learnt)
    shared = helpers.shares()
    for page in pages:
        if id(page) not in shared:
            render(page)
    return helpers, helpers.finish()


def pages(count: int) -> list[str]:
    return [f"page-{n}" for n in range(count)]


def every_page_once(folder: Path) -> None:
    names = pages(30)
    helpers, reports = render_all(names, Renderer(folder), learnt=lambda: {"asked": ["x"]})
    writers = {page: (folder / page).read_text() for page in names}
    assert sorted(writers) == sorted(p.name for p in folder.iterdir())
    assert list(writers.values()).count(str(os.getpid())) == 10  # one in three of 30
    assert len(set(writers.values())) == 3
    assert [r["asked"] for r in reports] == [["x"], ["x"]]
    assert helpers.running == [] and not parallel._LIVE


def page_error(folder: Path) -> None:
    try:
        render_all(pages(10), Renderer(folder, {"page-1": "'x' is undefined"}))
    except parallel.PageRenderingFailed as exc:
        assert str(exc) == "Error building page 'page-1': 'x' is undefined", exc
    else:
        raise AssertionError("a helper's page error did not stop the build")


def vanished(folder: Path) -> None:
    names = pages(10)
    render_all(names, Renderer(folder, {"page-1": "vanish"}), workers=2)
    by_here = [p for p in names if (folder / p).read_text() == str(os.getpid())]
    assert by_here == names, by_here  # the helper's whole share, not only what it left


def logged_again(folder: Path) -> None:
    seen: list[tuple[str, str]] = []

    class Seen(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append((record.name, record.getMessage()))

    logging.getLogger().addHandler(Seen(logging.WARNING))
    render_all(pages(10), Renderer(folder, {"page-2": "warn"}))
    assert seen == [("helper.test", "page-2 has a broken link")], seen


def not_shared(folder: Path) -> None:
    names = pages(10)
    assert parallel.share_pages(names, 2, False, Renderer(folder), dict).running == []
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel.share_pages(names, 2, True, Renderer(folder), dict).running == []
    finally:
        stop.set()
        other.join()
    assert parallel.share_pages(names, 2, True, Renderer(folder), dict).running != []


def stopped(folder: Path) -> None:
    gate = folder / "gate"

    def slow(page: str) -> None:
        while not gate.exists():
            threading.Event().wait(0.01)
        (folder / page).write_text("late")

    helpers = parallel.share_pages(pages(6), 2, True, slow, dict)
    assert len(helpers.running) == 1
    parallel.stop_all()
    gate.write_text("open")
    threading.Event().wait(0.3)
    assert sorted(p.name for p in folder.iterdir()) == ["gate"]
    assert not parallel._LIVE


def beside(folder: Path) -> None:
    """`beside`: the work runs in another process; its answer and its warnings come back;
    a process stopped before it answers gives no answer (the caller then does the work);
    none is forked beside another thread."""
    seen: list[tuple[str, str]] = []

    class Seen(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append((record.name, record.getMessage()))

    logging.getLogger().addHandler(Seen(logging.WARNING))

    def work() -> dict[str, int]:
        logging.getLogger("beside.test").warning("found beside")
        return {"pid": os.getpid()}

    with parallel.beside(work) as there:
        assert there.pid is not None
        answer = there.answer()
    assert answer["pid"] not in (os.getpid(), None), answer
    assert seen == [("beside.test", "found beside")], seen

    with parallel.beside(lambda: threading.Event().wait(60)) as slow:
        slow.stop()  # this process failed meanwhile: it ends now, unanswered
        assert slow.answer() is None

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        here = parallel.beside(work)
        assert here.pid is None and here.answer() is None
    finally:
        stop.set()
        other.join()
