"""Crisis practice checks for `crisishub check`: the plan, templates, cadence and tone.

`load_practice()` reads the plan, tone.yml and the hub's templates (the only I/O);
`practice_problems()` is pure: it turns the hub and the build time into warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from generator.core.cadence import cadence_problems
from generator.core.incident_memo import IncidentMemo
from generator.core.model import Hub
from generator.core.problems import Problems, display_path
from generator.reading.memo_file import (
    read_incident_memo,
    read_memo,
    write_incident_memo,
    write_memo,
)
from generator.reading.playbook import Playbook, load_playbook, owner_problems
from generator.wording.templates import hub_template_files, parse_template
from generator.wording.tone import ToneRules
from generator.wording.tone_check import (
    TONE_FILE,
    check_text,
    tone_memo_key,
    tone_problems,
    tone_rules,
)


@dataclass(frozen=True)
class Practice:
    playbook: Playbook | None
    tone: ToneRules
    # What the tone check found per incident (read with the tone's memo, kept by
    # `remember_tone`): an incident whose files did not change is not searched again.
    tone_by_incident: IncidentMemo = field(default_factory=IncidentMemo)


TONE_MEMO = "tone"
TONE_BY_INCIDENT_MEMO = "tone-incidents"


def load_practice(content_dir: Path, display_root: Path,
                  cache_root: Path | None = None) -> tuple[Practice, Problems]:
    """The plan and the tone rules, with the problems of the plan, tone.yml and templates.
    With `cache_root`, the tone check starts from what it found in the texts last time
    (`remember_tone` keeps it)."""
    playbook, problems = load_playbook(content_dir, display_root)
    tone_file = content_dir / TONE_FILE
    rules = tone_rules(display_path(tone_file, display_root),
                       tone_file.read_bytes() if tone_file.is_file() else None, problems)
    if cache_root is not None:
        rules.memo = read_memo(cache_root, TONE_MEMO, rules.key)
        rules.recalled = set(rules.memo)
    by_incident = read_incident_memo(cache_root, TONE_BY_INCIDENT_MEMO, tone_memo_key(rules))
    for name, language, path in hub_template_files(content_dir):
        shown = display_path(path, display_root)
        template = parse_template(name, language, shown, path.read_bytes(), problems)
        if template is not None:
            check_text(rules, template.body, shown, template.body_line, problems)
    return Practice(playbook, rules, by_incident), problems


def remember_tone(practice: Practice, cache_root: Path) -> None:
    """Keep what the tone check found in this run's texts for the next run."""
    tone = practice.tone
    write_memo(cache_root, TONE_MEMO, tone.key, tone.memo, tone.asked, tone.recalled)
    write_incident_memo(cache_root, TONE_BY_INCIDENT_MEMO, practice.tone_by_incident)


def practice_problems(hub: Hub, practice: Practice, now: datetime,
                      first_statement_target: timedelta) -> Problems:
    """Warnings about owners, promises, first statements and tone."""
    problems = Problems()
    if practice.playbook is not None:
        owner_problems(hub, practice.playbook, problems)
    cadence_problems(hub, now, first_statement_target, problems)
    tone_problems(hub, practice.tone, problems, practice.tone_by_incident)
    return problems
