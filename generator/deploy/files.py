"""The built site as a deploy sees it: every file with its checksum, type, cache rule and
upload stage, and the plan of what changes against what a bucket holds now.

Pure apart from reading the site folder; the S3 and purge adapters only carry the plan out.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.core import endpoints

# Upload order: a page never points at an asset that is not there yet, and the JSON and feeds
# that tools poll change last, when everything they link to is in place.
ASSETS, PAGES, DATA = 0, 1, 2
STAGE_NAMES = {ASSETS: "assets", PAGES: "pages", DATA: "JSON and feeds"}

# Material names its theme files after their content (main.57a0d79d.min.css): a new version
# is a new name, so they may be cached for a year.
HASHED = re.compile(r"\.[0-9a-f]{8,}\.min\.(css|js)(\.map)?$")
IMMUTABLE = "public, max-age=31536000, immutable"
TEXT_TYPES = ("text/", "application/json", "application/rss+xml", "application/atom+xml",
              "application/xml", "image/svg+xml", "application/javascript")
TYPES = {
    ".html": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".map": "application/json", ".json": "application/json", ".ics": "text/calendar",
    ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon",
    ".woff2": "font/woff2", ".woff": "font/woff", ".txt": "text/plain",
    ".gz": "application/gzip", ".webmanifest": "application/manifest+json",
}


@dataclass(frozen=True)
class SiteFile:
    """One file of the built site, named by its path below the site root (a/b/index.html)."""

    path: str
    md5: str
    size: int
    content_type: str
    cache_control: str
    stage: int

    @property
    def hashed(self) -> bool:
        return self.cache_control == IMMUTABLE

    @property
    def cors(self) -> bool:
        """Served to other sites' scripts (the JSON API: widgets on other sites read it)."""
        return self.path.startswith(endpoints.API_ROOT)


def content_type(path: str) -> str:
    """The Content-Type a file is served with; text types say their charset."""
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".xml"):
        if name.endswith("rss.xml"):
            kind = endpoints.FEED_MEDIA_TYPES["rss"]
        elif name.endswith("atom.xml"):
            kind = endpoints.FEED_MEDIA_TYPES["atom"]
        else:
            kind = "application/xml"
    else:
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        kind = TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return kind + "; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


def cache_control(path: str, cache_seconds: int) -> str:
    """A year for content-named theme files; everything else a short, revalidated cache."""
    if HASHED.search(path):
        return IMMUTABLE
    return f"public, max-age={cache_seconds}, must-revalidate"


def stage(path: str) -> int:
    if path.endswith(".html"):
        return PAGES
    if path.startswith((endpoints.API_ROOT, "feeds/", "calendar/", "badges/")) \
            or path.startswith(("sitemap.xml", "search/")):
        return DATA
    return ASSETS


def read_site(site_dir: Path, cache_seconds: int) -> list[SiteFile]:
    """Every file of the built site, in upload order."""
    found = []
    for file in site_dir.rglob("*"):
        if not file.is_file():
            continue
        path = file.relative_to(site_dir).as_posix()
        data = file.read_bytes()
        found.append(SiteFile(path, hashlib.md5(data, usedforsecurity=False).hexdigest(),
                              len(data), content_type(path), cache_control(path, cache_seconds),
                              stage(path)))
    return sorted(found, key=lambda f: (f.stage, f.path))


@dataclass(frozen=True)
class Plan:
    """What a deploy does: uploads in order, then deletes, then CDN purges."""

    uploads: list[SiteFile]
    unchanged: int
    deletes: list[str]
    purge_paths: list[str]

    @property
    def total(self) -> int:
        return len(self.uploads) + self.unchanged


def plan(site: list[SiteFile], remote: Mapping[str, str]) -> Plan:
    """Compare the site with the bucket (`remote`: path -> MD5 checksum as its ETag says)."""
    uploads = [f for f in site if remote.get(f.path) != f.md5]
    present = {f.path for f in site}
    deletes = sorted(p for p in remote if p not in present)
    changed = [f.path for f in uploads if not f.hashed] + [
        p for p in deletes if not HASHED.search(p)]
    return Plan(uploads, len(site) - len(uploads), deletes, purge_urls(changed))


def purge_urls(paths: list[str]) -> list[str]:
    """The paths a CDN caches a file under: a page also under its folder URL (a/ for
    a/index.html), the home page under the root."""
    urls: list[str] = []
    for path in paths:
        urls.append(path)
        if path == "index.html" or path.endswith("/index.html"):
            urls.append(path[: -len("index.html")])
    return list(dict.fromkeys(urls))
