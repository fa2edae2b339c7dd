"""Local stand-ins of the read APIs `crisishub listen` uses, as an httpx.MockTransport.

Each speaks its platform's documented contract: the JSON shapes, paging (Bluesky's 25 uris,
VK's offset/count), rate limits with the platform's own way to say when to come back
(Mastodon's ISO X-RateLimit-Reset, Bluesky's ratelimit-reset, X's x-rate-limit-reset, Discord's
retry_after, Telegram's parameters.retry_after, VK's error 6 in an HTTP 200), deleted posts
(404s, missing items, X's `errors`), and HTML error pages from a proxy in front. `faults`
queues misbehaviour per platform: "429", "429-long", "html", "down".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import httpx

NOW = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
HOSTS = {"mastodon.test": "mastodon", "bsky.test": "bluesky", "vk.test": "vk",
         "discord.test": "discord", "telegram.test": "telegram", "x.test": "x"}
VK_SERVICE_TOKEN = "vk-service-token-read-42"
VK_COMMUNITY_TOKEN = "vk-community-token-post-only"
TELEGRAM_TOKEN = "123456:telegram-secret-XYZ"
DISCORD_HOOK = "https://discord.test/api/webhooks/1/discordsecret"
HTML_PAGE = "<html><body><h1>502 Bad Gateway</h1><p>cloudflare</p></body></html>"


def status(id_: str, account: str = "1", acct: str = "fernway", *, text: str = "",
           parent: str | None = None, likes: int = 0, reblogs: int = 0, replies: int = 0,
           quotes: int | None = None) -> dict[str, Any]:
    """A Mastodon Status entity (the fields the reader uses, as the API names them)."""
    found: dict[str, Any] = {
        "id": id_, "url": f"https://mastodon.test/@{acct}/{id_}", "in_reply_to_id": parent,
        "content": f"<p>{text}</p>", "created_at": "2026-11-24T14:10:00.000Z",
        "account": {"id": account, "acct": acct, "display_name": "Not stored"},
        "favourites_count": likes, "reblogs_count": reblogs, "replies_count": replies,
    }
    if quotes is not None:
        found["quotes_count"] = quotes
    return found


def bsky_post(uri: str, did: str, handle: str, text: str = "", *, likes: int = 0,
              reposts: int = 0, replies: int = 0, quotes: int = 0) -> dict[str, Any]:
    """An app.bsky.feed.defs#postView."""
    return {"uri": uri, "cid": "bafy" + uri[-6:], "author": {"did": did, "handle": handle,
                                                            "displayName": "Not stored"},
            "record": {"$type": "app.bsky.feed.post", "text": text,
                       "createdAt": "2026-11-24T14:12:00.000Z"},
            "likeCount": likes, "repostCount": reposts, "replyCount": replies,
            "quoteCount": quotes, "indexedAt": "2026-11-24T14:12:01.000Z"}


