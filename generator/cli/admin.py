"""`crisishub admin`: the browser editor (Decap CMS) for staff who do not use git.

One command writes the whole editor folder: its configuration generated from the content model
(generator/outputs/cms_config.py), the page, and Decap CMS copied from the npm package on this
machine (never a CDN: the page works on a closed network and cannot change under the team).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from generator.core.problems import Problems
from generator.outputs.cms_config import EditorSettings, cms_config, editor_page, render
from generator.reading.channels_file import load_channels_config
from generator.reading.settings import Project

DECAP_PACKAGE = Path("node_modules") / "decap-cms"
DECAP_INSTALL = "npm install decap-cms decap-server"


class EditorError(Exception):
    """The editor cannot be written; the message says what to do."""


def decap_scripts(package: Path) -> list[Path]:
    """decap-cms.js and the chunks it loads beside itself, from the npm package's dist/."""
    main = package / "dist" / "decap-cms.js"
    if not main.is_file():
        raise EditorError(f"{main} is missing: install Decap CMS from npm in the folder with "
                          f"mkdocs.yml ({DECAP_INSTALL}), or name its folder with --decap "
                          "path/to/node_modules/decap-cms")
    return [main, *sorted((package / "dist").glob("*.decap-cms.js"))]


def write_editor(project: Project, out: Path, settings: EditorSettings,
                 decap_package: Path | None) -> list[Path]:
    """Write config.yml and, unless `decap_package` is None, index.html with Decap's scripts."""
    from generator.cli.main import read_content  # the one read of the content

    hub, problems = read_content(project, include_drafts=True)
    if problems.errors:
        raise EditorError(f"{len(problems.errors)} error(s) in content/: run `crisishub check` and "
                          "fix them first; the editor is generated from what check accepts")
    channels = load_channels_config(project.content_dir / "channels.yml", "channels.yml",
                                    Problems()).names
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
        for script in scripts:
            written.append(Path(shutil.copyfile(script, out / script.name)))
    return written


def cmd_admin(args: argparse.Namespace, project: Project) -> int:
    root = project.root
    try:
        content_path = project.content_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        print(f"error: {project.content_dir} is outside {root}; decap-server edits the "
              "repository holding mkdocs.yml, so content_dir must be inside it", file=sys.stderr)
        return 2
    settings = EditorSettings(content_path=content_path, repo=args.repo, branch=args.branch,
                              base_url=args.base_url, editorial_workflow=args.editorial_workflow,
                              site_url=project.site_url or None,
                              local_backend_url=args.local_backend_url)
    out = Path(args.out) if args.out else root / "admin"
    decap = None if args.config_only else Path(args.decap) if args.decap else root / DECAP_PACKAGE
    try:
        written = write_editor(project, out, settings, decap)
    except EditorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{written[0]}" + (f" and {len(written) - 1} more files" if len(written) > 1 else ""))
    return 0


def add_admin_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    admin = sub.add_parser("admin", help="write the browser editor (Decap CMS): admin/config.yml "
                           "generated from the content model, the page and Decap's scripts")
    admin.add_argument("--out", help="the editor's folder (default: admin/ beside mkdocs.yml)")
    admin.add_argument("--decap", help="the decap-cms npm package folder (default: "
                       "node_modules/decap-cms beside mkdocs.yml)")
    admin.add_argument("--config-only", action="store_true",
                       help="write only config.yml (no page, no scripts)")
    admin.add_argument("--repo", help="the GitHub repository, owner/name (the GitHub backend)")
    admin.add_argument("--branch", default="main", help="the branch the site is built from")
    admin.add_argument("--base-url", help="your OAuth proxy for GitHub logins, like "
                       "https://auth.example.com (default: Netlify's)")
    admin.add_argument("--editorial-workflow", action="store_true",
                       help="drafts become pull requests; publishing merges them")
    admin.add_argument("--local-backend-url", help="where decap-server answers, when not on "
                       "http://localhost:8081/api/v1 (its PORT)")
    admin.set_defaults(func=cmd_admin)
