"""What the hand-written part of the site (MkDocs' docs_dir, `content/pages/` in the example)
may hold: Markdown pages under the same rules as every other content text, and plain media.

MkDocs copies every other file of docs_dir as it is, so an `.html`, `.js`, `.css` or `.svg`
file committed there (by a careless author or a compromised account) would run its own code
in every reader's browser, next to the status page. Those files are refused by name, before
the build; Markdown pages get the size, nesting and reserved-id checks of `core.limits`, and
the site glue sanitises their HTML like any update's.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.core.limits import check_body
from generator.core.problems import Problems

PAGE_SUFFIX = ".md"
# Files copied as they are: pictures and documents that cannot run code in a browser.
MEDIA_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".pdf",
                            ".txt", ".csv"})
CODE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".js", ".mjs", ".css", ".svg", ".xml",
                           ".xsl", ".swf", ".wasm", ".json"})


def hand_written_files(docs_dir: Path | None) -> Iterator[Path]:
    """Every file of docs_dir MkDocs would publish, in a stable order (hidden files and
    folders are left out, as MkDocs does; links are not followed: see reading.tree)."""
    if docs_dir is None or not docs_dir.is_dir():
        return
    for folder, dirs, files in os.walk(docs_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from (Path(folder, name) for name in sorted(files) if not name.startswith("."))


def hand_written_problems(docs_dir: Path | None, shown: Callable[[Path], str],
                          problems: Problems) -> None:
    """A problem for every file of docs_dir that the site must not publish as it is, and for
    every Markdown page over the limits of `core.limits`."""
    for path in hand_written_files(docs_dir):
        name, suffix = path.name, path.suffix.lower()
        if suffix == PAGE_SUFFIX:
            _check_page(path, shown(path), problems)
        elif suffix in CODE_SUFFIXES:
            problems.error(shown(path), None, None,
                           f"a {suffix} file here would be published as it is and could run "
                           "code in readers' browsers; write the page in Markdown (.md), or "
                           "save a picture as .png or .jpg")
        elif suffix not in MEDIA_SUFFIXES:
            allowed = ", ".join(sorted(MEDIA_SUFFIXES))
            problems.error(shown(path), None, None,
                           f"'{name}' is not a kind of file the site publishes; use a "
                           f"Markdown page (.md) or one of: {allowed}")


def _check_page(path: Path, shown: str, problems: Problems) -> None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(shown, None, None, f"cannot be read ({exc.strerror})")
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.error(shown, raw[: exc.start].count(b"\n") + 1, None,
                       f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it "
                       "with UTF-8 encoding")
        return
    check_body(shown, text, 1, problems)
