"""The crisis-practice pages: the plan (public or internal) and the crisis report (internal).

Pure: which pages exist and what they show, from the plan, the report and the build kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from generator.core import endpoints
from generator.crosspost.publishing import PublishPlan
from generator.listening.audience import Audience
from generator.practice.report import CrisisReport
from generator.reading.playbook import Playbook
from generator.site.views import Page, PageView

PLAYBOOK, REPORT, PUBLISHING, AUDIENCE = (endpoints.PLAYBOOK, endpoints.REPORT,
                                          endpoints.PUBLISHING, endpoints.AUDIENCE)
CHART_URIS = {"timeline": "report/timeline.svg", "first_statement": "report/first-statement.svg",
              "cadence": "report/cadence.svg"}


@dataclass(frozen=True)
class PlaybookPage(Page):
    kind: ClassVar[str] = "playbook"
    playbook: Playbook
    contacts: bool  # the team's contacts: on the internal site only


@dataclass(frozen=True)
class ReportPage(Page):
    kind: ClassVar[str] = "report"
    report: CrisisReport
    charts: dict[str, str]
    audience: Audience | None = None


def audience_chart_uris(incident_id: str) -> dict[str, str]:
    """The report's two listening charts of one incident."""
    return {"reach": f"report/reactions-{incident_id}.svg",
            "sentiment": f"report/sentiment-{incident_id}.svg"}


@dataclass(frozen=True)
class AudiencePage(Page):
    """What people are saying: internal only (it quotes replies and links to their authors)."""

    kind: ClassVar[str] = "audience"
    audience: Audience


@dataclass(frozen=True)
class PublishingPage(Page):
    """What `crisishub publish` would send now: the dry run's plan, as tables."""

    kind: ClassVar[str] = "publishing"
    plan: PublishPlan


def plan_is_shown(mode: str, internal: bool) -> bool:
    """'public': on both sites; 'internal': on the internal site only; 'off': nowhere."""
    return mode == "public" or (mode == "internal" and internal)


def practice_views(playbook: Playbook | None, mode: str, internal: bool,
                   report: CrisisReport | None, titles: dict[str, str],
                   crosspost_preview: PublishPlan | None = None,
                   audience: Audience | None = None) -> list[PageView]:
    views = []
    if playbook is not None and plan_is_shown(mode, internal):
        # Contacts are for the team only: a public build never carries them.
        views.append(PageView(PLAYBOOK, "crisishub/playbook.html", titles["playbook"],
                              PlaybookPage(playbook, contacts=internal)))
    if internal and report is not None:
        views.append(PageView(REPORT, "crisishub/report.html", titles["report"],
                              ReportPage(report, CHART_URIS, audience)))
    if internal and crosspost_preview is not None:
        views.append(PageView(PUBLISHING, "crisishub/publishing.html", titles["publishing"],
                              PublishingPage(crosspost_preview)))
    if internal and audience is not None:
        views.append(PageView(AUDIENCE, "crisishub/audience.html", titles["audience"],
                              AudiencePage(audience)))
    return views
