"""Statement templates: holding statement, update, resolution, apology, in each language.

A template is a Markdown file with front-matter (`status`, `next_update_in`, `title`,
`description`, `kind`: `statement` for a public statement such as a recall or a rumour)
and a body with placeholders like {components} and {next_update}, which
`fill()` replaces. Text in square brackets, like [Describe what people notice.], is for a
person to write; the loader warns while it is left in an update.

Parsing and filling are pure; `find_template()` and `template_names()` look up files: the
hub's `content/templates/<language>/<name>.md` first, then the ones shipped with Crisis Hub.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from generator.core.documents import read_document
from generator.core.fields import Fields, close_match
from generator.core.problems import Problems
from generator.core.vocabulary import IncidentKind, UpdateStatus

TEMPLATE_FIELDS = ["title", "description", "kind", "status", "next_update_in"]
PLACEHOLDERS = ["title", "components", "started", "at", "next_update"]
DEFAULT_TEMPLATE = "holding"
# What {components} says when no component is named.
SOME_SERVICES = {"en": "some of our services", "ru": "некоторые наши сервисы"}
# The title of a translation the team still has to write (a placeholder: never published).
TITLE_TO_TRANSLATE = {"en": "[The title in English]", "ru": "[Заголовок на русском]"}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


@dataclass(frozen=True)
class Template:
    name: str
    language: str
    path: str
    title: str
    status: UpdateStatus
    body: str
    next_update_in: int | None = None
    description: str = ""
    body_line: int = 1
    kind: IncidentKind = IncidentKind.SERVICE  # a statement template starts a statement


def parse_template(name: str, language: str, path: str, raw: bytes,
                   problems: Problems) -> Template | None:
    """The template in `raw`; problems for unknown fields and unknown placeholders."""
    doc = read_document(path, raw, problems)
    if doc is None:
        return None
    fields = Fields(doc, problems, allowed=TEMPLATE_FIELDS, required=["status"],
                    kind="a template")
    status = fields.choice(("status",), fields.get("status"), UpdateStatus) \
        if fields.get("status") else None
    minutes = fields.get("next_update_in")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int)
                                or minutes <= 0):
        fields.error(("next_update_in",), f"'{minutes}' is not a number of minutes; write for "
                     "example next_update_in: 30")
        minutes = None
    for number, line in enumerate(doc.body.splitlines(), start=doc.body_line):
        for match in _PLACEHOLDER.finditer(line):
            if match.group(1) not in PLACEHOLDERS:
                hint = close_match(match.group(1), PLACEHOLDERS) or \
                    f"; placeholders: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}"
                problems.error(path, number, None,
                               f"unknown placeholder {match.group(0)}{hint}")
    if not doc.body:
        problems.error(path, doc.body_line, None, "the template has no text below its "
                       "front-matter")
    kind = fields.choice(("kind",), fields.get("kind"), IncidentKind) \
        if fields.get("kind") else None
    if status is None:
        return None
    return Template(name=name, language=language, path=path,
                    title=fields.text("title") or name, status=status, body=doc.body,
                    next_update_in=minutes, description=fields.text("description"),
                    body_line=doc.body_line, kind=kind or IncidentKind.SERVICE)


def fill(template: Template, values: dict[str, str]) -> str:
    """The template's text with each known placeholder replaced by its value."""
    def replace(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return _PLACEHOLDER.sub(replace, template.body)


def components_text(names: list[str], language: str) -> str:
    """'Checkout and payments, Mobile apps', or 'some of our services' when none is named."""
    return ", ".join(names) if names else SOME_SERVICES.get(language, SOME_SERVICES["en"])


# -- finding template files -----------------------------------------------------------------
def _builtin(language: str) -> Traversable:
    return resources.files("generator").joinpath("builtin_templates", language)


def title_to_translate(language: str) -> str:
    """The placeholder title of a new translation: the team writes the title in `language`."""
    return TITLE_TO_TRANSLATE.get(language, f"[The title in '{language}']")


def _candidates(content_dir: Path | None, language: str, name: str,
                fallback: bool) -> list[Path | Traversable]:
    hub = [content_dir / "templates" / language / f"{name}.md"] if content_dir else []
    shipped = [_builtin(language).joinpath(f"{name}.md")]
    return hub + shipped + ([_builtin("en").joinpath(f"{name}.md")] if fallback else [])


def find_template(content_dir: Path | None, language: str,
                  name: str, *, fallback: bool = True) -> tuple[str, bytes] | None:
    """(where, bytes) of the template `name`: the hub's, else the shipped one; None if none.

    `content_dir` None looks at the shipped templates only; `fallback` False refuses the
    English one for another language (a translation must not be written in English)."""
    for candidate in _candidates(content_dir, language, name, fallback):
        if candidate.is_file():
            return str(candidate), candidate.read_bytes()
    return None


def template_names(content_dir: Path, language: str) -> list[str]:
    """Every template name available in `language` (the hub's and the shipped ones)."""
    names: set[str] = set()
    for folder in (content_dir / "templates" / language, _builtin(language), _builtin("en")):
        if folder.is_dir():
            names.update(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".md"))
    return sorted(names)


def hub_template_files(content_dir: Path) -> list[tuple[str, str, Path]]:
    """(name, language, path) of every template the hub has, for `crisishub check`."""
    root = content_dir / "templates"
    if not root.is_dir():
        return []
    return [(p.stem, p.parent.name, p) for p in sorted(root.glob("*/*.md"))]
