"""How big and how deep a Markdown body may be, so every build step stays fast.

Python-Markdown reads links, brackets and HTML with work that grows with the number of
unclosed '[', '(' or '<' times the length of their paragraph (64 KB of "[Abcd " took a minute;
256 KB over five minutes), and a list nested 500 deep overflows its recursion. These limits
keep every content-derived step linear in the size of the content; `crisishub check` (and the
build, which checks first) reports them with the file and line before Markdown ever runs.
README "Limits" documents them.
"""

from __future__ import annotations

import re

from generator.core.problems import Problems
from generator.core.reserved import RESERVED_RULE, reserved_names_in

MAX_BODY_CHARS = 2_000_000       # one file's text below the front-matter
MAX_LINE_CHARS = 50_000          # one line (a long pasted paragraph is ~2,000)
MAX_NESTING = 16                 # lists and quotes inside each other
# Sum over the paragraphs of (opening '[', '(', '<' in it) x (its length): the Markdown
# parser's worst case. Ordinary text with links uses well under 1% of it.
MAX_BRACKET_WORK = 5_000_000
# A line starting with '<' opens a raw HTML block, whose end Markdown looks for through the
# whole text: (such lines) x (text length) at most this (32 KB of them took over a second).
MAX_HTML_BLOCK_WORK = 5_000_000

_OPENERS = re.compile(r"[\[(<]")
_HTML_BLOCK_START = re.compile(r"^[ ]{0,3}<[A-Za-z/!?]", re.MULTILINE)
_NESTING = re.compile(r"[ \t]*(?:(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$)[ \t]*)+")


def nesting_depth(line: str) -> int:
    """How deep a line sits in lists and quotes: its markers plus its indentation / 4."""
    match = _NESTING.match(line)
    indent = len(line) - len(line.lstrip(" \t"))
    indent_columns = sum(4 if c == "\t" else 1 for c in line[:indent])
    markers = 0
    if match:
        markers = len(re.findall(r"(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$)", match.group()))
    return markers + indent_columns // 4


def check_body(path: str, body: str, first_line: int, problems: Problems) -> bool:
    """Problems with a body's size, lines, nesting, bracket load and reserved ids or classes.

    True when the body is safe to hand to Markdown; every problem names its line."""
    if len(body) > MAX_BODY_CHARS:
        problems.error(path, first_line, None,
                       f"the text is {len(body):,} characters long; the limit is "
                       f"{MAX_BODY_CHARS:,}: split it, or link to a longer document")
        return False
    safe = True
    html_starts = _HTML_BLOCK_START.findall(body)
    if len(html_starts) * len(body) > MAX_HTML_BLOCK_WORK:
        first = _HTML_BLOCK_START.search(body)
        at = first_line + body.count("\n", 0, first.start()) if first else first_line
        problems.error(path, at, None,
                       f"{len(html_starts):,} lines start with '<' (raw HTML) in a text of "
                       f"{len(body):,} characters, too many to build in time; write them as "
                       "Markdown, or split the text")
        safe = False
    work = 0
    paragraph_start, paragraph_length, paragraph_openers = first_line, 0, 0
    worst = (0, first_line)
    for number, line in enumerate(body.split("\n"), start=first_line):
        if len(line) > MAX_LINE_CHARS:
            problems.error(path, number, None,
                           f"this line is {len(line):,} characters long; the limit is "
                           f"{MAX_LINE_CHARS:,}: break it into paragraphs")
            safe = False
            continue
        if (depth := nesting_depth(line)) > MAX_NESTING:
            problems.error(path, number, None,
                           f"lists or quotes nested {depth} deep; the limit is {MAX_NESTING}: "
                           "write fewer levels")
            safe = False
        for name in reserved_names_in(line):
            kind = "id" if name.startswith("#") else "class"
            problems.error(path, number, None,
                           f"the {kind} '{name[1:]}' belongs to the page around the text and "
                           f"would be removed; choose another {kind} ({RESERVED_RULE[kind]})")
        if not line.strip():
            work += paragraph_openers * paragraph_length
            worst = max(worst, (paragraph_openers * paragraph_length, paragraph_start))
            paragraph_start, paragraph_length, paragraph_openers = number + 1, 0, 0
            continue
        paragraph_length += len(line) + 1
        paragraph_openers += len(_OPENERS.findall(line))
    work += paragraph_openers * paragraph_length
    worst = max(worst, (paragraph_openers * paragraph_length, paragraph_start))
    if work > MAX_BRACKET_WORK:
        problems.error(path, worst[1], None,
                       "too many '[', '(' or '<' in long paragraphs to build in time; remove "
                       "stray brackets, or split this paragraph with empty lines")
        safe = False
    return safe
