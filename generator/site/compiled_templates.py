"""Compiled page templates, kept in memory for the life of the process and, between
processes, in a folder of the user's own that no one else may write.

MkDocs makes a new Jinja environment for every build, which compiles every template it
renders again: 0.25–0.35 s of a build after one new update (Material's `main.html`,
`base.html` and their partials, and ours). In memory, `crisishub serve`'s rebuilds compile
only the templates whose source changed. On disk, so does the next `crisishub build`.

Compiled templates are code, so they are never kept in the project's cache folder (it holds
data only, and could come from a commit or another machine). They are kept as Python keeps
compiled modules and as Jinja's own file cache does: in `$XDG_CACHE_HOME/crisishub/templates`
(else `~/.cache/crisishub/templates`), used only when that folder and the one above it belong
to this user and no one else may write to them. A build that does not build on a previous
one (`build --clean`, the first build) reads none of it; every build writes what it compiled.

A template is reused only for an environment that compiles it the same way: the same syntax,
options, extensions, and the same filters and tests with the same calling convention (Jinja
decides those at compile time). Jinja itself checks the source's checksum, and its own and
Python's version, before it uses a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket

_OPTIONS = ("block_start_string", "block_end_string", "variable_start_string",
            "variable_end_string", "comment_start_string", "comment_end_string",
            "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
            "newline_sequence", "keep_trailing_newline", "optimized", "is_async", "autoescape")


def compile_signature(env: jinja2.Environment) -> tuple[Any, ...] | None:
    """What the compiled code of a template depends on besides its source and name; None
    when it cannot be told (an autoescape function, which decides per template)."""
    if not isinstance(env.autoescape, bool):
        return None
    options = tuple(getattr(env, option) for option in _OPTIONS)
    return (options, env.undefined, env.finalize, tuple(sorted(env.extensions)),
            _calling(env.filters), _calling(env.tests))


def _calling(functions: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Each filter's or test's name and what Jinja passes it first (`pass_context`...)."""
    return tuple(sorted((name, str(getattr(f, "jinja_pass_arg", ""))) for name, f in functions.items()))


def file_name(key: str, signature: tuple[Any, ...]) -> str | None:
    """The name of a template's file on disk: its Jinja key (name and file) and the
    signature, written out the same way in every process. None when part of it has no such
    writing (a `finalize` function, an undefined that is not a class)."""
    options, undefined, finalize, extensions, filters, tests = signature
    if finalize is not None or not isinstance(undefined, type):
        return None
    text = repr((options, f"{undefined.__module__}.{undefined.__qualname__}", extensions,
                 filters, tests))
    return hashlib.sha256(f"{key}\0{text}".encode()).hexdigest() + ".jinja"


def private_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The user's folder for compiled templates, made if missing; None when it is not safe
    to run code from it: not a folder, or it (or the folder above) belongs to someone else
    or may be written by others. Also None where there are no user ids (Windows)."""
    if not hasattr(os, "getuid"):
        return None
    base = environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: ignored, as XDG says
        base = os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base, "crisishub", "templates")
    try:
        folder.mkdir(mode=stat.S_IRWXU, parents=True, exist_ok=True)
        checked = [os.lstat(folder), os.lstat(folder.parent)]
    except OSError:
        return None
    for found in checked:
        if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() \
                or found.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
    return folder


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache: by template (name and file), its source's checksum and the
    environment's compile signature; in memory, and in `folder` when given. `read_disk`
    says whether this build may use what the folder holds."""

    def __init__(self) -> None:
        self.codes: dict[tuple[str, tuple[Any, ...]], tuple[str, CodeType]] = {}
        self.folder: Path | None = None
        self.read_disk = False

    def use_folder(self, folder: Path | None, *, read: bool) -> None:
        self.folder, self.read_disk = folder, read and folder is not None

    def load_bytecode(self, bucket: Bucket) -> None:
        signature = compile_signature(bucket.environment)
        if signature is None:
            return
        found = self.codes.get((bucket.key, signature))
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]
            return
        name = file_name(bucket.key, signature)
        if not self.read_disk or self.folder is None or name is None:
            return
        try:
            data = (self.folder / name).read_bytes()
        except OSError:
            return
        try:  # Jinja checks its own and Python's version, and the source's checksum
            bucket.bytecode_from_string(data)
        except Exception:  # noqa: BLE001 - a damaged file: the template is compiled again
            bucket.reset()
        if bucket.code is not None:
            self.codes[(bucket.key, signature)] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        signature = compile_signature(bucket.environment)
        if signature is None or bucket.code is None:
            return
        self.codes[(bucket.key, signature)] = (bucket.checksum, bucket.code)
        name = file_name(bucket.key, signature)
        if self.folder is None or name is None:
            return
        # Whole or not at all: written beside, then renamed (builds may run side by side).
        with contextlib.suppress(OSError):  # a file not written costs a compile next time
            handle, partial = tempfile.mkstemp(dir=self.folder, suffix=".partial")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(bucket.bytecode_to_string())
                os.replace(partial, self.folder / name)
            except OSError:
                os.unlink(partial)
                raise


# One per process: every build's environment (serve rebuilds, the languages of one build).
COMPILED = CompiledTemplates()
