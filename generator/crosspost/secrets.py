"""The last filter before anything leaves the process: every configured secret masked.

Adapters already keep secrets out of their messages; this is the net below them, applied to
everything `publish` prints, writes into the ledger and the outbox, so a proxy that echoes
a request (with a webhook URL in its path) cannot carry a secret into a committed file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TextIO
from urllib.parse import quote, urlsplit

from generator.reading.channels_file import KINDS, ChannelsConfig

MASK = "[secret]"
SHORTEST = 6  # shorter values would mask ordinary words; no real token is this short


class Masker:
    """Replaces every secret (and, for a secret URL, its path, which is the secret part)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        found: set[str] = set()
        for secret in secrets:
            secret = secret.strip()
            if len(secret) < SHORTEST:
                continue
            found |= {secret, quote(secret, safe=""), quote(secret)}
            parts = urlsplit(secret)
            if parts.scheme and parts.netloc:
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                if len(path) >= SHORTEST:
                    found |= {path, quote(path, safe="")}
        self.secrets = sorted(found, key=len, reverse=True)  # longest first: no half-masks

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text


def configured_secrets(config: ChannelsConfig, environ: Mapping[str, str]) -> list[str]:
    """The values of every secret variable of every channel in channels.yml."""
    values = []
    for settings in [*config.channels, *config.disabled]:
        for secret in KINDS[settings.kind].secrets:
            value = environ.get(settings.secret_env(secret))
            if value:
                values.append(value)
    return values


class MaskedOutput:
    """A text stream that masks what is written to it."""

    def __init__(self, stream: TextIO, mask: Masker) -> None:
        self.stream = stream
        self.mask = mask

    def write(self, text: str) -> int:
        return self.stream.write(self.mask(text))

    def flush(self) -> None:
        self.stream.flush()
