"""The example hub's output tree against checked-in copies: every file name, and the bytes of
every machine output (the JSON API, the feeds, the calendar).

When an output changes on purpose, regenerate the copies and review the diff in git:

    CRISISHUB_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_tree.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
MACHINE_OUTPUTS = ("api", "feeds", "calendar")
UPDATE = os.environ.get("CRISISHUB_UPDATE_GOLDEN") == "1"


def file_list(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def machine_files(site: Path) -> list[Path]:
    found = [p for folder in MACHINE_OUTPUTS for p in (site / folder).rglob("*") if p.is_file()]
    return sorted(found, key=lambda p: p.relative_to(site).as_posix())


def _diff(expected: str, actual: str, name: str) -> str:
    return "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        f"golden/{name}", f"built/{name}", n=2))


def test_the_example_site_has_exactly_the_golden_file_list(example_site: Path) -> None:
    actual = "\n".join(file_list(example_site)) + "\n"
    golden = GOLDEN / "files.txt"
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    assert actual == expected, "the site's files changed:\n" + _diff(expected, actual, "files.txt")


def test_the_example_machine_outputs_match_the_golden_copies(example_site: Path) -> None:
    copies = GOLDEN / "site"
    if UPDATE:
        shutil.rmtree(copies, ignore_errors=True)
        for path in machine_files(example_site):
            target = copies / path.relative_to(example_site)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    expected_names = sorted(p.relative_to(copies).as_posix() for p in copies.rglob("*") if p.is_file())
    actual_names = [p.relative_to(example_site).as_posix() for p in machine_files(example_site)]
    assert actual_names == expected_names
    differences = []
    for name in expected_names:
        expected = (copies / name).read_text(encoding="utf-8")
        actual = (example_site / name).read_text(encoding="utf-8")
        if expected != actual:
            differences.append(_diff(expected, actual, name))
    assert not differences, "\n".join(differences)
