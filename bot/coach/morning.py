"""The next-morning check of the pain-monitoring model (Thomee 1997; Silbernagel et al. 2007).

Pure: every instant comes in aware and goes out in UTC.

* **When.** After a day with pain (a 0-10 rating over 0, or pain reported with a log), the coach
  asks at MORNING_AT local time on the next local date: a rating at 23:59 is asked about the
  next morning, one at 00:01 the morning after that day. Local means the plan's time zone, or
  UTC before the user has a plan (`bot.coach.training.user_zone`). 08:00 exists on every
  daylight-saving day, so the wall clock always holds.
* **One check a morning.** Checks are keyed by the morning they are asked on, so several
  ratings on one day ask once.
* **Worse.** The target eases back a step (`bot.coach.progression`) and the coach suggests rest,
  then asks again the next morning. Worse on two mornings in a row: see a physiotherapist, and
  no more follow-ups.
* **Downtime.** A check is safety, not a nudge: one missed while the bot was down is still
  asked up to CHECK_GRACE late (the same day); an older one is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final, Literal

from bot.coach.plan import local_instant

MORNING_AT: Final = time(8, 0)
CHECK_GRACE: Final = timedelta(hours=12)

Answer = Literal["better", "worse"]


@dataclass(frozen=True, slots=True)
class MorningCheck:
    """A next-morning check: the day it is about, the part rated and the answer, once given."""

    about: date
    part: str | None = None
    answer: Answer | None = None


def morning_after(day: date) -> date:
    """The morning a day's pain is asked about: the next local date."""
    return day + timedelta(days=1)


def ask_at(tz: str, morning: date) -> datetime:
    """The instant of MORNING_AT on local date `morning` in zone `tz`, UTC."""
    return local_instant(tz, morning, MORNING_AT)


def still_due(scheduled: datetime, now: datetime) -> bool:
    """Whether a check due at `scheduled` is still worth asking at `now`."""
    return now - scheduled < CHECK_GRACE


def worse_in_a_row(checks: Mapping[date, MorningCheck], morning: date) -> bool:
    """Whether the morning before `morning` was answered worse too."""
    before = checks.get(morning - timedelta(days=1))
    return before is not None and before.answer == "worse"


def pack_day(day: date) -> int:
    """A date as callback data and ticks carry it: 20261124."""
    return day.year * 10000 + day.month * 100 + day.day


def unpack_day(packed: int) -> date | None:
    """The date `pack_day` gave, or None for a number that is no date."""
    try:
        return date(packed // 10000, packed // 100 % 100, packed % 100)
    except ValueError:
        return None
