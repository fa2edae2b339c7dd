"""Fan-out benchmark: one update to every channel, against local stand-ins that answer
after 200 ms each. Concurrent fan-out should take about as long as the slowest channel alone
(one channel may need several calls: SMTP's dialogue, a session, a read-back), not the sum.

Each run sends the update to every channel at once, then to each channel on its own (fresh
ledgers), so the ratio printed is fan-out / slowest channel alone, measured in the same run.

    python bench/fanout.py [--delay 0.2] [--runs 3]

Prints the numbers; asserts nothing (no timing assertions anywhere in the tests).
"""

from __future__ import annotations

import argparse
import asyncio
import ssl
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import trustme  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult  # noqa: E402
from crosspost_fakes import MailSink, Platforms, free_port  # noqa: E402
from crosspost_hub import NOW, all_channels, environment, make_hub  # noqa: E402

from generator.crosspost.channels.registry import build_channel  # noqa: E402
from generator.crosspost.fanout import deliver, plan  # noqa: E402
from generator.crosspost.ledger import Ledger  # noqa: E402
from generator.crosspost.publishing import load_crosspost  # noqa: E402
from generator.site.settings import load_project  # noqa: E402


def smtp_server(delay: float, folder: Path) -> tuple[Controller, int]:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    import os
    os.environ["SSL_CERT_FILE"] = str(folder / "ca.pem")
    port = free_port()
    controller = Controller(MailSink(delay), hostname="127.0.0.1", port=port,
                            tls_context=context, require_starttls=True,
                            auth_require_tls=True, server_hostname="localhost",
                            authenticator=lambda *a: AuthResult(success=True))
    controller.start()
    return controller, port


async def one_run(root: Path, platforms: Platforms) -> tuple[float, float, int, dict[str, float]]:
    """(prepare, fan-out to all, messages posted, each channel alone) in seconds."""
    import httpx
    project = load_project(root / "mkdocs.yml")
    crosspost = load_crosspost(project)
    env = environment(platforms.base)

    def fresh_ledger() -> Ledger:
        return Ledger(root / "content" / f"ledger-{time.monotonic_ns()}.jsonl", lambda: NOW)

    async def send(channels: list[Any], ledger: Ledger) -> list[Any]:
        deliveries, _ = plan(crosspost.hub, channels, ledger, NOW,
                             "https://status.example.com/", window_hours=72)
        return await deliver(deliveries, channels, ledger)

    async with httpx.AsyncClient(timeout=10) as client:
        channels = [build_channel(s, env, client, root / "outbox", lambda: NOW)[0]
                    for s in crosspost.config.channels]
        started = time.perf_counter()
        await asyncio.gather(*(c.prepare() for c in channels))
        prepared = time.perf_counter()
        outcomes = await send(channels, fresh_ledger())
        done = time.perf_counter()
        alone = {}
        for channel in channels:
            began = time.perf_counter()
            await send([channel], fresh_ledger())
            alone[channel.name] = time.perf_counter() - began
    return (prepared - started, done - prepared, sum(o.result == "posted" for o in outcomes),
            alone)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay", type=float, default=0.2, help="each answer's delay, seconds")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="Session.login_data")
    platforms = Platforms(delay=args.delay).start()
    with tempfile.TemporaryDirectory() as folder:
        controller, port = smtp_server(args.delay, Path(folder))
        root = make_hub(Path(folder) / "hub", channels=all_channels(platforms.base, port))
        (root / "content/incidents/2026-11-24-payments-down/update-2.md").unlink()
        try:
            runs = [asyncio.run(one_run(root, platforms)) for _ in range(args.runs)]
        finally:
            controller.stop()
            platforms.stop()
    kinds = len(all_channels("", 1))
    prepare = statistics.median(r[0] for r in runs)
    fanout = statistics.median(r[1] for r in runs)
    print(f"channels: {kinds}, messages posted per run: {runs[0][2]}, "
          f"server delay: {args.delay * 1000:.0f} ms, runs: {args.runs}")
    print(f"prepare (Mastodon limits, Bluesky session), concurrent: {prepare * 1000:.0f} ms")
    print(f"fan-out of one update to all channels, median: {fanout * 1000:.0f} ms "
          f"(all runs: {', '.join(f'{r[1] * 1000:.0f}' for r in runs)} ms)")
    alone = {name: statistics.median(r[3][name] for r in runs) for name in runs[0][3]}
    slowest = max(alone, key=alone.__getitem__)
    print("each channel alone, median: " + ", ".join(
        f"{name} {seconds * 1000:.0f}" for name, seconds in sorted(alone.items())) + " ms")
    print(f"one round trip: {args.delay * 1000:.0f} ms; all channels one after another: "
          f"{sum(alone.values()) * 1000:.0f} ms")
    print(f"fan-out / slowest channel alone ({slowest}, {alone[slowest] * 1000:.0f} ms) = "
          f"{fanout / alone[slowest]:.2f}; fan-out / one round trip = {fanout / args.delay:.2f}")


if __name__ == "__main__":
    main()
