"""What may be read below the content folder: nothing that leads out of it or never ends.

A content author (or a compromised account) can commit a symbolic link. A link to
`/proc/self/environ` or to `.git/config` would publish the build machine's secrets as a page;
a link to a parent folder makes MkDocs walk in circles until memory runs out; a named pipe
makes a read wait forever. Before anything is read, the whole content folder is walked
without following links, and every such entry is a problem naming it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Collection
from pathlib import Path

from generator.core.problems import Problems

_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a device",
          stat.S_IFBLK: "a device"}
REPLACE = "replace it with a copy of the file, or delete it"


def refused_entries(content_dir: Path, shown: Callable[[Path], str],
                    problems: Problems, incidents: Collection[str] | None = None,
                    listed: dict[str, list[str]] | None = None) -> set[Path]:
    """Every link leaving `content_dir`, link loop, link to a folder above itself and special
    file below `content_dir`, each reported; the loader must not open any of them.
    `incidents`: only these folders of incidents/ are looked into (the loader reads no other).
    `listed`: filled with the names in each incident folder walked, by the folder's name, so
    that the loader lists no folder twice (and reads what was looked at here)."""
    refused: set[Path] = set()
    if not content_dir.is_dir():
        return refused
    root = content_dir.resolve()
    skipped = str(root / "incidents")
    incident_folders = skipped + os.sep
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        name = folder[len(incident_folders):] if folder.startswith(incident_folders) else ""
        if listed is not None and name and os.sep not in name:  # an incident folder
            listed[name] = [entry.name for entry in entries]
        for entry in entries:
            # The kind of entry comes with the folder listing: a plain file or folder (all
            # but a few) needs no further look.
            if entry.is_dir(follow_symlinks=False):
                if folder != skipped or incidents is None or entry.name in incidents:
                    pending.append(entry.path)
                continue
            if entry.is_file(follow_symlinks=False):
                continue
            path = Path(entry.path)
            reason = _unsafe(path, root)
            if reason is not None:
                problems.error(shown(content_dir / path.relative_to(root)), None, None, reason)
                refused.add(content_dir / path.relative_to(root))
    return refused


def _unsafe(path: Path, root: Path) -> str | None:
    """Why `path` must not be read, or None."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None
    if stat.S_ISLNK(mode):
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return None  # a broken link: reported as unreadable where it is used
        except (OSError, RuntimeError):
            return f"is a link that leads round in a circle; {REPLACE}"
        if not target.is_relative_to(root):
            return (f"is a link to {os.readlink(path)}, outside the content folder; only files inside "
                    f"content/ are published: {REPLACE}")
        if target.is_dir() and path.parent.resolve().is_relative_to(target):
            return f"is a link to a folder that contains it, so reading it never ends; {REPLACE}"
        mode = target.stat().st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        return f"is {kind}, not a file; delete it"
    return None
