"""Editing from a browser (issue 16, point 8): `crisishub admin` writes the editor into a copy
of the bilingual example hub, decap-server (npm, tests/browser/node_modules) serves that folder
as its repository, Chromium opens /admin/ (Decap CMS from the local npm copy, no CDN), a PR
person adds an update to the open incident, and `crisishub check` and `crisishub build` accept
the files Decap wrote as they are. Screenshot: test-artifacts/editor-new-update.png."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import served
from .support import ACTIVE_INCIDENT, HERE, missing, screenshot

DECAP_CMS = HERE / "node_modules" / "decap-cms"
DECAP_SERVER = HERE / "node_modules" / "decap-server" / "dist" / "index.js"
INSTALL = "npm ci --prefix tests/browser; .ci/run does it"
BODY = ("What we know: courier positions are current again since 11:30 CET. We are watching "
        "the queue. Next update by 12:30 CET.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from support import copy_example

    return copy_example(tmp_path_factory.mktemp("editor"))


@pytest.fixture(scope="module")
def decap_server(project: Path) -> Iterator[str]:
    """decap-server on 127.0.0.1 with the project as its repository; its API address."""
    node = shutil.which("node")
    if node is None or not DECAP_SERVER.is_file() or not DECAP_CMS.is_dir():
        missing("node with decap-server and decap-cms", INSTALL)
    port = free_port()
    environment = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1",
                   "GIT_REPO_DIRECTORY": str(project), "LOG_LEVEL": "info"}
    server = subprocess.Popen([str(node), str(DECAP_SERVER)], env=environment,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert server.stdout is not None
    # It says so when it listens: wait for that line, not for a time.
    lines = []
    for line in server.stdout:
        lines.append(line)
        if "listening" in line:
            break
    else:
        server.wait()
        pytest.fail(f"decap-server did not start: {''.join(lines)}")
    try:
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        server.terminate()
        server.wait()
        server.stdout.close()


@pytest.fixture(scope="module")
def admin_url(project: Path, decap_server: str) -> Iterator[str]:
    from support import run_cli

    assert run_cli(project, "admin", "--decap", str(DECAP_CMS),
                   "--local-backend-url", decap_server) == 0
    for url in served(project):
        yield url + "admin/"


def new_files(folder: Path, before: set[str]) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(folder.iterdir()) if p.name not in before}


def test_a_pr_person_adds_an_update_in_the_browser_and_check_and_build_accept_it(
        browser: Any, project: Path, admin_url: str) -> None:
    from support import run_cli

    incident = project / "content" / "incidents" / ACTIVE_INCIDENT
    before = {p.name for p in incident.iterdir()}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    try:
        page.goto(admin_url)
        page.get_by_role("button", name="Login").click()  # the local backend: no account
        page.goto(f"{admin_url}#/collections/updates-{ACTIVE_INCIDENT}/new")
        # The default language's pane comes first; the Russian one beside it is left blank.
        page.locator("input[id^=at-field]").first.fill("2026-11-24T11:35")
        page.locator("input[id^=status-field]").first.click()
        page.keyboard.type("monitoring")
        page.keyboard.press("Enter")
        page.locator("[contenteditable=true]").first.click()
        page.keyboard.type(BODY)
        page.get_by_role("button", name="Publish").click()
        page.get_by_text("Publish now").click()
        page.get_by_text("Entry saved").wait_for()
        screenshot(page, "editor-new-update")
    finally:
        context.close()
    assert errors == []
    assert all(url.startswith(admin_url) for url in scripts), scripts  # no CDN

    written = new_files(incident, before)
    [original] = [name for name in written if name.endswith(".en.md")]
    front_matter = yaml.safe_load(written[original].split("---")[1])
    assert front_matter == {"at": "2026-11-24 11:35", "status": "monitoring"}
    assert written[original].rstrip().endswith(BODY)
    assert written.get(original.replace(".en.md", ".ru.md"), "").strip() == ""  # left blank

    assert run_cli(project, "check") == 0
    assert run_cli(project, "build") == 0
    page_html = (project / "site" / "incidents" / ACTIVE_INCIDENT / "index.html").read_text("utf-8")
    assert "courier positions are current again since 11:30 CET" in page_html
    russian = (project / "site" / "ru" / "incidents" / ACTIVE_INCIDENT / "index.html")
    assert "courier positions are current again" in russian.read_text("utf-8")  # with the note
