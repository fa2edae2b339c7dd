"""`crisishub serve` shows a build error in the browser, and the site again once it is fixed.

The real command runs in a subprocess on 127.0.0.1 (a free port) on a copy of the example hub.
Waiting uses the server's own live-reload poll (`/livereload/<epoch>/<id>` answers when the
site changed), the same one a browser page uses, so there is no sleep."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import watchdog.observers
from support import REPO
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from generator.site.serve import ChangeObserver

UPDATE = "incidents/2026-11-24-delivery-tracking-delays/01-investigating.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """`crisishub serve` running on a project, and what it printed."""

    def __init__(self, root: Path, url: str | None = None) -> None:
        self.url = url or f"http://127.0.0.1:{free_port()}/"
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli.main", "--config", str(root / "mkdocs.yml"),
             "serve", "--dev-addr", self.url.removeprefix("http://").rstrip("/")],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.printed: list[str] = []
        self.client = httpx.Client(timeout=90)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")  # the process ended

    def wait_for_line(self, text: str) -> None:
        while True:
            line = self.lines.get(timeout=120)
            self.printed.append(line)
            assert line, f"crisishub serve ended before printing {text!r}:\n{''.join(self.printed)}"
            if text in line:
                return

    def page(self, address: str = "") -> httpx.Response:
        return self.client.get(self.url + address)

    def next_version(self, page: httpx.Response) -> httpx.Response:
        """Wait (as the page's live-reload script does) until the site changes; then the page
        again."""
        epoch = re.search(r"livereload\((\d+), (\d+)\)", page.text)
        assert epoch, "the served page carries no live-reload script"
        self.client.get(f"{self.url}livereload/{epoch[1]}/{epoch[2]}")
        return self.client.get(page.url)

    def next_failure(self, page: httpx.Response) -> httpx.Response:
        """The page once the site shows a build error (a rebuild that started before the
        save may come first)."""
        for _ in range(4):
            page = self.next_version(page)
            if page.status_code != 200:
                break
        return page

    def stop(self) -> None:
        self.client.close()
        self.process.send_signal(signal.SIGINT)  # Ctrl+C
        self.process.wait(timeout=30)


@pytest.fixture
def served(example_copy: Path) -> Iterator[Served]:
    server = Served(example_copy)
    try:
        server.wait_for_line("Serving on")
        yield server
    finally:
        server.stop()


def test_serve_shows_a_content_error_in_the_browser_until_it_is_fixed(
        served: Served, example_copy: Path) -> None:
    page = served.page()
    assert page.status_code == 200 and "Delivery tracking shows outdated courier" in page.text

    update = example_copy / "content" / UPDATE
    good = update.read_text("utf-8")
    update.write_text(good.replace("status: investigating\n", "status: investigatingg\n"),
                      "utf-8")
    broken = served.next_failure(page)
    assert broken.status_code == 500
    assert "The hub could not be rebuilt" in broken.text
    # The same line `crisishub check` prints: file, line, field, what to write instead.
    assert (f"content/{UPDATE}:3: status: &#x27;investigatingg&#x27; is not one of "
            "investigating, identified, monitoring, resolved; did you mean "
            "&#x27;investigating&#x27;?") in broken.text
    assert served.client.get(served.url + "history/").status_code == 500  # every page says it
    assert served.client.get(served.url + "api/v2/status.json").status_code == 200  # not data

    update.write_text(good, "utf-8")
    back = served.next_version(broken)
    assert back.status_code == 200 and "Delivery tracking shows outdated courier" in back.text
    assert "could not be rebuilt" not in back.text


def test_serve_shows_a_broken_template_of_overrides_with_its_line_until_it_is_fixed(
        served: Served, example_copy: Path) -> None:
    """overrides/ is watched, as MkDocs' serve watches the theme: a template the team breaks
    is named in the browser with its file and line, and the site comes back once it is
    fixed."""
    page = served.page()
    template = example_copy / "overrides" / "crisishub" / "home.html"
    good = template.read_text("utf-8")
    kept = good.rstrip("\n")
    template.write_text(kept + "\n{{ crisishub.hub }\n", "utf-8")  # '}}' closes '{{'
    broken = served.next_failure(page)
    assert broken.status_code == 500
    line = len(kept.splitlines()) + 1
    assert (f"overrides/crisishub/home.html:{line}: the page template cannot be used "
            "(TemplateSyntaxError: unexpected &#x27;}&#x27;)") in broken.text
    served.wait_for_line(f"overrides/crisishub/home.html:{line}: the page template")

    template.write_text(good, "utf-8")
    back = served.next_version(broken)
    assert back.status_code == 200 and "Delivery tracking shows outdated courier" in back.text


def test_an_edited_update_shows_at_once_and_the_rest_of_the_site_follows(
        served: Served, example_copy: Path) -> None:
    """The edited incident's page is rendered first (generator/site/preview.py) and the
    browser reloads; the rebuild follows, the browser reloads again, and the page is the
    same (tests/test_serve_preview.py compares the bytes)."""
    incident = "incidents/2026-11-24-delivery-tracking-delays/"
    page = served.page(incident)
    assert "We have added more servers." not in page.text
    update = example_copy / "content" / UPDATE
    update.write_text(update.read_text("utf-8") + "\nWe have added more servers.\n", "utf-8")
    first = served.next_version(page)
    served.wait_for_line(f"Reloading browsers: {incident} first, the rest of the site follows")
    assert first.status_code == 200 and "We have added more servers." in first.text
    rebuilt = served.next_version(first)

    def version(page: httpx.Response) -> tuple[str, str]:
        epoch = r"livereload\((\d+), \d+\)"
        return re.findall(epoch, page.text)[0], re.sub(epoch, "", page.text)
    assert version(rebuilt)[0] != version(first)[0]  # a second reload, not the poll's timeout
    assert version(rebuilt)[1] == version(first)[1]
    feed = served.page("feeds/incidents/2026-11-24-delivery-tracking-delays.rss.xml")
    assert "We have added more servers." in feed.text  # the rest of the site, rebuilt


def test_serve_starts_on_a_broken_hub_and_shows_why(example_copy: Path) -> None:
    update = example_copy / "content" / UPDATE
    update.write_text(update.read_text("utf-8").replace("status: investigating\n",
                                                        "status: investigatingg\n"), "utf-8")
    server = Served(example_copy)
    try:
        server.wait_for_line("Serving on")
        page = server.page()
        assert page.status_code == 500 and f"content/{UPDATE}:3: status:" in page.text
    finally:
        server.stop()


def test_a_restarted_serve_renders_only_what_changed_since_it_stopped(example_copy: Path) -> None:
    """serve builds into the build cache, one folder per address, and keeps it when it
    stops: on a big hub the next start takes seconds, not a full build. A page that did not
    change (a resolved incident's) is the same file (hard-linked, not rendered again)."""
    server = Served(example_copy)
    port = server.url.removeprefix("http://127.0.0.1:").rstrip("/")
    page = (example_copy / f".crisishub-cache/serve-127.0.0.1-{port}/site"
            / "incidents/2026-10-09-partner-api-errors/index.html")
    try:
        server.wait_for_line("Serving on")
        assert "Delivery tracking shows outdated courier" in server.page().text
        first = page.stat().st_ino
    finally:
        server.stop()
    assert page.is_file()  # kept for the next start
    again = Served(example_copy, server.url)  # the same address
    try:
        again.wait_for_line("Serving on")
        assert again.page().status_code == 200
        assert page.stat().st_ino == first
    finally:
        again.stop()


class Changes(FileSystemEventHandler):
    """What a watched folder reported, as MkDocs' handler sees it (file events only)."""

    def __init__(self) -> None:
        self.events: queue.Queue[FileSystemEvent] = queue.Queue()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self.events.put(event)

    def next(self, timeout: float = 10) -> FileSystemEvent | None:
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            return None

    def drain(self) -> None:
        while self.next(timeout=1.5) is not None:
            pass


@pytest.fixture(params=["system", "polling"])
def watched(request: pytest.FixtureRequest, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Changes, Path]]:
    """A content folder watched as serve watches it: by the system's notices, or, where the
    system refuses them, by polling."""
    if request.param == "polling":
        def refused(self: object) -> None:
            raise OSError(28, "inotify watch limit reached")
        monkeypatch.setattr(watchdog.observers.Observer, "start", refused)
    content = tmp_path / "content"
    (content / "incidents/2026-11-24-a").mkdir(parents=True)
    (content / "incidents/2026-11-24-a/01.md").write_text("first", "utf-8")
    changes = Changes()
    observer = ChangeObserver()
    observer.schedule(changes, str(content), recursive=True)
    observer.start()
    assert (observer.polling is not None) == (request.param == "polling")
    try:
        yield changes, content
    finally:
        observer.stop()
        observer.join()


def test_serve_sees_every_kind_of_change_and_not_its_own_reading(
        watched: tuple[Changes, Path], tmp_path: Path) -> None:
    """A build reads every content file: reading must not start another build (a loop);
    saving, adding, deleting, renaming a file or moving an incident folder away must."""
    changes, content = watched
    update = content / "incidents/2026-11-24-a/01.md"
    assert update.read_text("utf-8") == "first"
    assert changes.next(timeout=2) is None  # read, not changed
    update.write_text("edited", "utf-8")
    assert changes.next() is not None
    changes.drain()
    update.rename(update.with_name("02.md"))
    assert changes.next() is not None
    changes.drain()
    (content / "incidents/2026-11-24-a").rename(tmp_path / "archived")
    assert changes.next() is not None
