"""Understanding what users type for a reminder time and a time zone.

Everything here is pure parsing and never raises on user input (unreadable text gives None),
except two data lookups: `load_aliases` (from `bot.coach.zonealiases`) reads the alias table
(content/timezones.yaml) once at startup, and `timezone_from_location` asks timezonefinder's
map of time zone borders.

`read_timezone` is the whole answer to "which time zone are you in?": a `TzGuess` to confirm,
a `TzChoice` between two offsets, a `NeedsCity` question for a country with several clocks,
or None. `parse_timezone` and `infer_timezone_from_local_time` are its older single-answer
halves, kept for callers that cannot ask back.

Time zones come out as plan time zones (see `bot.coach.plan.zone`): an IANA name, or a fixed
offset written "UTC+02:00". Fixed offsets are never written as IANA's "Etc/GMT-2": those names
use the POSIX sign convention, so Etc/GMT-2 means UTC+2, which would confuse anyone reading it.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

from bot.coach.countries import NeedsCity, name_key, zone_for_country
from bot.coach.offsets import nearest_offsets, parse_offset
from bot.coach.plan import fixed_offset_name, format_offset, zone
from bot.coach.zonealiases import load_aliases as load_aliases
from bot.coach.zonealiases import load_country_aliases as load_country_aliases

if TYPE_CHECKING:
    from timezonefinder import TimezoneFinder

_MAX_INPUT = 80  # longer messages are chat, not a time or a place

_TIME_WORDS = {"noon": time(12), "midday": time(12), "12 noon": time(12), "midnight": time(0)}
_CLOCK = re.compile(r"(?P<h>[0-9]{1,2})(?:[:.h](?P<m>[0-9]{2})|h)?\s*(?P<half>am|pm)?")
_COMPACT = re.compile(r"(?P<h>[0-9]{1,2})(?P<m>[0-9]{2})\s*(?P<half>am|pm)?")
_CHATTER = re.compile(r"^(?:(?:it'?s|it is|now|right now|here|at|my time is|local time is)\s+)+")

_UTC_WORDS = frozenset({"utc", "gmt", "z", "zulu", "utc+0", "gmt+0", "utc-0", "gmt-0"})
_ETC_GMT = re.compile(r"(?:Etc/)?GMT(?P<sign>[+-])(?P<h>[0-9]{1,2})")
_UTC_NAMES = frozenset({"UTC", "UCT", "GMT", "GMT0", "Greenwich", "Universal", "Zulu"})
_FILLER = re.compile(r"^(?:i ?['’]?m |i am |i live |we are |living |based )?in ", re.IGNORECASE)
# Not cities: legacy region names ("US/Eastern") and Australian state codes ("Australia/ACT").
_NOT_CITY_PREFIXES = ("US/", "Canada/", "Mexico/", "Brazil/", "Chile/", "Etc/", "SystemV/")
_NOT_CITY = frozenset({"act", "nsw", "lhi", "north", "south", "west", "east", "localtime"})


@dataclass(frozen=True, slots=True)
class TzGuess:
    """A time zone we understood: `tz` for the plan, `label` to show the user for confirmation."""

    tz: str
    label: str


@dataclass(frozen=True, slots=True)
class TzChoice:
    """Two fixed offsets about equally likely from a typed local time: ask with buttons.

    Nearest first; each label shows that offset's clock now ("UTC-01:00 (your time now 22:34)").
    """

    options: tuple[TzGuess, ...]


def parse_time(text: str) -> time | None:
    """Read a reminder time: "18:30", "18.30", "18h30", "1830", "7am", "6:30 pm", "noon", "7".

    Bare numbers are 24-hour hours ("7" is 07:00, "19" is 19:00); three or four digits are
    hours and minutes ("730" is 07:30). Impossible times ("25:00", "12:60", "13pm") give None.
    """
    if len(text) > _MAX_INPUT:
        return None
    cleaned = re.sub(r"\b([ap])\.\s?m\.?$", r"\1m", " ".join(text.casefold().split()))
    if cleaned in _TIME_WORDS:
        return _TIME_WORDS[cleaned]
    match = _CLOCK.fullmatch(cleaned) or _COMPACT.fullmatch(cleaned)
    if match is None:
        return None
    return _clock_time(int(match["h"]), int(match["m"] or 0), match["half"])


def _clock_time(hour: int, minute: int, half: str | None) -> time | None:
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_timezone(text: str, now_utc: datetime, aliases: Mapping[str, str]) -> TzGuess | None:
    """Understand a typed time zone, or None.

    Tried in order: an offset in use ("UTC+2", "utc+5:30", "GMT+5.5", "+0545", "-0330"; see
    `bot.coach.offsets.parse_offset`), then for the whole text, without "I'm in", and for
    the first and last comma-separated part: the alias table (`load_aliases`: other cities,
    abbreviations), a country ("Nepal", "Deutschland", "DE"; see `bot.coach.countries`),
    a full IANA name in any case ("europe/berlin"), the city part of an IANA name
    ("new york", "São Paulo"). A country beats an IANA name ("Japan" is Asia/Tokyo, not the
    legacy link "Japan"; "Samoa" is Apia, not Pacific/Samoa). A country with several clocks
    takes the zone the alias table gives its English name ("Spain": Europe/Madrid, so
    "España" and "ES" too); without one, or for a country name that is also a place
    elsewhere ("Georgia"), it gives None here (`read_timezone` asks for the city instead).
    `now_utc` feeds the label ("Europe/Berlin (UTC+01:00 now)") and the year whose offsets
    and clocks count.
    """
    found = _read_zone(text, now_utc, aliases, {})
    return None if found is None or isinstance(found, NeedsCity) else found


def read_timezone(
    text: str,
    now_utc: datetime,
    aliases: Mapping[str, str],
    country_aliases: Mapping[str, str] | None = None,
) -> TzGuess | TzChoice | NeedsCity | None:
    """Everything the time zone question accepts, or None.

    First as `parse_timezone` reads it, with other names for countries (`country_aliases`,
    from `load_country_aliases`); a country whose clocks differ gives `NeedsCity`. Otherwise
    as the current local time (`guess_from_local_time`): a `TzGuess`, or a `TzChoice` when two
    offsets are about equally near.
    """
    found = _read_zone(text, now_utc, aliases, country_aliases or {})
    return found if found is not None else guess_from_local_time(text, now_utc)


def _read_zone(
    text: str, now_utc: datetime, aliases: Mapping[str, str], country_aliases: Mapping[str, str]
) -> TzGuess | NeedsCity | None:
    _require_aware(now_utc)
    if len(text) > _MAX_INPUT:
        return None
    found = _parse_offset(text, now_utc) or _lookup_name(text, now_utc, aliases, country_aliases)
    return describe_timezone(found, now_utc) if isinstance(found, str) else found


def describe_timezone(tz: str, now_utc: datetime) -> TzGuess:
    """Label a plan time zone for the user: "America/New York (UTC-05:00 now)" or "UTC+05:30".

    ValueError for an unknown zone or a naive `now_utc`.
    """
    _require_aware(now_utc)
    resolved = zone(tz)
    if tz == "UTC" or tz.startswith(("UTC+", "UTC-")):
        return TzGuess(tz, tz)
    offset = now_utc.astimezone(resolved).utcoffset() or timedelta(0)
    return TzGuess(tz, f"{tz.replace('_', ' ')} ({format_offset(offset)} now)")


def infer_timezone_from_local_time(text: str, now_utc: datetime) -> TzGuess | None:
    """Work out a fixed UTC offset from the user's current local time ("it's 14:05", "2pm").

    The nearest offset in use, as `guess_from_local_time` finds it; where that would offer a
    choice, its first (nearest) option.
    """
    guess = guess_from_local_time(text, now_utc)
    return guess.options[0] if isinstance(guess, TzChoice) else guess


def guess_from_local_time(text: str, now_utc: datetime) -> TzGuess | TzChoice | None:
    """The fixed UTC offset(s) a typed current local time means ("it's 14:05", "11pm"), or None.

    Rule (`bot.coach.offsets.nearest_offsets`): the typed time minus UTC now, on a 24-hour
    dial (the user's date may be a day ahead of or behind UTC), snapped to the nearest offset
    some place uses at `now_utc`, within UTC-10:00..+13:45: offsets 24 h apart give the same
    clock, and the populated side wins (Hawaii over UTC+14:00, New Zealand, Fiji and Tonga
    over UTC-12:00/-11:00). When the runner-up is about as near (less than 10 min farther),
    both come back as a `TzChoice`: at 23:34 UTC, "11pm" is 26 min from UTC-01:00 and 34 min
    from UTC+00:00. Each label shows that offset's clock now, so a 12-hour slip ("2:05" for
    14:05) shows.
    """
    _require_aware(now_utc)
    if len(text) > _MAX_INPUT:
        return None
    cleaned = _CHATTER.sub("", " ".join(text.casefold().replace("’", "'").split()))
    local = parse_time(re.sub(r"\s+(?:here|now)$", "", cleaned.rstrip(".!")))
    if local is None:
        return None
    utc = now_utc.astimezone(UTC)
    gap = datetime.combine(utc.date(), local, tzinfo=UTC) - utc
    nearest = nearest_offsets(gap, utc)
    guesses = tuple(
        TzGuess(
            fixed_offset_name(near.offset),
            f"{format_offset(near.offset)} (your time now {utc + near.offset:%H:%M})",
        )
        for near in nearest
    )
    return guesses[0] if len(guesses) == 1 else TzChoice(guesses)


def timezone_from_location(lat: float, lon: float) -> str | None:
    """The time zone at a shared location; None for impossible coordinates or an unknown zone.

    On open sea timezonefinder answers with a nautical zone (Etc/GMT+10 at 0, -150); we turn
    it into the fixed form "UTC-10:00", which is the right clock for someone on a boat there.
    """
    valid = math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180
    if not valid:
        return None
    name = _finder().timezone_at(lng=lon, lat=lat)
    if not isinstance(name, str):
        return None
    tz = _plan_name(name)
    try:
        zone(tz)
    except ValueError:
        return None  # a zone newer than our tzdata
    return tz


def _require_aware(now_utc: datetime) -> None:
    if now_utc.utcoffset() is None:
        raise ValueError("now_utc must be timezone-aware")


def _parse_offset(text: str, now_utc: datetime) -> str | None:
    if "".join(text.casefold().split()) in _UTC_WORDS:
        return "UTC"
    offset = parse_offset(text, now_utc.astimezone(UTC).year)
    return None if offset is None else fixed_offset_name(offset)


def _lookup_name(
    text: str, now_utc: datetime, aliases: Mapping[str, str], country_aliases: Mapping[str, str]
) -> str | NeedsCity | None:
    whole = " ".join(text.split())
    bare = _FILLER.sub("", whole)
    parts = [part.strip() for part in bare.split(",")]
    for candidate in dict.fromkeys((whole, bare, parts[0], parts[-1])):
        key = name_key(candidate)
        # A country beats an IANA name: "Japan" is Asia/Tokyo, not the legacy link "Japan";
        # "Samoa" is Apia, not Pacific/Samoa (American Samoa).
        found = aliases.get(key) or zone_for_country(candidate, now_utc, country_aliases)
        if isinstance(found, NeedsCity):  # the alias table may name a main zone: "Spain"
            found = aliases.get(name_key(found.name)) or found
        found = found or _iana_index().get(key)
        if found:
            return _plan_name(found) if isinstance(found, str) else found
    return None


def _plan_name(iana: str) -> str:
    """IANA name as a plan time zone: fixed-offset zones in "UTC+HH:MM" form, others as is."""
    if iana.removeprefix("Etc/") in _UTC_NAMES:
        return "UTC"
    match = _ETC_GMT.fullmatch(iana)
    if match is None:
        return iana
    hours = int(match["h"])
    return fixed_offset_name(timedelta(hours=hours if match["sign"] == "-" else -hours))


@functools.cache
def _iana_index() -> dict[str, str]:
    """Matching key -> IANA name, for full names and for their city part."""
    names = sorted(available_timezones() - {"localtime", "Factory"})
    index = {name_key(name): name for name in names}
    # On a clash prefer the deepest path: America/Argentina/Buenos_Aires over America/Buenos_Aires.
    for name in sorted(names, key=lambda name: name.count("/")):  # deepest written last, wins
        city = name_key(name.rsplit("/", 1)[-1])
        if "/" in name and city not in _NOT_CITY and not name.startswith(_NOT_CITY_PREFIXES):
            index[city] = name
    return index


@functools.cache
def _finder() -> TimezoneFinder:
    """One TimezoneFinder for the process: it is slow to build."""
    from timezonefinder import TimezoneFinder  # heavy import, only when needed

    return TimezoneFinder(in_memory=True)  # reads its files once and closes them
