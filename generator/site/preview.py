"""`crisishub serve` shows an edited incident's page first, then rebuilds the site.

A rebuild of serve renders only what an edit changed, but on a hub of thousands of incidents
it still reads the whole content folder and lays out MkDocs' files and navigation again:
seconds. So when every file saved since the last build lies in one incident's folder, serve
first reads that folder alone, puts the incident into the hub the last build showed, renders
its page with that build's theme, navigation and templates (MkDocs' own page rendering, the
same code the build runs), and writes it into the served site: the browsers reload at once.
The rebuild follows as always and swaps the whole site in, and the browsers reload again, so
what else the edit changes (the home page, history, feeds, the other language) shows a few
seconds later.

Nothing is shown first when a file outside one incident folder changed, when the incident is
new, a draft, or gone, or when its files have an error or an unfilled placeholder (the
rebuild then shows the error, as always). The page shown first is the page the rebuild makes
of the same content at the same moment (tests/test_serve_preview.py compares them byte for
byte).

Relies on MkDocs 1.6's `_populate_page` and `_build_page` (mkdocs.commands.build), as
serve.py relies on its live-reload server's internals.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Collection
from pathlib import Path

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from generator.core.model import Hub
from generator.reading.loader import load_hub
from generator.reading.settings import Project
from generator.site import views
from generator.site.plugin import CrisisHubPlugin, view_source


def edited_incident(changed: Collection[str], content_dir: Path) -> str | None:
    """The incident folder's name when every changed path lies in that one folder of
    `content_dir/incidents/` (a file saved, added, deleted or renamed there); else None."""
    incidents = os.path.join(os.path.abspath(content_dir), "incidents")
    found = None
    for path in changed:
        relative = os.path.relpath(os.path.abspath(path), incidents)
        parts = relative.split(os.sep)
        if len(parts) != 2 or parts[0] in (os.curdir, os.pardir) or parts[0].startswith("."):
            return None
        if found not in (None, parts[0]):
            return None
        found = parts[0]
    return found


class LastBuild:
    """What the last good build of `serve` laid out (its configuration, with the plugin's
    hub, files, navigation and templates), to render one incident's page again."""

    def __init__(self, project: Project, config: MkDocsConfig, site_dir: Path) -> None:
        self.project, self.config, self.site_dir = project, config, site_dir
        self.plugin: CrisisHubPlugin = config.plugins["crisishub"]  # type: ignore[assignment]

    def show_first(self, changed: Collection[str]) -> str | None:
        """Render the page of the one incident whose folder holds every `changed` path into
        the served site; its address (None: nothing was shown first)."""
        plugin, project = self.plugin, self.project
        name = edited_incident(changed, project.content_dir)
        everything = plugin.content_read[0]
        if name is None:
            return None
        try:
            everything.incident(name)
        except KeyError:
            return None  # a new incident: not in the last build's navigation
        read, problems = load_hub(project.content_dir, project.time_zone,
                                  display_root=project.root, include_drafts=True,
                                  languages=project.all_languages, incidents=[name])
        if problems.errors or [i.id for i in read.incidents] != [name]:
            return None  # the rebuild says what is wrong
        published = plugin.show(everything.with_incident(read.incidents[0]), project.now())
        try:
            shown = plugin.hub.incident(name)
        except KeyError:
            return None  # a draft now: the rebuild removes its page
        if plugin.unfilled_placeholders(Hub(published.time_zone, incidents=(shown,))):
            return None
        view = views.incident_view(plugin.hub, shown)
        file = plugin.view_files.get(view.src_uri)
        if file is None or file.page is None:
            return None
        plugin.views[view.src_uri] = view
        file.content_string = view_source(view)
        plugin.env.globals["crisishub"] = plugin.template_globals()
        self._render(file.page)
        return view.url

    def _render(self, page: Page) -> None:
        """The page, read and rendered as MkDocs builds it, written in place of the served
        one in one step (a reader never sees half a page)."""
        config, plugin = self.config, self.plugin
        target = self.site_dir / page.file.dest_uri
        # Written by MkDocs as any page (the user's file mode), beside its place.
        temporary = str(target.with_name(f".preview-{os.getpid()}-{target.name}"))
        page.file.abs_dest_path = temporary
        try:
            _populate_page(page, config, plugin.files)
            _build_page(page, config, plugin.files.documentation_pages(
                inclusion=InclusionLevel.is_in_serve), plugin.nav, plugin.env)
            os.replace(temporary, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
