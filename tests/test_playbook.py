"""The crisis plan: roles as data, owner checks, and where the plan is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import REPO, build_site, copy_example, example_hub, run_cli, write

from generator.core.problems import Problems
from generator.reading.playbook import owner_problems, parse_playbook

PLAN = (REPO / "content/playbook/plan.md").read_bytes()


def test_the_example_plan_has_the_four_roles_and_their_people() -> None:
    problems = Problems()
    plan = parse_playbook("content/playbook/plan.md", PLAN, problems)
    assert list(problems) == []
    assert plan is not None
    assert [r.id for r in plan.roles] == ["incident-lead", "spokesperson", "approver",
                                          "community-manager"]
    assert [p.name for p in plan.holders("incident-lead")] == ["Maria Lind", "Jonas Berg"]
    assert plan.escalation[-1].impact.value == "critical"


def test_plan_mistakes_name_the_line() -> None:
    raw = b"""---
roles:
  - id: lead
    duties: [decide, write, aprove]
people:
  - name: Ann
    roles: [leed]
---
"""
    problems = Problems()
    parse_playbook("content/playbook/plan.md", raw, problems)
    assert [str(p) for p in problems] == [
        "content/playbook/plan.md:4: roles.0.duties.2: 'aprove' is not one of decide, write, "
        "approve, answer; did you mean 'approve'?",
        "content/playbook/plan.md:7: people.0.roles.0: 'leed' is not a role; did you mean 'lead'?",
        "content/playbook/plan.md:3: roles.0.id: nobody holds the role 'lead'; add it to "
        "someone's 'roles:' under 'people:'",
        "content/playbook/plan.md:2: roles: no role has the duty approve, answer; every plan "
        "needs someone for each of decide, write, approve, answer",
    ]


def test_every_active_incident_needs_an_owner_with_a_role() -> None:
    from dataclasses import replace

    plan = parse_playbook("content/playbook/plan.md", PLAN, Problems())
    assert plan is not None
    hub = example_hub()
    problems = Problems()
    owner_problems(hub, plan, problems)
    assert list(problems) == []  # Jonas Berg owns the ongoing incident and is an incident lead
    active = next(i for i in hub.incidents if not i.is_resolved)
    renamed = replace(hub, incidents=tuple(
        replace(i, owner="Jonas Burg") if i is active else i for i in hub.incidents))
    owner_problems(renamed, plan, problems)
    assert [str(p) for p in problems] == [
        "content/incidents/2026-11-24-delivery-tracking-delays/incident.md:4: warning: owner: "
        "'Jonas Burg' holds no role in content/playbook/plan.md; did you mean 'Jonas Berg'?"
    ]


def test_public_build_never_contains_contacts(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    text = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(text.replace(
        "      content_dir: content\n", "      content_dir: content\n      playbook: public\n"))
    site = build_site(project, tmp_path / "site")
    plan_page = (site / "playbook/index.html").read_text()
    assert "Incident lead" in plan_page and "Maria Lind" in plan_page
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".svg", ".txt"):
            text = path.read_text(errors="ignore")
            assert "example.invalid" not in text, path
            assert "5550 0101" not in text, path
    assert not (site / "report").exists()


@pytest.mark.parametrize("mode, public_page, internal_page", [
    ("internal", False, True), ("public", True, True), ("off", False, False)])
def test_where_the_plan_is_shown(tmp_path: Path, mode: str, public_page: bool,
                                 internal_page: bool) -> None:
    project = copy_example(tmp_path)
    text = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(text.replace(
        "      content_dir: content\n", f"      content_dir: content\n      playbook: {mode}\n"))
    public = build_site(project, tmp_path / "public")
    internal = build_site(project, tmp_path / "internal", internal=True)
    assert (public / "playbook/index.html").exists() is public_page
    assert (internal / "playbook/index.html").exists() is internal_page
    if internal_page:
        assert "maria.lind@example.invalid" in (internal / "playbook/index.html").read_text()


def test_internal_build_goes_to_its_own_folder_and_says_so(tmp_path: Path, capsys) -> None:
    project = copy_example(tmp_path)
    assert run_cli(project, "build", "--internal") == 0
    internal = project / "site-internal"
    page = (internal / "index.html").read_text()
    assert "Do not publish" in page and 'content="noindex, nofollow"' in page
    assert (internal / "report/index.html").exists()
    assert not (project / "site").exists()
    assert run_cli(project, "build", "--internal", "--site-dir", str(project / "site")) == 2
    assert "is the public site's folder" in capsys.readouterr().err


def test_check_reports_an_owner_without_a_role(tmp_path: Path, capsys) -> None:
    project = copy_example(tmp_path)
    path = project / "content/incidents/2026-11-24-delivery-tracking-delays/incident.md"
    path.write_text(path.read_text().replace("owner: Jonas Berg", "owner: Sam Smith"))
    assert run_cli(project, "check") == 0
    assert run_cli(project, "check", "--strict") == 1
    err = capsys.readouterr().err
    assert ("content/incidents/2026-11-24-delivery-tracking-delays/incident.md:4: warning: "
            "owner: 'Sam Smith' holds no role in content/playbook/plan.md; people with a role: "
            "Maria Lind, Jonas Berg, Sofia Brandt, Emil Novak") in err


def test_a_broken_plan_fails_check_but_not_the_status_build(tmp_path: Path, capsys) -> None:
    project = copy_example(tmp_path)
    write(project / "content/playbook/plan.md", "---\nroles: [\n---\n")
    assert run_cli(project, "check") == 1
    assert "content/playbook/plan.md:3: YAML syntax error" in capsys.readouterr().err
    site = build_site(project, tmp_path / "site")
    assert (site / "index.html").exists()
