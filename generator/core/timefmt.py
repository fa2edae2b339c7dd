"""The one place that formats times for people: in the hub's zone, in the reader's language."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from datetime import timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time, format_timedelta


def zone_name(moment: dt.datetime) -> str:
    """A short zone name that says which clock is meant: 'CET', 'MSK', or 'UTC+04'."""
    name = moment.tzname() or "UTC"
    return f"UTC{name}" if name[:1] in "+-" else name


class TimeFormatter:
    """Formats datetimes, dates and durations for one hub time zone and one locale."""

    def __init__(self, zone: ZoneInfo, locale: str) -> None:
        self.zone = zone
        self.locale: Locale | str = locale
        with contextlib.suppress(ValueError, TypeError, UnknownLocaleError):
            self.locale = Locale.parse(locale)  # else Babel parses the name on every call
        # Babel takes tens of microseconds per call and a page shows the same moments, days
        # and durations many times (each incident on its month, component and home pages).
        self._said: dict[tuple[str, object], str] = {}

    def _remembered(self, kind: str, value: object, say: Callable[[], str]) -> str:
        key = (kind, value)
        if key not in self._said:
            self._said[key] = say()
        return self._said[key]

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.zone)

    def datetime(self, moment: dt.datetime) -> str:
        """'November 24, 2026, 10:15 AM CET' / '24 ноября 2026 г., 10:15 MSK'."""
        # Shown in the hub's zone, so equal instants (whatever their zone) read the same.
        return self._remembered("datetime", moment, lambda: self._datetime(moment))

    def _datetime(self, moment: dt.datetime) -> str:
        local = self.local(moment)
        # A hub has thousands of moments but few days and clock readings: each said once.
        clock = self._remembered(
            "clock", (local.hour, local.minute, local.second, local.microsecond, local.tzname()),
            lambda: format_time(local.timetz(), "short", locale=self.locale))
        return f"{self.date(local.date())}, {clock} {zone_name(local)}"

    def time(self, moment: dt.datetime) -> str:
        """Just the clock and zone: '10:15 AM CET'."""
        local = self.local(moment)
        return f"{format_time(local.timetz(), 'short', locale=self.locale)} {zone_name(local)}"

    def date(self, day: dt.date | dt.datetime) -> str:
        if isinstance(day, dt.datetime):
            day = self.local(day).date()
        return self._remembered("date", day,
                                lambda: format_date(day, "long", locale=self.locale))

    def short_date(self, day: dt.date) -> str:
        return format_skeleton("MMMd", day, locale=self.locale)

    def month(self, year: int, month: int) -> str:
        """'November 2026' / 'ноябрь 2026 г.' (standalone form)."""
        return format_skeleton("yMMMM", dt.date(year, month, 1), locale=self.locale)

    def duration(self, length: timedelta) -> str:
        """'2 hours 15 minutes' style, to the minute."""
        return self._remembered("duration", length, lambda: self._duration(length))

    def _duration(self, length: timedelta) -> str:
        minutes = int(length.total_seconds() // 60)
        hours, minutes = divmod(minutes, 60)
        days, hours = divmod(hours, 24)
        parts = []
        units: tuple[tuple[int, Literal["day", "hour", "minute"]], ...] = (
            (days, "day"), (hours, "hour"), (minutes, "minute"))
        for amount, unit in units:
            if amount:
                parts.append(format_timedelta(timedelta(**{unit + "s": amount}), threshold=1e9,
                                              granularity=unit, format="long", locale=self.locale))
        return " ".join(parts) or format_timedelta(timedelta(0), locale=self.locale)
