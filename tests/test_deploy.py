"""`crisishub deploy` to S3-compatible storage (a local moto server), with Cloudflare and
CloudFront purges (local stand-ins): what lands in the bucket, with which headers, in which
order, and what a second deploy, a failure and a dry run do."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from support import HubFolder

from generator.cli.main import main
from generator.deploy import s3 as s3_adapter
from generator.deploy.files import HASHED, IMMUTABLE
from generator.deploy.run import Clients, run_deploy
from generator.site.settings import load_project
from tests.deploy_support import (
    CLOUDFLARE_TOKEN,
    SECRET_KEY,
    Cloudflare,
    CloudFront,
    aws_keys,  # noqa: F401 - fixture
    error_xml,
    moto_server,  # noqa: F401 - fixture
    write_deploy,
)

SHORT = "public, max-age=60, must-revalidate"


@pytest.fixture
def bucket(moto_server: str, aws_keys: None) -> str:  # noqa: F811
    name = f"status-{uuid.uuid4().hex[:8]}"
    s3(moto_server).create_bucket(Bucket=name)
    return name


@pytest.fixture
def cdn() -> Iterator[tuple[Cloudflare, CloudFront]]:
    cloudflare, cloudfront = Cloudflare(), CloudFront("EDFDVBD6EXAMPLE")
    yield cloudflare, cloudfront
    cloudflare.stop()
    cloudfront.stop()


def s3(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


def objects(endpoint: str, bucket: str) -> dict[str, dict[str, Any]]:
    client = s3(endpoint)
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {k: client.head_object(Bucket=bucket, Key=k) for k in keys}


def incident_hub(hub: HubFolder) -> HubFolder:
    hub.write_incident("2026-11-24-payments", components={"web": "major_outage"})
    hub.write_update("2026-11-24-payments", "01", at="2026-11-24 10:00")
    return hub


def settings(endpoint: str, bucket: str, cdn: tuple[Cloudflare, CloudFront] | None = None,
             **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"targets": {"bucket": {
        "kind": "s3", "bucket": bucket, "endpoint_url": endpoint, "region": "us-east-1"}},
        **extra}
    if cdn:
        result["purge"] = {
            "cloudflare": {"zone_id": "zone1", "api_base": cdn[0].base + "/client/v4"},
            "cloudfront": {"distribution_id": "EDFDVBD6EXAMPLE", "endpoint_url": cdn[1].base}}
    return result


def deploy(hub: HubFolder, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--config", str(hub.root / "mkdocs.yml"), "deploy", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_deploy_uploads_every_file_with_its_type_and_cache_rule(
        hub: HubFolder, moto_server: str, bucket: str,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    incident_hub(hub).build()
    write_deploy(hub.content, settings(moto_server, bucket, cache_seconds=60))
    code, out = deploy(hub, capsys=capsys)
    assert code == 0, out
    site = sorted(p.relative_to(hub.root / "site").as_posix()
                  for p in (hub.root / "site").rglob("*") if p.is_file())
    stored = objects(moto_server, bucket)
    assert sorted(stored) == site
    assert f"uploaded {len(site)} of {len(site)} files to {bucket} (0 unchanged), deleted 0" in out
    expected_types = {
        "index.html": "text/html; charset=utf-8",
        "api/v2/summary.json": "application/json; charset=utf-8",
        "feeds/rss.xml": "application/rss+xml; charset=utf-8",
        "feeds/atom.xml": "application/atom+xml; charset=utf-8",
        "feeds/incidents/2026-11-24-payments.rss.xml": "application/rss+xml; charset=utf-8",
        "calendar/maintenance.ics": "text/calendar; charset=utf-8",
        "badges/status.svg": "image/svg+xml; charset=utf-8",
        "cards/none.png": "image/png",
        "sitemap.xml": "application/xml; charset=utf-8",
    }
    for path, kind in expected_types.items():
        assert stored[path]["ContentType"] == kind, path
    hashed = [p for p in site if HASHED.search(p)]
    assert any(p.endswith(".css") for p in hashed) and any(p.endswith(".js") for p in hashed)
    for path, head in stored.items():
        assert head["CacheControl"] == (IMMUTABLE if path in hashed else SHORT), path
        assert head["ContentType"], path
    cors = s3(moto_server).get_bucket_cors(Bucket=bucket)["CORSRules"]
    assert cors[0]["AllowedOrigins"] == ["*"] and "GET" in cors[0]["AllowedMethods"]
    assert SECRET_KEY not in out


def test_the_cache_time_comes_from_the_settings(hub: HubFolder, moto_server: str,  # noqa: F811
                                                bucket: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    hub.build()
    write_deploy(hub.content, settings(moto_server, bucket, cache_seconds=15))
    assert deploy(hub, capsys=capsys)[0] == 0
    head = s3(moto_server).head_object(Bucket=bucket, Key="api/v2/status.json")
    assert head["CacheControl"] == "public, max-age=15, must-revalidate"


def test_a_second_deploy_uploads_only_what_changed_and_deletes_what_is_gone(
        hub: HubFolder, moto_server: str, bucket: str, cdn: tuple[Cloudflare, CloudFront],  # noqa: F811
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRISISHUB_CLOUDFLARE_API_TOKEN", CLOUDFLARE_TOKEN)
    incident_hub(hub).build()
    write_deploy(hub.content, settings(moto_server, bucket, cdn))
    assert deploy(hub, capsys=capsys)[0] == 0
    s3(moto_server).put_object(Bucket=bucket, Key="incidents/removed/index.html", Body=b"old")
    before = {k: v["ETag"] for k, v in objects(moto_server, bucket).items()}
    cdn[0].requests.clear()
    cdn[1].requests.clear()

    hub.write_update("2026-11-24-payments", "02", status="identified", at="2026-11-24 11:00",
                     body="We found the cause.")
    hub.build()
    code, out = deploy(hub, capsys=capsys)
    assert code == 0, out
    after = objects(moto_server, bucket)
    changed = sorted(k for k in after if before.get(k) != after[k]["ETag"])
    total = len(after)
    assert "incidents/removed/index.html" not in after
    assert f"uploaded {len(changed)} of {total} files to {bucket} ({total - len(changed)} " \
           "unchanged), deleted 1" in out
    assert "incidents/2026-11-24-payments/index.html" in changed
    assert "api/v2/incidents.json" in changed
    assert not [k for k in changed if HASHED.search(k)]  # the theme did not change
    assert len(changed) < total / 2
    # the CDNs drop exactly the changed and deleted paths, pages under their folder URL too
    purged = cdn[0].purged()
    assert "https://status.test.example/incidents/2026-11-24-payments/" in purged
    assert "https://status.test.example/incidents/removed/" in purged
    assert set(purged) >= {f"https://status.test.example/{k}" for k in changed}
    assert all(len(json.loads(r["body"])["files"]) <= 30 for r in cdn[0].requests)
    assert cdn[1].invalidations() == [["/" + p.removeprefix("https://status.test.example/")
                                       for p in purged]]
    assert CLOUDFLARE_TOKEN not in out and SECRET_KEY not in out
    # a third deploy of the same site changes nothing and purges nothing
    cdn[0].requests.clear()
    code, out = deploy(hub, capsys=capsys)
    assert f"uploaded 0 of {total} files" in out and cdn[0].requests == []


class FailingOn:
    """The real S3 client, except that uploading one key fails (a full disk, a lost network)."""

    def __init__(self, client: Any, key: str) -> None:
        self.client, self.key, self.puts = client, key, []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def put_object(self, **kwargs: Any) -> Any:
        if kwargs["Key"] == self.key:
            raise ClientError({"Error": {"Code": "InternalError", "Message": "We encountered "
                               "an internal error. Please try again."}}, "PutObject")
        self.puts.append(kwargs["Key"])
        return self.client.put_object(**kwargs)


def test_a_failed_upload_deletes_nothing_and_keeps_json_and_feeds_for_last(
        hub: HubFolder, moto_server: str, bucket: str) -> None:  # noqa: F811
    incident_hub(hub).build()
    write_deploy(hub.content, settings(moto_server, bucket))
    client = s3(moto_server)
    client.put_object(Bucket=bucket, Key="old-page/index.html", Body=b"the previous site")
    client.put_object(Bucket=bucket, Key="api/v2/status.json", Body=b"{}")
    failing = FailingOn(client, "history/index.html")
    out = io.StringIO()
    code = run_deploy(load_project(hub.root / "mkdocs.yml"), out,
                      clients=Clients(s3=lambda target: failing))
    text = out.getvalue()
    assert code == 1
    assert "bucket: FAILED: uploading history/index.html: InternalError" in text
    assert "nothing was deleted: the previous site is still served" in text
    stored = objects(moto_server, bucket)
    assert "old-page/index.html" in stored  # nothing deleted
    assert client.get_object(Bucket=bucket, Key="api/v2/status.json")["Body"].read() == b"{}"
    assert not [k for k in failing.puts if k.startswith(("api/", "feeds/"))]
    assert any(k.startswith("assets/") for k in failing.puts)  # assets went first


def test_a_dry_run_lists_every_step_with_its_headers_and_changes_nothing(
        hub: HubFolder, moto_server: str, bucket: str, cdn: tuple[Cloudflare, CloudFront],  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    hub.build()
    write_deploy(hub.content, settings(moto_server, bucket, cdn))
    s3(moto_server).put_object(Bucket=bucket, Key="gone.html", Body=b"x")
    code, out = deploy(hub, "--dry-run", capsys=capsys)
    assert code == 0, out
    files = [p for p in (hub.root / "site").rglob("*") if p.is_file()]
    uploads = [line for line in out.splitlines() if line.startswith("bucket: upload ")]
    assert len(uploads) == len(files)
    assert ("bucket: upload api/v2/summary.json [JSON and feeds] Content-Type: application/json; "
            f"charset=utf-8, Cache-Control: {SHORT}, Access-Control-Allow-Origin: * (bucket CORS)"
            ) in uploads
    assert "bucket: delete gone.html" in out
    assert "bucket: purge cloudflare https://status.test.example/" in out
    assert "bucket: purge cloudfront EDFDVBD6EXAMPLE /index.html" in out
    stages = [u.split("[")[1].split("]")[0] for u in uploads]
    assert stages == sorted(stages, key=["assets", "pages", "JSON and feeds"].index)
    assert list(objects(moto_server, bucket)) == ["gone.html"]
    assert cdn[0].requests == [] and cdn[1].requests == []


def test_purge_errors_say_the_files_are_online_and_how_to_purge_again(
        hub: HubFolder, moto_server: str, bucket: str, cdn: tuple[Cloudflare, CloudFront],  # noqa: F811
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    hub.build()
    write_deploy(hub.content, settings(moto_server, bucket, cdn))
    monkeypatch.setenv("CRISISHUB_CLOUDFLARE_API_TOKEN", "wrong-token")
    code, out = deploy(hub, capsys=capsys)
    assert code == 1
    assert ("bucket: FAILED: purge cloudflare: HTTP 403: 10000 Authentication error; the new "
            "files are online, but cloudflare may serve old copies for up to 60 s; run "
            "'crisishub deploy --purge-everything' to purge again") in out
    assert "wrong-token" not in out
    monkeypatch.setenv("CRISISHUB_CLOUDFLARE_API_TOKEN", CLOUDFLARE_TOKEN)
    cdn[1].failures.append((400, error_xml("TooManyInvalidationsInProgress", "Too many.")))
    code, out = deploy(hub, "--purge-everything", capsys=capsys)
    assert code == 1
    assert "purge cloudfront: TooManyInvalidationsInProgress: Too many." in out
    assert "purged everything from cloudflare" in out
    assert json.loads(cdn[0].requests[-1]["body"]) == {"purge_everything": True}
    code, out = deploy(hub, "--purge-everything", capsys=capsys)
    assert code == 0, out
    assert cdn[1].invalidations()[-1] == ["/*"]


def test_missing_keys_and_settings_mistakes_are_one_line_each(
        hub: HubFolder, moto_server: str, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    hub.build()
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(hub.root / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(hub.root / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    write_deploy(hub.content, settings(moto_server, "b"))
    code, out = deploy(hub, capsys=capsys)
    assert code == 1
    assert out.strip() == ("bucket: FAILED: listing bucket b: no storage keys; set "
                           "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
    write_deploy(hub.content, {"targets": {"bucket": {"kind": "s4", "bucket": "b"},
                                           "r2": {"kind": "s3", "secret_key": "x"}},
                               "purge": {"cloudflair": {"zone_id": "z"}}})
    code, out = deploy(hub, capsys=capsys)
    assert code == 1
    assert out.splitlines() == [
        "content/deploy.yml:3: targets.bucket.kind: 's4' is not a kind of target; known kinds: "
        "github-pages, s3",
        "content/deploy.yml:7: targets.r2.secret_key: secrets never go in this file (it is "
        "committed); remove the line and set them in the environment (see docs/deploy.md)",
        "content/deploy.yml:5: targets.r2: 'bucket:' is missing; s3 needs it, like bucket: "
        "status-site",
        "content/deploy.yml:9: purge.cloudflair: 'cloudflair' is not a CDN Crisis Hub can "
        "purge; did you mean 'cloudflare'?",
        "Fix these first: nothing was deployed.",
    ]


def test_no_built_site_and_no_targets_say_what_to_do(hub: HubFolder,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out = deploy(hub, capsys=capsys)
    assert (code, out.strip()) == (1, "content/deploy.yml: no targets; add one under 'targets:' "
                                      "(docs/deploy.md shows GitHub Pages and S3 examples)")
    write_deploy(hub.content, {"targets": {"pages": {"kind": "github-pages"}}})
    code, out = deploy(hub, capsys=capsys)
    assert (code, out.strip()) == (1, "site/index.html: no built site here; run 'crisishub "
                                      "build' first")


def test_an_etag_of_a_multipart_upload_counts_as_changed() -> None:
    class Listing:
        def get_paginator(self, name: str) -> Any:
            class Pages:
                def paginate(self, **kwargs: Any) -> list[dict[str, Any]]:
                    return [{"Contents": [{"Key": "site/a.html", "ETag": '"abc-2"'},
                                          {"Key": "site/b.html", "ETag": '"0cc175b9"'}]}]
            return Pages()

    from generator.deploy.settings import Target
    target = Target("t", "s3", {"bucket": "b", "prefix": "/site/"})
    assert s3_adapter.remote_checksums(Listing(), target) == {"a.html": "multipart",
                                                               "b.html": "0cc175b9"}


def test_uploads_go_below_the_prefix(hub: HubFolder, moto_server: str, bucket: str,  # noqa: F811
                                     capsys: pytest.CaptureFixture[str]) -> None:
    hub.build()
    config = settings(moto_server, bucket)
    config["targets"]["bucket"]["prefix"] = "status"
    write_deploy(hub.content, config)
    assert deploy(hub, capsys=capsys)[0] == 0
    assert all(k.startswith("status/") for k in objects(moto_server, bucket))
    code, out = deploy(hub, capsys=capsys)
    assert "uploaded 0 of" in out and "deleted 0" in out


