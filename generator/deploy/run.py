"""`crisishub deploy`: the built site to every target of content/deploy.yml, then the purges.

For a bucket: uploads of what changed in three stages (assets, pages, JSON and feeds), then
the deletes, then the CDN purges. A failed upload stops before any delete, so the previous
site keeps being served whole; nothing secret is printed.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import httpx

from generator.core.problems import Problems, display_path
from generator.deploy import pages, purge, s3
from generator.deploy.files import STAGE_NAMES, Plan, SiteFile, plan, read_site
from generator.deploy.s3 import DeployError
from generator.deploy.settings import DeploySettings, Purge, Target, load_deploy_settings
from generator.reading.settings import Project

SETTINGS_FILE = "deploy.yml"  # in the content folder, beside channels.yml


@dataclass
class Clients:
    """Where the adapters get their clients: boto3 and httpx by default, stand-ins in tests."""

    s3: Callable[[Target], Any] = s3.client
    cloudfront: Callable[[Purge], Any] = purge.cloudfront_client
    http: Callable[[], httpx.Client] = lambda: httpx.Client(timeout=30.0)


def deploy_settings(project: Project, problems: Problems) -> DeploySettings:
    path = project.content_dir / SETTINGS_FILE
    return load_deploy_settings(path, display_path(path, project.root), problems)


def run_deploy(project: Project, out: TextIO, *, site_dir: Path | None = None,
               only: list[str] | None = None, dry_run: bool = False,
               purge_everything: bool = False, environ: Mapping[str, str] | None = None,
               clients: Clients | None = None) -> int:
    """Deploy; print every step (or, dry run, every step it would take). 0 when all went."""
    for name in ("botocore", "boto3", "urllib3", "httpx"):
        logging.getLogger(name).setLevel(logging.WARNING)  # their debug lines show URLs
    environ = os.environ if environ is None else environ
    clients = clients or Clients()
    problems = Problems()
    settings = deploy_settings(project, problems)
    if problems.errors:
        for problem in problems.errors:
            print(problem, file=out)
        print("Fix these first: nothing was deployed.", file=out)
        return 1
    targets = [t for t in settings.targets if not only or t.name in only]
    unknown = [n for n in only or [] if settings.target(n) is None]
    if unknown or not targets:
        known = ", ".join(t.name for t in settings.targets) or "none"
        print(f"{settings.path}: " + (f"no target named {', '.join(unknown)}; targets: {known}"
              if unknown else "no targets; add one under 'targets:' (docs/deploy.md shows "
              "GitHub Pages and S3 examples)"), file=out)
        return 1
    site = (site_dir or project.site_dir).resolve()
    if not (site / "index.html").is_file():
        print(f"{display_path(site, project.root)}/index.html: no built site here; run "
              "'crisishub build' first", file=out)
        return 1
    failed = False
    for target in targets:
        try:
            if target.kind == "github-pages":
                _pages(project, site, target, dry_run, out)
            else:
                _bucket(project, site, target, settings, dry_run, purge_everything, environ,
                        clients, out)
        except DeployError as exc:
            print(f"{target.name}: FAILED: {exc}", file=out)
            failed = True
    return 1 if failed else 0


def _pages(project: Project, site: Path, target: Target, dry_run: bool, out: TextIO) -> None:
    if dry_run:
        count = sum(1 for f in site.rglob("*") if f.is_file())
        print(f"{target.name}: would {pages.describe(target)}: {count} files", file=out)
        return
    changed = pages.publish(project.root, site, target)
    print(f"{target.name}: pushed branch {target.option('branch', 'gh-pages')}: "
          f"{changed} files changed", file=out)


def _bucket(project: Project, site: Path, target: Target, settings: DeploySettings,
            dry_run: bool, purge_everything: bool, environ: Mapping[str, str],
            clients: Clients, out: TextIO) -> None:
    files = read_site(site, settings.cache_seconds)
    client = clients.s3(target)
    todo = plan(files, s3.remote_checksums(client, target))
    name, bucket = target.name, target.option("bucket")
    if dry_run:
        _print_plan(target, todo, settings, purge_everything, project.site_url, out)
        return
    if target.options.get("cors", True) is not False:
        s3.allow_cross_origin_reads(client, target)
    uploaded: list[SiteFile] = []
    for stage, label in STAGE_NAMES.items():
        batch = [f for f in todo.uploads if f.stage == stage]
        try:
            s3.upload_all(client, target, site, batch, uploaded.append)
        except DeployError as exc:
            raise DeployError(f"{exc}; {len(uploaded)} of {len(todo.uploads)} changed files "
                              f"were uploaded before it ({label} stage), nothing was deleted: "
                              "the previous site is still served. Fix the cause and deploy "
                              "again") from None
    s3.delete(client, target, todo.deletes)
    print(f"{name}: uploaded {len(todo.uploads)} of {todo.total} files to {bucket} "
          f"({todo.unchanged} unchanged), deleted {len(todo.deletes)}", file=out)
    _purge(settings, purge_everything, project.site_url, todo, environ, clients, out)


def _fingerprint(todo: Plan) -> str:
    parts = [f"{f.path}:{f.md5}" for f in todo.uploads] + [f"-{p}" for p in todo.deletes]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _purge(settings: DeploySettings, every: bool, site_url: str, todo: Plan,
           environ: Mapping[str, str], clients: Clients, out: TextIO) -> None:
    paths = todo.purge_paths
    if not (paths or every) or not settings.purges:
        return
    for cdn in settings.purges:
        try:
            if cdn.kind == "cloudflare":
                with clients.http() as http:
                    purge.purge_cloudflare(cdn, paths, site_url, environ, http, every)
            else:
                purge.purge_cloudfront(cdn, paths, clients.cloudfront(cdn), _fingerprint(todo),
                                       every)
        except DeployError as exc:
            raise DeployError(f"{exc}; the new files are online, but {cdn.kind} may serve old "
                              f"copies for up to {settings.cache_seconds} s; run 'crisishub "
                              "deploy --purge-everything' to purge again") from None
        what = "everything" if every else f"{len(paths)} paths"
        print(f"purged {what} from {cdn.kind}", file=out)


def _print_plan(target: Target, todo: Plan, settings: DeploySettings, every: bool,
                site_url: str, out: TextIO) -> None:
    bucket = target.option("bucket")
    for file in todo.uploads:
        cors = ", Access-Control-Allow-Origin: * (bucket CORS)" if file.cors else ""
        print(f"{target.name}: upload {file.path} [{STAGE_NAMES[file.stage]}] "
              f"Content-Type: {file.content_type}, Cache-Control: {file.cache_control}{cors}",
              file=out)
    for path in todo.deletes:
        print(f"{target.name}: delete {path}", file=out)
    if todo.purge_paths or every:
        for cdn in settings.purges:
            for line in purge.describe(cdn, todo.purge_paths, site_url, every):
                print(f"{target.name}: {line}", file=out)
    print(f"{target.name}: would upload {len(todo.uploads)} of {todo.total} files to {bucket} "
          f"({todo.unchanged} unchanged), delete {len(todo.deletes)}; nothing was changed",
          file=out)
