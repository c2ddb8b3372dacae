"""UTC offsets: which ones places really use, reading typed ones, and snapping a guessed one.

Pure functions over the tz database (`zoneinfo`), never raising on user input. "In use" means
some zone of the database has that offset at the moment in question; the database's Etc zones
make every whole hour from UTC-12:00 to UTC+14:00 count, and real places add the few half and
three-quarter hours: -09:30, -03:30, -02:30, +03:30, +04:30, +05:30, +05:45, +06:30, +08:45,
+09:30, +10:30, +12:45, +13:45 (tzdata 2026). UTC+05:15 or UTC+15:00 are nobody's clock.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, available_timezones

WEST_END = timedelta(hours=-10)
EAST_END = timedelta(hours=13, minutes=45)
"""The offsets a local time is read as: one day wide, from Hawaii to Tonga and New Zealand's
summer. A clock 24 h away from one of them (UTC+14:00, UTC-11:00, UTC-12:00) shows the same
time, and these are the more populated side."""

NEAR_TIE = timedelta(minutes=10)
"""Two offsets whose distances from a typed clock differ by less than this are about equally
near: the user is asked."""

_DAY = timedelta(days=1)
_OFFSET = re.compile(
    r"(?P<name>utc|gmt)?(?P<sign>[+-])?(?P<h>[0-9]{1,2})"
    r"(?:(?P<sep>[:.h])(?P<m>[0-9]{1,2})?|(?P<mm>[0-9]{2}))?"
)


@dataclass(frozen=True, slots=True)
class Nearby:
    """An offset in use and how far the typed clock is from it (both timedeltas)."""

    offset: timedelta
    distance: timedelta


def offsets_in_year(year: int) -> frozenset[timedelta]:
    """Offsets some zone uses at some point of `year` (sampled mid-month, every month)."""
    return _offsets_in_year(year)


def offsets_at(moment: datetime) -> frozenset[timedelta]:
    """Offsets some zone uses at the aware instant `moment` (daylight saving as it is then)."""
    if moment.utcoffset() is None:
        raise ValueError("moment must be timezone-aware")
    found = {moment.astimezone(tz).utcoffset() for tz in _zones()}
    return frozenset(offset for offset in found if offset is not None)


def parse_offset(text: str, year: int) -> timedelta | None:
    """Read a typed offset that places use in `year`, or None.

    Forms: "UTC+5:30", "GMT+5.30", "UTC+5.5", "+0530", "GMT +5 30", "UTC+05:45", "utc 5:30",
    "+5.75", "GMT-3.5", "UTC+5h30", "+2". A sign or "UTC"/"GMT" is required (a bare "5" is a
    local time, not an offset); without a sign the offset is east. After a dot, two digits
    are minutes if that gives an offset in use ("5.30", "5.45"), else a decimal fraction of an
    hour ("5.5", "5.75", "5.50"). Whitespace is ignored; "−" and "–" are minus signs.
    """
    cleaned = "".join(text.casefold().replace("−", "-").replace("–", "-").split())
    match = _OFFSET.fullmatch(cleaned)
    if match is None or not (match["name"] or match["sign"]):
        return None
    hours = int(match["h"])
    real = offsets_in_year(year)
    for minutes in _minute_readings(match["sep"], match["m"] or match["mm"]):
        offset = timedelta(hours=hours, minutes=minutes)
        offset = -offset if match["sign"] == "-" else offset
        if offset in real:
            return offset
    return None


def nearest_offsets(gap: timedelta, moment: datetime) -> tuple[Nearby, ...]:
    """The offsets in use at `moment` nearest a clock `gap` ahead of UTC: one, or two to ask.

    `gap` is the typed local time minus UTC now; only its position on the 24-hour dial counts,
    so a typed time that is "tomorrow" or "yesterday" in UTC terms reads right. Offsets are
    taken from WEST_END..EAST_END. The nearest wins; the runner-up comes too when it is less
    than NEAR_TIE (10 min) farther. People round the time they type ("11pm" at 23:34) and
    type it a minute or two late, so a clock between two offsets in use belongs to either;
    near one of them, to that one. At 23:34 UTC "11pm" is 26 min from UTC-01:00 and 34 min
    from UTC+00:00: both. At 23:10 UTC "3" is 10 min from UTC+04:00, 20 from UTC+03:30:
    UTC+04:00. Offsets in use are 15 min or more apart, so an exact match never asks.
    Nearest first; at equal distances westmost first.
    """
    candidates = sorted(
        (
            Nearby(offset, _dial_distance(gap, offset))
            for offset in offsets_at(moment)
            if WEST_END <= offset <= EAST_END
        ),
        key=lambda near: (near.distance, near.offset),
    )
    best, runner_up = candidates[0], candidates[1]  # whole hours alone give 24 candidates
    return (best, runner_up) if runner_up.distance - best.distance < NEAR_TIE else (best,)


def _minute_readings(sep: str | None, digits: str | None) -> list[int]:
    """Ways to read what follows the hours as minutes, best first; [] when unreadable."""
    if digits is None:
        return [0] if sep in (None, "h") else []
    readings = [int(digits)] if len(digits) == 2 and int(digits) < 60 else []
    if sep == ".":
        fraction = int(digits) * 60 / 10 ** len(digits)
        if fraction.is_integer():
            readings.append(int(fraction))
    return readings


def _dial_distance(gap: timedelta, offset: timedelta) -> timedelta:
    """How far apart two clock offsets are on a 24-hour dial."""
    apart = (gap - offset) % _DAY
    return min(apart, _DAY - apart)


@functools.cache
def _offsets_in_year(year: int) -> frozenset[timedelta]:
    moments = [datetime(year, month, 15, tzinfo=UTC) for month in range(1, 13)]
    return frozenset().union(*(offsets_at(moment) for moment in moments))


@functools.cache
def _zones() -> tuple[tzinfo, ...]:
    """Every zone of the database, loaded once."""
    return tuple(
        ZoneInfo(name) for name in sorted(available_timezones() - {"localtime", "Factory"})
    )
