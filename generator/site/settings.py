"""The plugin's options, typed the MkDocs way, and the one function that turns a loaded
mkdocs.yml into the `Project` settings shared by the plugin and the commands."""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig

from generator.core.cadence import DEFAULT_FIRST_STATEMENT_TARGET
from generator.core.clock import ZoneError, resolve_zone
from generator.core.fields import parse_time
from generator.core.model import Hub
from generator.core.problems import Problems
from generator.crosspost.publishing import Crosspost
from generator.practice.checks import Practice
from generator.reading.settings import (
    EDITOR_PLACES,
    PLAN_VISIBILITY,
    Editor,
    Project,
    ProjectError,
    content_clock,
)
from generator.site.incremental import Incremental

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


class PlanVisibility(c.Choice):
    """public / internal / off; YAML reads a bare `off` as false, which means off too."""

    def __init__(self) -> None:
        super().__init__(PLAN_VISIBILITY, default="internal")

    def run_validation(self, value: object) -> Any:
        return super().run_validation("off" if value is False else value)


class EditorPlace(c.Choice):
    """Where the browser editor (admin/) is built: off, internal (the team's site) or public."""

    def __init__(self) -> None:
        super().__init__(EDITOR_PLACES, default="off")

    def run_validation(self, value: object) -> Any:
        return super().run_validation("off" if value is False else value)


class TimeZone(base.BaseConfigOption[ZoneInfo]):
    """An IANA time zone name, validated into a `ZoneInfo`."""

    def __init__(self, default: str = "UTC") -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> ZoneInfo:
        try:
            return resolve_zone(str(value))
        except ZoneError as exc:
            raise ValidationError(str(exc)) from exc


class FixedTime(base.BaseConfigOption[datetime | None]):
    """A fixed build time ("2026-11-24 10:00"), read in the `time_zone` option's zone."""

    def run_validation(self, value: object) -> Any:
        return value  # parsed after time_zone is known, in post_validation

    def post_validation(self, config: base.Config, key_name: str) -> None:
        value = config[key_name]
        if value is None or isinstance(value, datetime):
            return
        parsed, reason = parse_time(value, config["time_zone"])
        if parsed is None:
            raise ValidationError(str(reason))
        config[key_name] = parsed


