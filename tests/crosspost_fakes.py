"""Local stand-ins for every channel, speaking each platform's documented contract on
127.0.0.1: status codes, error bodies, rate-limit headers, idempotency. No internet.

`Platforms` is one threaded HTTP server with a route per platform; `faults` queues
misbehaviour per route: "429" (with each platform's reset header), "500", "503", "hang"
(no answer), "down" (the connection dropped, for the rest of the run), "commit-then-500",
"commit-then-hang" and "commit-then-drop" (the platform acted, the answer is lost), "html"
(a proxy's HTML page with 200), "html-500", "echo" (a proxy's 502 echoing the request path,
secrets and all), "duplicate" (the platform's own answer to a repeat).
"""

from __future__ import annotations

import asyncio
import email
import hashlib
import hmac
import html
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import Message as MailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import regex

TOKENS = {
    "mastodon": "mastodon-secret-token-1234",
    "bluesky": "bsky-app-password-abcd",
    "telegram": "123456:telegram-secret-XYZ",
    "vk": "vk-secret-token-5678",
    "slack": "/slack/T000/B000/slacksecret",
    "discord": "/discord/api/webhooks/1/discordsecret",
    "teams": "/teams/workflows/teamssecret",
    "webhook": "webhook-shared-secret",
}
X_KEYS = ("x-consumer-key", "x-consumer-secret", "x-access-token", "x-access-secret")
TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


