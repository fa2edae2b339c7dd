"""The MkDocs plugin: thin glue from the content model to virtual pages and templates.

It decides nothing about status; it loads the hub, asks `generator.core.status` and
`generator.site.views`, and hands typed objects to the templates in `overrides/crisishub/`.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache, partial
from pathlib import Path, PurePath
from typing import Any

import markdown
import yaml
from jinja2 import TemplateError
from markupsafe import Markup, escape
from mkdocs.commands.build import _build_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.core import endpoints, status
from generator.core.i18n import Translator
from generator.core.manifest import Fingerprints, fingerprint, output_key
from generator.core.model import Hub, Incident
from generator.core.placeholders import placeholder_problems
from generator.core.problems import Problem, Problems
from generator.core.timefmt import TimeFormatter
from generator.core.translations import Translations, in_language
from generator.crosspost.publishing import PublishPlan, load_crosspost, preview_plan
from generator.listening.audience import Audience, audience
from generator.listening.store import ReactionsError, read_snapshots
from generator.outputs import badges, cards, feeds, machine
from generator.outputs.editor_files import EditorError, editor_settings, write_editor
from generator.practice import charts
from generator.practice.checks import load_practice
from generator.practice.report import CrisisReport, crisis_report, read_ledger
from generator.reading.channels_file import (
    ChannelsConfig,
    ledger_location,
    load_channels_config,
    mailing_lists,
    reactions_location,
)
from generator.reading.memo_file import read_memo, write_memo
from generator.reading.settings import ProjectError
from generator.reading.site_content import read_content_to_keep
from generator.site import incremental, languages, parallel, practice_views, views
from generator.site.compiled_templates import COMPILED, private_folder
from generator.site.settings import CrisisHubConfig, project_from_config
from generator.site.template_errors import template_problem
from generator.site.theme_files import skip_hidden_folders
from generator.site.view_pages import ViewPage
from generator.wording.sanitize import clean_html

log = logging.getLogger("mkdocs.plugins.crisishub")
# libyaml's emitter where installed (a front-matter per page: thousands per build).
SAFE_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def subscriptions(channels: ChannelsConfig) -> tuple[views.EmailSignup | None, bool]:
    """What the Subscribe page offers from channels.yml: the first Listmonk channel's form
    (its public subscription endpoint, double opt-in), and whether webhooks are sent.
    channels.yml's own problems are `crisishub check`'s to report, not the build's."""
    email = None
    for channel in channels.channels:
        lists = mailing_lists(channel) if channel.kind == "listmonk" else []
        if lists and email is None:
            action = str(channel.options["url"]).rstrip("/") + "/subscription/form"
            ordered = sorted(lists, key=lambda m: (m.key != "all", m.key))
            email = views.EmailSignup(action, [(m.key, m.uuid) for m in ordered])
    return email, any(c.kind == "webhook" for c in channels.channels)


# The sections of the nav, in order (hand-written pages go before the practice ones).
NAV_PAGES = (("status", endpoints.HOME), ("components", endpoints.COMPONENTS),
             ("history", endpoints.HISTORY), ("maintenance", endpoints.MAINTENANCE),
             ("faq", endpoints.FAQ), ("subscribe", endpoints.SUBSCRIBE),
             ("playbook", practice_views.PLAYBOOK),
             ("report", practice_views.REPORT), ("publishing", practice_views.PUBLISHING),
             ("audience", practice_views.AUDIENCE))
PRACTICE_SECTIONS = ("playbook", "report", "publishing", "audience")
NAV_URLS = {url for _, url in NAV_PAGES}
SITEMAP = "sitemap.xml"  # a theme template MkDocs renders with every page (and gzips)


def _unmodified() -> bool:
    return False


def _output_file(config: MkDocsConfig, path: str, *, written: bool) -> File:
    """One of MkDocs' files for a machine output at `path` in the site folder. MkDocs' copy
    finds one `written` already in place; one not yet written (a page helper writes it, or
    this build later) is marked so that MkDocs does not look for it."""
    file = File.generated(config, path, abs_src_path=str(Path(config.site_dir, path)))
    if not written:
        file.is_modified = _unmodified  # type: ignore[method-assign]
    return file


