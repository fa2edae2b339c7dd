"""`crisishub publish` and `crisishub release`: the command-line side of cross-posting."""

from __future__ import annotations

import sys
from typing import Any

from generator.cli.clock import announce_frozen_clock, refuse_frozen_clock_in_ci
from generator.crosspost.publishing import run_publish, run_release
from generator.listening.listen import DEFAULT_DAYS, run_listen
from generator.reading.settings import Project

LEDGER_REMINDER = ("Commit content/.crisishub/ now (git add content/.crisishub && git commit): "
                   "it records what was posted, so nothing is posted twice from another machine.")


def _records(project: Project) -> dict[str, tuple[int, int]]:
    """What content/.crisishub/ holds now (name → size, modification time)."""
    folder = project.content_dir / ".crisishub"
    if not folder.is_dir():
        return {}
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()
            if p.is_file()}


def _publish(args: Any, project: Project) -> int:
    announce_frozen_clock(project)
    if not args.dry_run:
        refuse_frozen_clock_in_ci(project, args.allow_frozen_clock)
    before = _records(project)
    code = run_publish(project, sys.stdout, dry_run=args.dry_run,
                       resend_unknown=args.resend_unknown, only=args.channels)
    if not args.dry_run and _records(project) != before:  # refused or outbox only: no news
        print(LEDGER_REMINDER)
    return code


def _release(args: Any, project: Project) -> int:
    code = run_release(project, args.post, sys.stdout, by=args.by)
    if code == 0:
        print(LEDGER_REMINDER)
    return code


def add_publish_commands(subparsers: Any) -> None:
    """Register `publish`, `release` and `listen` on the main CLI's subparsers (func(args, project))."""
    publish = subparsers.add_parser("publish", help="post new updates and due scheduled posts")
    publish.add_argument("--dry-run", action="store_true",
                         help="show what each channel would receive; send nothing")
    publish.add_argument("--resend-unknown", action="store_true",
                         help="send again what may or may not have been posted before")
    publish.add_argument("--channel", action="append", dest="channels", metavar="NAME",
                         help="only this channel (repeatable)")
    publish.add_argument("--allow-frozen-clock", action="store_true",
                         help="publish in CI although now: or CRISISHUB_NOW freezes the clock")
    publish.set_defaults(func=_publish)
    release = subparsers.add_parser("release", help="release a scheduled post held by a crisis")
    release.add_argument("post", help="the file name in content/scheduled/, without .md")
    release.add_argument("--by", help="who releases it (default: $GITHUB_ACTOR or $USER)")
    release.set_defaults(func=_release)
    listen = subparsers.add_parser(
        "listen", help="read reactions and replies to every post; append a snapshot")
    listen.add_argument("--channel", action="append", dest="channels", metavar="NAME",
                        help="only this channel (repeatable)")
    listen.add_argument("--days", type=int, default=DEFAULT_DAYS,
                        help=f"read posts of the last DAYS days (default {DEFAULT_DAYS})")
    listen.set_defaults(func=lambda a, project: run_listen(project, sys.stdout, days=a.days,
                                                           only=a.channels))
