"""A Crisis Hub project's settings: one typed object, built once per run from mkdocs.yml (by
`generator.site.settings`, the only reader of mkdocs.yml) and shared by the plugin and every
command. `content/channels.yml` and `content/tone.yml` have their own readers beside it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.core.cadence import DEFAULT_FIRST_STATEMENT_TARGET
from generator.core.clock import NOW_VARIABLE, ContentClock
from generator.core.fields import parse_time

PLAN_VISIBILITY = ("public", "internal", "off")
EDITOR_PLACES = ("off", "internal", "public")


class ProjectError(Exception):
    """The project's configuration (not its content) is wrong; the message says how to fix it."""


@dataclass(frozen=True)
class Editor:
    """The browser editor's settings (`editor*` and `decap_cms` under plugins.crisishub)."""

    place: str = "off"                 # off | internal | public: which site gets admin/
    repo: str | None = None            # owner/name on GitHub
    branch: str = "main"
    editorial_workflow: bool = False   # drafts as pull requests
    oauth_url: str | None = None       # the OAuth proxy for GitHub logins
    decap_cms: Path = Path("node_modules/decap-cms")  # the npm package copied into admin/


@dataclass(frozen=True)
class Project:
    """Where the hub's files are, how it speaks and what time it is for its content."""

    config_file: Path
    content_dir: Path
    site_dir: Path
    site_url: str
    language: str
    clock: ContentClock
    site_name: str = ""
    playbook: str = "internal"
    first_statement_target: timedelta = DEFAULT_FIRST_STATEMENT_TARGET
    internal_site_dir: Path | None = None
    docs_dir: Path | None = None
    # Every language of the hub, the default first (`languages:`); one language: (language,).
    languages: tuple[str, ...] = ()
    # The language of the Statuspage JSON (its clients expect one); default: the default one.
    api_language: str = ""
    editor: Editor = Editor()

    @property
    def all_languages(self) -> tuple[str, ...]:
        return self.languages or (self.language,)

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def time_zone(self) -> ZoneInfo:
        return self.clock.zone

    def now(self) -> datetime:
        """The content clock's 'now' (frozen or real); network code uses `network_now()`."""
        return self.clock.now()


def content_clock(zone: ZoneInfo, configured: datetime | None,
                  environ: Mapping[str, str]) -> ContentClock:
    """CRISISHUB_NOW, else the configured `now:`, else the real clock."""
    text = environ.get(NOW_VARIABLE)
    if text:
        parsed, reason = parse_time(text, zone)
        if parsed is None:
            raise ProjectError(f"{NOW_VARIABLE}: {reason}")
        return ContentClock(zone, parsed, NOW_VARIABLE)
    if configured is not None:
        return ContentClock(zone, configured, "plugins.crisishub.now")
    return ContentClock(zone)
