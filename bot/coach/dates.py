"""Reading the date a /pause should end: "tomorrow", "Dec 24", "for two weeks", "until Monday".

Pure and never raising on user input; "today" is passed in (the user's local date). The date
read is the first day reminders come back, as in `bot.coach.plan.next_fire`'s `paused_until`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bot.coach.days import day_number

LONGEST_PAUSE = timedelta(days=366)
"""The latest end of a pause, counted from today: a later date is a typo, or /pause alone
(until /resume) is meant. The same bound as /pause had for ISO dates."""

RECENT_PAST = timedelta(days=31)
"""A day and month without a year within this much before today is a slip, not next year."""

_MAX_INPUT = 60
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS |= {name[:3]: number for number, name in enumerate(_MONTH_NAMES, 1)} | {"sept": 9}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_UNTIL = re.compile(r"^(?:until|till|til|'til|up to)\s+")
_SPAN = re.compile(
    r"(?:(?:for|in)\s+)?(?:(?P<couple>(?:a\s+)?couple\s+of)|(?P<n>[0-9]{1,3}|[a-z]+))"
    r"\s*(?P<unit>day|week|month)s?"
)
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ORDINAL = r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<y>[0-9]{4}))?"
_DAY_MONTH = re.compile(_ORDINAL + r"(?:\s+of)?\s+(?P<m>[a-z]+)\.?" + _YEAR)
_MONTH_DAY = re.compile(r"(?P<m>[a-z]+)\.?\s+" + _ORDINAL + _YEAR)


@dataclass(frozen=True, slots=True)
class PauseRefused:
    """A date that was read but cannot end a pause.

    `reason`: "not_future" (today or earlier: nothing to pause) or "too_far" (beyond
    LONGEST_PAUSE). `until` is the date read.
    """

    reason: Literal["not_future", "too_far"]
    until: date


def parse_pause_until(text: str, today: date) -> date | PauseRefused | None:
    """The day reminders should come back, `PauseRefused`, or None for text that is no date.

    Reads, in any case, with or without "until"/"till" before a date:
    - "tomorrow", "the day after tomorrow", "today" (refused: not in the future);
    - a length from today: "for a week", "for 3 days", "two weeks", "in 10 days", "for a
      month" (the same day next month, or its last day), "a couple of weeks";
    - a weekday, the next one after today: "until Monday", "next friday";
    - "next week" (its Monday), "next month" (its first day);
    - a date: "2026-12-24", "Dec 24", "24 Dec", "December 24th", "24th of December",
      "Dec 24, 2027". Without a year it is the next such date, unless that date was less
      than RECENT_PAST ago: then it is refused as not in the future, rather than read as
      next year. Numeric day/month forms ("12/24", "24.12.") are not read: they are
      ambiguous between countries.
    The result is after today and at most LONGEST_PAUSE ahead, or refused.
    """
    if len(text) > _MAX_INPUT:
        return None
    cleaned = _UNTIL.sub("", " ".join(text.casefold().replace("’", "'").split()))
    until = _relative(cleaned, today) or _calendar_date(cleaned, today)
    if until is None:
        return None
    if until <= today:
        return PauseRefused("not_future", until)
    if until - today > LONGEST_PAUSE:
        return PauseRefused("too_far", until)
    return until


def _relative(text: str, today: date) -> date | None:
    words = {"today": 0, "tomorrow": 1, "the day after tomorrow": 2, "day after tomorrow": 2}
    if text in words:
        return today + timedelta(days=words[text])
    if text == "next week":
        return today + timedelta(days=7 - today.weekday())
    if text == "next month":
        return _add_months(today, 1).replace(day=1)
    named = text.removeprefix("next ")
    weekday = day_number(named) if len(named) > 2 else None  # not "mo", "tu"
    if weekday is not None:
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    match = _SPAN.fullmatch(text)
    count = None if match is None else 2 if match["couple"] else _count(match["n"])
    if match is None or count is None:
        return None
    if match["unit"] == "month":
        return _add_months(today, count)
    return today + timedelta(days=count * (7 if match["unit"] == "week" else 1))


def _calendar_date(text: str, today: date) -> date | None:
    if _ISO.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    match = _DAY_MONTH.fullmatch(text) or _MONTH_DAY.fullmatch(text)
    month = _MONTHS.get(match["m"]) if match else None
    if match is None or month is None:
        return None
    day, year = int(match["d"]), match["y"]
    try:
        if year is not None:
            return date(int(year), month, day)
        this_year = date(today.year, month, day)
        if this_year > today or today - this_year < RECENT_PAST:
            return this_year
        return date(today.year + 1, month, day)
    except ValueError:  # "Feb 30", or Feb 29 in a year without it
        return None


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day ("Jan 31" + 1 -> "Feb 28")."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
