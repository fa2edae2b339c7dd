"""A Crisis Hub project on disk: mkdocs.yml, where its content is, its time zone and clock."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.core.fields import parse_time

NOW_VARIABLE = "CRISISHUB_NOW"


class ProjectError(Exception):
    """The project's configuration (not its content) is wrong; the message says how to fix it."""


def resolve_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ProjectError(
            f"mkdocs.yml: plugins.crisishub.time_zone: '{name}' is not a time zone; "
            "write an IANA name like Europe/Berlin or UTC"
        ) from exc


def current_time(configured: str | None, zone: ZoneInfo) -> datetime:
    """The build's 'now': CRISISHUB_NOW, else the configured fixed time, else the clock."""
    text = os.environ.get(NOW_VARIABLE) or configured
    if not text:
        return datetime.now(zone)
    parsed, reason = parse_time(text, zone)
    if parsed is None:
        source = NOW_VARIABLE if os.environ.get(NOW_VARIABLE) else "plugins.crisishub.now"
        raise ProjectError(f"{source}: {reason}")
    return parsed


@dataclass(frozen=True)
class Project:
    config_file: Path
    content_dir: Path
    time_zone: ZoneInfo
    site_dir: Path
    site_url: str
    language: str
    fixed_now: str | None
    playbook: str = "internal"
    first_statement_target: timedelta = timedelta(minutes=30)
    internal_site_dir: Path | None = None
    site_name: str = ""

    @property
    def root(self) -> Path:
        return self.config_file.parent

    def now(self) -> datetime:
        return current_time(self.fixed_now, self.time_zone)
