"""pytest fixtures: small hubs in tmp_path, the example site built once per session, the
local cross-posting platforms. The helpers they use are in support.py."""

from __future__ import annotations

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
