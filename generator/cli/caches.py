"""The answers of pure functions that every command may reuse between runs.

What the cross-posting check found in each incident's texts is kept the same way
(`social-incidents.json`, see `core/incident_memo.py`), as the tone check keeps its own
(`practice/checks.py`).

X's weighted length of a text (twitter-text takes milliseconds per text, and `check`,
`build` and `publish` count the same texts) is kept in the cache folder beside mkdocs.yml
(`.crisishub-cache/x-weights.json`), keyed by the counting code's version, so a changed
counter never answers from an old one. `build --clean` starts without it.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import metadata
from pathlib import Path

from generator.core.incident_memo import IncidentMemo
from generator.crosspost.channels.registry import rules_for
from generator.crosspost.publishing import Crosspost, publish_plan
from generator.crosspost.social_check import social_memo_key
from generator.reading.memo_file import (
    read_incident_memo,
    read_memo,
    write_incident_memo,
    write_memo,
)
from generator.reading.settings import Project
from generator.wording import shaping

X_WEIGHTS = "x-weights"
SOCIAL_MEMO = "social-incidents"


def _x_key() -> str:
    try:
        version = metadata.version("twitter-text-parser")
    except metadata.PackageNotFoundError:
        version = "-"
    digest = hashlib.sha256(version.encode("utf-8"))
    digest.update(Path(shaping.__file__).read_bytes())
    return digest.hexdigest()


@contextmanager
def remembered_counts(project_root: Path, *, fresh: bool = False) -> Iterator[None]:
    """Start from the counts kept by the last run (none when `fresh`), keep this run's."""
    key = _x_key()
    if not fresh:
        shaping.X_WEIGHTS.update(read_memo(project_root, X_WEIGHTS, key))
    recalled = set(shaping.X_WEIGHTS)
    shaping.X_WEIGHTS_USED.clear()
    try:
        yield
    finally:
        write_memo(project_root, X_WEIGHTS, key, shaping.X_WEIGHTS, shaping.X_WEIGHTS_USED,
                   recalled)


def counts_used() -> dict[str, int]:
    """The counts this process used, for the process that forked it (see `take_counts`)."""
    return {entry: shaping.X_WEIGHTS[entry] for entry in shaping.X_WEIGHTS_USED
            if entry in shaping.X_WEIGHTS}


def take_counts(counts: dict[str, int]) -> None:
    """Counts a forked process used (`counts_used`) are kept as this process's own."""
    for entry, weight in counts.items():
        shaping.X_WEIGHTS[str(entry)] = int(weight)
        shaping.X_WEIGHTS_USED.add(str(entry))


def count_for_publish(crosspost: Crosspost, now: datetime) -> None:
    """Count what `publish` will count next, so that it finds the counts in the cache:
    the plan of its dry run (X's length of each post it shows; twitter-text alone takes
    ~0.3 s to load). `crisishub build` does this beside the build, on the spare core. Only
    the channels that count with twitter-text are planned (the others' lengths are plain
    counts, made when shown: planning them took ~0.6 s at N=5,000 and kept the process
    alive while the build's memory pages were copied). Only the counts are kept: `publish`
    makes its own plan, and reports any problem itself."""
    counted = [channel.name for channel in crosspost.config.channels
               if rules_for(channel).counting == "twitter"]
    if not counted:
        return
    with contextlib.suppress(Exception):
        publish_plan(crosspost.project, crosspost, now=now, environ={}, only=counted)


def social_findings_memo(project: Project, crosspost: Crosspost, *, fresh: bool = False
                         ) -> IncidentMemo:
    """What the cross-posting check found in each incident last time (none when `fresh`),
    for these channels, this site address and language."""
    key = social_memo_key(crosspost.config, crosspost.site_url, project.language)
    return read_incident_memo(None if fresh else project.root, SOCIAL_MEMO, key)


def remember_social_findings(project: Project, memo: IncidentMemo) -> None:
    write_incident_memo(project.root, SOCIAL_MEMO, memo)
