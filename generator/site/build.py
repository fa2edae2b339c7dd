"""Building the site so that a failed or killed build never damages the one already published.

The new site is built in a staging folder beside the target and swapped in with one atomic
step (Linux `renameat2(RENAME_EXCHANGE)`), so at every instant `site/` is either the old or the
new site, even if the process is killed. The old site is then emptied by a detached process,
so the build does not wait for thousands of files to be deleted. Staging and retired folders
carry the process id of their builder or remover; a later build removes those whose process
is gone.

The emptied folders of the old site are kept as `.<site>.skeleton` beside it (after a first
build, a copy of the new site's folders): the next build starts from them, so it does not
make a folder for each of thousands of incident pages again (on a slow disk that is most of
a build after one new update). A skeleton holds no file, and its folders that the new build
leaves empty are removed before the swap. A build that fails gives its staging folder to the
remover as it would an old site: its files are deleted and its folders kept as the skeleton.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.model import Hub
from generator.core.problems import Problems
from generator.crosspost.publishing import Crosspost
from generator.practice.checks import Practice
from generator.reading.settings import Project
from generator.site import parallel
from generator.site.incremental import (
    Incremental,
    forget_manifest,
    manifest_file,
    read_manifest,
    write_manifest,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("crisishub")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class BuildFailed(Exception):
    """MkDocs could not build the site; the previous site is untouched."""


def build_site(project: Project, site_dir: Path | None = None, *, strict: bool = False,
               internal: bool = False, content: tuple[Hub, Problems] | None = None,
               practice: tuple[Practice, Problems] | None = None,
               crosspost: Crosspost | None = None, clean: bool = False,
               serve_url: str | None = None,
               built: Callable[[MkDocsConfig], None] | None = None) -> Path:
    """Build into a temporary folder beside the target, then swap it in on success only.

    `internal` builds the team's site (plan with contacts, drafts, report) instead;
    `content` is the hub (drafts included) and problems already read and checked (`crisishub
    build` stops a public build with an unfilled placeholder first), so it is not read or
    checked again.
    Pages whose key did not change since the last build are kept, not rendered again
    (docs/incremental-builds.md); `clean` renders every page. `serve_url`: the address of
    `crisishub serve`, which builds this way too, and is handed each good build's
    configuration (`built`, once the site is swapped in: see site/preview.py)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:  # serve runs threads (a fork copies none of them): one process renders its pages
        workers = parallel.ONE_PROCESS if serve_url else parallel.page_workers()
    except parallel.WorkersError as exc:
        raise BuildFailed(str(exc)) from None
    target = (site_dir or project.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    staging, recycled = claim_skeleton(target)
    previous = None if clean or not target.is_dir() else read_manifest(project.root, target)
    state = Incremental(target, previous)
    try:
        config = load_config(str(project.config_file), site_dir=str(staging), strict=strict)
        if serve_url:
            config.site_url = serve_url
        config.plugins["crisishub"].config["internal"] = internal
        config.plugins["crisishub"].config["content"] = content
        config.plugins["crisishub"].config["practice"] = practice
        config.plugins["crisishub"].config["crosspost"] = crosspost
        config.plugins["crisishub"].config["incremental"] = state
        config.plugins["crisishub"].config["page_workers"] = workers
        # MkDocs' "dirty" mode skips the pages the plugin marked unmodified; every other file
        # is missing from the fresh staging folder, so it is written.
        with _quiet_dirty_warning():
            build(config, dirty=True, serve_url=serve_url)
    except (MkDocsException, OSError) as exc:
        parallel.stop_all()
        retire(staging, target)
        raise BuildFailed(str(exc) or type(exc).__name__) from exc
    except UnicodeDecodeError as exc:
        # MkDocs reads hand-written pages (docs_dir) itself and does not name the file.
        parallel.stop_all()
        retire(staging, target)
        raise BuildFailed("a hand-written page (docs_dir) is not UTF-8 text "
                          f"(byte 0x{exc.object[exc.start]:02x}); save it with UTF-8 "
                          "encoding") from exc
    except BaseException:
        parallel.stop_all()
        retire(staging, target)
        raise
    prune_empty(recycled)
    forget_manifest(project.root, target)
    swap_in(staging, target)
    write_manifest(project.root, state)
    if built is not None:
        built(config)
    return target


def builds_on_previous(project: Project, site_dir: Path | None = None) -> bool:
    """Whether a build into `site_dir` (not --clean) starts from the last one there: its
    site and its manifest are there, so only what changed is rendered (see `build_site`)."""
    target = (site_dir or project.site_dir).resolve()
    return target.is_dir() and manifest_file(project.root, target).is_file()


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


@contextmanager
def _quiet_dirty_warning() -> Iterator[None]:
    """MkDocs warns that a dirty build may leave wrong navigation: ours decides per page by
    content keys (tested byte-identical to a clean build), so the warning does not apply and
    must not fail a --strict build."""
    logger = logging.getLogger("mkdocs.commands.build")
    quiet = _DropDirtyWarning()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def swap_in(staging: Path, target: Path) -> None:
    """Make `staging` the `target` in one atomic step; the old site is removed afterwards."""
    while True:
        if target.exists():
            if _exchange(staging, target):
                retire(staging, target)  # now holds the old site
                return
            _two_renames(staging, target)
            return
        try:
            staging.rename(target)
            mirror_folders(target)  # no old site to keep the folders of
            return
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
            # Another build put a site there meanwhile: exchange with it instead.


def skeleton_of(target: Path) -> Path:
    return target.with_name(f".{target.name}.skeleton")


def claim_skeleton(target: Path) -> tuple[Path, list[str]]:
    """A new staging folder for `target`: the skeleton of an earlier site when there is one
    (taken in one rename, so two builds never share it), with the folders below it that
    the build must remove if it leaves them empty; else an empty folder."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-",
                                    dir=target.parent))
    try:
        os.rename(skeleton_of(target), staging)  # a folder replaces an empty one
    except OSError:
        return staging, []
    return staging, emptied(staging)


def emptied(root: Path) -> list[str]:
    """Every folder below `root`, after removing every file (and link) in them: a skeleton
    holds none, unless something wrote there meanwhile; a file must never be carried over."""
    folders, pending = [], [str(root)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                    pending.append(entry.path)
                else:
                    os.unlink(entry.path)
    return folders


def prune_empty(folders: list[str]) -> None:
    """Remove those of `folders` that are empty, the deepest first (a folder's path is
    longer than its parent's): what a clean build would not have made."""
    for folder in sorted(folders, key=len, reverse=True):
        with contextlib.suppress(OSError):  # not empty: the new site has files there
            os.rmdir(folder)


# The remover: reads the folder's new name, once its parent has renamed it with the
# remover's own process id (so no build removes it meanwhile), removes every file in it and
# keeps its folders as the site's skeleton (argv[1]) for the next build; when there is one
# already (or anything fails), it deletes the folder whole.
_removers: list[subprocess.Popen[bytes]] = []
_REMOVER = """
import os, shutil, sys
name = sys.stdin.readline().strip()
if name:
    try:
        for root, folders, files in os.walk(name):
            for file in files + [f for f in folders if os.path.islink(os.path.join(root, f))]:
                os.unlink(os.path.join(root, file))
        os.rename(name, sys.argv[1])
    except OSError:
        shutil.rmtree(name, ignore_errors=True)
"""


def retire(old: Path, target: Path) -> None:
    """Remove the retired site `old` of `target` (or a failed build's staging folder)
    without keeping the build waiting: a detached process empties it as
    `.<target>.old-<its pid>-...` and keeps its folders as the skeleton (see the module's
    doc). Where no process can be started, it is deleted here; a remover stopped half-way
    leaves a folder that the next build removes (`remove_leftovers`)."""
    _removers[:] = [r for r in _removers if r.poll() is None]  # reap the finished ones
    try:
        remover = subprocess.Popen(
            [sys.executable, "-c", _REMOVER, str(skeleton_of(target))], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(old, ignore_errors=True)
        return
    assert remover.stdin is not None
    with remover.stdin:
        trash = old.with_name(f".{target.name}.old-{remover.pid}-{old.name.rsplit('-', 1)[-1]}")
        try:
            old.rename(trash)
        except OSError:
            shutil.rmtree(old, ignore_errors=True)
            return
        remover.stdin.write(f"{trash}\n".encode())
    # Not waited for: it outlives this process (its own session) when it must; a long-lived
    # process (serve, tests) reaps it at its next retire.
    _removers.append(remover)


# After a first build (no old site), the site's folders are copied as the skeleton.
_MIRROR = """
import os, shutil, sys
site, skeleton = sys.argv[1], sys.argv[2]
work = os.path.join(os.path.dirname(site), f".{os.path.basename(site)}.old-{os.getpid()}-mirror")
try:
    os.mkdir(work)
    for root, folders, _ in os.walk(site):
        for folder in folders:
            os.mkdir(os.path.join(work, os.path.relpath(os.path.join(root, folder), site)))
    os.rename(work, skeleton)
except OSError:
    shutil.rmtree(work, ignore_errors=True)
"""


def mirror_folders(target: Path) -> None:
    """Make the skeleton of `target` from its own folders, in a detached process (as
    `.<target>.old-<its pid>-mirror` until done), when there is no old site to empty."""
    if skeleton_of(target).exists():
        return
    _removers[:] = [r for r in _removers if r.poll() is None]
    with contextlib.suppress(OSError):  # without it, the next build makes its folders
        _removers.append(subprocess.Popen(
            [sys.executable, "-c", _MIRROR, str(target), str(skeleton_of(target))],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True))


def _two_renames(staging: Path, target: Path) -> None:
    """The portable fallback: for an instant between the renames there is no `target`."""
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    staging.rename(target)
    retire(retired, target)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (then nothing happened)."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # old kernel or a file system without exchange
    raise OSError(code, os.strerror(code), str(second))


_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?:building|old)-(?:(?P<pid>\d+)-)?[^/]*$")


def remove_leftovers(target: Path) -> list[Path]:
    """Remove staging and retired folders of `target` left by builds that were killed.

    A folder whose builder is still running is left alone (builds may run side by side)."""
    removed = []
    for path in target.parent.iterdir():
        match = _LEFTOVER.match(path.name)
        if not match or match.group("name") != target.name or not path.is_dir():
            continue
        pid = match.group("pid")
        if pid is not None and _running(int(pid)):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    if removed:
        log.info("removed %d folders left by interrupted builds", len(removed))
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
