"""`crisishub`: the team's command line. Every failure is one readable line, never a traceback."""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

from jinja2 import TemplateError

from generator.cli import scaffold
from generator.cli.admin import add_admin_command
from generator.cli.caches import (
    count_for_publish,
    counts_used,
    remember_social_findings,
    remembered_counts,
    social_findings_memo,
    take_counts,
)
from generator.cli.clock import FrozenClockRefused, announce_frozen_clock, refuse_frozen_clock_in_ci
from generator.cli.deploy import add_deploy_commands
from generator.cli.publish import add_publish_commands
from generator.core.fields import parse_time
from generator.core.i18n import count
from generator.core.model import Hub, Incident
from generator.core.placeholders import placeholder_problems
from generator.core.problems import Problem, Problems, display_path
from generator.core.timeline import future_problems
from generator.core.translations import incident_key
from generator.core.vocabulary import ComponentStatus, Impact, IncidentKind, UpdateStatus
from generator.crosspost.publishing import Crosspost, crosspost_findings, load_crosspost
from generator.listening.audience import Audience, audience
from generator.listening.store import ReactionsError, read_snapshots
from generator.listening.summary import audience_json, audience_text
from generator.practice.checks import Practice, load_practice, practice_problems, remember_tone
from generator.practice.incident_report import (
    IncidentReport,
    incident_report,
    incident_report_json,
    incident_report_text,
)
from generator.practice.postmortem_draft import postmortem_draft
from generator.practice.report import (
    LedgerEntry,
    crisis_report,
    read_ledger,
    report_json,
    report_text,
)
from generator.practice.translation_report import translation_rows, translation_text
from generator.reading.channels_file import ledger_location, reactions_location
from generator.reading.loader import UpdateRead, load_hub
from generator.reading.parse_cache import parse_cache
from generator.reading.post_window import remember_update_times
from generator.reading.settings import Project, ProjectError
from generator.reading.site_content import read_content, read_content_to_keep
from generator.site import parallel
from generator.site.build import BuildFailed, build_site, builds_on_previous
from generator.site.settings import load_project
from generator.site.template_errors import template_problem
from generator.wording import templates as templates

Command = Callable[[argparse.Namespace, Project], int]


class UsageError(Exception):
    """A command-line option is wrong; the message says what to write instead."""


def print_problems(problems: list[Problem]) -> None:
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0)):
        print(problem, file=sys.stderr)


def load(project: Project) -> tuple[Hub, list[Problem], list[Problem]]:
    hub, problems = read_content(project, now=project.now())
    return hub, problems.errors, problems.warnings


def parse_components(values: list[str], hub: Hub) -> dict[str, str]:
    """'--component checkout=major_outage' options, checked against components.yml."""
    known = [c.id for c in hub.components]
    result = {}
    for value in values:
        component_id, _, status = value.partition("=")
        if component_id not in known:
            raise UsageError(f"--component {value}: '{component_id}' is not a component; "
                             f"known: {', '.join(known)}")
        if status not in ComponentStatus.values():
            raise UsageError(f"--component {value}: write {component_id}=STATUS with STATUS one "
                             f"of {', '.join(ComponentStatus.values())}")
        result[component_id] = status
    return result


def parse_when(text: str | None, project: Project, now: datetime,
               option: str = "--at") -> datetime:
    if not text:
        return now
    parsed, reason = parse_time(text, project.time_zone)
    if parsed is None:
        raise UsageError(f"{option}: {reason}")
    return parsed


def next_update_time(args: argparse.Namespace, project: Project, at: datetime) -> datetime | None:
    if getattr(args, "next_update", None):
        parsed, reason = parse_time(args.next_update, project.time_zone)
        if parsed is None:
            raise UsageError(f"--next-update: {reason}")
        return parsed
    minutes = getattr(args, "next_in", None)
    return at + timedelta(minutes=minutes) if minutes else None


