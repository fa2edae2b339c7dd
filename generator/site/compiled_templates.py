"""Compiled page templates, kept in memory for the life of the process (never on disk).

MkDocs makes a new Jinja environment for every build, which compiles every template again
(about 0.4 s for Material and ours). `crisishub serve` builds many times in one process: with
this cache each rebuild compiles only the templates whose source changed. Nothing is written
to disk (the cache folder holds JSON only, never code). A template is reused only for an
environment that compiles it the same way: the same syntax, options, extensions, and the same
filters and tests with the same calling convention (Jinja decides those at compile time).
"""

from __future__ import annotations

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


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache, in memory: by template (name and file), its source's checksum
    and the environment's compile signature."""

    def __init__(self) -> None:
        self.codes: dict[tuple[str, tuple[Any, ...]], tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        signature = compile_signature(bucket.environment)
        found = None if signature is None else self.codes.get((bucket.key, signature))
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        signature = compile_signature(bucket.environment)
        if signature is not None and bucket.code is not None:
            self.codes[(bucket.key, signature)] = (bucket.checksum, bucket.code)


# One per process: every build's environment (serve rebuilds, the languages of one build).
COMPILED = CompiledTemplates()
