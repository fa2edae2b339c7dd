"""content/deploy.yml: where `crisishub deploy` puts the built site, and which CDN it purges.

Like channels.yml it holds no secret: S3 keys come from boto3's usual places (AWS_ACCESS_KEY_ID
and AWS_SECRET_ACCESS_KEY, a profile, a CI role), the Cloudflare token from
CRISISHUB_CLOUDFLARE_API_TOKEN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.fields import Fields, close_match
from generator.core.problems import Problems
from generator.reading.settings_files import settings_fields

CLOUDFLARE_TOKEN = "CRISISHUB_CLOUDFLARE_API_TOKEN"
DEFAULT_CACHE_SECONDS = 60
TOP_FIELDS = ["cache_seconds", "targets", "purge"]
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    # kind: (required, optional, example)
    "github-pages": ((), ("remote", "branch", "cname", "message"), "kind: github-pages"),
    "s3": (("bucket",), ("endpoint_url", "region", "prefix", "cors"), "bucket: status-site"),
}
PURGES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "cloudflare": ("zone_id", ("api_base",), "zone_id: 023e105f4ecef8ad9ca31a8372d0c353"),
    "cloudfront": ("distribution_id", ("endpoint_url",), "distribution_id: EDFDVBD6EXAMPLE"),
}


@dataclass(frozen=True)
class Target:
    """One place the site goes: a `github-pages` branch or an `s3` bucket."""

    name: str
    kind: str
    options: dict[str, Any] = field(default_factory=dict)

    def option(self, name: str, default: str = "") -> str:
        value = self.options.get(name)
        return default if value is None else str(value)


@dataclass(frozen=True)
class Purge:
    """A CDN in front of a bucket whose cached copies of changed pages are dropped."""

    kind: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DeploySettings:
    path: str = "content/deploy.yml"
    targets: tuple[Target, ...] = ()
    purges: tuple[Purge, ...] = ()
    cache_seconds: int = DEFAULT_CACHE_SECONDS

    def target(self, name: str) -> Target | None:
        return next((t for t in self.targets if t.name == name), None)


def load_deploy_settings(path: Path, shown: str, problems: Problems) -> DeploySettings:
    """Read and check deploy.yml; a missing file means no targets."""
    fields = settings_fields(path, shown, problems, allowed=TOP_FIELDS, kind="deploy.yml",
                             layout="with the places to deploy to under 'targets:'")
    if fields is None:
        return DeploySettings(path=shown)
    seconds = fields.integer("cache_seconds", DEFAULT_CACHE_SECONDS)
    if seconds < 0:
        fields.error(("cache_seconds",), f"{seconds} must be 0 or more; write for example "
                     "cache_seconds: 60")
        seconds = DEFAULT_CACHE_SECONDS
    return DeploySettings(path=shown, targets=tuple(_targets(fields)),
                          purges=tuple(_purges(fields)), cache_seconds=seconds)


def _mapping(fields: Fields, key: tuple[str, ...], what: str) -> dict[Any, Any] | None:
    raw: Any = fields.doc.meta
    for part in key:
        raw = raw.get(part) if isinstance(raw, dict) else None
    if raw is None:
        return None
    if not isinstance(raw, dict):
        fields.error(key, f"write {what} as 'name: value' lines indented below it")
        return None
    return raw


def _unknown(fields: Fields, key: tuple[str, ...], options: dict[Any, Any],
             allowed: list[str], kind: str) -> None:
    for option in options:
        if any(word in str(option).lower() for word in ("token", "secret", "password", "key")):
            fields.error((*key, option), "secrets never go in this file (it is committed); "
                         "remove the line and set them in the environment (see docs/deploy.md)")
        elif option not in allowed:
            hint = close_match(str(option), allowed) or f"; {kind} allows: {', '.join(allowed)}"
            fields.error((*key, option), f"unknown setting{hint}")


def _targets(fields: Fields) -> list[Target]:
    raw = _mapping(fields, ("targets",), "each target")
    found = []
    for name, options in (raw or {}).items():
        key = ("targets", str(name))
        options = _mapping(fields, key, "the settings of a target") or {}
        kind = str(options.get("kind", name))
        if kind not in KINDS:
            hint = close_match(kind, list(KINDS)) or f"; known kinds: {', '.join(KINDS)}"
            fields.error((*key, "kind") if "kind" in options else key,
                         f"'{kind}' is not a kind of target{hint}")
            continue
        required, optional, example = KINDS[kind]
        _unknown(fields, key, options, ["kind", *required, *optional], kind)
        missing = [o for o in required if options.get(o) in (None, "")]
        for option in missing:
            fields.error(key, f"'{option}:' is missing; {kind} needs it, like {example}")
        if not missing:
            found.append(Target(str(name), kind, dict(options)))
    return found


def _purges(fields: Fields) -> list[Purge]:
    raw = _mapping(fields, ("purge",), "each CDN")
    found = []
    for kind, options in (raw or {}).items():
        key = ("purge", str(kind))
        if kind not in PURGES:
            hint = close_match(str(kind), list(PURGES)) or f"; known: {', '.join(PURGES)}"
            fields.error(key, f"'{kind}' is not a CDN Crisis Hub can purge{hint}")
            continue
        options = _mapping(fields, key, "the settings of a CDN") or {}
        required, optional, example = PURGES[kind]
        _unknown(fields, key, options, [required, *optional], kind)
        if options.get(required) in (None, ""):
            fields.error(key, f"'{required}:' is missing; {kind} needs it, like {example}")
            continue
        found.append(Purge(str(kind), dict(options)))
    return found
