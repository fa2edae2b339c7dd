"""The MkDocs plugin: thin glue from the content model to virtual pages and templates.

It decides nothing about status; it loads the hub, asks `generator.status` and
`generator.views`, and hands typed objects to the templates in `overrides/crisishub/`.
"""

from __future__ import annotations

import logging
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

from generator import badges, cards, endpoints, published, status, views
from generator.i18n import Translator
from generator.loader import load_hub
from generator.model import Hub
from generator.project import ProjectError, current_time, resolve_zone
from generator.timefmt import TimeFormatter

log = logging.getLogger("mkdocs.plugins.crisishub")


class CrisisHubConfig(base.Config):
    content_dir = c.Type(str, default="content")
    time_zone = c.Type(str, default="UTC")
    # A fixed build time ("2026-11-24 10:00"), for reproducible builds; the env variable
    # CRISISHUB_NOW overrides it. Empty: the real clock.
    now = c.Optional(c.Type(str))


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
        hub, problems = load_hub(self.content_dir, zone, display_root=root)
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
        self.markdown = markdown.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        self._rendered: dict[str, Markup] = {}
        # Incident and component pages are reached through the status pages, not the nav
        # (Material renders the nav into every page: 1,000 entries cost ~30 s and 300 MB).
        config.validation.nav.omitted_files = logging.DEBUG
        return config

    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        titles = {key: str(self.t(f"nav.{key}")) for key in
                  ("status", "components", "history", "maintenance", "faq")}
        self.views = {v.src_uri: v for v in views.build_views(self.hub, self.snapshot, titles)}
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
            config.nav = [{titles[k]: uri} for k, uri in (
                ("status", "index.md"), ("components", "components/index.md"),
                ("history", "history/index.md"), ("maintenance", "maintenance/index.md"),
                ("faq", "faq/index.md"))] + user_pages
        self.add_machine_outputs(files, config)
        return files

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
                                    "render": self.render_markdown}
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
            self._rendered[text] = Markup(self.markdown.reset().convert(text))
        return self._rendered[text]
