"""The content of a project as the site will publish it: the hub read from `content/`, every
output path claimed once (`reading.addresses`) and the hand-written pages checked
(`reading.hand_written`). The one reading that check, build, publish and the site share."""

from __future__ import annotations

from datetime import datetime

from generator.core.model import Hub
from generator.core.problems import Problems, display_path
from generator.reading.addresses import address_problems
from generator.reading.hand_written import hand_written_problems
from generator.reading.loader import UpdateRead, load_hub
from generator.reading.parse_cache import parse_cache
from generator.reading.post_window import remember_update_times
from generator.reading.settings import Project


def read_content(project: Project, *, include_drafts: bool = False,
                 now: datetime | None = None, fresh: bool = False) -> tuple[Hub, Problems]:
    """The hub and all its problems (drafts included when asked; `fresh`: every file parsed
    again, not taken from the parse cache)."""
    update_times: dict[str, UpdateRead] = {}
    hub, problems = load_hub(project.content_dir, project.time_zone, display_root=project.root,
                             include_drafts=include_drafts,
                             cache=parse_cache(project.root, fresh=fresh),
                             languages=project.all_languages, now=now,
                             update_times=update_times)
    remember_update_times(project.content_dir, project.time_zone, project.root, update_times)
    problems.extend(address_problems(
        hub, project.docs_dir, lambda p: display_path(p, project.root),
        display_path(project.content_dir / "components.yml", project.root),
        project.all_languages))
    hand_written_problems(project.docs_dir, lambda p: display_path(p, project.root), problems)
    return hub, problems
