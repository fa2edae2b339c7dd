"""What every reader shares: the posts to read, where results go, and one careful GET.

Readers speak the cross-posting error family (`generator.crosspost.channels.base`): a rate
limit the channel asks to wait out for at most `MAX_WAIT` seconds is waited out (twice at
most), a longer one stops that channel for this run. Reading is always safe to repeat.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from generator.crosspost.channels.base import (
    ChannelError,
    Clock,
    PermanentError,
    RateLimited,
    RetryAfter,
    TransientError,
    raise_for_http,
    send,
)
from generator.listening.store import Snapshot

if TYPE_CHECKING:
    import httpx

Sleep = Callable[[float], Awaitable[None]]
MAX_WAIT = 60.0
ATTEMPTS = 3


class CannotRead(ChannelError):
    """This channel cannot be read with the access it has: skipped, with the reason."""


class Gone(PermanentError):
    """The post was deleted (or never existed): recorded as a 'deleted' snapshot."""


@dataclass(frozen=True)
class Posted:
    """One message of the ledger that a reader looks up."""

    channel: str
    key: str
    remote_id: str
    incident: str | None = None
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Collected:
    """What one channel's reading produced so far; kept even when the channel fails later."""

    channel: str
    snapshots: list[Snapshot] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def snapshot(self, post: Posted, at: datetime, **fields: Any) -> None:
        self.snapshots.append(Snapshot(
            at=at.isoformat(timespec="seconds"), channel=post.channel, key=post.key,
            remote_id=post.remote_id, incident=post.incident, url=post.url, **fields))


class Reader(Protocol):
    name: str
    kind: str

    async def read(self, posts: list[Posted], out: Collected) -> None:
        """Append a snapshot per readable post to `out` (may raise ChannelError)."""


def plain_text(markup: str) -> str:
    """Text of a Mastodon status' HTML: line breaks kept, tags dropped, entities decoded."""
    text = re.sub(r"<br\s*/?>|</p>\s*<p>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def json_detail(response: httpx.Response, *keys: str) -> str:
    """A short reason from a JSON error body; an HTML page (a proxy's, a CDN's) is named as
    such instead of being quoted."""
    try:
        body = response.json()
    except ValueError:
        kind = response.headers.get("content-type", "").split(";")[0] or "no content type"
        return f"an error page ({kind}), not the API's JSON"
    if isinstance(body, dict):
        for key in keys:
            if body.get(key):
                return str(body[key])[:200]
    return ""


async def get_json(client: httpx.AsyncClient, request_of: Callable[[], httpx.Request], *,
                   clock: Clock, sleep: Sleep, retry_after: RetryAfter | None = None,
                   detail_keys: tuple[str, ...] = ("error", "message"),
                   gone: tuple[int, ...] = (404, 410),
                   check: Callable[[httpx.Response], None] | None = None) -> Any:
    """GET (or POST) and parse JSON, waiting out short rate limits; 404/410 raise `Gone`."""
    for attempt in range(1, ATTEMPTS + 1):
        response = await send(client, request_of(), idempotent=True)
        now = clock()
        try:
            if check is not None:
                check(response)
            if response.status_code in gone:
                raise Gone(f"HTTP {response.status_code}: {json_detail(response, *detail_keys)}")
            raise_for_http(response, idempotent=True, now=now,
                           detail=json_detail(response, *detail_keys),
                           retry_after=retry_after(response, now) if retry_after else None)
            try:
                return response.json()
            except ValueError:
                raise TransientError("answered with a page that is not JSON "
                                     f"({response.headers.get('content-type', 'no type')})") from None
        except RateLimited as exc:
            if attempt == ATTEMPTS or exc.retry_after > MAX_WAIT:
                raise RateLimited(f"rate limited ({exc}); try again in "
                                  f"{exc.retry_after:.0f} s", exc.retry_after) from None
            await sleep(exc.retry_after)
        except TransientError as exc:
            if attempt == ATTEMPTS:
                raise
            await sleep(exc.retry_after if exc.retry_after is not None and
                        exc.retry_after <= MAX_WAIT else 2.0 * attempt)
    raise AssertionError("unreachable")
