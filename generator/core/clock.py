"""The two clocks of the hub, and its time zone.

The **content clock** decides what the content means now: which incident is active, which
maintenance is in progress, which promise is overdue. It can be frozen (`now:` in mkdocs.yml or
CRISISHUB_NOW) for reproducible builds and the example hub. The **network clock** is always the
real one: rate-limit resets, OAuth and signature timestamps, `createdAt` of a post. Code that
talks to the network never reads the content clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

NOW_VARIABLE = "CRISISHUB_NOW"


class ZoneError(ValueError):
    """A time zone name that is not an IANA name; the message says what to write."""


def resolve_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ZoneError(f"'{name}' is not a time zone; write an IANA name like Europe/Berlin "
                        "or UTC") from exc


@dataclass(frozen=True)
class ContentClock:
    """'Now' for the content rules, in the hub's zone; frozen when `fixed` is set."""

    zone: ZoneInfo
    fixed: datetime | None = None
    source: str | None = None  # where the frozen time was set: "CRISISHUB_NOW" or "now:"

    @property
    def is_frozen(self) -> bool:
        return self.fixed is not None

    def now(self) -> datetime:
        # In the zone (a fixed `now:` is parsed to a fixed offset): reports print its name.
        return self.fixed.astimezone(self.zone) if self.fixed is not None else datetime.now(self.zone)


def network_now() -> datetime:
    """The real time, for everything that talks to a network: never frozen."""
    return datetime.now(UTC)
