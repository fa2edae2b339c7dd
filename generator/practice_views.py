"""The crisis-practice pages: the plan (public or internal) and the crisis report (internal).

Pure: which pages exist and what they show, from the plan, the report and the build kind.
"""

from __future__ import annotations

from generator.playbook import Playbook
from generator.report import CrisisReport
from generator.views import PageView

PLAYBOOK_URI = "playbook/index.md"
REPORT_URI = "report/index.md"
PUBLISHING_URI = "publishing/index.md"
CHART_URIS = {"timeline": "report/timeline.svg", "first_statement": "report/first-statement.svg",
              "cadence": "report/cadence.svg"}


def plan_is_shown(mode: str, internal: bool) -> bool:
    """'public': on both sites; 'internal': on the internal site only; 'off': nowhere."""
    return mode == "public" or (mode == "internal" and internal)


def practice_views(playbook: Playbook | None, mode: str, internal: bool,
                   report: CrisisReport | None, titles: dict[str, str],
                   crosspost_preview: str | None = None) -> list[PageView]:
    views = []
    if playbook is not None and plan_is_shown(mode, internal):
        # Contacts are for the team only: a public build never carries them.
        views.append(PageView(PLAYBOOK_URI, "crisishub/playbook.html", titles["playbook"],
                              "playbook", {"playbook": playbook, "contacts": internal}))
    if internal and report is not None:
        views.append(PageView(REPORT_URI, "crisishub/report.html", titles["report"], "report",
                              {"report": report, "charts": CHART_URIS}))
    if internal and crosspost_preview is not None:
        views.append(PageView(PUBLISHING_URI, "crisishub/publishing.html", titles["publishing"],
                              "publishing", {"preview": crosspost_preview}))
    return views