def load_template(project: Project, name: str, language: str | None = None) -> templates.Template:
    """The template `name` in the hub's language, or in `language` for a translation (the
    hub's own, else the shipped one; never the English one for another language)."""
    language = language or project.language
    found = templates.find_template(project.content_dir, language, name,
                                    fallback=language == project.language)
    if found is None:
        names = ", ".join(templates.template_names(project.content_dir, language))
        if language == project.language:
            raise UsageError(f"--template {name}: no such template; templates: {names}")
        raise UsageError(f"--template {name}: no such template in '{language}' for the "
                         f"translation; write content/templates/{language}/{name}.md, or use "
                         f"one of: {names or 'none yet'}")
    problems = Problems()
    where = os.path.relpath(found[0], project.root) if os.path.isabs(found[0]) else found[0]
    template = templates.parse_template(name, language, where, found[1], problems)
    if template is None or problems.errors:
        raise UsageError("the template has problems: "
                         + "; ".join(str(p) for p in problems.errors))
    return template


def statement(template: templates.Template, project: Project, title: str,
              component_names: list[str], started: datetime, at: datetime,
              next_at: datetime | None) -> str:
    """The template filled in its own language: times, and 'some of our services'."""
    zone, language = project.time_zone, template.language
    values = {
        "title": title, "components": templates.components_text(component_names, language),
        "started": scaffold.clock_text(started, zone, language),
        "at": scaffold.clock_text(at, zone, language),
    }
    if next_at is not None:
        values["next_update"] = scaffold.clock_text(next_at, zone, language)
    return templates.fill(template, values)


def translation_languages(args: argparse.Namespace, project: Project) -> list[str]:
    """The languages of `--language`: each must be one of the hub's other languages."""
    wanted = list(dict.fromkeys(getattr(args, "language", None) or []))
    others = project.all_languages[1:]
    for language in wanted:
        if language not in others:
            raise UsageError(
                f"--language {language}: not a translation language of this hub (languages: "
                f"{', '.join(project.all_languages)}); "
                + (f"use one of {', '.join(others)}" if others else
                   "add 'languages: [en, ru]' under plugins.crisishub in mkdocs.yml first"))
    return wanted


def translated_statements(args: argparse.Namespace, project: Project, template_name: str | None,
                          names: list[str], started: datetime, at: datetime,
                          next_at: datetime | None, titles: Mapping[str, str] | None = None,
                          ) -> list[tuple[str, str]]:
    """(language, text) of the translations `--language` asks for, each from the template of
    the same name in its language, with its fixed sentences. The incident's title in the
    text is its translated title (`titles`), else a placeholder until someone writes it."""
    languages = translation_languages(args, project)
    if languages and template_name is None:
        raise UsageError("--language writes the translation from a template: add --template "
                         "NAME (update, apology, resolution...), or write the translation file "
                         "by hand")
    found = []
    for language in languages:
        template = load_template(project, str(template_name), language)
        local_title = (titles or {}).get(language) or templates.title_to_translate(language)
        found.append((language, statement(template, project, local_title, names, started, at,
                                          next_at)))
    return found


def promised_time(args: argparse.Namespace, project: Project, at: datetime,
                  template: templates.Template | None, status: UpdateStatus) -> datetime | None:
    if status is UpdateStatus.RESOLVED:
        return None
    explicit = next_update_time(args, project, at)
    if explicit or template is None:
        return explicit
    return at + timedelta(minutes=template.next_update_in) if template.next_update_in else None


