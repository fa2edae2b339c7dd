"""`crisishub serve`: MkDocs' live-reload server, with a failed rebuild shown in the browser.

When a rebuild fails (a content error, a broken mkdocs.yml), every page the browser asks for
is an error page with the same plain-language lines `crisishub check` prints (file, line,
what to write instead); the next good rebuild brings the site back and the page reloads on
its own. Only `serve` does this: `crisishub build` never writes a half site
(`site/build.py`).

It builds as `crisishub build` does (incremental, swapped in whole) into a folder of the
build cache kept between runs (`serve_folder`), so a restart renders only what changed.
"""

from __future__ import annotations

import html
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import watchdog.events as fs
import watchdog.observers
from jinja2 import TemplateError
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError, MkDocsException
from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from generator.core.i18n import Translator
from generator.reading.parse_cache import cache_folder
from generator.reading.settings import Project
from generator.site.build import BuildFailed, build_site
from generator.site.preview import LastBuild
from generator.site.template_errors import template_problem

log = logging.getLogger("crisishub")


# What changes a file: created, saved, written and closed, deleted, renamed (a folder
# renamed within the content also reports each file in it); a folder deleted or moved out.
# Not a file opened or read: every build reads the content.
CHANGES: list[type[fs.FileSystemEvent]] = [
    fs.FileCreatedEvent, fs.FileModifiedEvent, fs.FileClosedEvent, fs.FileDeletedEvent,
    fs.FileMovedEvent, fs.DirDeletedEvent, fs.DirMovedEvent]


class FoldersToo(fs.FileSystemEventHandler):
    """MkDocs' handler rebuilds on file events only; a folder deleted or moved out of the
    content is one folder event for inotify (polling saw each file go): it rebuilds too.
    Every changed path (both of a move) is told to `note`."""

    def __init__(self, handler: fs.FileSystemEventHandler,
                 note: Callable[[str], None] | None = None) -> None:
        self.handler, self.note = handler, note

    def dispatch(self, event: fs.FileSystemEvent) -> None:
        if self.note is not None:
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    self.note(os.fsdecode(path))
        if event.is_directory:
            event = fs.FileDeletedEvent(event.src_path)
        self.handler.dispatch(event)