@dataclass
class Platforms:
    delay: float = 0.0  # every answer waits this long (the benchmark)
    mastodon_limit: int = 500
    epoch: float | None = None  # "now" for reset headers; tests run with an injected clock
    posts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    faults: dict[str, list[str]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: dict[str, int] = field(default_factory=dict)
    _keys: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def start(self) -> Platforms:
        platforms = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                platforms._handle(self, "GET")

            def do_POST(self) -> None:
                platforms._handle(self, "POST")

        class Server(ThreadingHTTPServer):
            request_queue_size = 128  # many channels connect at once

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,),
                                       daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def fault(self, route: str, *actions: str) -> None:
        self.faults.setdefault(route, []).extend(actions)

    def count(self, kind: str) -> int:
        return len(self.posts.get(kind, []))

    # -- plumbing ------------------------------------------------------------------------
    def _next_id(self, kind: str) -> int:
        self._ids[kind] = self._ids.get(kind, 100) + 1
        return self._ids[kind]

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        parts = urlsplit(h.path)
        self.requests.append((method, h.path, dict(h.headers), body))
        if self.delay:
            time.sleep(self.delay)
        route = self._route(parts.path)
        with self._lock:
            queue = self.faults.get(route) or self.faults.get(route.split(".")[0]) or []
            action = queue.pop(0) if queue else None
            if action == "down":
                queue.insert(0, "down")
        if action == "hang":
            self.release.wait(5)
            return
        if action == "down":
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)
            return
        if action in ("429", "500", "503"):
            self._fail(h, route, int(action))
            return
        if action in ("html", "html-500", "echo"):
            status = {"html": 200, "html-500": 500, "echo": 502}[action]
            page = (f"<html><body>Bad gateway for {h.path}</body></html>" if action == "echo"
                    else "<html><body><h1>Sign in</h1></body></html>")
            self._raw(h, status, page.encode(), "text/html")
            return
        if action == "duplicate":
            self._duplicate(h, route)
            return
        with self._lock:
            status, headers, payload = self._serve(route, parts, h.headers, body)
        if action == "commit-then-hang":
            self.release.wait(5)
            return
        if action == "commit-then-drop":
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)
            return
        if action == "commit-then-500":
            status, payload = 500, b'{"error": "internal"}'
        h.send_response(status)
        for name, value in headers.items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        h.wfile.write(payload)

    def _raw(self, h: BaseHTTPRequestHandler, status: int, payload: bytes, kind: str) -> None:
        h.send_response(status)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        h.wfile.write(payload)

    def _duplicate(self, h: BaseHTTPRequestHandler, route: str) -> None:
        """Each API's answer to a post it already has (the documented or observed shape)."""
        kind = route.split(".")[0]
        answers: dict[str, tuple[int, Any]] = {
            "x": (403, {"title": "Forbidden", "status": 403, "type": "about:blank",
                        "detail": "You are not allowed to create a Tweet with duplicate "
                                  "content."}),
            "bluesky": (500, {"error": "InternalServerError",
                              "message": "Internal Server Error"}),  # a real PDS, dup rkey
            "telegram": (400, {"ok": False, "error_code": 400,
                               "description": "Bad Request: message is not modified"}),
        }
        status, body = answers.get(kind, (409, {"error": "duplicate"}))
        self._raw(h, status, json.dumps(body).encode(), "application/json")

    def _route(self, path: str) -> str:
        for prefix, name in (("/mastodon/api/v2/instance", "mastodon.instance"),
                             ("/mastodon/api/v1/accounts/verify_credentials", "mastodon.me"),
                             ("/mastodon/api/v1/accounts/", "mastodon.statuses"),
                             ("/mastodon/", "mastodon.post"),
                             ("/bsky/xrpc/com.atproto.server.createSession", "bluesky.session"),
                             ("/bsky/xrpc/com.atproto.repo.getRecord", "bluesky.get"),
                             ("/bsky/", "bluesky.post"), ("/telegram/", "telegram.post"),
                             ("/vk/method/wall.get", "vk.read"), ("/vk/", "vk.post"),
                             ("/x/", "x.post"), ("/slack/", "slack.post"),
                             ("/discord/", "discord.post"), ("/teams/", "teams.post"),
                             ("/webhook", "webhook.post")):
            if path.startswith(prefix):
                return name
        return "unknown"

    def _fail(self, h: BaseHTTPRequestHandler, route: str, status: int) -> None:
        kind = route.split(".")[0]
        headers: dict[str, str] = {"Content-Type": "application/json"}
        body: dict[str, Any] = {"error": "failure"}
        if status == 429:
            if kind == "telegram":
                body = {"ok": False, "error_code": 429,
                        "description": "Too Many Requests: retry after 3", "parameters": {"retry_after": 3}}
            elif kind == "x":
                headers["x-rate-limit-reset"] = str(int(self.epoch or time.time()) + 5)
                body = {"title": "Too Many Requests", "detail": "Too Many Requests"}
            elif kind == "bluesky":
                headers["ratelimit-reset"] = str(int(self.epoch or time.time()) + 5)
                body = {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}
            elif kind == "discord":
                headers["Retry-After"] = "2"
                body = {"message": "You are being rate limited.", "retry_after": 1.5, "global": False}
            else:
                headers["Retry-After"] = "2"
        if kind == "vk" and status == 429:  # VK answers 200 with an error code
            status, body = 200, {"error": {"error_code": 6, "error_msg": "Too many requests per second"}}
        if kind == "telegram" and status != 429:
            body = {"ok": False, "error_code": status, "description": "Internal Server Error"}
        payload = json.dumps(body).encode()
        h.send_response(status)
        for name, value in headers.items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        h.wfile.write(payload)

    # -- the platforms -------------------------------------------------------------------
    def _serve(self, route: str, parts: Any, headers: Any, body: bytes,
               ) -> tuple[int, dict[str, str], bytes]:
        handler = getattr(self, "_" + route.replace(".", "_"), None)
        if handler is None:
            return 404, {}, b"not found"
        status, payload, extra = handler(parts, headers, body)
        out = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return status, {"Content-Type": "application/json", **extra}, out

    def _store(self, kind: str, record: dict[str, Any]) -> dict[str, Any]:
        self.posts.setdefault(kind, []).append(record)
        return record

    def _mastodon_instance(self, parts: Any, headers: Any, body: bytes) -> Any:
        return 200, {"configuration": {"statuses": {
            "max_characters": self.mastodon_limit, "characters_reserved_per_url": 23}}}, {}

    def _mastodon_post(self, parts: Any, headers: Any, body: bytes) -> Any:
        if headers.get("Authorization") != f"Bearer {TOKENS['mastodon']}":
            return 401, {"error": "The access token is invalid"}, {}
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        key = headers.get("Idempotency-Key")
        if key and ("mastodon", key) in self._keys:
            return 200, self._keys[("mastodon", key)], {}
        text = regex.sub(r"https?://\S+", "x" * 23, form.get("status", ""))
        if len(regex.findall(r"\X", text)) > self.mastodon_limit:
            return 422, {"error": f"Validation failed: Text character limit of "
                                  f"{self.mastodon_limit} exceeded"}, {}
        status_id = str(self._next_id("mastodon"))
        status = {"id": status_id, "url": f"https://mastodon.example/@status/{status_id}",
                  "in_reply_to_id": form.get("in_reply_to_id"),
                  "content": mastodon_html(form["status"]), "text": form["status"]}
        self._store("mastodon", status)
        if key:
            self._keys[("mastodon", key)] = status
        return 200, status, {}

    def _mastodon_me(self, parts: Any, headers: Any, body: bytes) -> Any:
        if headers.get("Authorization") != f"Bearer {TOKENS['mastodon']}":
            return 401, {"error": "The access token is invalid"}, {}
        return 200, {"id": "7", "username": "status", "acct": "status"}, {}

    def _mastodon_statuses(self, parts: Any, headers: Any, body: bytes) -> Any:
        if not parts.path.endswith("/accounts/7/statuses"):
            return 404, {"error": "Record not found"}, {}
        limit = int(parse_qs(parts.query).get("limit", ["20"])[0])
        newest = list(reversed(self.posts.get("mastodon", [])))[: min(limit, 40)]
        return 200, [{k: v for k, v in s.items() if k != "text"} for s in newest], {}

    def _bluesky_session(self, parts: Any, headers: Any, body: bytes) -> Any:
        data = json.loads(body)
        if data.get("password") != TOKENS["bluesky"]:
            return 401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}, {}
        self.posts.setdefault("bluesky.sessions", []).append({})
        return 200, {"did": "did:plc:status", "handle": data["identifier"],
                     "accessJwt": "jwt-access", "refreshJwt": "jwt-refresh"}, {}

    def _bluesky_get(self, parts: Any, headers: Any, body: bytes) -> Any:
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        found = [p for p in self.posts.get("bluesky", []) if p["rkey"] == query.get("rkey")]
        if not found:
            return 400, {"error": "RecordNotFound", "message": "Could not locate record"}, {}
        return 200, {"uri": found[0]["uri"], "cid": found[0]["cid"], "value": found[0]["record"]}, {}

    def _bluesky_post(self, parts: Any, headers: Any, body: bytes) -> Any:
        if headers.get("Authorization") != "Bearer jwt-access":
            return 401, {"error": "AuthenticationRequired"}, {}
        data = json.loads(body)
        record, rkey = data["record"], data.get("rkey")
        if not rkey or not TID.match(rkey):
            return 400, {"error": "InvalidRequest", "message": "Invalid record key"}, {}
        if any(p["rkey"] == rkey for p in self.posts.get("bluesky", [])):
            return 400, {"error": "InvalidRequest", "message": "Record already exists"}, {}
        text = record["text"]
        if len(regex.findall(r"\X", text)) > 300 or len(text.encode()) > 3000:
            return 400, {"error": "InvalidRequest",
                         "message": "Record/text must not be longer than 300 graphemes"}, {}
        for facet in record.get("facets", []):
            index = facet["index"]
            assert 0 <= index["byteStart"] < index["byteEnd"] <= len(text.encode())
        uri = f"at://{data['repo']}/app.bsky.feed.post/{rkey}"
        cid = "bafy" + hashlib.sha256(uri.encode()).hexdigest()[:20]
        self._store("bluesky", {"uri": uri, "cid": cid, "rkey": rkey, "record": record})
        return 200, {"uri": uri, "cid": cid}, {}

    def _telegram_post(self, parts: Any, headers: Any, body: bytes) -> Any:
        if f"/bot{TOKENS['telegram']}/sendMessage" not in parts.path:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, {}
        data = json.loads(body)
        if data.get("parse_mode") == "HTML":
            if regex.search(r"<(?!/?a[ >])", data["text"]):
                return 400, {"ok": False, "error_code": 400,
                             "description": "Bad Request: can't parse entities"}, {}
            visible = html.unescape(regex.sub(r"<[^>]+>", "", data["text"]))
        else:
            visible = data["text"]
        if len(visible.encode("utf-16-le")) // 2 > 4096:
            return 400, {"ok": False, "error_code": 400,
                         "description": "Bad Request: message is too long"}, {}
        message_id = self._next_id("telegram")
        self._store("telegram", {"message_id": message_id, **data, "visible": visible})
        chat = {"id": -100, "type": "channel", "username": "examplestatus"}
        return 200, {"ok": True, "result": {"message_id": message_id, "date": 0, "chat": chat,
                                            "text": visible}}, {}

    def _vk_post(self, parts: Any, headers: Any, body: bytes) -> Any:
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if form.get("access_token") != TOKENS["vk"]:
            return 200, {"error": {"error_code": 5, "error_msg": "User authorization failed"}}, {}
        if form.get("v") != "5.199":
            return 200, {"error": {"error_code": 8, "error_msg": "Invalid request: v is required"}}, {}
        method = parts.path.rsplit("/", 1)[-1]
        key = ("vk", method + form.get("guid", ""))
        if form.get("guid") and key in self._keys:
            return 200, {"response": self._keys[key]}, {}
        if method == "wall.get":
            items = [{"id": p["post_id"], "text": p["message"]} for p in self.posts.get("vk", [])
                     if p["method"] == "wall.post"]
            return 200, {"response": {"count": len(items),
                                      "items": items[::-1][: int(form.get("count", 20))]}}, {}
        if method == "wall.getComments":
            items = [{"id": p["comment_id"], "text": p["message"]}
                     for p in self.posts.get("vk", [])
                     if p["method"] == "wall.createComment" and p["post_id"] == form["post_id"]]
            return 200, {"response": {"count": len(items), "items": items[::-1]}}, {}
        if method == "wall.post":
            response = {"post_id": self._next_id("vk")}
        elif method == "wall.createComment":
            if not any(str(p.get("post_id")) == form.get("post_id") for p in self.posts.get("vk", [])):
                return 200, {"error": {"error_code": 100, "error_msg": "One of the parameters "
                                       "specified was missing or invalid: post_id"}}, {}
            response = {"comment_id": self._next_id("vk")}
        else:
            return 200, {"error": {"error_code": 3, "error_msg": "Unknown method passed"}}, {}
        self._store("vk", {"method": method, **form, **response})
        if form.get("guid"):
            self._keys[key] = response
        return 200, {"response": response}, {}

    def _vk_read(self, parts: Any, headers: Any, body: bytes) -> Any:
        return self._vk_post(parts, headers, body)

    def _x_post(self, parts: Any, headers: Any, body: bytes) -> Any:
        auth = headers.get("Authorization", "")
        if not auth.startswith("OAuth ") or 'oauth_signature_method="HMAC-SHA1"' not in auth \
                or f'oauth_consumer_key="{X_KEYS[0]}"' not in auth or "oauth_signature=" not in auth:
            return 401, {"title": "Unauthorized", "detail": "Unauthorized", "status": 401}, {}
        data = json.loads(body)
        tweet_id = str(self._next_id("x") * 1000)
        self._store("x", {"id": tweet_id, **data, "auth": auth})
        return 201, {"data": {"id": tweet_id, "text": data["text"]}}, {}

    def _slack_post(self, parts: Any, headers: Any, body: bytes) -> Any:
        if parts.path != TOKENS["slack"]:
            return 404, b"no_service", {}
        data = json.loads(body)
        if not data.get("text"):
            return 400, b"invalid_payload", {}
        for block in data.get("blocks", []):  # a section's text: at most 3000 characters
            if len(block.get("text", {}).get("text", "")) > 3000:
                return 400, b"invalid_blocks", {}
        self._store("slack", data)
        return 200, b"ok", {"Content-Type": "text/plain"}

    def _discord_post(self, parts: Any, headers: Any, body: bytes) -> Any:
        if parts.path != TOKENS["discord"]:
            return 401, {"message": "Invalid Webhook Token", "code": 50027}, {}
        data = json.loads(body)
        if len(data.get("content", "").encode("utf-16-le")) // 2 > 2000:
            return 400, {"message": "Invalid Form Body", "code": 50035}, {}
        if "wait=true" not in parts.query:
            self._store("discord", data)
            return 204, b"", {}
        message_id = str(self._next_id("discord"))
        self._store("discord", {"id": message_id, **data})
        return 200, {"id": message_id, "channel_id": "42", "content": data["content"]}, {}

    def _teams_post(self, parts: Any, headers: Any, body: bytes) -> Any:
        if parts.path != TOKENS["teams"]:
            return 401, {"error": {"code": "DirectApiAuthorizationRequired"}}, {}
        data = json.loads(body)
        attachment = data["attachments"][0]
        if data.get("type") != "message" or \
                attachment["contentType"] != "application/vnd.microsoft.card.adaptive":
            return 400, {"error": {"code": "InvalidRequestContent"}}, {}
        self._store("teams", data)
        return 202, b"", {}

    def _webhook_post(self, parts: Any, headers: Any, body: bytes) -> Any:
        stamp = headers.get("X-CrisisHub-Timestamp", "")
        expected = "sha256=" + hmac.new(TOKENS["webhook"].encode(), stamp.encode() + b"." + body,
                                        hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, headers.get("X-CrisisHub-Signature", "")):
            return 401, {"error": "bad signature"}, {}
        self._store("webhook", {**json.loads(body), "delivery": headers.get("X-CrisisHub-Delivery")})
        return 200, {"ok": True}, {}


def mastodon_html(text: str) -> str:
    """A status as Mastodon renders it: a paragraph, links as anchors whose text is split
    into invisible and ellipsis spans."""
    out, position = [], 0
    for match in regex.finditer(r"https?://\S+", text):
        url = match.group()
        scheme, rest = url.split("://", 1)
        out.append(html.escape(text[position:match.start()]))
        out.append(f'<a href="{html.escape(url)}" rel="nofollow noopener" target="_blank">'
                   f'<span class="invisible">{scheme}://</span>'
                   f'<span class="ellipsis">{html.escape(rest[:30])}</span>'
                   f'<span class="invisible">{html.escape(rest[30:])}</span></a>')
        position = match.end()
    out.append(html.escape(text[position:]))
    return "<p>" + "".join(out) + "</p>"


class MailSink:
    """An aiosmtpd handler keeping every accepted mail."""

    def __init__(self, delay: float = 0.0) -> None:
        self.mails: list[MailMessage] = []
        self.delay = delay

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        self.mails.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
