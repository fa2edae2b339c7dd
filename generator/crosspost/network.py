"""The HTTP client every channel of a `publish` run shares.

Its own module, imported when a run opens its channels: httpx (about 50 ms of imports) is
then loaded only by the commands that send, not by every build that reads channels.yml.
"""

from __future__ import annotations

import httpx


class NetworkOnFirstRequest(httpx.AsyncBaseTransport):
    """httpx's own transport, made when the first request is sent: a run whose channels all
    write their outbox (no credentials) does not load TLS certificates it never uses."""

    def __init__(self) -> None:
        self._transport: httpx.AsyncHTTPTransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._transport is None:
            self._transport = httpx.AsyncHTTPTransport()
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()


def open_client(transport: httpx.AsyncBaseTransport | None, timeout: float) -> httpx.AsyncClient:
    """The client of one run: through `transport` (tests), else the network."""
    return httpx.AsyncClient(transport=transport or NetworkOnFirstRequest(), timeout=timeout)
