"""The parse cache: a content file whose bytes did not change is not parsed again.

Entries are keyed by the file's shown path and a hash of its bytes, and hold the parsed
`Document` (fields, their lines, body) of files that parsed without any problem; files with
problems are parsed every time, so their messages are always fresh. The cache is JSON (never
pickle: a cache file is data, not code), lives in `.crisishub-cache/` beside mkdocs.yml, and a
corrupt cache, or one written by another version of the parser, is ignored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from generator.core import documents
from generator.core.documents import Document, read_document
from generator.core.problems import Problems

CACHE_DIR = ".crisishub-cache"
FORMAT = "crisishub-parsed/1"
FILE_NAME = "parsed.json"
log = logging.getLogger("crisishub")


def cache_folder(project_root: Path) -> Path:
    """`.crisishub-cache/` beside mkdocs.yml, with a .gitignore that keeps it out of git."""
    folder = project_root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Crisis Hub's build cache: safe to delete, never commit.\n*\n",
                          encoding="utf-8")
    return folder


@cache
def committed_cache(project_root: Path) -> bool:
    """Whether git tracks files in the cache folder (someone ran `git add -f`, or a pull
    request brought them). A cache from a commit is never read: its entries could make the
    build publish something other than the Markdown that was reviewed."""
    try:
        done = subprocess.run(["git", "ls-files", "-z", "--", CACHE_DIR], cwd=project_root,
                              capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False  # no git, no repository: nothing is committed
    if done.returncode != 0 or not done.stdout:
        return False
    log.warning(f"{CACHE_DIR}/ is committed to git; it is not read (every file is parsed and "
                f"rendered again). Remove it from git: git rm -r --cached {CACHE_DIR}")
    return True


def _parser_version() -> str:
    """Changes whenever the code that parses a file does."""
    return hashlib.sha256(Path(documents.__file__).read_bytes()).hexdigest()


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        return {"m": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(type(value).__name__)


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        return {_decode(k): _decode(v) for k, v in value["m"]}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


class ParseCache:
    """Parsed documents by (shown path, bytes); `save()` keeps only those used this time.

    The file is read when a first document is asked for: a run that takes every incident
    from generator/reading/incident_cache.py parses nothing and does not read it."""

    def __init__(self, file: Path | None = None, *, fresh: bool = False) -> None:
        """`fresh`: parse every file (the cache is written, not read)."""
        self.file = file
        self.fresh = fresh
        self._entries: dict[str, list[Any]] | None = None if file and not fresh else {}
        self.used: dict[str, list[Any]] = {}
        self.kept: set[str] = set()  # entries of files not parsed but still current
        self.key_of: dict[str, str] = {}  # shown path -> entry key, of documents served
        self.changed = fresh

    @property
    def entries(self) -> dict[str, list[Any]]:
        if self._entries is None:
            self._entries = self._read(self.file) if self.file is not None else {}
        return self._entries

    @staticmethod
    def _read(file: Path) -> dict[str, list[Any]]:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            if data["format"] != FORMAT or data["parser"] != _parser_version():
                return {}
            entries = data["entries"]
            return entries if isinstance(entries, dict) else {}
        except (OSError, ValueError, TypeError, KeyError):
            return {}

    def keep(self, keys: list[str]) -> None:
        """Keep these entries in the file though their documents were not asked for."""
        self.kept.update(keys)

    def document(self, shown: str, raw: bytes, problems: Problems) -> Document | None:
        """The parsed document of `raw` (cached), with the same problems as `read_document`."""
        key = hashlib.sha256(shown.encode("utf-8") + b"\0" + raw).hexdigest()
        self.key_of[shown] = key
        entry = self.entries.get(key)
        if entry is not None:
            try:
                meta, body, body_line, lines = entry
                document = Document(shown, _decode(meta), body, body_line,
                                    {tuple(k): line for k, line in lines})
                self.used[key] = entry
                return document
            except (ValueError, TypeError, KeyError):
                pass
        found = Problems()
        parsed = read_document(shown, raw, found)
        problems.extend(found)
        if parsed is not None and not found:
            try:
                self.used[key] = [_encode(parsed.meta), parsed.body, parsed.body_line,
                                  [[list(k), line] for k, line in parsed.lines.items()]]
                self.changed = True
            except TypeError:
                pass  # a value JSON cannot hold: parsed again next time
        return parsed

    def save(self) -> None:
        """Write the entries used or kept by this read (entries of deleted files are dropped);
        a cache that was never read is left as it is."""
        if self.file is None or self._entries is None:
            return
        for key in self.kept - self.used.keys():
            if key in self._entries:
                self.used[key] = self._entries[key]
        if not self.changed and len(self.used) == len(self._entries):
            return
        partial = self.file.with_suffix(f".{os.getpid()}.partial")  # builds run side by side
        partial.write_text(json.dumps({"format": FORMAT, "parser": _parser_version(),
                                       "entries": self.used}, separators=(",", ":")),
                           encoding="utf-8")
        os.replace(partial, self.file)


def parse_cache(project_root: Path, *, fresh: bool = False) -> ParseCache:
    """The project's parse cache (`fresh`: written, not read); a cache folder that cannot be
    written means no cache."""
    try:
        return ParseCache(cache_folder(project_root) / FILE_NAME,
                          fresh=fresh or committed_cache(project_root))
    except OSError:
        return ParseCache()
