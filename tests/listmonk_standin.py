"""A local stand-in for Listmonk's documented API (listmonk.app/docs/apis/), on 127.0.0.1.

- GET  /api/campaigns?query=&per_page=   {"data": {"results": [...], "total", "page", "per_page"}}
- POST /api/campaigns                    name, subject, lists, type, content_type, body -> draft
- PUT  /api/campaigns/{id}/status        {"status": "running"}; only draft or paused may start
- POST /api/public/subscription          {"email", "name", "list_uuids"} (no auth), double opt-in
- POST /subscription/form                the HTML form: email, name, l (list uuids), nonce
Auth: `Authorization: token user:token` (or Basic). Errors: {"message": "..."} with 4xx/5xx.
`fault(route, action)` makes the next request of a route fail: "500", "drop" (no answer).
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

USER, TOKEN = "crisishub", "listmonk-token-never-printed"
LISTS = {1: "9d6a0c2e-0000-4000-8000-000000000001", 2: "9d6a0c2e-0000-4000-8000-000000000002"}


class ListmonkStandIn:
    def __init__(self) -> None:
        self.campaigns: list[dict[str, Any]] = []
        self.subscribers: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str]] = []
        self.faults: dict[str, list[str]] = {}
        self.lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                stand_in.handle(self, "GET")

            def do_POST(self) -> None:
                stand_in.handle(self, "POST")

            def do_PUT(self) -> None:
                stand_in.handle(self, "PUT")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fault(self, route: str, *actions: str) -> None:
        self.faults.setdefault(route, []).extend(actions)

    def handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(h.path)
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        route = self.route(method, parts.path)
        with self.lock:
            self.requests.append((method, parts.path))
            action = self.faults.get(route, []).pop(0) if self.faults.get(route) else None
            if action == "drop":
                h.close_connection = True
                h.connection.close()
                return
            if action:
                return self.reply(h, int(action), {"message": "Internal server error"})
            if not route.startswith("public") and not self.authorised(h):
                return self.reply(h, 403, {"message": "Invalid API credentials"})
            status, answer = self.serve(route, parts, h.headers, body)
        self.reply(h, status, answer)

    def authorised(self, h: BaseHTTPRequestHandler) -> bool:
        given = h.headers.get("Authorization", "")
        basic = "Basic " + base64.b64encode(f"{USER}:{TOKEN}".encode()).decode()
        return given in (f"token {USER}:{TOKEN}", basic)

    def route(self, method: str, path: str) -> str:
        if path == "/api/public/subscription":
            return "public.subscribe"
        if path == "/subscription/form":
            return "public.form"
        if path == "/api/campaigns":
            return "campaigns.list" if method == "GET" else "campaigns.create"
        if path.startswith("/api/campaigns/") and path.endswith("/status") and method == "PUT":
            return "campaigns.status"
        return "unknown"

    def reply(self, h: BaseHTTPRequestHandler, status: int, answer: Any) -> None:
        data = json.dumps(answer).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def serve(self, route: str, parts: Any, headers: Any, body: bytes) -> tuple[int, Any]:
        if route == "campaigns.list":
            query = parse_qs(parts.query).get("query", [""])[0].lower()
            found = [c for c in self.campaigns if query in c["name"].lower()]
            return 200, {"data": {"results": found, "query": query, "total": len(found),
                                  "per_page": 20, "page": 1}}
        if route == "campaigns.create":
            data = json.loads(body)
            missing = [f for f in ("name", "subject", "lists", "type", "content_type")
                       if not data.get(f)]
            if missing or any(i not in LISTS for i in data["lists"]):
                return 400, {"message": f"invalid fields: {', '.join(missing) or 'lists'}"}
            campaign = {**data, "id": len(self.campaigns) + 1, "status": "draft",
                        "uuid": f"c-{len(self.campaigns) + 1}",
                        "lists": [{"id": i, "name": f"list {i}"} for i in data["lists"]]}
            self.campaigns.append(campaign)
            return 200, {"data": campaign}
        if route == "campaigns.status":
            campaign_id = int(parts.path.split("/")[3])
            campaign = next((c for c in self.campaigns if c["id"] == campaign_id), None)
            if campaign is None:
                return 404, {"message": "Campaign not found."}
            wanted = json.loads(body).get("status")
            if wanted == "running" and campaign["status"] not in ("draft", "paused"):
                return 400, {"message": "Cannot start campaign."}
            campaign["status"] = wanted
            return 200, {"data": campaign}
        if route in ("public.subscribe", "public.form"):
            if route == "public.subscribe":
                data = json.loads(body)
                email, uuids = data.get("email", ""), data.get("list_uuids", [])
            else:
                form = parse_qs(body.decode())
                if form.get("nonce", [""])[0]:
                    return 400, {"message": "Invalid request"}
                email, uuids = form.get("email", [""])[0], form.get("l", [])
            if "@" not in email or not uuids or set(uuids) - set(LISTS.values()):
                return 400, {"message": "Invalid email or lists"}
            self.subscribers.append({"email": email, "lists": uuids, "status": "unconfirmed"})
            return 200, {"data": True}
        return 404, {"message": "Unknown endpoint"}

    def created(self) -> list[dict[str, Any]]:
        return [c for c in self.campaigns]