@dataclass
class Audiences:
    now: datetime = NOW
    mastodon: dict[str, dict[str, Any]] = field(default_factory=dict)
    mastodon_context: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    bluesky: dict[str, dict[str, Any]] = field(default_factory=dict)
    bluesky_threads: dict[str, list[str]] = field(default_factory=dict)
    vk_posts: dict[str, dict[str, Any]] = field(default_factory=dict)
    vk_comments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    discord: dict[str, dict[str, Any]] = field(default_factory=dict)
    telegram_updates: list[dict[str, Any]] = field(default_factory=list)
    telegram_webhook: bool = False
    x_tweets: dict[str, dict[str, Any]] = field(default_factory=dict)
    x_can_read: bool = True
    faults: dict[str, list[str]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)
    telegram_confirmed: int = 0

    def fault(self, platform: str, *actions: str) -> None:
        self.faults.setdefault(platform, []).extend(actions)

    def calls(self, platform: str, path_part: str = "") -> list[httpx.Request]:
        return [r for r in self.requests
                if HOSTS.get(r.url.host) == platform and path_part in r.url.path]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    # -- dispatch -----------------------------------------------------------------------
    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        platform = HOSTS[request.url.host]
        queued = self.faults.get(platform)
        if queued:
            answer = self._fault(platform, queued.pop(0), request)
            if answer is not None:
                return answer
        return getattr(self, f"_{platform}")(request)

    def _epoch(self, seconds: float) -> int:
        return int((self.now + timedelta(seconds=seconds)).timestamp())

    def _fault(self, platform: str, action: str, request: httpx.Request) -> httpx.Response | None:
        wait = 3600 if action == "429-long" else 2
        if action == "down":
            raise httpx.ConnectError("connection refused", request=request)
        if action == "html":
            return httpx.Response(502, text=HTML_PAGE, headers={"content-type": "text/html"})
        if platform == "mastodon":
            reset = (self.now + timedelta(seconds=wait)).isoformat().replace("+00:00", "Z")
            return httpx.Response(429, json={"error": "Too many requests"},
                                  headers={"X-RateLimit-Reset": reset,
                                           "X-RateLimit-Remaining": "0"})
        if platform == "bluesky":
            return httpx.Response(429, json={"error": "RateLimitExceeded",
                                             "message": "Rate Limit Exceeded"},
                                  headers={"ratelimit-reset": str(self._epoch(wait)),
                                           "ratelimit-remaining": "0"})
        if platform == "x":
            return httpx.Response(429, json={"title": "Too Many Requests",
                                             "detail": "Too Many Requests", "status": 429},
                                  headers={"x-rate-limit-reset": str(self._epoch(wait))})
        if platform == "discord":
            return httpx.Response(429, json={"message": "You are being rate limited.",
                                             "retry_after": wait + 0.5, "global": False},
                                  headers={"Retry-After": str(wait + 1)})
        if platform == "telegram":
            return httpx.Response(429, json={"ok": False, "error_code": 429,
                                             "description": f"Too Many Requests: retry after {wait}",
                                             "parameters": {"retry_after": wait}})
        code = 29 if action == "429-long" else 6  # VK: per-second limit or daily quota
        return httpx.Response(200, json={"error": {"error_code": code,
                                                   "error_msg": "Too many requests per second"}})

    # -- Mastodon: GET /api/v1/statuses/:id and /context --------------------------------
    def _mastodon(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.path.strip("/").split("/")  # api v1 statuses ID [context]
        status_id = parts[3]
        if status_id not in self.mastodon:
            return httpx.Response(404, json={"error": "Record not found"})
        if parts[-1] == "context":
            return httpx.Response(200, json={"ancestors": [],
                                             "descendants": self.mastodon_context.get(status_id, [])})
        return httpx.Response(200, json=self.mastodon[status_id])

    # -- Bluesky AppView: getPosts (<= 25 uris), getPostThread --------------------------
    def _bluesky(self, request: httpx.Request) -> httpx.Response:
        nsid = request.url.path.rsplit("/", 1)[-1]
        if nsid == "app.bsky.feed.getPosts":
            uris = request.url.params.get_list("uris")
            if len(uris) > 25:
                return httpx.Response(400, json={"error": "InvalidRequest",
                                                 "message": "uris must not have more than 25 elements"})
            return httpx.Response(200, json={"posts": [self.bluesky[u] for u in uris
                                                       if u in self.bluesky]})
        uri = request.url.params["uri"]
        if uri not in self.bluesky:
            return httpx.Response(400, json={"error": "NotFound", "message": f"Post not found: {uri}"})
        return httpx.Response(200, json={"thread": self._thread(uri)})

    def _thread(self, uri: str) -> dict[str, Any]:
        replies: list[dict[str, Any]] = []
        for child in self.bluesky_threads.get(uri, []):
            if child in self.bluesky:
                replies.append(self._thread(child))
            else:  # a deleted reply stays in the thread as a notFoundPost
                replies.append({"$type": "app.bsky.feed.defs#notFoundPost", "uri": child,
                                "notFound": True})
        return {"$type": "app.bsky.feed.defs#threadViewPost", "post": self.bluesky[uri],
                "replies": replies}

    # -- VK: POST /method/wall.getById, wall.getComments ---------------------------------
    def _vk(self, request: httpx.Request) -> httpx.Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        token, method = form.get("access_token"), request.url.path.rsplit("/", 1)[-1]
        if token == VK_COMMUNITY_TOKEN:
            return httpx.Response(200, json={"error": {
                "error_code": 27, "error_msg": "Group authorization failed: method is "
                                               "unavailable with group auth."}})
        if token != VK_SERVICE_TOKEN:
            return httpx.Response(200, json={"error": {
                "error_code": 5, "error_msg": "User authorization failed: invalid access_token (4)."}})
        if method == "wall.getById":
            wanted = [p.split("_")[1] for p in form["posts"].split(",")]
            return httpx.Response(200, json={"response": {"items": [
                self.vk_posts[p] for p in wanted if p in self.vk_posts]}})
        post_id = form["post_id"]
        if post_id not in self.vk_posts:
            return httpx.Response(200, json={"error": {"error_code": 15,
                                                       "error_msg": "Access denied: post was deleted"}})
        comments = self.vk_comments.get(post_id, [])
        offset, count = int(form.get("offset", 0)), min(int(form.get("count", 10)), 100)
        return httpx.Response(200, json={"response": {
            "count": len(comments), "current_level_count": len(comments),
            "items": comments[offset:offset + count], "can_post": 1}})

    # -- Discord: GET /api/webhooks/{id}/{token}/messages/{message.id} -------------------
    def _discord(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if not path.startswith("/api/webhooks/1/discordsecret/messages/"):
            return httpx.Response(401, json={"message": "Invalid Webhook Token", "code": 50027})
        message = self.discord.get(path.rsplit("/", 1)[-1])
        if message is None:
            return httpx.Response(404, json={"message": "Unknown Message", "code": 10008})
        return httpx.Response(200, json=message)

    # -- Telegram: POST /bot<token>/getUpdates -------------------------------------------
    def _telegram(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != f"/bot{TELEGRAM_TOKEN}/getUpdates":
            return httpx.Response(401, json={"ok": False, "error_code": 401,
                                             "description": "Unauthorized"})
        if self.telegram_webhook:
            return httpx.Response(409, json={"ok": False, "error_code": 409, "description":
                                             "Conflict: can't use getUpdates method while "
                                             "webhook is active; use deleteWebhook to delete "
                                             "the webhook first"})
        body = json.loads(request.content)
        allowed = body.get("allowed_updates") or ["message"]  # the default leaves reactions out
        if "offset" in body:  # confirms every update with a smaller id
            self.telegram_confirmed = max(self.telegram_confirmed, int(body["offset"]) - 1)
        pending = [u for u in self.telegram_updates if u["update_id"] > self.telegram_confirmed
                   and any(k in u for k in allowed)]
        return httpx.Response(200, json={"ok": True, "result": pending[:int(body.get("limit", 100))]})

    # -- X: GET /2/tweets?ids=…&tweet.fields=public_metrics ------------------------------
    def _x(self, request: httpx.Request) -> httpx.Response:
        if not request.headers.get("Authorization", "").startswith("OAuth "):
            return httpx.Response(401, json={"title": "Unauthorized", "status": 401,
                                             "detail": "Unauthorized"})
        if not self.x_can_read:
            return httpx.Response(403, json={
                "title": "Client Forbidden", "type": "https://api.twitter.com/2/problems/client-forbidden",
                "reason": "client-not-enrolled", "status": 403,
                "detail": "When authenticating requests to the Twitter API v2 endpoints, you "
                          "must use keys and tokens from a Twitter developer App that is "
                          "attached to a Project."})
        ids = request.url.params["ids"].split(",")
        body: dict[str, Any] = {"data": [self.x_tweets[i] for i in ids if i in self.x_tweets]}
        missing = [i for i in ids if i not in self.x_tweets]
        if missing:
            body["errors"] = [{"value": i, "detail": f"Could not find tweet with ids: [{i}].",
                               "title": "Not Found Error", "resource_type": "tweet",
                               "parameter": "ids", "resource_id": i,
                               "type": "https://api.twitter.com/2/problems/resource-not-found"}
                              for i in missing]
        if not body["data"]:
            del body["data"]
        return httpx.Response(200, json=body)
