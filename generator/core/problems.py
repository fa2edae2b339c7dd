"""Problems found in content, reported the way a PR person can act on them.

Every problem names the file, the line and the field, what was found and what to write
instead. Loaders collect problems instead of raising on the first, so one `crisishub check`
shows everything at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


def display_path(path: Path, root: Path) -> str:
    """A file as the team knows it: relative to the project folder (content/...), else whole."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _visible(name: str) -> str:
    """A field name as written, or quoted with escapes when it has invisible characters."""
    return name if name.isprintable() and name.strip() == name and name else repr(name)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one content file."""

    path: str
    line: int | None
    field: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = self.message if self.field is None else f"{_visible(self.field)}: {self.message}"
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{what}"


@dataclass
class Problems:
    """A collector of problems, in the order they were found."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int | None, field_name: str | None, message: str) -> None:
        self.items.append(Problem(path, line, field_name, message, "error"))

    def warning(self, path: str, line: int | None, field_name: str | None, message: str) -> None:
        self.items.append(Problem(path, line, field_name, message, "warning"))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)

    def rows(self) -> list[list[object]]:
        """The problems as JSON rows (sent from another process: see `from_rows`)."""
        return [[p.path, p.line, p.field, p.message, p.severity] for p in self.items]

    @classmethod
    def from_rows(cls, rows: list[list[object]]) -> Problems:
        """The problems `rows()` gave, in the same order."""
        return cls([Problem(str(path), None if line is None else int(str(line)),
                            None if name is None else str(name), str(message),
                            "warning" if severity == "warning" else "error")
                    for path, line, name, message, severity in rows])
