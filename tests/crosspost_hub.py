"""Cross-posting test helpers: a small hub on disk, the local platforms, an SMTP server with
STARTTLS, and the environment that points every channel at them (fixtures re-exported by
conftest.py)."""

from __future__ import annotations

import ssl
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import trustme
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from crosspost_fakes import TOKENS, X_KEYS, MailSink, Platforms, free_port

NOW = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
SMTP_USER, SMTP_PASSWORD = "mailer", "smtp-secret-password-9"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), "utf-8")
    return path


def write_update(root: Path, incident: str, slug: str, *, at: str, status: str, body: str,
                 social: Any = None) -> Path:
    meta: dict[str, Any] = {"at": at, "status": status}
    if social is not None:
        meta["social"] = social
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return write(root / "content" / "incidents" / incident / f"{slug}.md",
                 f"---\n{front}---\n{body}\n")


def make_hub(root: Path, *, impact: str = "major", channels: dict[str, Any] | None = None,
             extra: str = "") -> Path:
    """A hub with one incident of two updates, and channels.yml with `channels`."""
    write(root / "mkdocs.yml", """
        site_name: Example Status
        site_url: https://status.example.com/
        docs_dir: content/pages
        theme:
          name: material
        plugins:
          - crisishub:
              time_zone: UTC
    """)
    (root / "content" / "pages").mkdir(parents=True, exist_ok=True)
    write(root / "content" / "components.yml", """
        components:
          - id: payments
            name: Payments
    """)
    write(root / "content" / "incidents" / "2026-11-24-payments-down" / "incident.md", f"""
        ---
        title: Card payments failing
        impact: {impact}
        started: 2026-11-24 14:00 +00:00
        ---
    """)
    write_update(root, "2026-11-24-payments-down", "update-1", at="2026-11-24 14:05 +00:00",
                 status="investigating",
                 body="Some card payments fail at checkout. We are **investigating** and will "
                      "update within 30 minutes.")
    write_update(root, "2026-11-24-payments-down", "update-2", at="2026-11-24 14:40 +00:00",
                 status="identified",
                 body="We found the cause: an expired certificate at our card processor. "
                      "A fix is being deployed.")
    config = {"channels": channels or {}}
    write(root / "content" / "channels.yml",
          yaml.safe_dump(config, sort_keys=False) + textwrap.dedent(extra))
    return root


@pytest.fixture
def platforms() -> Iterator[Platforms]:
    running = Platforms().start()  # reset headers in real time, as the real APIs send them
    yield running
    running.stop()


@pytest.fixture(scope="session")
def tls() -> tuple[trustme.CA, trustme.LeafCert]:
    ca = trustme.CA()
    return ca, ca.issue_cert("127.0.0.1", "localhost")


@pytest.fixture
def smtp(tls: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, MailSink]]:
    """A real SMTP server on 127.0.0.1 requiring STARTTLS and login; its CA is trusted."""
    ca, leaf = tls
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                     auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and \
            auth_data.login == SMTP_USER.encode() and auth_data.password == SMTP_PASSWORD.encode()
        return AuthResult(success=ok, handled=False)

    sink = MailSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, tls_context=server_context,
                            require_starttls=True, authenticator=authenticate,
                            auth_require_tls=True, server_hostname="localhost")
    controller.start()
    yield port, sink
    controller.stop()


def all_channels(base: str, smtp_port: int | None = None) -> dict[str, Any]:
    """channels.yml settings pointing every kind at the local platforms."""
    channels: dict[str, Any] = {
        "mastodon": {"instance": f"{base}/mastodon"},
        "bluesky": {"handle": "status.example.com", "api_base": f"{base}/bsky"},
        "telegram": {"chat_id": "@examplestatus", "api_base": f"{base}/telegram"},
        "vk": {"group_id": 4242, "api_base": f"{base}/vk"},
        "x": {"api_base": f"{base}/x"},
        "slack": {}, "discord": {}, "teams": {},
        "webhook": {"url": f"{base}/webhook"},
    }
    if smtp_port:
        channels["email"] = {"to": "status@lists.example.com", "from": "status@example.com",
                             "smtp_host": "127.0.0.1", "smtp_port": smtp_port}
    return channels


def environment(base: str) -> dict[str, str]:
    """Every secret, the way CI would set them."""
    return {
        "CRISISHUB_MASTODON_TOKEN": TOKENS["mastodon"],
        "CRISISHUB_BLUESKY_APP_PASSWORD": TOKENS["bluesky"],
        "CRISISHUB_TELEGRAM_BOT_TOKEN": TOKENS["telegram"],
        "CRISISHUB_VK_TOKEN": TOKENS["vk"],
        "CRISISHUB_X_API_KEY": X_KEYS[0], "CRISISHUB_X_API_SECRET": X_KEYS[1],
        "CRISISHUB_X_ACCESS_TOKEN": X_KEYS[2], "CRISISHUB_X_ACCESS_TOKEN_SECRET": X_KEYS[3],
        "CRISISHUB_SLACK_WEBHOOK_URL": base + TOKENS["slack"],
        "CRISISHUB_DISCORD_WEBHOOK_URL": base + TOKENS["discord"],
        "CRISISHUB_TEAMS_WEBHOOK_URL": base + TOKENS["teams"],
        "CRISISHUB_WEBHOOK_SECRET": TOKENS["webhook"],
        "CRISISHUB_EMAIL_SMTP_USERNAME": SMTP_USER,
        "CRISISHUB_EMAIL_SMTP_PASSWORD": SMTP_PASSWORD,
    }


async def no_sleep(seconds: float) -> None:
    """Retries wait on this instead of the clock; tests read what was asked."""
    SLEPT.append(seconds)


SLEPT: list[float] = []
