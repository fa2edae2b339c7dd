"""A theme template's error as the person who edited it needs it (overrides/ is theirs).

Jinja reports a template that cannot be read (TemplateSyntaxError) with its file and line,
and one that fails while rendering (an unknown name, say) with the template's own lines in
the traceback. Either way the message names the template's file and line, not Crisis Hub's
code, and says that nothing was published. `crisishub` prints it for a build in one
process; a page helper (generator/site/parallel.py) reports it to the build; `crisishub
serve` shows it in the browser.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from generator.core.problems import display_path

TEMPLATE_FILES = (".html", ".xml", ".txt", ".j2")


def template_problem(exc: TemplateError, root: Path) -> str:
    """The error's one line: `file:line: ...` (relative to `root`, the project folder)."""
    where = None
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        where = (exc.filename, exc.lineno)
    else:  # the innermost template frame of the traceback
        for frame, line in traceback.walk_tb(exc.__traceback__):
            name = frame.f_code.co_filename
            if name.endswith(TEMPLATE_FILES) and Path(name).is_file():
                where = (name, line)
    shown = f"{display_path(Path(where[0]), root)}:{where[1]}: " if where else ""
    return (f"{shown}the page template cannot be used ({type(exc).__name__}: {exc}). Nothing "
            "was published; the site online is unchanged. Fix that line (in Jinja, every "
            "'{{' closes with '}}' and every '{% if %}' with '{% endif %}'), or undo your "
            "last change to that file.")
