"""`crisishub publish` and `crisishub release`: the command-line side of cross-posting."""

from __future__ import annotations

import sys
from typing import Any

from generator.crosspost.publishing import run_publish, run_release
from generator.listening.listen import DEFAULT_DAYS, run_listen


def add_publish_commands(subparsers: Any) -> None:
    """Register `publish`, `release` and `listen` on the main CLI's subparsers (func(args, project))."""
    publish = subparsers.add_parser("publish", help="post new updates and due scheduled posts")
    publish.add_argument("--dry-run", action="store_true",
                         help="show what each channel would receive; send nothing")
    publish.add_argument("--resend-unknown", action="store_true",
                         help="send again what may or may not have been posted before")
    publish.add_argument("--channel", action="append", dest="channels", metavar="NAME",
                         help="only this channel (repeatable)")
    publish.set_defaults(func=lambda a, project: run_publish(
        project, sys.stdout, dry_run=a.dry_run, resend_unknown=a.resend_unknown,
        only=a.channels))
    release = subparsers.add_parser("release", help="release a scheduled post held by a crisis")
    release.add_argument("post", help="the file name in content/scheduled/, without .md")
    release.add_argument("--by", help="who releases it (default: $GITHUB_ACTOR or $USER)")
    release.set_defaults(func=lambda a, project: run_release(project, a.post,
                                                             sys.stdout, by=a.by))
    listen = subparsers.add_parser(
        "listen", help="read reactions and replies to every post; append a snapshot")
    listen.add_argument("--channel", action="append", dest="channels", metavar="NAME",
                        help="only this channel (repeatable)")
    listen.add_argument("--days", type=int, default=DEFAULT_DAYS,
                        help=f"read posts of the last DAYS days (default {DEFAULT_DAYS})")
    listen.set_defaults(func=lambda a, project: run_listen(project, sys.stdout, days=a.days,
                                                           only=a.channels))
