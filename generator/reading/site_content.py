"""The content of a project as the site will publish it: the hub read from `content/`, every
output path claimed once (`reading.addresses`) and the hand-written pages checked
(`reading.hand_written`). The one reading that check, build, publish and the site share."""

from __future__ import annotations

import gc
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
                 now: datetime | None = None, fresh: bool = False,
                 update_times: dict[str, UpdateRead] | None = None) -> tuple[Hub, Problems]:
    """The hub and all its problems (drafts included when asked; `fresh`: every file parsed
    again, not taken from the parse cache). What was learnt of every update file is kept
    for the next `publish` (`remember_update_times`); given `update_times`, it is put there
    instead, for the caller to keep (`crisishub build` does, beside the build)."""
    keep_here = update_times is None
    update_times = {} if update_times is None else update_times
    hub, problems = load_hub(project.content_dir, project.time_zone, display_root=project.root,
                             include_drafts=include_drafts,
                             cache=parse_cache(project.root, fresh=fresh),
                             languages=project.all_languages, now=now,
                             update_times=update_times)
    if keep_here:
        remember_update_times(project.content_dir, project.time_zone, project.root,
                              update_times)
    problems.extend(address_problems(
        hub, project.docs_dir, lambda p: display_path(p, project.root),
        display_path(project.content_dir / "components.yml", project.root),
        project.all_languages))
    hand_written_problems(project.docs_dir, lambda p: display_path(p, project.root), problems)
    return hub, problems


def read_content_to_keep(project: Project, *, fresh: bool = False,
                         update_times: dict[str, UpdateRead] | None = None) -> tuple[Hub, Problems]:
    """`read_content` with drafts, for a build that keeps the hub to its end: Python's cyclic
    garbage collector is paused while it is read (the model holds no cycles), then the hub
    is left alone by it (`gc.freeze`): otherwise every full collection of the build walks
    its hundreds of thousands of objects again. A process that goes on after the build
    (`crisishub serve`) calls `gc.unfreeze()` when the build is done; objects no longer used
    are freed either way, by their reference counts.

    Measured at N=5,000 (bench/incremental_bench.py's hub), time spent collecting: a build
    after one new update 1.5 s before, 0.4 s after; a clean build 4.2 s before, 2.5 s
    after, the same peak memory; a rebuild of `serve` 1.0–1.3 s before, ~0.5 s after."""
    collecting = gc.isenabled()  # a build after a previous one does without (cli/main.py)
    gc.disable()
    try:
        content = read_content(project, include_drafts=True, fresh=fresh,
                               update_times=update_times)
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    return content
