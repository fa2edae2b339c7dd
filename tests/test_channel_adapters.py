"""What every channel adapter shares (`channels/base.py`): the API it talks to by default,
and `api_base:` from channels.yml in its place, without a doubled slash."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from generator.crosspost.channels.base import ChannelError
from generator.crosspost.channels.registry import build_channel
from generator.reading.channels_file import KINDS, ChannelSettings
from generator.wording.shaping import Message

MESSAGE = Message(key="payments/update-1", text="Card payments are failing.", link=None)
OPTIONS = {"telegram": {"chat_id": "@status"}, "vk": {"group_id": 42}, "x": {},
           "bluesky": {"handle": "status.example.com"}}
PUBLIC_API = {"telegram": "https://api.telegram.org/bot", "vk": "https://api.vk.com/method/",
              "x": "https://api.x.com/2/", "bluesky": "https://bsky.social/xrpc/"}


def first_request_url(kind: str, tmp_path: Path, **options: object) -> str:
    """Post through the channel `crisishub publish` would build; the stand-in refuses."""
    settings = ChannelSettings(kind, kind, {**OPTIONS[kind], **options})
    environ = {settings.secret_env(s): "secret-value" for s in KINDS[kind].secrets}
    seen: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(400, json={"error": "refused"})

    async def post() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
            channel, missing = build_channel(settings, environ, client, tmp_path / "outbox")
            assert missing == []
            with pytest.raises(ChannelError):
                await channel.post(MESSAGE, None)

    asyncio.run(post())
    return seen[0]


@pytest.mark.parametrize("kind", sorted(PUBLIC_API))
def test_a_channel_without_api_base_talks_to_its_public_api(kind: str, tmp_path: Path) -> None:
    assert first_request_url(kind, tmp_path).startswith(PUBLIC_API[kind])


@pytest.mark.parametrize("kind", sorted(PUBLIC_API))
def test_api_base_replaces_it_with_or_without_a_trailing_slash(kind: str,
                                                               tmp_path: Path) -> None:
    for written in ("http://127.0.0.1:9/proxy", "http://127.0.0.1:9/proxy/"):
        url = first_request_url(kind, tmp_path, api_base=written)
        assert url.startswith("http://127.0.0.1:9/proxy/") and "/proxy//" not in url
