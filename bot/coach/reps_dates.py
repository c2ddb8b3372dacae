"""Days, dates and times of day in a rep log: which day the log is for, and what can't be honoured.

A log can say which day it is for, as long as the coach can place that day in the past week:

- "today", "tonight", "this morning/afternoon/evening": "today";
- "yesterday", "last night": "yesterday";
- a weekday, optionally after "on" or "last": "monday", "on tue", "last friday", "Fri." give
  its number, 0=Monday..6=Sunday. "sat" and "sun" count only after "on"/"last" or at the very
  start of the message ("in the sun" is not a day).

Dates it can't honour are found so they are refused, never ignored and never read as sets:
"2 days ago", "tomorrow", "the day before yesterday", "the other day", "last/this/next week",
"next monday", "on the 3rd", "Dec 3", "3rd of December", "2024-12-03", "03.12", "3/12/2024",
and a tight pair "3/12" that is a valid day and month (in either order) unless its numbers are
within 3 of each other ("10/9" and "12/12" are read as reps: left/right or two sets).

Two different days in one message ("yesterday and today") can't be honoured either.

Times of day ("at 7pm", "at 7:30", "18:30", "at 6") are found too: their numbers are note
text, never reps.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

from bot.coach.reps_words import words

DayWord = Literal["today", "yesterday"] | int

WEEKDAYS: dict[str, int] = {
    **dict.fromkeys(("monday", "mon"), 0),
    **dict.fromkeys(("tuesday", "tue", "tues"), 1),
    **dict.fromkeys(("wednesday", "wed"), 2),
    **dict.fromkeys(("thursday", "thu", "thur", "thurs"), 3),
    **dict.fromkeys(("friday", "fri"), 4),
    **dict.fromkeys(("saturday", "sat"), 5),
    **dict.fromkeys(("sunday", "sun"), 6),
}
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_ORD = r"(?:st|nd|rd|th)"
_COUNT = r"(?:\d+|an?|one|two|three|four|five|six|seven|(?:a\s+)?(?:few|couple(?:\s+of)?))"
_UNIT_AHEAD = r"\s*(?:kgs?|kilos?|lbs?|pounds?|кг|x\b|×|\*)"

_UNSUPPORTED = re.compile(
    rf"""(?<![\w'’])(?:
        (?:{_COUNT}\s+)?(?:days?|weeks?|wks?|months?|years?)\s+ago | ago
      | tomorrow | (?:the\s+)?day\s+before\s+yesterday
      | (?:the\s+)?other\s+day
      | (?:last|this|past|previous|next)\s+(?:week|weekend|month|year)
      | next\s+(?:{_WEEKDAY})
      | (?:on\s+)?the\s+\d{{1,2}}{_ORD}\b(?!\s*(?:sets?|rounds?|reps?|times?|lunges?|go|try))
      | (?:{_MONTH})\.?\s*\d{{1,2}}{_ORD}?\b
      | \d{{1,2}}{_ORD}?\s*(?:of\s+)?(?:{_MONTH})\b
      | \d{{4}}-\d{{1,2}}-\d{{1,2}}
      | \d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}
      | \d{{1,2}}\.\d{{1,2}}\.\d{{2}}
      | (?<![\d.,])(?:0\d[./]\d{{1,2}}|\d{{1,2}}[./]0\d)(?![\d.,/]|{_UNIT_AHEAD})
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_PAIR = re.compile(r"(?<![\d./,])(\d{1,2})/(\d{1,2})(?![\d/]|[.,]\d)")
_DAY = re.compile(
    rf"""(?<![\w'’])(?:
        (?P<today>today|tonight|this\s+(?:morning|afternoon|evening))
      | (?P<yesterday>yesterday|last\s+night)
      | (?P<on>(?:on|last)\s+)?(?P<weekday>{_WEEKDAY})
    )(?:['’]s)?(?![\w'’])""",
    re.IGNORECASE | re.VERBOSE,
)
_TIME = re.compile(
    rf"""\b(?:
        (?:at\s+)?\d{{1,2}}:\d{{2}}(?:\s*(?:am|pm|h)\b)?
      | at\s+\d{{1,2}}(?:\.\d{{2}})?(?:\s*(?:am|pm|h|o'clock)\b)?
        (?![\d.,:]|{_UNIT_AHEAD}|\s*(?:reps?|lunges?|sets?|rounds?|times?|each|per|a\s)\b)
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Cheap checks first: each pattern above runs only on a text holding a word or digits it needs.
_DATE_HINT = re.compile(
    "|".join(
        words(
            "ago tomorrow week month year other before next "
            "jan feb mar apr may jun jul aug sep oct nov dec"
        )
    )
    + r"|[0-9](?:st|nd|rd|th|[./-][0-9])"
)
_DAY_HINT = re.compile(
    "|".join(words("today tonight this yesterday last mon tue wed thu fri sat sun"))
)


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A day ("day"), a date that can't be honoured ("unsupported") or a time of day ("time")."""

    start: int
    end: int
    kind: Literal["day", "unsupported", "time"]
    day: DayWord | None = None


def date_spans(text: str) -> list[DateSpan]:
    """Days, unsupported dates and times of day in `text`, in order and not overlapping
    (an unsupported date wins over a day inside it: "the day before yesterday")."""
    found: list[DateSpan] = []
    lowered = text.lower()
    if _DATE_HINT.search(lowered):
        found += [DateSpan(m.start(), m.end(), "unsupported") for m in _UNSUPPORTED.finditer(text)]
        found += [
            DateSpan(m.start(), m.end(), "unsupported") for m in _PAIR.finditer(text) if _date(m)
        ]
    if _DAY_HINT.search(lowered):
        found += [s for m in _DAY.finditer(text) if (s := _day(m, text)) is not None]
    if ":" in text or "at" in lowered:
        found += [DateSpan(m.start(), m.end(), "time") for m in _TIME.finditer(text)]
    return disjoint(found)


S = TypeVar("S", bound="Span")


class Span(Protocol):
    """Anything with a start and an end."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def disjoint(spans: Iterable[S]) -> list[S]:
    """The spans that overlap no earlier one (earlier ones win), sorted by start."""
    kept: list[S] = []
    starts: list[int] = []
    for span in spans:
        k = bisect_left(starts, span.start)
        if (k == 0 or kept[k - 1].end <= span.start) and (
            k == len(kept) or span.end <= kept[k].start
        ):
            kept.insert(k, span)
            starts.insert(k, span.start)
    return kept


def _date(match: re.Match[str]) -> bool:
    """Whether a tight pair "a/b" is a day and a month and not two close rep counts."""
    a, b = int(match.group(1)), int(match.group(2))
    valid = (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)
    return valid and abs(a - b) > 3


def _day(match: re.Match[str], text: str) -> DateSpan | None:
    """The day a match names, None for "sat"/"sun" without "on"/"last" past the start."""
    if match.group("today"):
        return DateSpan(match.start(), match.end(), "day", "today")
    if match.group("yesterday"):
        return DateSpan(match.start(), match.end(), "day", "yesterday")
    name = match.group("weekday").lower()
    if name in ("sat", "sun") and not match.group("on") and text[: match.start()].strip():
        return None
    return DateSpan(match.start(), match.end(), "day", WEEKDAYS[name])
