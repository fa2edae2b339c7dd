"""Local stand-ins for `crisishub deploy`: a moto S3 server and the two purge APIs.

Cloudflare: POST /client/v4/zones/{zone_id}/purge_cache, `Authorization: Bearer <token>`,
{"files": [...]} (at most 30) or {"purge_everything": true}; answers {"success": ...,
"errors": [{"code", "message"}], "messages": [], "result": {"id"}}.
CloudFront: POST /2020-05-31/distribution/{id}/invalidation with an InvalidationBatch XML;
201 and an Invalidation XML, or an ErrorResponse (NoSuchDistribution, TooManyInvalidations...).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml

CF_NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"
SECRET_KEY = "moto-secret-never-printed"
CLOUDFLARE_TOKEN = "cf-token-never-printed"


class StandIn:
    """A tiny HTTP server on 127.0.0.1 that records requests and answers via `answer()`."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.failures: list[tuple[int, bytes]] = []  # answered, in order, before normal ones
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                record = {"path": self.path, "headers": dict(self.headers), "body": body}
                stand_in.requests.append(record)
                status, answer, kind = stand_in.failures.pop(0) + ("",) if stand_in.failures \
                    else stand_in.answer(record)
                self.send_response(status)
                self.send_header("Content-Type", kind or stand_in.content_type)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    content_type = "application/json"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, record: dict[str, Any]) -> tuple[int, bytes, str]:
        raise NotImplementedError

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Cloudflare(StandIn):
    def answer(self, record: dict[str, Any]) -> tuple[int, bytes, str]:
        def error(status: int, code: int, message: str) -> tuple[int, bytes, str]:
            body = {"success": False, "errors": [{"code": code, "message": message}],
                    "messages": [], "result": None}
            return status, json.dumps(body).encode(), ""

        if record["headers"].get("Authorization") != f"Bearer {CLOUDFLARE_TOKEN}":
            return error(403, 10000, "Authentication error")
        parts = record["path"].split("/")
        if parts[1:3] != ["client", "v4"] or parts[3] != "zones" or parts[5] != "purge_cache":
            return error(404, 7003, "Could not route to /" + "/".join(parts[3:]))
        body = json.loads(record["body"])
        if "files" in body and len(body["files"]) > 30:
            return error(400, 1122, "Only 30 files per purge request")
        result = {"success": True, "errors": [], "messages": [], "result": {"id": parts[4]}}
        return 200, json.dumps(result).encode(), ""

    def purged(self) -> list[str]:
        return [url for r in self.requests if r["headers"].get("Authorization")
                for url in json.loads(r["body"]).get("files", [])]


class CloudFront(StandIn):
    content_type = "text/xml"

    def __init__(self, distribution: str) -> None:
        super().__init__()
        self.distribution = distribution

    def answer(self, record: dict[str, Any]) -> tuple[int, bytes, str]:
        parts = record["path"].split("/")
        if parts[3] != self.distribution:
            return 404, error_xml("NoSuchDistribution",
                                  "The specified distribution does not exist."), ""
        batch = ElementTree.fromstring(record["body"])
        paths = [p.text or "" for p in batch.iter(f"{{{CF_NS}}}Path")]
        reference = batch.findtext(f"{{{CF_NS}}}CallerReference")
        items = "".join(f"<Path>{p}</Path>" for p in paths)
        body = (f'<?xml version="1.0"?><Invalidation xmlns="{CF_NS}"><Id>I{len(self.requests)}'
                f"</Id><Status>InProgress</Status><CreateTime>2026-11-24T10:00:00Z</CreateTime>"
                f"<InvalidationBatch><Paths><Quantity>{len(paths)}</Quantity><Items>{items}"
                f"</Items></Paths><CallerReference>{reference}</CallerReference>"
                "</InvalidationBatch></Invalidation>")
        return 201, body.encode(), ""

    def invalidations(self) -> list[list[str]]:
        found = []
        for r in self.requests:
            batch = ElementTree.fromstring(r["body"])
            found.append([p.text or "" for p in batch.iter(f"{{{CF_NS}}}Path")])
        return found


def error_xml(code: str, message: str) -> bytes:
    return (f'<?xml version="1.0"?><ErrorResponse xmlns="{CF_NS}"><Error><Type>Sender</Type>'
            f"<Code>{code}</Code><Message>{message}</Message></Error>"
            "<RequestId>r1</RequestId></ErrorResponse>").encode()


@pytest.fixture(scope="module")
def moto_server() -> Iterator[str]:
    """A real S3 API (moto) on 127.0.0.1; the endpoint URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)


def write_deploy(content: Path, settings: dict[str, Any]) -> Path:
    path = content / "deploy.yml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return path
