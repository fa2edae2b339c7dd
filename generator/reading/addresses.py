"""Every output path claimed once: the hub's generated pages and files, then the hand-written
pages of docs_dir (see `core.claims`). A second claim is a problem on the second file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.core.claims import (
    Claim,
    collision_message,
    folder_collisions,
    hand_written_claim,
    hub_claims,
    reserved_folders,
    second_claims,
)
from generator.core.model import Hub
from generator.core.problems import Problems
from generator.reading.hand_written import hand_written_files


def hand_written_claims(docs_dir: Path | None, shown: Callable[[Path], str]) -> list[Claim]:
    """What each file of docs_dir writes."""
    return [hand_written_claim(path.relative_to(docs_dir).as_posix(), shown(path))
            for path in hand_written_files(docs_dir) if docs_dir is not None]


def address_problems(hub: Hub, docs_dir: Path | None, shown: Callable[[Path], str],
                     components_file: str, languages: tuple[str, ...] = ()) -> Problems:
    """A problem for every output path that two files would write, and for every content
    file that would write into the theme's folders or another language's version."""
    problems = Problems()
    claims = hub_claims(hub, components_file) + hand_written_claims(docs_dir, shown)
    for first, second in second_claims(claims):
        owner = second.owner.split(" (", 1)[0]
        problems.error(owner, None, None, collision_message(first, second))
    for claim, folder_owner in folder_collisions(claims, reserved_folders(languages)):
        problems.error(claim.owner.split(" (", 1)[0], None, None,
                       f"would write /{claim.path}, inside {folder_owner}; give this file "
                       "another name or folder")
    return problems