def cmd_new(args: argparse.Namespace, project: Project) -> int:
    announce_frozen_clock(project)
    hub, _, _ = load(project)
    now = project.now()
    at = parse_when(args.at, project, now)
    started = parse_when(args.started, project, at, option="--started")
    if started > at:
        raise UsageError(f"--started: {scaffold.local_text(started, project.time_zone)} is after "
                         "the first statement; the crisis began before we spoke, so give an "
                         "earlier time")
    components = parse_components(args.component, hub)
    template = load_template(project, args.template)
    kind = IncidentKind(args.kind) if args.kind else template.kind
    if kind is IncidentKind.STATEMENT and components:
        raise UsageError("--component: a public statement has no component states; leave "
                         "--component out, or use --kind service for a service incident")
    slug = args.slug or scaffold.slugify(args.title)
    folder = project.content_dir / "incidents" / f"{at.astimezone(project.time_zone):%Y-%m-%d}-{slug}"
    if folder.exists():
        raise UsageError(f"{folder.relative_to(project.root)} exists already; "
                         "choose another --slug or add an update to it")
    status = template.status
    next_at = promised_time(args, project, at, template, status)
    if next_at is None and status is not UpdateStatus.RESOLVED:
        next_at = at + scaffold.DEFAULT_NEXT_UPDATE
    zone = project.time_zone
    incident_fields: dict[str, object] = {"title": args.title, "impact": args.impact}
    if kind is IncidentKind.STATEMENT:
        incident_fields["kind"] = kind.value
    if args.owner:
        incident_fields["owner"] = args.owner
    incident_fields["started"] = scaffold.local_text(started, zone)
    if components:
        incident_fields["components"] = components
    names = [hub.component(c).name for c in components]
    first: dict[str, object] = {"at": scaffold.local_text(at, zone), "status": status.value}
    if next_at is not None:
        first["next_update"] = scaffold.local_text(next_at, zone)
    if args.social:
        first["social"] = args.social
    body = statement(template, project, args.title, names, started, at, next_at)
    translated = translated_statements(args, project, args.template, names, started, at, next_at)
    written = [
        scaffold.write_new_file(folder / "incident.md", scaffold.markdown_file(incident_fields, "")),
        scaffold.write_new_file(folder / f"01-{status.value}.md", scaffold.markdown_file(first, body)),
    ]
    for language, text in translated:
        title = {"title": templates.title_to_translate(language)}
        written += [
            scaffold.write_new_file(folder / f"incident.{language}.md",
                                    scaffold.markdown_file(title, "")),
            scaffold.write_new_file(folder / f"01-{status.value}.{language}.md",
                                    scaffold.translation_file(text)),
        ]
    return report_written(written, project)


def cmd_update(args: argparse.Namespace, project: Project, status: UpdateStatus | None = None) -> int:
    hub, _, _ = load(project)
    try:
        incident = scaffold.find_incident(hub.incidents, args.incident)
    except LookupError as exc:
        raise UsageError(str(exc)) from exc
    if incident.is_resolved and not args.reopen:
        raise UsageError(
            f"{incident.id} is resolved; nothing was written. To reopen it, add --reopen "
            "(its components and the 'next update' promise come back); for a new problem, "
            "start a new incident with crisishub new")
    template = load_template(project, args.template) if args.template and not args.message \
        else None
    if status is None and getattr(args, "status", None):
        status = UpdateStatus(args.status)
    if status is None:
        if template is None:
            raise UsageError("give --status (investigating, identified, monitoring, resolved) "
                             "or --template NAME")
        status = template.status
    at = parse_when(args.at, project, project.now())
    components = parse_components(args.component, hub)
    next_at = promised_time(args, project, at, template, status)
    zone = project.time_zone
    fields: dict[str, object] = {"at": scaffold.local_text(at, zone), "status": status.value}
    if components:
        fields["components"] = components
    if next_at:
        fields["next_update"] = scaffold.local_text(next_at, zone)
    if args.social:
        fields["social"] = args.social
    names = [hub.component(c).name for c in (components or incident.affected_component_ids)]
    if args.message:
        body = args.message
    elif template is not None:
        body = statement(template, project, incident.title, names, incident.started, at, next_at)
    else:
        next_text = scaffold.clock_text(next_at, zone, project.language) if next_at else None
        body = scaffold.update_skeleton(status, next_text)
    titles = {language: str(words.texts.get("title") or "")
              for language in project.all_languages[1:]
              if hub.translations and (words := hub.translations.get(
                  language, incident_key(incident.id)))}
    translated = translated_statements(args, project, args.template, names, incident.started,
                                       at, next_at, titles)
    folder = project.content_dir / "incidents" / incident.id
    path = folder / scaffold.next_update_file_name(folder, status)
    written = [scaffold.write_new_file(path, scaffold.markdown_file(fields, body))]
    for language, text in translated:
        written.append(scaffold.write_new_file(path.with_suffix(f".{language}.md"),
                                               scaffold.translation_file(text)))
    return report_written(written, project)


