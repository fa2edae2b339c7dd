"""The MkDocs plugin: thin glue from the content model to virtual pages and templates.

It decides nothing about status; it loads the hub, asks `generator.core.status` and
`generator.site.views`, and hands typed objects to the templates in `overrides/crisishub/`.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import markdown
import yaml
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.core import endpoints, status
from generator.core.i18n import Translator
from generator.core.model import Hub
from generator.core.placeholders import placeholder_problems
from generator.core.timefmt import TimeFormatter
from generator.crosspost.publishing import preview_text
from generator.outputs import badges, cards
from generator.outputs import machine as published
from generator.practice import charts as report_svg
from generator.practice.checks import load_practice
from generator.practice.report import CrisisReport, crisis_report, read_ledger
from generator.reading.channels_file import ledger_location
from generator.reading.loader import load_hub
from generator.reading.settings import ProjectError, current_time, resolve_zone
from generator.site import practice_views, views
from generator.site.settings import load_project
from generator.wording.sanitize import clean_html

log = logging.getLogger("mkdocs.plugins.crisishub")


class PlanVisibility(c.Choice):
    """public / internal / off; YAML reads a bare `off` as false, which means off too."""

    def __init__(self) -> None:
        super().__init__(("public", "internal", "off"), default="internal")

    def run_validation(self, value: object) -> Any:
        return super().run_validation("off" if value is False else value)


class CrisisHubConfig(base.Config):
    content_dir = c.Type(str, default="content")
    time_zone = c.Type(str, default="UTC")
    # A fixed build time ("2026-11-24 10:00"), for reproducible builds; the env variable
    # CRISISHUB_NOW overrides it. Empty: the real clock.
    now = c.Optional(c.Type(str))
    # Crisis practice (docs/crisis-practice.md). Where the crisis plan is shown: on both
    # sites (public, without contacts), on the internal site only, or nowhere.
    playbook = PlanVisibility()
    # Minutes from `started` to the first public update before `crisishub check` warns.
    first_statement_target = c.Type(int, default=30)
    # The internal build: plan with contacts, drafts, held scheduled updates, the crisis
    # report. Set by `crisishub build --internal`; never publish such a build.
    internal = c.Type(bool, default=False)
    internal_site_dir = c.Type(str, default="site-internal")


class CrisisHubPlugin(BasePlugin[CrisisHubConfig]):
    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = (root / self.config.content_dir).resolve()
        try:
            zone = resolve_zone(self.config.time_zone)
            now = current_time(self.config.now, zone)
        except ProjectError as exc:
            raise PluginError(str(exc)) from exc
        hub, problems = load_hub(self.content_dir, zone, display_root=root,
                                 include_drafts=self.config.internal)
        if not self.config.internal:
            # An unfilled [placeholder] never reaches the public site (the team's site may
            # show the work in progress).
            problems.extend(placeholder_problems(hub))
        for problem in problems.warnings:
            log.warning(str(problem))
        if problems.errors:
            raise PluginError(
                "the content has errors; nothing was built:\n"
                + "\n".join(str(p) for p in problems.errors)
            )
        self.hub: Hub = hub
        self.snapshot = status.snapshot(hub, now)
        language = str(config.theme.get("language") or "en")
        self.t = Translator(language)
        self.times = TimeFormatter(zone, self.t.language)
        self._load_practice(root, now, Path(config.config_file_path or "mkdocs.yml"))
        self.markdown = markdown.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        self._rendered: dict[str, Markup] = {}
        # Incident and component pages are reached through the status pages, not the nav
        # (Material renders the nav into every page: 1,000 entries cost ~30 s and 300 MB).
        config.validation.nav.omitted_files = logging.DEBUG
        return config

    def _load_practice(self, root: Path, now: Any, config_file: Path) -> None:
        """The plan and, on an internal build, the crisis report. A broken plan never stops
        a status update from being published: its problems are logged (check fails on them)."""
        practice, problems = load_practice(self.content_dir, root)
        for problem in problems:
            log.warning(str(problem))
        self.playbook = practice.playbook
        self.report: CrisisReport | None = None
        self.crosspost_preview: str | None = None
        if self.config.internal:
            # The internal site shows drafts, but the report measures what was published
            # and the preview shows what `crisishub publish` would send now.
            published, _ = load_hub(self.content_dir, self.hub.time_zone, display_root=root)
            ledger = read_ledger(ledger_location(self.content_dir))
            self.report = crisis_report(published, now, ledger, timedelta(
                minutes=self.config.first_statement_target))
            self.crosspost_preview = preview_text(load_project(config_file), published, now)

    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        titles = {key: str(self.t(f"nav.{key}")) for key in
                  ("status", "components", "history", "maintenance", "faq", "playbook", "report",
                   "publishing")}
        page_views = views.build_views(self.hub, self.snapshot, titles)
        page_views += practice_views.practice_views(
            self.playbook, self.config.playbook, self.config.internal, self.report, titles,
            self.crosspost_preview)
        self.views = {v.src_uri: v for v in page_views}
        if self.report is not None:
            for uri, svg in self._charts(self.report).items():
                files.append(File.generated(config, uri, content=svg))
        for view in self.views.values():
            existing = files.get_file_from_path(view.src_uri)
            if existing is not None:
                files.remove(existing)
            # MkDocs treats page titles as HTML (Material prints them unescaped): escape ours.
            title = str(escape(view.title))
            front_matter = yaml.safe_dump({"template": view.template, "title": title},
                                          allow_unicode=True)
            files.append(File.generated(config, view.src_uri, content=f"---\n{front_matter}---\n"))
        if config.nav is None:
            user_pages = [f.src_uri for f in files.documentation_pages()
                          if f.src_uri not in self.views]
            config.nav = [{titles[k]: endpoints.page_source(url)} for k, url in (
                ("status", endpoints.HOME), ("components", endpoints.COMPONENTS),
                ("history", endpoints.HISTORY), ("maintenance", endpoints.MAINTENANCE),
                ("faq", endpoints.FAQ))] + user_pages
            for key, url in (("playbook", practice_views.PLAYBOOK),
                             ("report", practice_views.REPORT),
                             ("publishing", practice_views.PUBLISHING)):
                uri = endpoints.page_source(url)
                if uri in self.views:
                    config.nav.append({titles[key]: uri})
        self.add_machine_outputs(files, config)
        return files

    def _charts(self, report: CrisisReport) -> dict[str, str]:
        """The report's SVG charts, labelled in the site's language."""
        uris = practice_views.CHART_URIS
        labels = {f"impact.{k}": str(self.t(f"impact.{k}"))
                  for k in ("none", "minor", "major", "critical")}
        labels["ongoing"] = str(self.t("report.ongoing"))
        target = int(report.first_statement_target.total_seconds() // 60)
        return {
            uris["timeline"]: report_svg.timeline_chart(
                report, str(self.t("report.chart_timeline")), labels,
                lambda moment: self.times.short_date(self.times.local(moment).date())),
            uris["first_statement"]: report_svg.first_statement_chart(
                report, str(self.t("report.chart_first_statement")),
                str(self.t("report.target", minutes=target))),
            uris["cadence"]: report_svg.cadence_chart(report, str(self.t("report.chart_cadence"))),
        }

    def add_machine_outputs(self, files: Files, config: MkDocsConfig) -> None:
        """Feeds, the JSON API, the calendar, badges and card pictures (see endpoints.py)."""
        if not config.site_url:
            log.warning("mkdocs.yml: site_url is not set, so no feeds, JSON API, calendar or "
                        "badges are written; set it to the address of the status site")
            return
        site = published.SiteInfo(name=config.site_name, url=config.site_url)
        outputs = published.machine_outputs(self.hub, self.snapshot, site, self.t, self.times,
                                             self.render_markdown)
        for path, content in outputs.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, path, content=content))

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        env.filters["markdown"] = self.render_markdown
        env.globals["t"] = self.t
        env.globals["times"] = self.times
        env.filters["card_text"] = lambda text: cards.card_text(self.render_markdown(text))
        env.filters["script_json"] = cards.script_json
        env.globals["crisishub"] = {"hub": self.hub, "now": self.snapshot.now,
                                    "snapshot": self.snapshot, "views": views,
                                    "endpoints": endpoints, "cards": cards, "badges": badges,
                                    "render": self.render_markdown,
                                    "internal": self.config.internal}
        return env

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        context["view"] = self.views.get(page.file.src_uri)
        return context

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.content_dir))
        return server

    def render_markdown(self, text: str) -> Markup:
        """Content Markdown to HTML with the site's Markdown extensions (cached per text)."""
        if text not in self._rendered:
            # Raw HTML in content is allowed, but only what generator.wording.sanitize lets through.
            self._rendered[text] = Markup(clean_html(self.markdown.reset().convert(text)))
        return self._rendered[text]
