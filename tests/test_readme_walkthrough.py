"""The README's "A crisis, step by step" runs as written, for an outage and for a statement.

The commands are read from the README's fenced blocks (nothing is copied here) and run in a
fresh project in tmp_path, made from the README's own mkdocs.yml and components.yml examples.
A comment that describes a manual edit ("fill the [placeholders] it lists") is done the way
it says; after each command the test checks what the README promises it does."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from support import REPO, fill_placeholders, html_text

from generator.cli.main import main

README = REPO / "README.md"
SECTION = "### A crisis, step by step"
LISTED_PLACEHOLDER = re.compile(r"^(\S+\.md):\d+: placeholder \[", re.M)
PRINTED_FILE = re.compile(r"^(content/\S+\.md)$", re.M)
# The hour of the crisis, as the README tells it: the clock (CRISISHUB_NOW) for each command.
CLOCK = {
    "outage": {"new": "14:02", "update": "14:30", "resolve": "16:10", "postmortem": "16:30"},
    "statement": {"new": "14:02", "update": "15:30", "resolve": "17:00", "postmortem": "17:30"},
}
CHANNELS = "channels:\n  mastodon:\n    instance: https://mastodon.social\n  x: {}\n"


@dataclass
class Step:
    """A line of the walkthrough: commands joined by `&&`, or a manual edit (a comment)."""

    commands: list[list[str]]
    comment: str = ""


def walkthroughs() -> dict[str, list[Step]]:
    """The section's fenced `sh` blocks, by the kind of crisis their introduction names."""
    section = README.read_text("utf-8").split(SECTION, 1)[1]
    section = re.split(r"^#{2,3} ", section, flags=re.M)[0]  # "# " is a shell comment
    found: dict[str, list[Step]] = {}
    for intro, block in re.findall(r"^([^\n`]+)\n+```sh\n(.*?)^```", section, re.M | re.S):
        kind = "outage" if "outage" in intro.lower() else "statement"
        assert "statement" in intro.lower() or kind == "outage", intro
        found[kind] = [parse(line) for line in block.replace("\\\n", " ").splitlines()
                       if line.strip()]
    return found


def parse(line: str) -> Step:
    line = line.strip()
    if line.startswith("#"):
        return Step([], line.lstrip("# "))
    comment = ""
    trailing = re.search(r"\s#\s(.*)$", line)
    if trailing and shlex.split(line, comments=True) == shlex.split(line[:trailing.start()]):
        comment = trailing[1]
    words = shlex.split(line, comments=True)
    commands: list[list[str]] = [[]]
    for word in words:
        if word == "&&":
            commands.append([])
        else:
            commands[-1].append(word)
    return Step(commands, comment)


