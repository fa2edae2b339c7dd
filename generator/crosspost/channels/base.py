"""The one small protocol every channel speaks, and the errors it may raise.

An adapter only turns a `Message` (and the thread it continues) into its channel's request
and the answer into a `PostResult` or one of four exceptions. Retrying, the ledger and the
fan-out live in `generator.crosspost.fanout`; no adapter re-decides them.
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from generator.wording.shaping import Message, TextRules

if TYPE_CHECKING:
    import httpx

Clock = Callable[[], datetime]
# Seconds to wait read from a channel's own rate-limit header, or None (then Retry-After).
RetryAfter = Callable[["httpx.Response", datetime], float | None]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PostResult:
    """Where a message landed: the channel's id for it, its public URL, and whatever else
    a later reply needs (Bluesky's cid)."""

    remote_id: str | None = None
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Thread:
    """The posts an update continues on one channel: the incident's first and latest."""

    root: PostResult
    parent: PostResult


class ChannelError(Exception):
    """Base of what a channel may raise; `str()` never contains a secret.

    `ambiguous`: the request may have reached the channel and been acted on."""

    ambiguous = False


class RateLimited(ChannelError):
    """The channel said 'not now': nothing was posted; try again after `retry_after` s."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TransientError(ChannelError):
    """Nothing was posted, or a repeat cannot post twice (idempotent channel): retry."""

    def __init__(self, message: str, retry_after: float | None = None, *,
                 ambiguous: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.ambiguous = ambiguous


class PermanentError(ChannelError):
    """The channel refused the message (credentials, permissions, content): fix, then rerun."""


class AlreadyPosted(ChannelError):
    """The channel refused the message because it has it already (X's duplicate-content
    403): it is there, so it counts as posted, without an id."""


class UnknownOutcome(ChannelError):
    """The request may have been posted; a repeat could post twice, so it is not retried."""

    ambiguous = True


class Channel(Protocol):
    """A place the hub posts to."""

    name: str
    kind: str
    rules: TextRules
    idempotent: bool  # a repeat of an interrupted send can never post twice
    threads: bool  # a later update can reply to the incident's earlier post

    async def prepare(self) -> None:
        """Read limits or log in before any message is shaped (may raise ChannelError)."""

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        """Post `message`, replying to `thread` when given."""


class ReadBack(Protocol):
    """A channel that can tell whether a message is there already (its own recent posts)."""

    async def find(self, message: Message, thread: Thread | None) -> PostResult | None:
        """The post of `message` if the channel has it, else None (may raise ChannelError)."""


def can_read_back(channel: object) -> bool:
    return callable(getattr(channel, "find", None))


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - now).total_seconds())


def seconds_until_epoch(value: str | None, now: datetime) -> float | None:
    """Seconds until a reset header given as Unix time (X, Bluesky)."""
    try:
        return max(0.0, float(value) - now.timestamp()) if value else None
    except ValueError:
        return None


def seconds_until_iso(value: str | None, now: datetime) -> float | None:
    """Seconds until a reset header given as an ISO 8601 time (Mastodon)."""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
    return max(0.0, (when - now).total_seconds()) if when else None


async def send(client: httpx.AsyncClient, request: httpx.Request, *,
               idempotent: bool) -> httpx.Response:
    """Send one request, turning transport failures into the channel error family.

    A failure before the request left (connect) is always safe to retry; one after it may
    have arrived (read timeout, dropped connection) is only safe on an idempotent channel.
    """
    import httpx  # loaded when something is sent, not by every build that reads channels.yml

    try:
        return await client.send(request)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise TransientError(f"could not connect: {type(exc).__name__}") from None
    except httpx.TransportError as exc:
        what = f"no answer ({type(exc).__name__}); the post may have gone through"
        if idempotent:
            raise TransientError(what, ambiguous=True) from None
        raise UnknownOutcome(what) from None


def raise_for_http(response: httpx.Response, *, idempotent: bool, now: datetime,
                   retry_after: float | None = None, detail: str = "") -> None:
    """Classify a non-success HTTP status; return quietly on 2xx."""
    status = response.status_code
    if status < 300:
        return
    what = f"HTTP {status}" + (f": {detail}" if detail else "")
    wait = retry_after if retry_after is not None else parse_retry_after(
        response.headers.get("Retry-After"), now)
    if status == 429:
        raise RateLimited(what, wait if wait is not None else 60.0)
    if status == 503 and wait is not None:
        raise RateLimited(what, wait)
    if status >= 500 or status == 408:
        if status == 503:
            raise TransientError(what, wait)
        if idempotent:
            raise TransientError(what, wait, ambiguous=True)
        raise UnknownOutcome(f"{what}; the post may have gone through")
    raise PermanentError(what)


def error_detail(response: httpx.Response, *keys: str) -> str:
    """A short reason from known fields of a JSON error body (the first of `keys` found).

    Never anything else: a body that is not JSON (a proxy's page, an echo of the request
    with its secret path) gives no detail at all, only its type."""
    try:
        body = response.json()
    except ValueError:
        kind = response.headers.get("Content-Type", "").split(";")[0].strip()
        return f"the answer is not JSON ({kind or 'no content type'})" if response.content else ""
    if isinstance(body, dict):
        for key in keys:
            value = body.get(key)
            if isinstance(value, dict):  # {"error": {"code": ..., "message": ...}}
                value = value.get("message") or value.get("code")
            if value and isinstance(value, (str, int)):
                return str(value)[:200]
    return ""


def json_body(response: httpx.Response, channel: str, *, acted: bool = False) -> Any:
    """The answer's JSON. An answer that is not JSON fails this channel alone: permanently
    for a login or a look-up; for a post (`acted`) the post may be there, so it is ambiguous
    (read back, or unknown)."""
    try:
        return response.json()
    except ValueError:
        kind = response.headers.get("Content-Type", "").split(";")[0].strip() or "no type"
        what = f"{channel} answered HTTP {response.status_code} with something that is not " \
               f"JSON ({kind})"
        if acted:
            raise TransientError(f"{what}; the post may have gone through",
                                 ambiguous=True) from None
        raise PermanentError(what) from None


def answer_field(body: Any, channel: str, *path: str | int, acted: bool = False) -> Any:
    """`body[path[0]][path[1]]...`, or the same failure as `json_body` when it is missing."""
    value = body
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            what = f"{channel}'s answer has no {'.'.join(map(str, path))}"
            if acted:
                raise TransientError(f"{what}; the post may have gone through",
                                     ambiguous=True) from None
            raise PermanentError(what) from None
    return value


class Adapter:
    """What every channel adapter holds: its name, text rules and clock; and nothing to
    prepare (Mastodon and Bluesky override `prepare`). One explicit subclass per channel."""

    kind: str
    idempotent: bool
    threads: bool
    default_rules: TextRules  # each channel's own, when channels.yml sets none

    def __init__(self, name: str, *, rules: TextRules | None = None,
                 clock: Clock = utc_now) -> None:
        self.name = name
        self.rules = rules if rules is not None else self.default_rules
        self.clock = clock

    async def prepare(self) -> None:
        return None


class HttpAdapter(Adapter):
    """An adapter that speaks HTTP through `client` to `api_base` (the channel's own unless
    given, without a trailing slash), with the one send-and-classify sequence they share."""

    default_api_base = ""

    def __init__(self, name: str, client: httpx.AsyncClient, *, api_base: str | None = None,
                 rules: TextRules | None = None, clock: Clock = utc_now) -> None:
        super().__init__(name, rules=rules, clock=clock)
        self.client = client
        self.api_base = (api_base or self.default_api_base).rstrip("/")

    async def send(self, request: httpx.Request) -> httpx.Response:
        """`send` with this channel's idempotence."""
        return await send(self.client, request, idempotent=self.idempotent)

    def raise_for(self, response: httpx.Response, *, detail_from: tuple[str, ...] | None = None,
                  retry_after: RetryAfter | None = None) -> None:
        """`raise_for_http` for this channel. The error quotes `error_detail` of the body
        with the keys `detail_from` (None: nothing of the body); `retry_after` reads the
        channel's own rate-limit header."""
        now = self.clock()
        raise_for_http(response, idempotent=self.idempotent, now=now,
                       detail="" if detail_from is None else error_detail(response, *detail_from),
                       retry_after=retry_after(response, now) if retry_after else None)

    async def exchange(self, request: httpx.Request, *,
                       detail_from: tuple[str, ...] | None = None,
                       retry_after: RetryAfter | None = None) -> httpx.Response:
        """Send `request` and return its 2xx answer, or raise what the answer means
        (see `raise_for`)."""
        response = await self.send(request)
        self.raise_for(response, detail_from=detail_from, retry_after=retry_after)
        return response

    @staticmethod
    def refuse_html(response: httpx.Response, instead_of: str, outcome: str) -> None:
        """A 2xx HTML page is a proxy's, not `instead_of`: the request may have been acted
        on (`outcome` says how)."""
        if "html" in response.headers.get("Content-Type", ""):
            raise UnknownOutcome(f"HTTP {response.status_code} with an HTML page instead of "
                                 f"{instead_of}; {outcome}")