def cmd_resolve(args: argparse.Namespace, project: Project) -> int:
    return cmd_update(args, project, UpdateStatus.RESOLVED)


def report_written(paths: list[Path], project: Project) -> int:
    for path in paths:
        print(path.relative_to(project.root))
    hub, errors, _ = load(project)
    if errors:
        print("The content has problems to fix before the next build:", file=sys.stderr)
        print_problems(errors)
        return 1
    written = {str(p.relative_to(project.root).as_posix()) for p in paths}
    left = [p for p in placeholder_problems(hub) if p.path in written]
    if left:
        print(f"Fill in {count(len(left), 'placeholder')} before crisishub build publishes "
              "it (build refuses text with [placeholders]):", file=sys.stderr)
        print_problems(left)
    return 0


@dataclass
class Findings:
    """Everything `check` finds. `blocking`: what stops a build (content errors and unfilled
    placeholders); `other_errors`: cross-posting and plan errors, which stop `publish` and
    `check` but never a status update from reaching the site."""

    hub: Hub  # what is published (drafts left out)
    # What was read, handed to the build so that every content file is read once.
    content: tuple[Hub, Problems]
    practice: tuple[Practice, Problems]
    crosspost: Crosspost
    placeholders: list[Problem]
    internal: bool
    update_times: dict[str, UpdateRead]  # what was learnt of each update file (`advise`)
    fresh: bool = False  # build --clean: nothing the last run found is used
    # Cross-posting, the plan, tone and dates: found once the rest is read (see `advise`).
    advice: Problems = field(default_factory=Problems)

    @property
    def blocking(self) -> list[Problem]:
        # An unfilled placeholder stops a public build; the team's internal site shows the
        # work in progress (its Publishing page marks the update), so there it only stops
        # `publish`.
        return self.content[1].errors + ([] if self.internal else self.placeholders)

    @property
    def other_errors(self) -> list[Problem]:
        return self.advice.errors + (self.placeholders if self.internal else [])

    @property
    def warnings(self) -> list[Problem]:
        return self.content[1].warnings + self.advice.warnings

    @property
    def errors(self) -> list[Problem]:
        return self.blocking + self.other_errors


# Whether this process runs one command and ends (`crisishub ...`, see `entry`): then what it
# reads once and keeps to the end may be handed to the garbage collector's care as such.
ONE_COMMAND = False


def read_to_keep(project: Project, *, fresh: bool,
                 update_times: dict[str, UpdateRead]) -> tuple[Hub, Problems]:
    """The content with drafts, which a `check` or `build` keeps to its end; in a process
    that runs one command, read as `read_content_to_keep` does and never unfrozen."""
    if not ONE_COMMAND:
        return read_content(project, include_drafts=True, fresh=fresh,
                            update_times=update_times)
    return read_content_to_keep(project, fresh=fresh, update_times=update_times)


def read_findings(project: Project, *, internal: bool = False, fresh: bool = False) -> Findings:
    """What `check` and `build` read, with the problems that stop a build; `advise` adds the
    rest. `fresh` (build --clean): every file parsed and checked again, no cache read."""
    # Every output path claimed once.
    update_times: dict[str, UpdateRead] = {}
    content = read_to_keep(project, fresh=fresh, update_times=update_times)
    hub = content[0].without_drafts(project.now())
    crosspost = load_crosspost(project, hub, Problems())  # channels.yml, scheduled posts
    practice = load_practice(project.content_dir, project.root,
                             cache_root=None if fresh else project.root)
    return Findings(hub, content, practice, crosspost, placeholder_problems(hub).errors,
                    internal, update_times, fresh)


