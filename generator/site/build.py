"""Building the site so that a failed build never damages the one already published."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.core.model import Hub
from generator.core.problems import Problems
from generator.reading.settings import Project
from generator.site.incremental import Incremental, forget_manifest, read_manifest, write_manifest

log = logging.getLogger("crisishub")


class BuildFailed(Exception):
    """MkDocs could not build the site; the previous site is untouched."""


def build_site(project: Project, site_dir: Path | None = None, *, strict: bool = False,
               internal: bool = False, content: tuple[Hub, Problems] | None = None,
               clean: bool = False) -> Path:
    """Build into a temporary folder beside the target, then swap it in on success only.

    `internal` builds the team's site (plan with contacts, drafts, report) instead;
    `content` is the hub (drafts included) and problems already read, so it is not read again.
    Pages whose key did not change since the last build are kept, not rendered again
    (docs/incremental-builds.md); `clean` renders every page."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    target = (site_dir or project.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    previous = None if clean or not target.is_dir() else read_manifest(project.root, target)
    state = Incremental(target, previous)
    try:
        config = load_config(str(project.config_file), site_dir=str(staging), strict=strict)
        config.plugins["crisishub"].config["internal"] = internal
        config.plugins["crisishub"].config["content"] = content
        config.plugins["crisishub"].config["incremental"] = state
        # MkDocs' "dirty" mode skips the pages the plugin marked unmodified; every other file
        # is missing from the fresh staging folder, so it is written.
        with _quiet_dirty_warning():
            build(config, dirty=True)
    except (MkDocsException, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(exc) or type(exc).__name__) from exc
    except UnicodeDecodeError as exc:
        # MkDocs reads hand-written pages (docs_dir) itself and does not name the file.
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed("a hand-written page (docs_dir) is not UTF-8 text "
                          f"(byte 0x{exc.object[exc.start]:02x}); save it with UTF-8 "
                          "encoding") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    forget_manifest(project.root, target)
    _swap_in(staging, target)
    write_manifest(project.root, state)
    return target


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


def _swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging`: two renames, the old site removed only afterwards."""
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        retired.rmdir()
        target.rename(retired)
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(target)
