"""`crisishub admin`: the browser editor (Decap CMS) for staff who do not use git.

One command writes the whole editor folder (generator/outputs/editor_files.py): its
configuration generated from the content model, the page, and Decap CMS copied from the npm
package on this machine. Options override the `editor_*` settings of mkdocs.yml.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from generator.core.problems import Problems
from generator.outputs.editor_files import EditorError, editor_settings, write_editor
from generator.reading.channels_file import load_channels_config
from generator.reading.settings import Project
from generator.reading.site_content import read_content


def cmd_admin(args: argparse.Namespace, project: Project) -> int:
    hub, problems = read_content(project, include_drafts=True)
    if problems.errors:
        print(f"error: the content has {len(problems.errors)} error(s); the editor is generated "
              "from what `crisishub check` accepts: run it and fix them first", file=sys.stderr)
        return 1
    channels = load_channels_config(project.content_dir / "channels.yml", "channels.yml",
                                    Problems()).names
    out = Path(args.out) if args.out else project.root / "admin"
    decap = None if args.config_only else Path(args.decap) if args.decap else \
        project.root / project.editor.decap_cms
    try:
        settings = editor_settings(project)
        settings = replace(
            settings, repo=args.repo or settings.repo, branch=args.branch or settings.branch,
            base_url=args.oauth_url or settings.base_url,
            editorial_workflow=args.editorial_workflow or settings.editorial_workflow,
            local_backend_url=args.local_backend_url)
        written = write_editor(out, hub, project, channels, settings, decap)
    except EditorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{written[0]}" + (f" and {len(written) - 1} more files" if len(written) > 1 else ""))
    return 0


def add_admin_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    admin = sub.add_parser("admin", help="write the browser editor (Decap CMS): admin/config.yml "
                           "generated from the content model, the page and Decap's scripts")
    admin.add_argument("--out", help="the editor's folder (default: admin/ beside mkdocs.yml)")
    admin.add_argument("--decap", help="the decap-cms npm package folder (default: decap_cms: "
                       "of mkdocs.yml, node_modules/decap-cms)")
    admin.add_argument("--config-only", action="store_true",
                       help="write only config.yml (no page, no scripts)")
    admin.add_argument("--repo", help="the GitHub repository, owner/name (default: editor_repo:)")
    admin.add_argument("--branch", help="the branch the site is built from (default: "
                       "editor_branch:, main)")
    admin.add_argument("--oauth-url", help="your OAuth proxy for GitHub logins, like "
                       "https://auth.example.com (default: editor_oauth_url:)")
    admin.add_argument("--editorial-workflow", action="store_true",
                       help="drafts become pull requests; publishing merges them")
    admin.add_argument("--local-backend-url", help="where decap-server answers, when not on "
                       "http://localhost:8081/api/v1 (its PORT)")
    admin.set_defaults(func=cmd_admin)
