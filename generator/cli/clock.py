"""A frozen clock (`now:` in mkdocs.yml or CRISISHUB_NOW) is loud: it makes the site show a
past moment as "now", so every command says so, and CI refuses it unless told otherwise."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from generator.reading.settings import NOW_VARIABLE, Project

ALLOW_VARIABLE = "CRISISHUB_ALLOW_FROZEN_CLOCK"


class FrozenClockRefused(Exception):
    """A CI run with a frozen clock, not allowed explicitly; the message says what to do."""


def frozen_clock(project: Project, environ: Mapping[str, str] | None = None) -> str | None:
    """Where the clock is frozen ("CRISISHUB_NOW=…" or "now: … in mkdocs.yml"), or None."""
    environ = os.environ if environ is None else environ
    clock = project.clock
    if clock.fixed is None:
        return None
    if clock.source == NOW_VARIABLE:
        return f"{NOW_VARIABLE}={environ.get(NOW_VARIABLE) or clock.fixed.isoformat()}"
    shown = clock.fixed.astimezone(clock.zone).strftime("%Y-%m-%d %H:%M")
    return f"now: {shown} in {project.config_file.name} (plugins.crisishub)"


def announce_frozen_clock(project: Project, environ: Mapping[str, str] | None = None) -> None:
    """One loud line on stderr when the clock is frozen."""
    source = frozen_clock(project, environ)
    if source:
        print(f"FROZEN CLOCK: {source}. Pages, feeds and 'next update' checks use that moment, "
              "not the real time. Delete it unless this is the example or a rehearsal.",
              file=sys.stderr)


def refuse_frozen_clock_in_ci(project: Project, allowed: bool,
                              environ: Mapping[str, str] | None = None) -> None:
    """In CI (the CI variable set, as every CI service does) a frozen clock stops the run,
    unless `--allow-frozen-clock` or CRISISHUB_ALLOW_FROZEN_CLOCK=1 says it is intended."""
    environ = os.environ if environ is None else environ
    source = frozen_clock(project, environ)
    ci = environ.get("CI", "").lower() not in ("", "0", "false", "no")
    if source and ci and not allowed and not environ.get(ALLOW_VARIABLE):
        raise FrozenClockRefused(
            f"{source}: a CI run must not publish with a frozen clock; delete it, or add "
            f"--allow-frozen-clock (or set {ALLOW_VARIABLE}=1) if a frozen clock is intended")
