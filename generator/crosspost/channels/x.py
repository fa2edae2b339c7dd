"""X: POST /2/tweets with OAuth 1.0a user context (HMAC-SHA1); replies for threads."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, urlsplit

from generator.crosspost.channels.base import (
    AlreadyPosted,
    Clock,
    HttpAdapter,
    PostResult,
    Thread,
    UnknownOutcome,
    error_detail,
    seconds_until_epoch,
    utc_now,
)
from generator.wording.shaping import Message, TextRules

if TYPE_CHECKING:
    import httpx

DEFAULT_RULES = TextRules(limit=280, counting="twitter", url_weight=23,
                          label="weighted characters")


@dataclass(frozen=True)
class OAuth1Keys:
    consumer_key: str
    consumer_secret: str
    token: str
    token_secret: str


def _pct(value: str) -> str:
    return quote(value, safe="~-._")


def oauth1_header(method: str, url: str, keys: OAuth1Keys, *, params: dict[str, str] | None = None,
                  nonce: str | None = None, timestamp: int | None = None) -> str:
    """The Authorization header for one request (RFC 5849 §3.4.1, HMAC-SHA1).

    `params` are form-encoded body parameters; a JSON body is not signed.
    """
    oauth = {
        "oauth_consumer_key": keys.consumer_key,
        "oauth_nonce": nonce or secrets.token_hex(16),
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": str(timestamp if timestamp is not None else int(utc_now().timestamp())),
        "oauth_token": keys.token,
        "oauth_version": "1.0",
    }
    parts = urlsplit(url)
    pairs = [*parse_qsl(parts.query, keep_blank_values=True), *(params or {}).items(),
             *oauth.items()]
    normalized = "&".join(f"{k}={v}" for k, v in sorted((_pct(k), _pct(v)) for k, v in pairs))
    base_url = f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path}"
    base = "&".join([method.upper(), _pct(base_url), _pct(normalized)])
    key = f"{_pct(keys.consumer_secret)}&{_pct(keys.token_secret)}"
    signature = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest())
    oauth["oauth_signature"] = signature.decode()
    return "OAuth " + ", ".join(f'{_pct(k)}="{_pct(v)}"' for k, v in sorted(oauth.items()))


def rate_limit_wait(response: httpx.Response, now: datetime) -> float | None:
    """X's own reset header: Unix time (posting and reading alike)."""
    return seconds_until_epoch(response.headers.get("x-rate-limit-reset"), now)


class X(HttpAdapter):
    kind = "x"
    idempotent = False
    threads = True
    default_rules = DEFAULT_RULES
    default_api_base = "https://api.x.com"

    def __init__(self, name: str, client: httpx.AsyncClient, keys: OAuth1Keys, *,
                 api_base: str | None = None, rules: TextRules | None = None,
                 clock: Clock = utc_now, nonce: Callable[[], str] | None = None) -> None:
        super().__init__(name, client, api_base=api_base, rules=rules, clock=clock)
        self._keys = keys
        self.nonce = nonce

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        url = f"{self.api_base}/2/tweets"
        payload: dict[str, Any] = {"text": message.text}
        if thread is not None and thread.parent.remote_id:
            payload["reply"] = {"in_reply_to_tweet_id": thread.parent.remote_id}
        header = oauth1_header("POST", url, self._keys, nonce=self.nonce() if self.nonce else None,
                               timestamp=int(self.clock().timestamp()))
        request = self.client.build_request("POST", url, json=payload,
                                            headers={"Authorization": header})
        response = await self.send(request)
        detail = error_detail(response, "detail", "title")
        if response.status_code == 403 and "duplicate" in detail.lower():
            raise AlreadyPosted(f"HTTP 403: {detail}")
        self.raise_for(response, detail_from=("detail", "title"), retry_after=rate_limit_wait)
        try:
            tweet_id = str(response.json()["data"]["id"])
        except (ValueError, KeyError, TypeError):
            raise UnknownOutcome("X accepted the request but sent no post id") from None
        return PostResult(remote_id=tweet_id, url=f"https://x.com/i/web/status/{tweet_id}")