class ChangeObserver(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
    """The system's own notice of changed files (inotify on Linux, FSEvents on macOS), not
    MkDocs' polling, which walks every watched folder twice a second: on a hub of 5,000
    incidents that walk took the processor from the rebuild the author waits for (an edit
    showed after ~11 s instead of ~6 s), and from everything else while nothing changed.
    Where the system refuses (inotify's limit of watched folders), it polls as MkDocs does."""

    def __init__(self, note: Callable[[str], None] | None = None) -> None:
        """`note`: told every changed path (see FoldersToo)."""
        super().__init__(timeout=0.25)
        self.note = note
        self.scheduled: list[tuple[fs.FileSystemEventHandler, str, bool]] = []
        self.polling: BaseObserver | None = None

    def schedule(self, event_handler: fs.FileSystemEventHandler, path: str | Path, *,
                 recursive: bool = False, event_filter: Any = None,
                 follow_symlink: bool = False) -> ObservedWatch:
        handler = FoldersToo(event_handler, self.note)
        self.scheduled.append((handler, str(path), recursive))
        return super().schedule(handler, path,  # type: ignore[no-any-return]
                                recursive=recursive, event_filter=CHANGES,
                                follow_symlink=follow_symlink)

    def start(self) -> None:
        try:
            super().start()
        except OSError as exc:
            log.warning(f"the system cannot watch the content folders ({exc.strerror}); "
                        "serve looks for changes every half second instead")
            self.polling = PollingObserver(timeout=0.5)
            for handler, path, recursive in self.scheduled:
                self.polling.schedule(handler, path, recursive=recursive)
            self.polling.start()

    def stop(self) -> None:
        if self.polling is not None:
            self.polling.stop()
        super().stop()

    def join(self, timeout: float | None = None) -> None:
        if self.polling is not None:
            self.polling.join(timeout)
        if self.is_alive():
            super().join(timeout)


class HubServer(LiveReloadServer):
    """LiveReloadServer that answers every page with `failure` while the last build failed,
    and learns of changes from the system (`ChangeObserver`).

    Relies on MkDocs 1.6's `observer`, `_serve_request`, `_epoch_cond` and
    `_inject_js_into_html` (the page must carry the live-reload script, so it reloads by
    itself once the build is good)."""

    failure: list[str] | None = None
    language: str = "en"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.observer = ChangeObserver(self._note_change)
        self._changed: set[str] = set()
        self._changed_lock = threading.Lock()

    def _note_change(self, path: str) -> None:
        with self._changed_lock:
            self._changed.add(path)

    def take_changes(self) -> set[str]:
        """The paths changed since the last call (a rebuild takes them as it starts)."""
        with self._changed_lock:
            changed, self._changed = self._changed, set()
        return changed

    def reload_now(self) -> None:
        """Browsers reload at once (the edited page is shown first: site/preview.py)."""
        with self._epoch_cond:
            self._visible_epoch = self._wanted_epoch
            self._epoch_cond.notify_all()

    def reload_again(self) -> None:
        """After `reload_now`, the rebuild under way is a new version: the browsers reload
        once more when it ends (MkDocs' build loop makes it visible)."""
        with self._epoch_cond:
            self._wanted_epoch = max(_timestamp(), self._visible_epoch + 1)

    def _serve_request(self, environ: dict[str, Any],
                       start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        failure = self.failure
        path = environ["PATH_INFO"]
        if failure is None or path.startswith("/livereload/") or not _is_page(path):
            return super()._serve_request(environ, start_response)  # type: ignore[no-any-return]
        with self._epoch_cond:
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            epoch = self._visible_epoch
        body = self._inject_js_into_html(error_page(failure, self.language).encode(), epoch)
        start_response("500 Internal Server Error", [
            ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


def failure_lines(exc: BaseException, root: Path) -> list[str]:
    """What went wrong, as lines for a person: the plugin's own message (one problem per
    line, as `crisishub check` prints them) rather than MkDocs' "Aborted with a BuildError!";
    for a theme template in overrides/, its file and line (`root`: the project's folder)."""
    if isinstance(exc, TemplateError):
        return [template_problem(exc, root)]
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, BuildError):
        cause = cause.__cause__ or cause.__context__
    return [line for line in str(cause or exc).splitlines() if line.strip()]


def error_page(lines: list[str], language: str) -> str:
    """A self-contained page (no site assets: the site may be what is broken)."""
    t = Translator(language)
    lead, problems = (lines[0], lines[1:]) if len(lines) > 1 else ("", lines)
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in problems)
    return (f'<!doctype html><html lang="{t.language}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{t('serve.title')}</title><style>"
            "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;"
            "padding:0 1rem;line-height:1.5}code{white-space:pre-wrap;overflow-wrap:anywhere}"
            "li{margin:.5rem 0}</style></head><body>"
            f"<h1>{t('serve.title')}</h1><p>{t('serve.intro')}</p>"
            + (f"<p>{html.escape(lead)}</p>" if lead else "")
            + f'<ul class="ch-build-errors">{items}</ul></body></html>')


def show_first(last: LastBuild, changed: set[str]) -> str | None:
    """The edited incident's page, rendered with the last build's layout into the served
    site before the rebuild (None: nothing shown first). Only a shortcut: whatever stops it
    is left to the rebuild, which shows every error."""
    try:
        return last.show_first(changed)
    except Exception:  # noqa: BLE001 - the rebuild that follows reports it
        log.debug("the edited page could not be shown first", exc_info=True)
        return None


def serve_folder(project: Project, host: str, port: int) -> Path:
    """Where `serve` on `host:port` builds: a folder of the build cache, one per address (a
    served page carries its address), kept when serve stops, so a restarted serve renders
    only what changed since, as `crisishub build` does."""
    name = re.sub(r"[^A-Za-z0-9.]+", "-", f"{host}-{port}")
    return cache_folder(project.root) / f"serve-{name}" / "site"


def serve_hub(project: Project, dev_addr: str) -> None:
    """Serve the hub on `dev_addr`, rebuilding on every change."""
    # "Serving on …", "Detected file changes", "Reloading browsers": what an author waits for.
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
    config = load_config(config_file=str(project.config_file), dev_addr=dev_addr)
    host, port = config.dev_addr
    site_dir = serve_folder(project, host, port)  # build_site makes it
    config.site_dir = str(site_dir)
    config.plugins.on_startup(command="serve", dirty=False)
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)

    last: list[LastBuild] = []  # the last good build, to show an edited page first

    def keep(built: MkDocsConfig) -> None:
        last[:] = [LastBuild(project, built, site_dir)]

    def builder(config: MkDocsConfig | None = None) -> None:
        changed = server.take_changes()
        shown = show_first(last.pop(), changed) if last and server.failure is None else None
        if shown is not None:
            logging.getLogger("mkdocs.livereload").info(
                f"Reloading browsers: {shown} first, the rest of the site follows")
            server.reload_now()
        # Incremental, as `crisishub build`: an edit renders what it changes, not the hub.
        try:
            build_site(project, site_dir, serve_url=serve_url, built=keep)
        except (BuildFailed, MkDocsException, OSError, TemplateError) as exc:
            server.failure = failure_lines(exc, project.root)
            if isinstance(exc, TemplateError):  # MkDocs logged Jinja's words, not the file
                log.error(server.failure[0])
            log.error("the browser shows this error until it is fixed; save the file and "
                      "the site comes back")
            return
        finally:
            if shown is not None:
                server.reload_again()
        server.failure = None

    server = HubServer(builder=builder, host=host, port=port, root=str(site_dir),
                       mount_path=mount_path)
    server.language = project.language
    try:
        builder(config)
        # As MkDocs' serve: the pages, mkdocs.yml, the theme folder the team edits
        # (overrides/; not the installed theme) and what `watch:` lists; and the content.
        for path in (config.docs_dir, config.config_file_path, config.theme.custom_dir,
                     *config.watch, str(project.content_dir)):
            if path:
                server.watch(path)
        served = config.plugins.on_serve(server, config=config, builder=builder)
        try:
            served.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            served.shutdown()
    finally:
        config.plugins.on_shutdown()
