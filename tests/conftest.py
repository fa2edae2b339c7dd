"""pytest fixtures: small hubs in tmp_path, the example site built once per session, the
local cross-posting platforms. The helpers they use are in support.py."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from support import HubFolder, build_example, copy_example


@pytest.fixture
def hub(tmp_path: Path) -> HubFolder:
    return HubFolder(tmp_path)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example hub of the repository, built once for the whole test session."""
    return build_example(tmp_path_factory.mktemp("example") / "site")


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example project, to change and rebuild."""
    return copy_example(tmp_path)


# Cross-posting: the local platforms and the SMTP server (see crosspost_hub.py).
from crosspost_hub import platforms, smtp, tls  # noqa: E402,F401


def pytest_configure(config: pytest.Config) -> None:
    """The tests freeze the clock on purpose (`now:` in every test hub), also when a CI machine
    (which sets CI=true) runs them. Set for the whole session, so that module- and
    session-scoped fixtures that build a hub see it too; tests of the CI refusal remove it
    (tests/test_kinds_and_guards.py)."""
    os.environ["CRISISHUB_ALLOW_FROZEN_CLOCK"] = "1"
    # Builds keep compiled templates in the user's cache folder (site/compiled_templates.py):
    # the tests' go to a folder of their own, never the developer's ~/.cache.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="crisishub-tests-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.get("XDG_CACHE_HOME", ""), ignore_errors=True)


@pytest.fixture(autouse=True)
def _frozen_clock_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the allowance back for each test, whatever the one before it did."""
    monkeypatch.setenv("CRISISHUB_ALLOW_FROZEN_CLOCK", "1")