def advise(project: Project, findings: Findings) -> Problems:
    """The problems that never stop a status update from reaching the site: cross-posting
    (texts that cannot fit a channel), the plan and tone, dates in the future. What the
    check learnt is kept for the next run (the tone found in each text, the update files'
    times for `publish`)."""
    social = social_findings_memo(project, findings.crosspost, fresh=findings.fresh)
    found = crosspost_findings(project, findings.crosspost, social)
    remember_social_findings(project, social)
    found.extend(findings.practice[1])
    found.extend(practice_problems(findings.hub, findings.practice[0], project.now(),
                                   project.first_statement_target))
    remember_tone(findings.practice[0], project.root)
    found.extend(future_problems(findings.hub, project.now()))
    remember_update_times(project.content_dir, project.time_zone, project.root,
                          findings.update_times)
    return found


def find_problems(project: Project, *, internal: bool = False, fresh: bool = False) -> Findings:
    """What `crisishub check` and `crisishub build` both print: one list, one home."""
    findings = read_findings(project, internal=internal, fresh=fresh)
    findings.advice = advise(project, findings)
    return findings


def cmd_check(args: argparse.Namespace, project: Project) -> int:
    announce_frozen_clock(project)
    findings = find_problems(project)
    hub, errors, warnings = findings.hub, findings.errors, findings.warnings
    print_problems(errors + warnings)
    failed = errors + (warnings if args.strict else [])
    summary = (f"{count(len(hub.incidents), 'incident')}, "
               f"{count(len(hub.components), 'component')}, "
               f"{count(len(hub.maintenances), 'maintenance window')}, "
               f"{count(len(hub.faq), 'FAQ entry', 'FAQ entries')}")
    if failed:
        print(f"check failed: {count(len(errors), 'error')}, "
              f"{count(len(warnings), 'warning')} ({summary})", file=sys.stderr)
        return 1
    print(f"check passed: {summary}" + (f", {count(len(warnings), 'warning')}"
                                        if warnings else ""))
    return 0


