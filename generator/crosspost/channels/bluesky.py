"""Bluesky (AT Protocol): one session per run, posts as app.bsky.feed.post records with
link facets, reply strong refs, and an rkey derived from the update so a repeat is found."""

from __future__ import annotations

import asyncio
import hashlib
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from generator.crosspost.channels.base import (
    ChannelError,
    Clock,
    HttpAdapter,
    PermanentError,
    PostResult,
    Thread,
    answer_field,
    error_detail,
    json_body,
    seconds_until_epoch,
    utc_now,
)
from generator.wording.shaping import Message, TextRules

if TYPE_CHECKING:
    import httpx

DEFAULT_RULES = TextRules(limit=300, counting="graphemes", max_bytes=3000, short_links=True,
                          label="graphemes")
COLLECTION = "app.bsky.feed.post"
_S32 = "234567abcdefghijklmnopqrstuvwxyz"
_URL = re.compile(r"https?://[^\s<>\"]+")


def tid(at: datetime, seed: str) -> str:
    """A valid TID (13 base32-sortable characters) from the second of `at`, with the
    microseconds and the 10-bit clock id taken from a hash of `seed`: the same update
    always gets the same record key, and two updates almost never share one."""
    digest = hashlib.sha256(seed.encode()).digest()
    micros = int(at.timestamp()) * 1_000_000 + int.from_bytes(digest[:4], "big") % 1_000_000
    micros &= (1 << 53) - 1
    clock_id = int.from_bytes(digest[4:6], "big") & 0x3FF
    value = (micros << 10) | clock_id
    return "".join(_S32[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def rate_limit_wait(response: httpx.Response, now: datetime) -> float | None:
    """Bluesky's own reset header: Unix time (posting and reading alike)."""
    return seconds_until_epoch(response.headers.get("ratelimit-reset"), now)


class Bluesky(HttpAdapter):
    kind = "bluesky"
    idempotent = True
    threads = True
    default_rules = DEFAULT_RULES
    default_api_base = "https://bsky.social"

    def __init__(self, name: str, client: httpx.AsyncClient, handle: str, app_password: str,
                 *, service: str | None = None, rules: TextRules | None = None,
                 clock: Clock = utc_now) -> None:
        super().__init__(name, client, api_base=service, rules=rules, clock=clock)
        self.handle = handle
        self._password = app_password
        self._session: dict[str, str] | None = None
        self._lock = asyncio.Lock()

    async def prepare(self) -> None:
        await self._login()

    async def _login(self) -> dict[str, str]:
        async with self._lock:  # one session for the whole run
            if self._session is None:
                response = await self._xrpc("POST", "com.atproto.server.createSession",
                                            json={"identifier": self.handle,
                                                  "password": self._password}, auth=False)
                body = json_body(response, "Bluesky's createSession")
                self._session = {
                    "did": str(answer_field(body, "Bluesky's createSession", "did")),
                    "jwt": str(answer_field(body, "Bluesky's createSession", "accessJwt"))}
            return self._session

    async def _xrpc(self, method: str, nsid: str, *, auth: bool = True, renewed: bool = False,
                    **kwargs: Any) -> httpx.Response:
        headers = {}
        if auth:
            headers["Authorization"] = f"Bearer {(await self._login())['jwt']}"
        request = self.client.build_request(method, f"{self.api_base}/xrpc/{nsid}",
                                            headers=headers, **kwargs)
        response = await self.send(request)
        if response.status_code == 400 and auth and not renewed and \
                error_detail(response, "error") == "ExpiredToken":
            self._session = None
            return await self._xrpc(method, nsid, auth=auth, renewed=True, **kwargs)
        self.raise_for(response, detail_from=("message", "error"), retry_after=rate_limit_wait)
        return response

    def record_key(self, message: Message) -> str:
        return tid(message.at or datetime(2024, 1, 1, tzinfo=UTC),
                   f"{self.name}:{message.key}")

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        session = await self._login()
        rkey = self.record_key(message)
        if message.resume:
            found = await self._existing(session["did"], rkey)
            if found is not None:
                return found
        record: dict[str, Any] = {
            "$type": COLLECTION, "text": message.text,
            "createdAt": self.clock().astimezone(UTC).isoformat().replace("+00:00", "Z"),
        }
        facets = link_facets(message)
        if facets:
            record["facets"] = facets
        if thread is not None:
            record["reply"] = {"root": _strong_ref(thread.root), "parent": _strong_ref(thread.parent)}
        try:
            response = await self._xrpc("POST", "com.atproto.repo.createRecord", json={
                "repo": session["did"], "collection": COLLECTION, "rkey": rkey, "record": record,
            })
        except ChannelError:
            # The record key is derived from the update, so whatever the error says ("already
            # exists" as 400, or a real PDS's 500 for a duplicate key, or a timeout), a record
            # under this key is this very update: look before reporting a failure.
            try:
                found = await self._existing(session["did"], rkey)
            except ChannelError:
                found = None
            if found is not None:
                return found
            raise
        return _result(json_body(response, "Bluesky", acted=True), self.handle)

    async def find(self, message: Message, thread: Thread | None) -> PostResult | None:
        """The record under this message's key, if the repository has it."""
        session = await self._login()
        return await self._existing(session["did"], self.record_key(message))

    async def _existing(self, did: str, rkey: str) -> PostResult | None:
        try:
            response = await self._xrpc("GET", "com.atproto.repo.getRecord",
                                        params={"repo": did, "collection": COLLECTION,
                                                "rkey": rkey})
        except PermanentError:
            return None  # 400 RecordNotFound: the earlier attempt did not land
        return _result(json_body(response, "Bluesky's getRecord"), self.handle)


def link_facets(message: Message) -> list[dict[str, Any]]:
    """A link facet for the message's link and for every other URL written in the text, in
    UTF-8 byte offsets (end exclusive): Bluesky shows no link without one."""
    facets = []
    spans = [(message.link_start, message.link_end, message.link)] if message.link else []
    for match in _URL.finditer(message.text):
        if not any(start <= match.start() < end for start, end, _ in spans):
            spans.append((match.start(), match.end(), match.group().rstrip(".,;:!?)")))
    for start, end, uri in sorted(spans, key=lambda span: span[0]):
        shown = message.text[start:end]
        if uri != message.link:
            end = start + len(uri)
            shown = uri
        byte_start = len(message.text[:start].encode("utf-8"))
        facets.append({"index": {"byteStart": byte_start,
                                 "byteEnd": byte_start + len(shown.encode("utf-8"))},
                       "features": [{"$type": "app.bsky.richtext.facet#link", "uri": uri}]})
    return facets


def link_facet(message: Message) -> dict[str, Any]:
    """The facet of the message's own link (see `link_facets`)."""
    return link_facets(message)[0]


def _strong_ref(post: PostResult) -> dict[str, str]:
    return {"uri": str(post.remote_id), "cid": str(post.extra.get("cid", ""))}


def _result(body: Any, handle: str) -> PostResult:
    uri = answer_field(body, "Bluesky", "uri", acted=True)
    cid = answer_field(body, "Bluesky", "cid", acted=True)
    rkey = str(uri).rsplit("/", 1)[-1]
    return PostResult(remote_id=uri, url=f"https://bsky.app/profile/{handle}/post/{rkey}",
                      extra={"cid": cid})