def fresh_project(root: Path) -> Path:
    """A new hub as the README's Configuration and content-format sections describe it:
    their mkdocs.yml (without the example's frozen `now:`) and components.yml, two channels."""
    text = README.read_text("utf-8")
    config = yaml.safe_load(re.search(r"^`mkdocs.yml` \(the example's\):\n\n```yaml\n(.*?)```",
                                      text, re.M | re.S)[1])  # type: ignore[index]
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    del config["plugins"][0]["crisishub"]["now"]
    components = re.search(r"^### components.yml\n\n```yaml\n(.*?)```", text, re.M | re.S)
    assert components, "the README's components.yml example"
    (root / "content/pages").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    (root / "content/components.yml").write_text(components[1], "utf-8")
    (root / "content/channels.yml").write_text(CHANNELS, "utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


@dataclass
class Crisis:
    """Runs the walkthrough's commands in `root`, with the crisis clock, and remembers."""

    root: Path
    kind: str
    capsys: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch
    ran: list[tuple[str, str]] = field(default_factory=list)  # command, what it printed

    def run(self, words: list[str]) -> None:
        if words[0] == "git":
            done = subprocess.run(words, cwd=self.root, capture_output=True, text=True)
            assert done.returncode == 0, (words, done.stdout, done.stderr)
            self.ran.append((words[1], done.stdout))
            return
        assert words[0] == "crisishub", f"the walkthrough runs {words[0]}: teach this test"
        name = words[1]
        if name in CLOCK[self.kind]:
            self.monkeypatch.setenv("CRISISHUB_NOW", f"2026-11-24 {CLOCK[self.kind][name]}")
        code = main(words[1:])
        printed = self.capsys.readouterr()
        assert code == 0, (words, printed.out, printed.err)
        self.ran.append((name, printed.out + printed.err))

    def edit(self, comment: str) -> None:
        """Do what a comment asks of the author; other comments only explain."""
        if "[placeholders]" not in comment:
            return
        said = self.ran[-1][1]
        files = set(LISTED_PLACEHOLDER.findall(said)) or set(PRINTED_FILE.findall(said))
        assert files, f"'{comment}': the command before it names no file:\n{said}"
        for name in files:
            if "remove 'draft: true'" in comment:  # the postmortem
                path = fill_placeholders(self.root / name, POSTMORTEM)
                path.write_text(path.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
            else:
                fill_placeholders(self.root / name, FILLED[self.kind])

    def count(self, name: str) -> int:
        return sum(1 for ran, _ in self.ran if ran == name)


FILLED = {"outage": "Card payments fail for some customers",
          "statement": "Nothing is confirmed yet"}
POSTMORTEM = "An expired certificate at our card processor"


def promised(crisis: Crisis, name: str) -> None:
    """What the README says each command does, checked right after it ran."""
    root, kind, said = crisis.root, crisis.kind, crisis.ran[-1][1]
    incidents = sorted((root / "content/incidents").glob("*"))
    incident = incidents[-1] if incidents else None
    page = root / "site/incidents" / incident.name / "index.html" if incident else None
    nth = crisis.count(name)
    if name == "new":
        assert incident is not None and (incident / "01-investigating.md").is_file()
        assert ("kind: statement" in (incident / "incident.md").read_text("utf-8")) == (
            kind == "statement")
    elif name == "build" and nth == 1:  # the first statement is on the built site
        home = html_text(root / "site/index.html")
        assert incident is not None and page is not None
        title = yaml.safe_load((incident / "incident.md").read_text("utf-8").split("---")[1])
        assert title["title"] in home and FILLED[kind] in html_text(page)
        assert ("Official statement:" in home) == (kind == "statement")
    elif name == "publish":
        for channel in ("mastodon", "x"):  # no credentials: the outbox gets every update
            sent = sorted(p.name for p in (root / "outbox" / channel).glob("*.json"))
            assert len(sent) == len(list(incident.glob("0*.md"))), (channel, sent)  # type: ignore[union-attr]
    elif name == "update":
        assert "status: identified" in (incident / "02-identified.md").read_text("utf-8")  # type: ignore[operator]
    elif name == "resolve":
        assert "status: resolved" in (incident / "03-resolved.md").read_text("utf-8")  # type: ignore[operator]
    elif name == "build":
        assert page is not None
        shown = html_text(page)
        assert "update-03-resolved" in page.read_text("utf-8")
        postmortem = incident / "postmortem.md"  # type: ignore[operator]
        if postmortem.exists():  # published once its draft line is gone
            assert (POSTMORTEM in shown) == ("draft: true" not in postmortem.read_text("utf-8"))
    elif name == "commit":
        log = subprocess.run(["git", "log", "--format=%s", "--name-only"], cwd=root,
                             capture_output=True, text=True, check=True).stdout
        assert log.startswith("Payments incident") and "03-resolved.md" in log
    elif name == "report" and "By month:" not in said:  # one crisis
        started = {"outage": 12, "statement": 22}[kind]  # 13:50 / 13:40 to 14:02
        assert f"first statement {started} min" in said and "Promises" in said
    elif name == "report":
        assert "By component:" in said and "1 incident," in said
    elif name == "postmortem":
        draft = incident / "postmortem.md"  # type: ignore[operator]
        assert "draft: true" in draft.read_text("utf-8") and str(draft.relative_to(root)) in said


@pytest.mark.parametrize("kind", ["outage", "statement"])
def test_the_readme_walkthrough_runs_as_written(kind: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    steps = walkthroughs()[kind]
    assert len(steps) >= 6
    for name in list(os.environ):  # no credentials: the channels write the outbox folder
        if name.startswith("CRISISHUB_") and name != "CRISISHUB_ALLOW_FROZEN_CLOCK":
            monkeypatch.delenv(name)
    for name, value in {"GIT_AUTHOR_NAME": "Maria Lind", "GIT_AUTHOR_EMAIL": "m@example.com",
                        "GIT_COMMITTER_NAME": "Maria Lind",
                        "GIT_COMMITTER_EMAIL": "m@example.com"}.items():
        monkeypatch.setenv(name, value)
    root = fresh_project(tmp_path / "hub")
    monkeypatch.chdir(root)
    crisis = Crisis(root, kind, capsys, monkeypatch)
    for step in steps:
        for words in step.commands:
            crisis.run(words)
            promised(crisis, words[1])
        crisis.edit(step.comment)
    ran = [name for name, _ in crisis.ran]
    assert {"new", "build", "publish", "update", "resolve", "report", "postmortem"} <= set(ran)