class _Held(logging.Filter):
    """Keeps what passes a handler until it is let through (see `logs_held`)."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.kept.append(record)
        return False


@contextmanager
def logs_held() -> Iterator[None]:
    """What the build logs (MkDocs' warnings) is printed when this ends, in its order, so
    the check's problems found meanwhile are printed before it, as `check` prints them."""
    handlers = {handler for name in ("mkdocs", "crisishub")
                for handler in logging.getLogger(name).handlers}
    held = _Held()
    for handler in handlers:
        handler.addFilter(held)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(held)
        for record in held.kept:
            logging.getLogger(record.name).handle(record)


def cmd_build(args: argparse.Namespace, project: Project) -> int:
    announce_frozen_clock(project)
    refuse_frozen_clock_in_ci(project, args.allow_frozen_clock)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else None
    if args.internal:
        site_dir = site_dir or project.internal_site_dir
        if site_dir == project.site_dir:
            raise UsageError(f"--internal: {os.path.relpath(site_dir)} is the public site's "
                             "folder; an internal build goes elsewhere (default site-internal)")
    on_previous = not args.clean and builds_on_previous(project, site_dir)
    if on_previous and ONE_COMMAND:
        # A build after a previous one renders a few dozen pages, and its process ends with
        # it: the garbage collector would only walk what the build keeps to its end. At
        # N=5,000 it took 0.16-0.18 s of such a build, to free less than 1 MB. (A clean
        # build renders every page, and keeps collecting: it makes and drops far more.)
        gc.disable()
    findings = read_findings(project, internal=args.internal, fresh=args.clean)
    if findings.blocking:
        print_problems(findings.blocking)
        print(f"build stopped: {count(len(findings.blocking), 'error')}; fix them; the "
              "published site was not touched", file=sys.stderr)
        return 1
    # The rest of the check never stops a build. After a previous build (a few pages to
    # render) it runs on another core while the site is built, and its problems are printed
    # before what the build logged. A clean or first build renders its pages on every core
    # (site/parallel.py), where another process would only take memory: found here, first.
    failed = None

    def advice_beside() -> dict[str, Any]:  # in the forked process: JSON for this one
        found = advise(project, findings)
        count_for_publish(findings.crosspost, project.now())
        return {"problems": found.rows(), "counts": counts_used()}

    advising = parallel.beside(advice_beside) if on_previous else parallel.Beside()
    forked = advising.pid is not None
    with advising, logs_held():
        if not forked:
            findings.advice = advise(project, findings)
        try:
            target = build_site(project, site_dir, strict=args.strict,
                                internal=args.internal, content=findings.content,
                                practice=findings.practice, crosspost=findings.crosspost,
                                clean=args.clean)
        except BuildFailed as exc:
            failed = exc
        answer = advising.answer()
        if answer is not None:
            findings.advice = Problems.from_rows(answer["problems"])
            take_counts(answer["counts"])
        elif forked:  # it ended without an answer: found here
            findings.advice = advise(project, findings)
        print_problems(findings.other_errors + findings.warnings)
    if failed is not None:
        print(f"build failed: {failed}; the previous site was left as it was", file=sys.stderr)
        return 1
    kind = "internal site (do not publish)" if args.internal else "site"
    notes = [count(len(findings.warnings), "warning")]
    if findings.other_errors:
        notes.insert(0, count(len(findings.other_errors), "error") + " that stop publish")
    print(f"{kind} built in {os.path.relpath(target)} ({', '.join(notes)}; "
          "crisishub check shows them again)" if findings.other_errors or findings.warnings
          else f"{kind} built in {os.path.relpath(target)}")
    return 0


def find_incident(hub: Hub, name: str) -> Incident:
    try:
        return scaffold.find_incident(hub.incidents, name)
    except LookupError as exc:
        raise UsageError(str(exc)) from exc


def ledger_entries(project: Project) -> list[LedgerEntry]:
    ledger_problems = Problems()
    ledger_file = ledger_location(project.content_dir)
    ledger = read_ledger(ledger_file, ledger_problems,
                         os.path.relpath(ledger_file, project.root))
    print_problems(ledger_problems.items)
    return ledger


def one_incident_report(project: Project, hub: Hub, incident: Incident) -> IncidentReport:
    practice, _ = load_practice(project.content_dir, project.root)  # `check` shows its problems
    return incident_report(hub, incident, project.now(), ledger_entries(project), practice.tone,
                           project.first_statement_target)


def heard_so_far(project: Project, hub: Hub) -> Audience:
    """The audience's figures from what `crisishub listen` recorded; a damaged reactions file
    is named on stderr and the report goes on without it."""
    path = reactions_location(project.content_dir)
    try:
        snapshots = read_snapshots(path, display_path(path, project.root))
    except ReactionsError as exc:
        print(f"warning: {exc}", file=sys.stderr)
        snapshots = []
    return audience(hub, snapshots)


def cmd_report(args: argparse.Namespace, project: Project) -> int:
    hub, errors, _ = load(project)
    if errors:
        print_problems(errors)
        print("report stopped: fix the errors above", file=sys.stderr)
        return 1
    heard = heard_so_far(project, hub)
    if args.incident:
        incident = find_incident(hub, args.incident)
        one = one_incident_report(project, hub, incident)
        if args.format == "json":
            print(json.dumps({**incident_report_json(one),
                              "audience": audience_json(heard, incident.id)},
                             ensure_ascii=False, indent=2))
        else:
            print(incident_report_text(one) + audience_text(heard, project.time_zone, incident.id), end="")
        return 0
    report = crisis_report(hub, project.now(), ledger_entries(project),
                           project.first_statement_target)
    rows = translation_rows(hub, project.all_languages)
    if args.format == "json":
        print(json.dumps({**report_json(report), "translations": rows,
                          "audience": audience_json(heard)}, ensure_ascii=False, indent=2))
    else:
        print(report_text(report) + translation_text(rows)
              + audience_text(heard, project.time_zone), end="")
    return 0


def cmd_postmortem(args: argparse.Namespace, project: Project) -> int:
    announce_frozen_clock(project)
    # Drafts included: a postmortem may be prepared for an incident still being drafted.
    content = load_hub(project.content_dir, project.time_zone, display_root=project.root,
                       include_drafts=True, cache=parse_cache(project.root))
    hub, errors = content[0], content[1].errors
    if errors:
        print_problems(errors)
        print("postmortem stopped: fix the errors above; nothing was written", file=sys.stderr)
        return 1
    incident = find_incident(hub, args.incident)
    path = project.content_dir / "incidents" / incident.id / "postmortem.md"
    if path.exists():
        raise UsageError(f"{path.relative_to(project.root)} exists already; nothing was "
                         "overwritten. Edit it, or delete it first to start again")
    one = one_incident_report(project, hub, incident)
    today = project.now().astimezone(project.time_zone).date()
    text = postmortem_draft(one, project.time_zone, project.language, today)
    written = scaffold.write_new_file(path, text)
    print(written.relative_to(project.root))
    print("It is a draft (draft: true): only the internal site shows it. Fill in the "
          "[placeholders], then remove 'draft: true' (or set 'published:' to a time) to "
          "publish it with the next build.")
    return 0


def cmd_serve(args: argparse.Namespace, project: Project) -> int:
    from generator.site.serve import serve_hub

    announce_frozen_clock(project)
    print(f"Serving the hub on http://{args.dev_addr}/ — it rebuilds when content changes; "
          "a build error shows in the browser until you fix it. Press Ctrl+C to stop.",
          flush=True)
    serve_hub(project, args.dev_addr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crisishub", description=__doc__)
    parser.add_argument("--config", default="mkdocs.yml", help="path to mkdocs.yml")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def social(p: argparse.ArgumentParser) -> None:
        p.add_argument("--social", metavar="TEXT",
                       help="the short text for social channels (default: a summary of the text)")

    def timing(p: argparse.ArgumentParser) -> None:
        p.add_argument("--at", help="time of the statement (default: now), e.g. '2026-11-24 10:05'")
        p.add_argument("--component", action="append", default=[], metavar="ID=STATUS",
                       help="a component's status, e.g. checkout=major_outage (repeatable)")

    def languages(p: argparse.ArgumentParser) -> None:
        p.add_argument("--language", action="append", metavar="LANG",
                       help="also write the translation in LANG (e.g. ru) beside the new file, "
                       "from the template of the same name in that language (repeatable)")

    new = sub.add_parser("new", help="start an incident with a ready holding statement")
    new.add_argument("title", help="what people notice, e.g. 'Card payments failing'")
    new.add_argument("--impact", choices=Impact.values(), default="minor")
    new.add_argument("--owner", help="who leads the communication")
    new.add_argument("--slug", help="folder name after the date (default: from the title)")
    new.add_argument("--next-in", type=int, metavar="MINUTES",
                     help="promise the next update in this many minutes (default 30)")
    new.add_argument("--next-update", help="promise the next update at this time")
    new.add_argument("--template", default=templates.DEFAULT_TEMPLATE, metavar="NAME",
                     help="the statement template (default: holding), e.g. rumour, recall, "
                     "data (public statements), update, apology")
    new.add_argument("--kind", choices=IncidentKind.values(),
                     help="service (an outage, with components) or statement (a recall, a data "
                     "matter, a rumour: no components); default: the template's")
    languages(new)
    new.add_argument("--started", metavar="TIME",
                     help="when the crisis began, if before the first statement, e.g. "
                     "'2026-11-24 13:40' (default: the time of the statement)")
    social(new)
    timing(new)
    new.set_defaults(func=cmd_new)

    update = sub.add_parser("update", help="add an update to an incident")
    update.add_argument("incident", help="the incident folder name, or a unique part of it")
    update.add_argument("--status", choices=UpdateStatus.values(),
                        help="the update's status (default: the template's)")
    update.add_argument("--message", "-m", help="the update text (default: a skeleton to fill)")
    update.add_argument("--template", metavar="NAME",
                        help="fill the text from a template: update, apology, resolution...")
    update.add_argument("--next-in", type=int, metavar="MINUTES")
    update.add_argument("--next-update", help="promise the next update at this time")
    update.add_argument("--reopen", action="store_true",
                        help="add an update to a resolved incident, reopening it")
    social(update)
    timing(update)
    languages(update)
    update.set_defaults(func=cmd_update)

    resolve = sub.add_parser("resolve", help="add the final, resolved update to an incident")
    resolve.add_argument("incident")
    resolve.add_argument("--message", "-m")
    resolve.add_argument("--template", default="resolution", metavar="NAME",
                         help="the statement template (default: resolution)")
    resolve.add_argument("--reopen", action="store_true", help=argparse.SUPPRESS)
    social(resolve)
    timing(resolve)
    languages(resolve)
    resolve.set_defaults(func=cmd_resolve)

    check = sub.add_parser("check", help="validate all content and print every problem")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", help="validate, then build the site (swapped in on success)")
    build.add_argument("--site-dir", help="output folder (default: site_dir of mkdocs.yml)")
    build.add_argument("--strict", action="store_true", help="fail on MkDocs warnings too")
    build.add_argument("--allow-frozen-clock", action="store_true",
                       help="build in CI although now: or CRISISHUB_NOW freezes the clock")
    build.add_argument("--internal", action="store_true",
                       help="the team's site: plan with contacts, drafts, the crisis report "
                       "(into site-internal/; never publish it)")
    build.add_argument("--clean", action="store_true",
                       help="render every page; ignore what the last build left "
                            "(docs/incremental-builds.md)")
    build.set_defaults(func=cmd_build)

    report = sub.add_parser("report", help="the crisis report: response times, promises kept, "
                            "lessons and open action items")
    report.add_argument("incident", nargs="?",
                        help="one incident (its folder name, or a unique part of it): its "
                        "figures, every promise and how late it was kept, tone findings")
    report.add_argument("--format", choices=["text", "json"], default="text")
    report.set_defaults(func=cmd_report)

    postmortem = sub.add_parser("postmortem", help="start the postmortem of an incident: a "
                                "draft postmortem.md with its timeline, times and promises")
    postmortem.add_argument("incident", help="the incident folder name, or a unique part of it")
    postmortem.set_defaults(func=cmd_postmortem)

    serve = sub.add_parser("serve", help="preview the site with live reload on every content change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    serve.set_defaults(func=cmd_serve)
    add_publish_commands(sub)
    add_deploy_commands(sub)
    add_admin_command(sub)
    return parser


def setup_logging() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    for name in ("mkdocs", "crisishub"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.WARNING)
        logger.propagate = False


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging()
    try:
        project = load_project(args.config)
        with remembered_counts(project.root, fresh=getattr(args, "clean", False)):
            return int(args.func(args, project))
    except (ProjectError, UsageError, FrozenClockRefused) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except FileExistsError as exc:
        print(f"error: {exc.filename} exists already; nothing was overwritten", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except TemplateError as exc:  # a theme template the team edited (overrides/)
        if os.environ.get("CRISISHUB_DEBUG"):
            raise
        print(f"error: {template_problem(exc, Path(args.config).resolve().parent)}",
              file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, no traceback
        if os.environ.get("CRISISHUB_DEBUG"):
            raise
        print(f"error: Crisis Hub failed unexpectedly ({type(exc).__name__}: {exc}). "
              "Nothing was published. This is a bug: please report it with the file you changed "
              "last; CRISISHUB_DEBUG=1 shows the details.", file=sys.stderr)
        return 3


def entry() -> int:
    """The `crisishub` command: `main` in a process of its own (tests call `main` in theirs).

    A command that ends normally ends its process at once (`end_process`)."""
    global ONE_COMMAND
    ONE_COMMAND = True
    code = main()
    if threading.active_count() == 1:  # no thread left to finish (serve's are)
        end_process(code)
    return code


def end_process(code: int) -> NoReturn:
    """Exit without freeing the command's objects one by one: 0.10-0.15 s of a build at
    N=5,000, for memory the system takes back whole anyway (as servers that skip Python's
    last collection do). The exit handlers run (logging's flushes its files) and what was
    printed is written first; every file the commands write is closed where it is written."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe (`crisishub check | head`)
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(entry())
