"""The browser editor's folder (admin/): config.yml generated from the content model,
index.html, and Decap CMS's scripts copied from the npm package on this machine (never a CDN:
the page works on a closed network and cannot change under the team). Written by
`crisishub admin` and, with `editor: internal` (or `public`), by the build."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.core.model import Hub
from generator.outputs.cms_config import EditorSettings, cms_config, editor_page, render
from generator.reading.settings import Project

DECAP_INSTALL = "npm install decap-cms decap-server"


class EditorError(Exception):
    """The editor cannot be written; the message says what to do."""


def editor_settings(project: Project) -> EditorSettings:
    """The editor's backend settings from mkdocs.yml (`editor_repo`, `editor_branch`, ...)."""
    try:
        content = project.content_dir.resolve().relative_to(project.root.resolve()).as_posix()
    except ValueError:
        raise EditorError(f"{project.content_dir} is outside {project.root}; the editor saves "
                          "into the repository holding mkdocs.yml, so content_dir must be inside "
                          "it") from None
    editor = project.editor
    return EditorSettings(content_path=content, repo=editor.repo, branch=editor.branch,
                          base_url=editor.oauth_url, editorial_workflow=editor.editorial_workflow,
                          site_url=project.site_url or None)


def decap_scripts(package: Path) -> list[Path]:
    """decap-cms.js and the chunks it loads beside itself, from the npm package's dist/."""
    main = package / "dist" / "decap-cms.js"
    if not main.is_file():
        raise EditorError(f"{main} is missing: install Decap CMS from npm in the folder with "
                          f"mkdocs.yml ({DECAP_INSTALL}), or name its folder with --decap "
                          "path/to/node_modules/decap-cms (decap_cms: under plugins.crisishub)")
    return [main, *sorted((package / "dist").glob("*.decap-cms.js"))]


def write_editor(out: Path, hub: Hub, project: Project, channels: list[str],
                 settings: EditorSettings, decap_package: Path | None) -> list[Path]:
    """config.yml and, unless `decap_package` is None, index.html with Decap's scripts."""
    config = cms_config(hub, languages=project.all_languages, time_zone=project.time_zone.key,
                        channels=channels, settings=settings)
    scripts = decap_scripts(decap_package) if decap_package is not None else []
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "config.yml"]
    written[0].write_text(render(config), encoding="utf-8")
    if decap_package is not None:
        page = out / "index.html"
        page.write_text(editor_page(project.site_name, project.language), encoding="utf-8")
        written.append(page)
        written += [Path(shutil.copyfile(s, out / s.name)) for s in scripts]
    return written

