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
FILE_STEM = "parsed"  # parsed-0.json ... parsed-f.json, by the first digit of the key
SHARDS = "0123456789abcdef"
LEGACY_FILES = ("parsed.json", "update-times.json")  # one file each, before the 16
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


def encode_value(value: Any) -> Any:
    """A front-matter value (YAML's plain data) as JSON can hold it exactly: a mapping's keys
    need not be strings. TypeError for anything else."""
    if isinstance(value, dict):
        return {"m": [[encode_value(k), encode_value(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [encode_value(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(type(value).__name__)


def decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {decode_value(k): decode_value(v) for k, v in value["m"]}
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    return value


class ParseCache:
    """Parsed documents by (shown path, bytes); `save()` keeps only those used this time.

    The entries are spread over 16 files by their key's first digit, each read when a first
    document in it is asked for: a build that takes every incident but one from
    generator/reading/incident_cache.py reads and writes one small file, not them all."""

    def __init__(self, folder: Path | None = None, *, fresh: bool = False) -> None:
        """`folder`: where the files are (None: no cache); `fresh`: parse every file (the
        cache is written, not read)."""
        self.folder = folder
        self.fresh = fresh
        self.shards: dict[str, dict[str, list[Any]]] = {}  # first digit -> entries read
        self.used: dict[str, list[Any]] = {}
        self.kept: set[str] = set()  # entries of files not parsed but still current
        self.key_of: dict[str, str] = {}  # shown path -> entry key, of documents served
        self.changed: set[str] = set()  # the shards with new entries

    def entries(self, shard: str) -> dict[str, list[Any]]:
        if shard not in self.shards:
            self.shards[shard] = {} if self.folder is None or self.fresh else \
                self._read(self.folder / f"{FILE_STEM}-{shard}.json")
        return self.shards[shard]

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
        entry = self.entries(key[0]).get(key)
        if entry is not None:
            try:
                meta, body, body_line, lines = entry
                document = Document(shown, decode_value(meta), body, body_line,
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
                self.used[key] = [encode_value(parsed.meta), parsed.body, parsed.body_line,
                                  [[list(k), line] for k, line in parsed.lines.items()]]
                self.changed.add(key[0])
            except TypeError:
                pass  # a value JSON cannot hold: parsed again next time
        return parsed

    def save(self) -> None:
        """Write each file that was read, with the entries used or kept by this read (entries
        of deleted files are dropped); a file that was never read is left as it is, and a
        fresh read writes them all."""
        if self.folder is None:
            return
        wanted: dict[str, set[str]] = {}
        for key in (*self.used, *self.kept):
            wanted.setdefault(key[0], set()).add(key)
        for shard in SHARDS if self.fresh else sorted(self.shards):
            entries = self.shards.get(shard, {})
            keys = {k for k in wanted.get(shard, ()) if k in self.used or k in entries}
            if not self.fresh and shard not in self.changed and keys == entries.keys():
                continue
            file = self.folder / f"{FILE_STEM}-{shard}.json"
            partial = file.with_suffix(f".{os.getpid()}.partial")  # builds run side by side
            partial.write_bytes(cache_bytes({"format": FORMAT, "parser": _parser_version(),
                                             "entries": {k: self.used[k] if k in self.used
                                                         else entries[k] for k in sorted(keys)}}))
            os.replace(partial, file)


def cache_bytes(data: Any) -> bytes:
    """A cache file's JSON: compact, with text in UTF-8 as it is (a Russian hub's cache is
    a third of the size escaped text takes, and is read twice as fast); a string UTF-8
    cannot hold (a lone surrogate) has everything escaped instead."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, separators=(",", ":")).encode("ascii")


def parse_cache(project_root: Path, *, fresh: bool = False) -> ParseCache:
    """The project's parse cache (`fresh`: written, not read); a cache folder that cannot be
    written means no cache."""
    try:
        folder, committed = cache_folder(project_root), committed_cache(project_root)
        if not committed:
            for name in LEGACY_FILES:
                (folder / name).unlink(missing_ok=True)
        return ParseCache(folder, fresh=fresh or committed)
    except OSError:
        return ParseCache()
