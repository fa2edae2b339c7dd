"""S3-compatible object storage (AWS S3, Cloudflare R2, Backblaze B2, MinIO, Yandex Object
Storage): list what the bucket holds, upload files with their headers, delete what is gone.

The client comes from `client()` (or a test); errors become `DeployError` with the
operation and the storage's own error code, never a key or a signature.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from generator.deploy.files import SiteFile
from generator.deploy.settings import Target


class DeployError(Exception):
    """A step of a deploy failed; the message says which and what to do, with no secret."""


# Anyone may read a public status site, so scripts on other sites may too: widgets fetch
# the JSON API (S3 sets CORS per bucket, not per file).
CORS_RULES = {"CORSRules": [{"AllowedOrigins": ["*"], "AllowedMethods": ["GET", "HEAD"],
                             "AllowedHeaders": ["*"], "MaxAgeSeconds": 3600}]}


def client(target: Target) -> Any:
    """A boto3 S3 client for the target; keys from boto3's usual places (environment)."""
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(  # fresh: keys read now
        "s3", endpoint_url=target.option("endpoint_url") or None,
        region_name=target.option("region") or None,
        config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=10,
                      read_timeout=60, request_checksum_calculation="when_required",
                      response_checksum_validation="when_required"))


def storage_error(what: str, exc: Exception) -> DeployError:
    from botocore.exceptions import ClientError, NoCredentialsError

    if isinstance(exc, NoCredentialsError):
        return DeployError(f"{what}: no storage keys; set AWS_ACCESS_KEY_ID and "
                           "AWS_SECRET_ACCESS_KEY in the environment")
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        return DeployError(f"{what}: {error.get('Code', 'error')}: "
                           f"{str(error.get('Message', ''))[:200]}".rstrip(": "))
    return DeployError(f"{what}: {type(exc).__name__}")


def key(target: Target, path: str) -> str:
    prefix = target.option("prefix").strip("/")
    return f"{prefix}/{path}" if prefix else path


def remote_checksums(s3: Any, target: Target) -> dict[str, str]:
    """What the bucket holds below the prefix: path -> MD5 (an ETag of a multipart upload is
    no MD5, so such a file counts as changed)."""
    bucket = target.option("bucket")
    prefix = target.option("prefix").strip("/")
    start = f"{prefix}/" if prefix else ""
    found: dict[str, str] = {}
    try:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=start):
            for item in page.get("Contents", []):
                etag = str(item.get("ETag", "")).strip('"')
                found[item["Key"][len(start):]] = etag if "-" not in etag else "multipart"
    except Exception as exc:  # noqa: BLE001 - boto3's families, turned into one line
        raise storage_error(f"listing bucket {bucket}", exc) from None
    return found


def headers(file: SiteFile) -> dict[str, str]:
    return {"ContentType": file.content_type, "CacheControl": file.cache_control}


def upload(s3: Any, target: Target, site_dir: Path, file: SiteFile) -> None:
    data = (site_dir / file.path).read_bytes()
    digest = base64.b64encode(bytes.fromhex(file.md5)).decode()
    try:
        s3.put_object(Bucket=target.option("bucket"), Key=key(target, file.path), Body=data,
                      ContentMD5=digest, **headers(file))
    except Exception as exc:  # noqa: BLE001
        raise storage_error(f"uploading {file.path}", exc) from None


def upload_all(s3: Any, target: Target, site_dir: Path, files: list[SiteFile],
               done: Callable[[SiteFile], None], workers: int = 8) -> None:
    """Upload one stage's files concurrently; raise the first failure after all finished."""
    def one(file: SiteFile) -> None:
        upload(s3, target, site_dir, file)
        done(file)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(one, f) for f in files]
    errors = [f.exception() for f in futures if f.exception() is not None]
    if errors:
        raise errors[0]  # type: ignore[misc]


def delete(s3: Any, target: Target, paths: list[str]) -> None:
    bucket = target.option("bucket")
    for start in range(0, len(paths), 1000):  # DeleteObjects takes at most 1,000 keys
        batch = [{"Key": key(target, p)} for p in paths[start:start + 1000]]
        try:
            answer = s3.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
        except Exception as exc:  # noqa: BLE001
            raise storage_error(f"deleting old files from {bucket}", exc) from None
        if answer.get("Errors"):
            first = answer["Errors"][0]
            raise DeployError(f"deleting {first.get('Key')}: {first.get('Code')}: "
                              f"{first.get('Message', '')}")


def allow_cross_origin_reads(s3: Any, target: Target) -> None:
    bucket = target.option("bucket")
    try:
        s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=CORS_RULES)
    except Exception as exc:  # noqa: BLE001
        raise storage_error(f"setting CORS on {bucket} (or set 'cors: false' and configure it "
                      "yourself)", exc) from None