class Minutes(base.BaseConfigOption[timedelta]):
    """A whole number of minutes, validated into a `timedelta`."""

    def __init__(self, default: timedelta) -> None:
        super().__init__()
        self.default = int(default.total_seconds() // 60)

    def run_validation(self, value: object) -> timedelta:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValidationError(f"{value!r} is not a number of minutes; write e.g. 30")
        return timedelta(minutes=value)


class CrisisHubConfig(base.Config):
    content_dir = c.Dir(default="content")
    time_zone = TimeZone()
    # A fixed build time, for reproducible builds; CRISISHUB_NOW overrides it. Empty: the clock.
    now = FixedTime()
    # Crisis practice (docs/crisis-practice.md). Where the crisis plan is shown: on both
    # sites (public, without contacts), on the internal site only, or nowhere.
    playbook = PlanVisibility()
    # Minutes from `started` to the first public update before `crisishub check` warns.
    first_statement_target = Minutes(default=DEFAULT_FIRST_STATEMENT_TARGET)
    internal_site_dir = c.Dir(default="site-internal")
    # The browser editor, Decap CMS (README, "Editing in the browser"): where admin/ is built,
    # the GitHub repository and branch it saves to, drafts as pull requests, and the npm copy.
    editor = EditorPlace()
    editor_repo = c.Optional(c.Type(str))
    editor_branch = c.Type(str, default="main")
    editor_workflow = c.Type(bool, default=False)
    editor_oauth_url = c.Optional(c.Type(str))
    decap_cms = c.Dir(default="node_modules/decap-cms")
    # The hub's languages, the default first: `languages: [en, ru]` builds / and /ru/.
    languages = c.ListOfItems(c.Type(str), default=[])
    # The language of the Statuspage JSON at api/v2/ (default: the first of `languages`).
    api_language = c.Optional(c.Type(str))
    # Set for the builds of the other languages (see plugin.on_post_build).
    build_language = c.Private[str]()
    root_url = c.Private[str]()  # and the default language's site_url
    channels = c.Private[Any]()  # and channels.yml as it read it (the plan: `practice` below)
    # Set by `crisishub build --internal`: the team's site (plan with contacts, drafts, report).
    internal = c.Private[bool]()
    # Set by `crisishub build`: the content its check already read and checked (hub with
    # drafts, problems; the check stopped a public build with an unfilled placeholder), so
    # that a build reads and checks every content file once. A language's build is handed
    # what the default language's build read and checked.
    content = c.Private[tuple[Hub, Problems]]()
    # Set by `crisishub build` too (and for a language's build, by the default's): the plan
    # and tone rules, and channels.yml with the scheduled posts, that its check read (so their
    # warnings print once and nothing is read twice).
    practice = c.Private[tuple[Practice, Problems]]()
    crosspost = c.Private[Crosspost]()
    # Set by `crisishub build` (unless --clean): the live site and its manifest, so pages
    # whose key did not change are kept instead of rendered (generator/site/incremental.py).
    incremental = c.Private[Incremental]()
    # Set by `crisishub build`: how many processes render pages, and whether
    # CRISISHUB_WORKERS said so (generator/site/parallel.py). Unset: one.
    page_workers = c.Private[tuple[int, bool]]()


def project_from_config(config: MkDocsConfig, options: CrisisHubConfig) -> Project:
    """The settings of a validated mkdocs.yml and its crisishub options."""
    config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
    languages = tuple(dict.fromkeys(str(code).strip().lower() for code in options.languages))
    for code in languages:
        if not LANGUAGE_CODE.match(code):
            raise ProjectError(f"{config_file.name}: plugins.crisishub.languages: '{code}' is not "
                               "a language code; write two letters like en, ru, de")
    theme_language = str(config.theme.get("language") or "en")
    api_language = options.api_language or (languages[0] if languages else theme_language)
    if languages and api_language not in languages:
        raise ProjectError(f"{config_file.name}: plugins.crisishub.api_language: '{api_language}'"
                           f" is not one of the hub's languages ({', '.join(languages)})")
    return Project(
        config_file=config_file,
        content_dir=Path(options.content_dir),
        site_dir=Path(config.site_dir).resolve(),
        site_url=config.site_url or "",
        site_name=config.site_name,
        language=languages[0] if languages else theme_language,
        languages=languages,
        api_language=api_language,
        clock=content_clock(options.time_zone, options.now, os.environ),
        playbook=options.playbook,
        first_statement_target=options.first_statement_target,
        internal_site_dir=Path(options.internal_site_dir),
        docs_dir=Path(config.docs_dir).resolve(),
        editor=Editor(place=options.editor, repo=options.editor_repo,
                      branch=options.editor_branch, editorial_workflow=options.editor_workflow,
                      oauth_url=options.editor_oauth_url, decap_cms=Path(options.decap_cms)),
    )


def load_mkdocs_config(config_file: str | Path, **overrides: Any) -> MkDocsConfig:
    """mkdocs.yml read and validated by MkDocs' own loader (so !ENV and friends work)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    path = Path(config_file).resolve()
    if not path.is_file():
        raise ProjectError(f"{config_file}: not found; run crisishub in the folder that has "
                           "mkdocs.yml, or give --config path/to/mkdocs.yml")
    try:
        return load_config(str(path), **overrides)
    except ConfigurationError as exc:
        raise ProjectError(f"{config_file}: {exc}") from exc


def load_project(config_file: str | Path = "mkdocs.yml") -> Project:
    """The settings of the project whose mkdocs.yml is `config_file`."""
    config = load_mkdocs_config(config_file)
    plugin = config.plugins.get("crisishub")
    if plugin is None:
        raise ProjectError(f"{config_file}: the crisishub plugin is not enabled; add "
                           "'- crisishub' under 'plugins:'")
    return project_from_config(config, plugin.config)  # type: ignore[arg-type]