def write_outputs(site_dir: str, outputs: Iterable[tuple[str, str | bytes]]) -> list[str]:
    """Each output written into the site folder at once (MkDocs has cleaned it; its copy then
    finds the file in place), so the 10,000 feeds of a big hub are not all held in memory;
    the paths written."""
    written, folders = [], set()
    for path, content in outputs:
        target = Path(site_dir, path)
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if isinstance(content, str):
            with open(target, "w", encoding="utf-8") as file:  # as MkDocs writes it
                file.write(content)
        else:
            target.write_bytes(content)
        written.append(path)
    return written


class CrisisHubPlugin(BasePlugin[CrisisHubConfig]):
    supports_multiple_instances = False
    _frozen = False  # this build read the content and froze it (read_content_to_keep)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.project = project_from_config(config, self.config)
        except ProjectError as exc:
            raise PluginError(str(exc)) from exc
        project = self.project
        self.content_dir = project.content_dir
        skip_hidden_folders(config.theme)  # Material's 14,348 icons, never copied
        now = project.now()
        # The content is read once, drafts included: `crisishub build` hands over what its
        # check read (addresses included); `serve` and a plain `mkdocs build` read it here,
        # kept from the garbage collector until the build ends (`_release_content`).
        # Handed over, it was checked for unfilled placeholders too (a translation's
        # placeholders as well: one check covers every language).
        if self.config.content:
            everything, problems = self.config.content
        else:
            everything, problems = read_content_to_keep(project)
            self._frozen = True
        # One build per language: the default at /, the others (on_post_build) at /ru/ etc.
        self.languages = project.all_languages
        self.language = self.config.build_language or self.languages[0]
        published = self.show(everything, now)
        errors = list(problems.errors)
        if not self.config.content:
            errors += self.unfilled_placeholders(published)
        for problem in problems.warnings:
            log.warning(str(problem))
        if errors:
            raise PluginError(
                "the content has errors; nothing was built:\n"
                + "\n".join(str(p) for p in errors)
            )
        self.content_read = (everything, problems)
        config.theme["language"] = self.language  # Material's own words follow it too
        self.t = Translator(self.language)
        self.times = TimeFormatter(project.time_zone, self.t.language)
        # The site address of the default language (a language's build has its own below it).
        self.root_url = self.config.root_url or project.site_url
        self._load_practice(published, now)
        self.markdown = markdown.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        self._rendered: dict[str, Markup] = {}
        self._remember_rendered(config)
        return config

    def show(self, everything: Hub, now: datetime) -> Hub:
        """What the pages show of `everything` (drafts included) at `now`: the hub in this
        build's language (drafts on the internal site only) and its status snapshot.
        Returns the public hub (no drafts)."""
        published = everything.without_drafts(now)
        self.local = in_language(everything if self.config.internal else published,
                                 everything.translations or Translations(self.languages),
                                 self.language, self.languages[0])
        self.hub: Hub = self.local.hub
        self.snapshot = status.snapshot(self.hub, now)
        return published

    def unfilled_placeholders(self, published: Hub) -> list[Problem]:
        """An error for every unfilled [placeholder] in `published`: it never reaches the
        public site (the team's internal site may show the work in progress)."""
        return [] if self.config.internal else placeholder_problems(published).errors

    def _remember_rendered(self, config: MkDocsConfig) -> None:
        """An incremental build starts from the HTML the last build made of each text (the
        Markdown settings and code unchanged): an update's body is converted once, not once
        per build. A build that renders everything (--clean, the first) reads nothing."""
        state = self.config.incremental
        self._memo_key = None if state is None else incremental.rendering_key(
            config, state.digests)
        self._memo_name = "html" if not self.config.build_language \
            else f"html-{self.config.build_language}"
        self._memo: dict[str, str] = {}
        self._memo_recalled: set[str] = set()
        self._memo_asked: set[str] = set()
        if state is not None and state.previous is not None and self._memo_key is not None:
            self._memo = read_memo(self.project.root, self._memo_name, self._memo_key)
            self._memo_recalled = set(self._memo)

    def _load_practice(self, published: Hub, now: datetime) -> None:
        """The plan and, on an internal build, the crisis report. A broken plan never stops
        a status update from being published: its problems are logged (check fails on them)."""
        # `crisishub build` hands over what its check read (and printed); a language's build
        # (see on_post_build) gets what the default one read.
        handed = self.config.practice
        practice, problems = handed or load_practice(self.project.content_dir, self.project.root)
        self.practice_read = (practice, problems)
        if handed is None:
            for problem in problems:
                log.warning(str(problem))
        self.playbook = practice.playbook
        self.tone = practice.tone
        self.report: CrisisReport | None = None
        self.crosspost_preview: PublishPlan | None = None
        self.audience: Audience | None = None
        # For the Subscribe page, read once: a language's build gets the default's, and
        # `crisishub build` hands over what its check read.
        handed_crosspost = self.config.crosspost
        self.channels: ChannelsConfig | None = self.config.channels or (
            handed_crosspost.config if handed_crosspost else None)
        if self.config.internal:
            # The report measures what was published, and the preview shows what
            # `crisishub publish` would send now.
            crosspost = self.config.crosspost or load_crosspost(self.project, published)
            self.channels = crosspost.config
            ledger_problems = Problems()
            ledger = read_ledger(ledger_location(self.project.content_dir, crosspost.config),
                                 ledger_problems)
            for problem in ledger_problems:  # the one reader's policy; never fatal to a build
                log.warning(str(problem))
            self.report = crisis_report(published, now, ledger,
                                        self.project.first_statement_target)
            self.crosspost_preview = preview_plan(crosspost, now)
            self.audience = audience(published, self._snapshots(crosspost.config))

    def _snapshots(self, channels: ChannelsConfig) -> list[Any]:
        """What `crisishub listen` recorded; a damaged file is logged, never fatal."""
        path = reactions_location(self.project.content_dir, channels)
        root = self.project.root
        try:
            return read_snapshots(path, path.relative_to(root).as_posix()
                                  if path.is_relative_to(root) else None)
        except ReactionsError as exc:
            log.warning(str(exc))
            return []

    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        languages.hand_written_pages(files, config, self.language, self.languages)
        titles = {key: str(self.t(f"nav.{key}")) for key, _ in NAV_PAGES}
        titles["developers"] = str(self.t("nav.developers"))
        self.practice_titles = {titles[key] for key in PRACTICE_SECTIONS}
        if self.channels is None:
            self.channels = load_channels_config(
                self.content_dir / "channels.yml", "channels.yml", Problems())
        self.offer = subscriptions(self.channels)
        email, webhooks = self.offer
        page_views = views.build_views(self.hub, self.snapshot, titles, email, webhooks,
                                       self._next_update_said())
        page_views += practice_views.practice_views(
            self.playbook, self.config.playbook, self.config.internal, self.report, titles,
            self.crosspost_preview, self.audience)
        self.views = {v.src_uri: v for v in page_views}
        self.view_files: dict[str, File] = {}
        if self.report is not None:
            for uri, svg in self._charts(self.report).items():
                files.append(File.generated(config, uri, content=svg))
        if self.audience is not None:
            for uri, svg in self._audience_charts(self.audience).items():
                files.append(File.generated(config, uri, content=svg))
        for view in self.views.values():
            existing = files.src_uris.get(view.src_uri)  # already a POSIX path
            if existing is not None:
                files.remove(existing)
            # Incident, component, month and FAQ pages are reached through the status pages,
            # not the nav (Material renders the nav into every page: 1,000 entries cost ~30 s).
            inclusion = InclusionLevel.UNDEFINED if view.url in NAV_URLS \
                else InclusionLevel.NOT_IN_NAV
            generated = File.generated(config, view.src_uri,
                                       content=view_source(view), inclusion=inclusion)
            files.append(generated)
            self.view_files[view.src_uri] = generated
            if inclusion is InclusionLevel.NOT_IN_NAV:  # MkDocs would make it (view_pages.py)
                ViewPage(None, generated, config)
        if config.nav is None:
            user_pages = [f.src_uri for f in files.documentation_pages()
                          if f.src_uri not in self.views]
            sections = [{titles[key]: endpoints.page_source(url)} for key, url in NAV_PAGES
                        if endpoints.page_source(url) in self.views]
            practice = [entry for entry in sections if list(entry)[0] in self.practice_titles]
            config.nav = [e for e in sections if e not in practice] + user_pages + practice
        # The feeds, JSON and cards are made in on_env, once page helpers are at work.
        self.machine_kept = self._carry_over(files, config) \
            if self.config.incremental is not None else set()
        self._answer_links_to_outputs(files, config)
        return files

    def _next_update_said(self) -> frozenset[str]:
        """The active incidents whose latest update already says when the next one comes
        (the tone check's "when we speak next" cue phrases, the hub's tone.yml included)."""
        return frozenset(
            incident.id for incident in self.snapshot.active
            if incident.latest_update is not None
            and self.tone.has("next_update", incident.latest_update.body))

    def _carry_over(self, files: Files, config: MkDocsConfig) -> set[str]:
        """An incremental build: pages and machine outputs whose key did not change are
        linked from the live site. Kept pages are marked unmodified, so MkDocs neither reads
        nor renders them; the kept machine outputs (returned) are not generated again."""
        state = self.config.incremental
        assert state is not None
        # The settings, not what `crisishub build` handed over (the content, the plan and
        # the publishing plan it read change with every new update): what pages show of
        # those is in their views, or in the subscription offer below.
        options = {k: v for k, v in self.config.items() if k not in incremental.HANDED_OVER}
        environment = None
        if set(config.plugins) <= incremental.KNOWN_PLUGINS:
            environment = incremental.environment_key(
                config, options, self.hub, self.offer, state.digests)
        self.environment = environment  # the sitemap's key reads it too (_keep_sitemap)
        ours = {f.dest_uri for f in self.view_files.values()}
        generated = {id(f) for f in self.view_files.values()}
        others = {f.dest_uri for f in files if f.dest_uri in ours and id(f) not in generated}
        # Only pages that show neither the clock nor the current status are kept: a resolved
        # incident, a finished month (the bulk of a big hub). The others (home, components,
        # maintenance, FAQ, practice pages, ongoing incidents: a few dozen) may read anything
        # of the moment or of the whole hub, so they are always rendered.
        keys: dict[str, str | None] = {}
        # An incident's page and feeds read it: its sources' digest, or hashed once.
        fingerprint = Fingerprints(self.hub.sources)
        for src_uri, file in self.view_files.items():
            view = self.views[src_uri]
            # In a translation's site, a page also shows which of its items are not
            # translated yet (a note, the original's words).
            view_bytes = fingerprint((view, incremental.untranslated_in(view, self.local))) \
                if views.clock_free(view) else None
            if environment is None or view_bytes is None or file.dest_uri in others:
                keys[file.dest_uri] = None
                continue
            keys[file.dest_uri] = output_key(environment, view_bytes)
        machine_keys: dict[str, str | None] = {}
        read_bytes_of: dict[int, bytes | None] = {}  # an incident's RSS and Atom read the same
        for path, reads in self._keyed_machine_outputs(config).items():
            if id(reads) not in read_bytes_of:
                read_bytes_of[id(reads)] = fingerprint(reads)
            read_bytes = read_bytes_of[id(reads)]
            machine_keys[path] = None if environment is None or read_bytes is None else \
                output_key(environment, self.language, path, read_bytes)
        kept = incremental.carry_over(state, {**keys, **machine_keys}, Path(config.site_dir))
        for file in self.view_files.values():
            if file.dest_uri in kept:
                file.is_modified = _unmodified  # type: ignore[method-assign]
        if len(keys) + len(machine_keys) - len(kept) >= parallel.MIN_PAGES:
            # `crisishub build` pauses the garbage collector for a build after a previous
            # one (cli/main.py); rendering many pages or feeds (a template or a setting
            # changed) needs it: a page leaves ~50 KB of cycles (5,000 pages without it
            # took 455 MB, not 188).
            gc.enable()
        log.info(f"incremental build: {len(kept & set(keys))} of {len(keys)} pages and "
                 f"{len(kept & set(machine_keys))} of {len(machine_keys)} feeds and cards "
                 "unchanged")
        return kept & set(machine_keys)

    def _site_info(self, config: MkDocsConfig) -> machine.SiteInfo | None:
        return machine.SiteInfo(name=config.site_name, url=config.site_url) \
            if config.site_url else None

    def _keyed_machine_outputs(self, config: MkDocsConfig) -> dict[str, object]:
        site = self._site_info(config)
        if site is None:
            return {}
        return machine.keyed_outputs(self.hub, site, self.t, self.times, self.render_markdown)

    def _charts(self, report: CrisisReport) -> dict[str, str]:
        """The report's SVG charts, labelled in the site's language."""
        uris = practice_views.CHART_URIS
        labels = {f"impact.{k}": str(self.t(f"impact.{k}"))
                  for k in ("none", "minor", "major", "critical")}
        labels["ongoing"] = str(self.t("report.ongoing"))
        target = int(report.first_statement_target.total_seconds() // 60)
        return {
            uris["timeline"]: charts.timeline_chart(
                report, str(self.t("report.chart_timeline")), labels,
                lambda moment: self.times.short_date(self.times.local(moment).date())),
            uris["first_statement"]: charts.first_statement_chart(
                report, str(self.t("report.chart_first_statement")),
                str(self.t("report.target", minutes=target))),
            uris["cadence"]: charts.cadence_chart(report, str(self.t("report.chart_cadence"))),
        }

    def _audience_charts(self, heard: Audience) -> dict[str, str]:
        """Per incident: reactions and replies over time against the updates, and the
        sentiment of the replies per update."""
        def when(moment: Any) -> str:
            return str(self.times.time(moment))

        found = {}
        for incident in heard.incidents:
            uris = practice_views.audience_chart_uris(incident.incident_id)
            found[uris["reach"]] = charts.series_chart(
                str(self.t("audience.chart_reach", title=incident.title)),
                [(str(self.t("audience.reach")), "#0969da", list(incident.reach_series)),
                 (str(self.t("audience.replies")), "#bc4c00", list(incident.replies_series))],
                [(at, slug) for at, slug in incident.update_times], when)
            found[uris["sentiment"]] = charts.diverging_chart(
                str(self.t("audience.chart_sentiment", title=incident.title)),
                [(f"{when(u.at)} {u.status}", u.sentiment,
                  f"{u.sentiment:+.2f}" if u.sentiment is not None
                  else str(self.t("audience.not_measured"))) for u in incident.updates])
        return found

    def add_machine_outputs(self, files: Files, config: MkDocsConfig,
                            kept: set[str] | frozenset[str] = frozenset(),
                            by_helpers: set[str] | frozenset[str] = frozenset()) -> None:
        """Feeds, the JSON API, the calendar, badges and card pictures (see endpoints.py);
        those in `kept` are already in the site folder (an incremental build), those in
        `by_helpers` are written by the page helpers (`_render_page`)."""
        site = self._site_info(config)
        if site is None:
            log.warning("mkdocs.yml: site_url is not set, so no feeds, JSON API, calendar or "
                        "badges are written; set it to the address of the status site")
            return
        outputs = ((path, make()) for path, make in self._planned_outputs(site)
                   if path not in kept and path not in by_helpers)
        def ours_win(path: str) -> None:
            # Ours win over a docs_dir file at the same address (which MkDocs would also
            # copy over a kept, hard-linked file).
            existing = files.src_uris.get(path)  # our paths are POSIX already
            if existing is not None:
                files.remove(existing)

        for path in kept:
            ours_win(path)
        for path in by_helpers:
            ours_win(path)
            files.append(_output_file(config, path, written=False))
        for path in write_outputs(config.site_dir, outputs):
            ours_win(path)
            files.append(_output_file(config, path, written=True))

    def _planned_outputs(self, site: machine.SiteInfo) -> Iterator[machine.Planned]:
        return machine.planned_outputs(self.hub, self.snapshot, site, self.t, self.times,
                                       self.render_markdown, api_hub=self._api_hub,
                                       api=not self.config.build_language)

    def _answer_links_to_outputs(self, files: Files, config: MkDocsConfig) -> None:
        """A page of the team's may link to a feed, the JSON, the calendar, a badge or a card
        picture like to any file. MkDocs checks a page's links when it reads the page, before
        this build makes those files (on_env); so a link that finds no file is looked up among
        the files this build makes (listed on the first such link only: a big hub has
        10,000), and one found is one of MkDocs' files from then on. It is never copied by
        MkDocs: the build writes it (or keeps it from the last site)."""
        site = self._site_info(config)
        if site is None:
            return
        find = files.get_file_from_path
        made = cache(lambda: {planned for planned, _ in self._planned_outputs(site)})

        def get_file_from_path(path: str) -> File | None:
            found = find(path)
            if found is None and (posix := PurePath(path).as_posix()) in made():
                found = _output_file(config, posix, written=False)
                files.append(found)
            return found

        files.get_file_from_path = get_file_from_path  # type: ignore[method-assign]

    def _api_hub(self) -> Hub:
        """The hub in the Statuspage JSON's language (`api_language`, else the default)."""
        if self.project.api_language == self.language or not self.hub.translations:
            return self.hub
        return in_language(self.hub, self.hub.translations, self.project.api_language,
                           self.languages[0]).hub

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Compiled templates: from this process's earlier builds, and from the last build's
        # (in the user's own folder) when this one builds on it (compiled_templates.py).
        state = self.config.incremental
        COMPILED.use_folder(private_folder(),
                            read=state is not None and state.previous is not None)
        env.bytecode_cache = COMPILED
        env.filters["markdown"] = self.render_markdown
        env.globals["t"] = self.t
        env.globals["times"] = self.times
        env.filters["card_text"] = lambda text: cards.card_text(self.render_markdown(text))
        env.filters["script_json"] = cards.script_json
        env.globals["crisishub"] = self.template_globals()
        self.env = env  # kept with the navigation: see on_nav
        # Helpers render their pages, each with its incident's feeds, while this process
        # makes the other feeds, the JSON and cards (which the pages do not read), then its
        # own share of the pages.
        self._share_pages(config, files)
        self.add_machine_outputs(files, config, self.machine_kept, self.feeds_with_helpers)
        self._keep_sitemap(config, files)
        return env

    def _keep_sitemap(self, config: MkDocsConfig, files: Files) -> None:
        """An incremental build keeps the last sitemap (and its .gz) when what MkDocs
        renders it from did not change: every page's address and date (one line per page:
        0.06-0.08 s at N=5,000), the theme and settings (the environment key). Then MkDocs does
        not render it. Otherwise it does, as always, into new files (never through a link to
        the live site's)."""
        state = self.config.incremental
        if state is None or SITEMAP not in config.theme.static_templates:
            return
        environment = self.environment  # set by _carry_over, which every such build runs
        pages = [f.page for f in files.documentation_pages()]  # MkDocs' template context
        addresses = fingerprint([None if p is None else
                                 (p.is_link, p.abs_url, p.canonical_url, p.update_date)
                                 for p in pages])
        key = None if environment is None or addresses is None else \
            output_key(environment, SITEMAP, addresses)
        outputs = (SITEMAP, SITEMAP + ".gz")
        kept = incremental.carry_over(state, dict.fromkeys(outputs, key), Path(config.site_dir))
        if kept == set(outputs):
            config.theme.static_templates.discard(SITEMAP)  # this build's config only
            return
        for path in kept:
            Path(config.site_dir, path).unlink()

    def _share_pages(self, config: MkDocsConfig, files: Files) -> None:
        """A big build: forked helpers render a share of the pages (generator/site/
        parallel.py), which MkDocs then skips. The last event before MkDocs renders pages,
        so a helper sees everything the pages read."""
        self.helpers = parallel.Helpers()
        self.feeds_with_helpers: set[str] = set()
        workers, forced = self.config.page_workers or parallel.ONE_PROCESS
        if workers < 2 or not set(config.plugins) <= incremental.KNOWN_PLUGINS:
            return
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        pending = [f.page for f in doc_files if f.page is not None and f.is_modified()]
        asked_before = set(self._memo_asked)

        def learnt() -> dict[str, Any]:  # in the helper: the Markdown it converted
            asked = self._memo_asked - asked_before
            return {"asked": sorted(asked),
                    "memo": {entry: self._memo[entry] for entry in asked if entry in self._memo}}

        self.helpers = parallel.share_pages(pending, workers, forced,
                                            partial(self._render_page, config, doc_files), learnt)
        shared = self.helpers.shares()
        for file in doc_files:
            if id(file.page) in shared:
                file.is_modified = _unmodified  # type: ignore[method-assign]
        if self._site_info(config) is not None:
            self.feeds_with_helpers = self._feeds_with(
                page for helper in self.helpers.running for page in helper.pages)

    def _render_page(self, config: MkDocsConfig, doc_files: Any, page: Page) -> None:
        """A page of a helper's share (or of one that vanished), with an incident's feeds
        (see `_feeds_with`): a template's error is reported with the template's file and
        line, as `crisishub` reports it in one process."""
        try:
            _build_page(page, config, doc_files, self.nav, self.env)
        except TemplateError as exc:
            raise PluginError(template_problem(exc, Path(config.config_file_path).parent)) \
                from exc
        incident = self._incident_of(page)
        site = self._site_info(config)
        if incident is not None and site is not None:
            write_outputs(config.site_dir, feeds.incident_feeds(
                machine.feed_context(self.hub, site, self.t, self.times, self.render_markdown),
                incident, self.machine_kept))

    def _incident_of(self, page: Page) -> Incident | None:
        view = self.views.get(page.file.src_uri)
        shown = view.page if view is not None else None
        return shown.incident if isinstance(shown, views.IncidentPage) else None

    def _feeds_with(self, pages: Iterable[Page]) -> set[str]:
        """The feeds a page helper writes with these pages: each incident's, which read the
        Markdown its page converts (so it is converted once, by one process: see
        parallel.py), but those kept from the last site."""
        found: set[str] = set()
        for page in pages:
            incident = self._incident_of(page)
            if incident is not None:
                found.update(endpoints.incident_feeds(incident.id))
        return found - self.machine_kept

    def _take_helpers_back(self) -> None:
        """Wait for the page helpers; their converted Markdown joins the memo."""
        if not hasattr(self, "helpers"):
            return
        try:
            reports = self.helpers.finish()
        except parallel.PageRenderingFailed as exc:
            raise PluginError(str(exc)) from None
        for report in reports:
            self._memo_asked.update(str(entry) for entry in report.get("asked", []))
            self._memo.update({str(k): str(v) for k, v in report.get("memo", {}).items()})

    def template_globals(self) -> dict[str, Any]:
        """`crisishub` in every template: the hub as `show` made it, and the helpers."""
        return {"hub": self.hub, "now": self.snapshot.now, "snapshot": self.snapshot,
                "views": views, "endpoints": endpoints, "cards": cards, "badges": badges,
                "render": self.render_markdown, "local": self.local,
                "internal": self.config.internal,
                "audience_charts": practice_views.audience_chart_uris}

    @event_priority(-100)  # the navigation as every plugin left it
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Kept, with the files and the template environment, for `crisishub serve`: it
        renders an edited incident's page again with them before it rebuilds the site
        (generator/site/preview.py)."""
        self.nav, self.files = nav, files
        return nav

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """A view page's Markdown is its front-matter only (its template draws it), so it is
        rendered without building MkDocs' Markdown parser with every extension for it: the
        same empty content and table of contents, once per page (5,000 at N=5,000)."""
        if page.file.src_uri in self.view_files:
            page.render = partial(_render_front_matter_only, page)  # type: ignore[method-assign]
        return page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """A hand-written page's HTML goes through the same sanitiser as every update."""
        if page.file.src_uri in self.view_files:
            return html
        return clean_html(html)

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        context["view"] = self.views.get(page.file.src_uri)
        # extra.alternate names each language's site root, as Material's script expects: it
        # reads the sitemap below every hreflang link (so a page address there fails); the
        # switcher (overrides/partials/alternate.html) links to the same page.
        # The internal site is built in the default language only: no switcher there.
        context["alternates"] = [] if self.config.internal else languages.alternates(
            page.url, self.language, self.languages, self.root_url)
        if context["alternates"]:
            config.extra["alternate"] = [
                {"name": alt["name"], "lang": alt["lang"], "link": alt["root"]}
                for alt in context["alternates"]]
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            self._take_helpers_back()
            self._finish_build(config)
        finally:
            self._release_content()

    def on_build_error(self, *, error: Exception) -> None:
        if hasattr(self, "helpers"):
            self.helpers.stop()
        self._release_content()

    def _release_content(self) -> None:
        """The content this build read is the collector's again (a process that goes on,
        `serve`, must not keep every build's objects out of its reach)."""
        if self._frozen:
            self._frozen = False
            gc.unfreeze()

    def _finish_build(self, config: MkDocsConfig) -> None:
        """The rendered-HTML memo is written; the default language's build then writes the
        editor's files and builds the other languages into `<site>/<language>/`."""
        if self._memo_key is not None:
            write_memo(self.project.root, self._memo_name, self._memo_key, self._memo,
                       self._memo_asked, self._memo_recalled)
        if self.config.build_language:
            return
        self._write_editor(Path(config.site_dir))
        # The internal site is the team's: one language, the default.
        if self.config.internal:
            return
        state = self.config.incremental
        for code in self.languages[1:]:
            folder = endpoints.language_root(code, "")
            part = state.below(folder) if state is not None else None
            languages.build_language(config, code, self.root_url, content=self.content_read,
                                     practice=self.practice_read, channels=self.channels,
                                     incremental=part)
            if state is not None and part is not None:
                state.include(part, folder)

    def _write_editor(self, site_dir: Path) -> None:
        """admin/ (Decap CMS) on the site `editor:` names: never on the public one by accident."""
        place = self.project.editor.place
        if place != ("internal" if self.config.internal else "public"):
            return
        channels = self.channels.names if self.channels is not None else []
        try:
            write_editor(site_dir / endpoints.EDITOR, self.content_read[0], self.project, channels,
                         editor_settings(self.project),
                         self.project.root / self.project.editor.decap_cms)
        except EditorError as exc:
            raise PluginError(f"editor: {place}: {exc}") from None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if hasattr(self, "content_dir"):  # unset when the first build of `serve` failed
            server.watch(str(self.content_dir))
        return server

    def render_markdown(self, text: str) -> Markup:
        """Content Markdown to HTML with the site's Markdown extensions (cached per text)."""
        if text not in self._rendered:
            entry = hashlib.sha256(text.encode("utf-8")).hexdigest()
            self._memo_asked.add(entry)
            # Raw HTML in content is allowed, but only what generator.wording.sanitize lets
            # through. One string serves the page and the memo (thousands of texts).
            html = Markup(self._memo[entry] if entry in self._memo
                          else clean_html(self.markdown.reset().convert(text)))
            self._memo[entry] = self._rendered[text] = html
        return self._rendered[text]


def view_source(view: views.PageView) -> str:
    """The Markdown source of a view's page: its front-matter only (its template draws it).
    MkDocs treats page titles as HTML (Material prints them unescaped): ours are escaped."""
    return f"---\n{view_front_matter(view.template, str(escape(view.title)))}---\n"


def view_front_matter(template: str, title: str) -> str:
    """The YAML front-matter of a view page. A title of printable characters is written as
    a JSON string, which YAML reads as the same double-quoted string (JSON's escapes `\\"`
    and `\\\\` are YAML's; a printable character is never a line break nor refused by YAML):
    5 us against yaml.dump's 36 us, for a big hub's thousands of pages. Any other title goes
    through yaml.dump."""
    if template.isprintable() and title.isprintable():
        return (f"template: {json.dumps(template, ensure_ascii=False)}\n"
                f"title: {json.dumps(title, ensure_ascii=False)}\n")
    return str(yaml.dump({"template": template, "title": title}, Dumper=SAFE_DUMPER,
                         allow_unicode=True))


def _render_front_matter_only(page: Page, config: MkDocsConfig, files: Files) -> None:
    """`Page.render` for a page with nothing below its front-matter; anything else is
    rendered by MkDocs as always."""
    if page.markdown is None or page.markdown.strip():
        Page.render(page, config, files)
        return
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = {}
