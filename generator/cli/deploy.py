"""`crisishub deploy` and `crisishub workflows`: putting the built site online, and the CI
files that do it on every push and on a schedule."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

from generator.cli.clock import announce_frozen_clock, refuse_frozen_clock_in_ci
from generator.reading.settings import Project

# What `crisishub workflows` writes, relative to the project folder: (packaged file, target).
WORKFLOWS = (("github.yml", ".github/workflows/crisishub.yml"), ("gitlab.yml", ".gitlab-ci.yml"))


def workflow_text(name: str) -> str:
    return resources.files("generator.cli").joinpath("workflow_files", name).read_text("utf-8")


def write_workflows(project: Project, force: bool) -> int:
    """Write the GitHub Actions and GitLab CI files; never overwrite one unless `force`."""
    written = []
    for name, target in WORKFLOWS:
        path = project.root / target
        if path.exists() and not force:
            print(f"{target} exists already; left as it is (--force replaces it)", file=sys.stderr)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(workflow_text(name), encoding="utf-8")
        written.append(target)
    for target in written:
        print(target)
    return 0


def _deploy(args: Any, project: Project) -> int:
    from generator.deploy.run import run_deploy  # boto3 and friends: only when deploying

    announce_frozen_clock(project)
    if not args.dry_run:  # a site built with a frozen clock shows a past moment as "now"
        refuse_frozen_clock_in_ci(project, args.allow_frozen_clock)
    return run_deploy(project, sys.stdout, site_dir=Path(args.site_dir) if args.site_dir else None,
                      only=args.targets, dry_run=args.dry_run,
                      purge_everything=args.purge_everything)


def add_deploy_commands(subparsers: Any) -> None:
    """Register `deploy` and `workflows` on the main CLI's subparsers (func(args, project))."""
    deploy = subparsers.add_parser(
        "deploy", help="put the built site online: the targets of content/deploy.yml")
    deploy.add_argument("--dry-run", action="store_true",
                        help="list every upload, delete and purge with its headers; change nothing")
    deploy.add_argument("--target", action="append", dest="targets", metavar="NAME",
                        help="only this target (repeatable)")
    deploy.add_argument("--site-dir", help="the built site (default: site_dir of mkdocs.yml)")
    deploy.add_argument("--purge-everything", action="store_true",
                        help="purge the whole site from the CDNs, not only what changed")
    deploy.add_argument("--allow-frozen-clock", action="store_true",
                        help="deploy in CI although now: or CRISISHUB_NOW froze the site's clock")
    deploy.set_defaults(func=_deploy)
    workflows = subparsers.add_parser(
        "workflows", help="write the GitHub Actions and GitLab CI files: check, build, publish, "
        "deploy on every push and every 5 minutes")
    workflows.add_argument("--force", action="store_true", help="replace existing files")
    workflows.set_defaults(func=lambda a, project: write_workflows(project, a.force))
