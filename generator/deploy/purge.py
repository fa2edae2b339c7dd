"""Dropping a CDN's cached copies of the changed pages: Cloudflare and Amazon CloudFront.

Cloudflare: POST /zones/{zone_id}/purge_cache with {"files": [urls]} (at most 30 per call),
authorised by an API token with the "Cache Purge" permission. CloudFront: CreateInvalidation
with the paths, through boto3. Too many paths become one purge of everything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import httpx

from generator.core import endpoints
from generator.deploy.s3 import DeployError, storage_error
from generator.deploy.settings import CLOUDFLARE_TOKEN, Purge

CLOUDFLARE_API = "https://api.cloudflare.com/client/v4"
CLOUDFLARE_BATCH = 30
CLOUDFRONT_MAX_PATHS = 1000  # more than this: one "/*" (a wildcard is billed as one path)
CLOUDFLARE_MAX_URLS = 300  # more than this: purge_everything instead of ten calls


def describe(purge: Purge, paths: list[str], site_url: str, everything: bool = False,
             ) -> list[str]:
    """What a purge would do, one line per URL or path (for --dry-run)."""
    if purge.kind == "cloudflare":
        if everything or len(paths) > CLOUDFLARE_MAX_URLS:
            return [f"purge cloudflare zone {purge.options['zone_id']}: everything"]
        return [f"purge cloudflare {endpoints.absolute(site_url, p)}" for p in paths]
    items = cloudfront_paths(paths, everything)
    return [f"purge cloudfront {purge.options['distribution_id']} {p}" for p in items]


def cloudfront_paths(paths: list[str], everything: bool = False) -> list[str]:
    if everything or len(paths) > CLOUDFRONT_MAX_PATHS:
        return ["/*"]
    return ["/" + p for p in paths]


def purge_cloudflare(purge: Purge, paths: list[str], site_url: str,
                     environ: Mapping[str, str], client: httpx.Client,
                     everything: bool = False) -> int:
    """Purge the paths' URLs; return the number of requests made."""
    token = environ.get(CLOUDFLARE_TOKEN)
    if not token:
        raise DeployError(f"purge cloudflare: {CLOUDFLARE_TOKEN} is not set; create an API "
                          "token with the Cache Purge permission and set it in the environment")
    base = str(purge.options.get("api_base") or CLOUDFLARE_API).rstrip("/")
    url = f"{base}/zones/{purge.options['zone_id']}/purge_cache"
    bodies: list[dict[str, Any]]
    if everything or len(paths) > CLOUDFLARE_MAX_URLS:
        bodies = [{"purge_everything": True}]
    else:
        urls = [endpoints.absolute(site_url, p) for p in paths]
        bodies = [{"files": urls[i:i + CLOUDFLARE_BATCH]}
                  for i in range(0, len(urls), CLOUDFLARE_BATCH)]
    for body in bodies:
        try:
            response = client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
        except httpx.HTTPError as exc:
            raise DeployError(f"purge cloudflare: no answer ({type(exc).__name__})") from None
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code >= 300 or not answer.get("success"):
            errors = answer.get("errors") or [{}]
            detail = "; ".join(f"{e.get('code', '')} {e.get('message', '')}".strip()
                               for e in errors if isinstance(e, dict))
            raise DeployError(f"purge cloudflare: HTTP {response.status_code}"
                              + (f": {detail}" if detail else ""))
    return len(bodies)


def purge_cloudfront(purge: Purge, paths: list[str], cloudfront: Any, fingerprint: str,
                     everything: bool = False) -> str:
    """Create one invalidation; return its id. The caller reference is a checksum of the
    paths and of what changed (`fingerprint`), so rerunning the same deploy does not create a
    second invalidation, while a later deploy of the same paths does."""
    items = cloudfront_paths(paths, everything)
    reference = hashlib.sha256(("\n".join(items) + fingerprint).encode()).hexdigest()[:32]
    try:
        answer = cloudfront.create_invalidation(
            DistributionId=str(purge.options["distribution_id"]),
            InvalidationBatch={"Paths": {"Quantity": len(items), "Items": items},
                               "CallerReference": reference})
    except Exception as exc:  # noqa: BLE001
        raise storage_error("purge cloudfront", exc) from None
    return str(answer["Invalidation"]["Id"])


def cloudfront_client(purge: Purge) -> Any:
    import boto3

    return boto3.session.Session().client(  # fresh: keys read now
        "cloudfront", endpoint_url=purge.options.get("endpoint_url") or None,
                        region_name="us-east-1")
