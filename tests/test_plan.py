"""The weekly plan: when reminders fire, across time zones and daylight-saving changes."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.plan import (
    MISSED_GRACE,
    WeeklyPlan,
    catch_up,
    consecutive_pairs,
    next_fire,
    short_rest,
    slot_local_date,
    upcoming,
    validate_days,
    zone,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
SECOND = timedelta(seconds=1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware UTC datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def plan(days: set[int], at: time, tz: str) -> WeeklyPlan:
    """A plan from a plain set of days."""
    return WeeklyPlan(frozenset(days), at, tz)


def wall(fire: datetime, tz: str) -> datetime:
    """The user's local clock at a UTC instant."""
    return fire.astimezone(zone(tz))


def exists(day: date, at: time, tz: str) -> bool:
    """Whether a local wall time happens at all on that date (not skipped by a clock jump)."""
    local = datetime.combine(day, at.replace(fold=0), tzinfo=zone(tz))
    return local.astimezone(UTC).astimezone(zone(tz)).replace(tzinfo=None) == local.replace(
        tzinfo=None
    )


# --- time zones -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "offset"),
    [
        ("UTC", timedelta(0)),
        ("UTC+05:30", timedelta(hours=5, minutes=30)),
        ("UTC-03:00", timedelta(hours=-3)),
        ("UTC+14:00", timedelta(hours=14)),
        ("UTC-12:00", timedelta(hours=-12)),
        ("Asia/Kolkata", timedelta(hours=5, minutes=30)),
    ],
)
def test_zone_resolves_names_and_fixed_offsets(tz: str, offset: timedelta) -> None:
    """IANA names and "UTC+HH:MM" both resolve to the right offset."""
    assert utc(2026, 1, 1).astimezone(zone(tz)).utcoffset() == offset


@pytest.mark.parametrize(
    "tz", ["Mars/Olympus", "UTC+15:00", "UTC-12:30", "UTC+05:60", "utc+02:00", "", "Europe", "../x"]
)
def test_zone_rejects_unknown(tz: str) -> None:
    """Unknown names and out-of-range offsets raise ValueError."""
    with pytest.raises(ValueError, match=r"time zone|offset"):
        zone(tz)


def test_plan_rejects_impossible_settings() -> None:
    """A plan needs days within 0..6, a local (naive) time and a known zone."""
    with pytest.raises(ValueError, match="days"):
        plan(set(), time(8), "UTC")
    with pytest.raises(ValueError, match="days"):
        plan({7}, time(8), "UTC")
    with pytest.raises(ValueError, match="wall time"):
        plan({MON}, time(8, tzinfo=UTC), "UTC")
    with pytest.raises(ValueError, match="unknown"):
        plan({MON}, time(8), "Nowhere/Special")


def test_next_fire_needs_an_aware_instant() -> None:
    """A naive `after` is a bug in the caller, not a guess to make."""
    with pytest.raises(ValueError, match="aware"):
        next_fire(plan({MON}, time(8), "UTC"), datetime(2026, 1, 1))  # noqa: DTZ001


# --- daylight saving 2026 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "night", "expected"),
    [
        ("Europe/Berlin", date(2026, 3, 29), utc(2026, 3, 29, 1)),  # 03:00 CEST
        ("America/New_York", date(2026, 3, 8), utc(2026, 3, 8, 7)),  # 03:00 EDT
    ],
)
def test_missing_time_fires_when_the_clock_jumps(tz: str, night: date, expected: datetime) -> None:
    """02:30 on the spring-forward night fires at 03:00 local, the moment 02:30 is skipped."""
    sunday = plan({SUN}, time(2, 30), tz)
    fire = next_fire(sunday, utc(night.year, night.month, night.day) - timedelta(days=2))
    assert fire == expected
    assert wall(fire, tz).time() == time(3, 0)
    assert slot_local_date(sunday, fire) == night
    assert wall(next_fire(sunday, fire), tz).replace(tzinfo=None) == datetime.combine(
        night + timedelta(days=7), time(2, 30)
    )


@pytest.mark.parametrize(
    ("tz", "at", "night", "expected"),
    [
        ("America/New_York", time(1, 30), date(2026, 11, 1), utc(2026, 11, 1, 5, 30)),
        ("Europe/Berlin", time(2, 30), date(2026, 10, 25), utc(2026, 10, 25, 0, 30)),
    ],
)
def test_repeated_time_fires_once(tz: str, at: time, night: date, expected: datetime) -> None:
    """A time that happens twice on the fall-back night fires once, at the first occurrence."""
    every_day = plan(set(range(7)), at, tz)
    cursor = datetime.combine(night - timedelta(days=3), time(0), tzinfo=zone(tz))
    fires = []
    while cursor < datetime.combine(night + timedelta(days=4), time(0), tzinfo=zone(tz)):
        cursor = next_fire(every_day, cursor)
        fires.append(cursor)
    on_the_night = [fire for fire in fires if slot_local_date(every_day, fire) == night]
    assert on_the_night == [expected]
    assert Counter(slot_local_date(every_day, fire) for fire in fires[:-1]) == Counter(
        night + timedelta(days=k) for k in range(-3, 4)
    )


@pytest.mark.parametrize(
    ("tz", "sundays"),
    [
        ("Europe/Berlin", [utc(2026, 3, 22, 7), utc(2026, 3, 29, 6)]),
        ("Europe/Berlin", [utc(2026, 10, 18, 6), utc(2026, 10, 25, 7)]),
        ("America/New_York", [utc(2026, 3, 1, 13), utc(2026, 3, 8, 12)]),
        ("America/New_York", [utc(2026, 10, 25, 12), utc(2026, 11, 1, 13)]),
    ],
)
def test_morning_reminder_keeps_local_time(tz: str, sundays: list[datetime]) -> None:
    """08:00 stays 08:00 local across the change; the UTC instant moves by an hour."""
    morning = plan({SUN}, time(8), tz)
    assert upcoming(morning, sundays[0] - SECOND, 2) == sundays
    assert [wall(fire, tz).time() for fire in sundays] == [time(8), time(8)]


# --- far-off zones --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "at", "expected"),
    [
        ("Pacific/Kiritimati", time(8), utc(2026, 6, 14, 18)),  # local Monday = Sunday in UTC
        ("Etc/GMT+12", time(20), utc(2026, 6, 16, 8)),  # UTC-12: local Monday = Tuesday in UTC
        ("Asia/Kolkata", time(7), utc(2026, 6, 15, 1, 30)),
        ("UTC+05:30", time(7), utc(2026, 6, 15, 1, 30)),
        ("UTC-03:00", time(22, 15), utc(2026, 6, 16, 1, 15)),
    ],
)
def test_monday_reminder_in_far_off_zones(tz: str, at: time, expected: datetime) -> None:
    """A Monday reminder fires on the user's Monday, whatever weekday that is in UTC."""
    monday = plan({MON}, at, tz)
    fire = next_fire(monday, utc(2026, 6, 12))
    assert fire == expected
    assert wall(fire, tz).weekday() == MON
    assert slot_local_date(monday, fire) == date(2026, 6, 15)


def test_skipped_day_still_gets_its_reminder() -> None:
    """Samoa skipped Friday 2011-12-30; that Friday's reminder fires when the day is skipped."""
    friday = plan({FRI}, time(8), "Pacific/Apia")
    fires = upcoming(friday, utc(2011, 12, 24), 2)
    assert fires[0] == utc(2011, 12, 30, 10)  # the jump: Thursday 24:00 -> Saturday 00:00
    assert slot_local_date(friday, fires[0]) == date(2011, 12, 30)
    assert wall(fires[1], "Pacific/Apia").replace(tzinfo=None) == datetime(2012, 1, 6, 8)  # noqa: DTZ001


# --- a whole year ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "at"),
    [
        ("Europe/Berlin", time(2, 30)),
        ("Europe/Berlin", time(8)),
        ("America/New_York", time(1, 30)),
        ("America/New_York", time(2, 30)),
        ("Pacific/Kiritimati", time(0, 15)),
        ("Etc/GMT+12", time(23, 45)),
        ("Asia/Kolkata", time(6, 45)),
        ("UTC+05:30", time(18)),
    ],
)
def test_a_year_has_three_reminders_every_week(tz: str, at: time) -> None:
    """Week by week through 2026: exactly 3 reminders per local week, on time, none twice."""
    three_days = plan({MON, THU, SUN}, at, tz)
    cursor = datetime.combine(date(2026, 1, 5), time(0), tzinfo=zone(tz))  # a Monday
    fires: list[datetime] = []
    while not fires or slot_local_date(three_days, fires[-1]) < date(2027, 1, 3):
        cursor = next_fire(three_days, cursor)
        fires.append(cursor)
    days = [slot_local_date(three_days, fire) for fire in fires]
    weeks = Counter(day.isocalendar()[:2] for day in days)
    assert len(weeks) == 52
    assert set(weeks.values()) == {3}
    assert {day.weekday() for day in days} == {MON, THU, SUN}
    assert fires == sorted(set(fires))
    for fire, day in zip(fires, days, strict=True):
        if exists(day, at, tz):
            assert wall(fire, tz).replace(tzinfo=None) == datetime.combine(day, at)
        else:  # the gap rule: fire at the clock jump, on the planned day
            assert wall(fire, tz).utcoffset() != wall(fire - SECOND, tz).utcoffset()
            assert wall(fire, tz).date() == day


ZONES = sorted(available_timezones() - {"localtime"})
EPOCH_1990 = utc(1990, 1, 1)


@settings(max_examples=200, deadline=None)
@given(
    tz=st.sampled_from(ZONES),
    days=st.frozensets(st.integers(0, 6), min_size=1),
    at=st.times(),
    seconds=st.integers(0, 48 * 365 * 86400),
)
def test_next_fire_is_the_very_next_slot(
    tz: str, days: frozenset[int], at: time, seconds: int
) -> None:
    """For any zone, days, time and instant: next_fire is later, on a plan day, none skipped."""
    weekly = WeeklyPlan(days, at, tz)
    after = EPOCH_1990 + timedelta(seconds=seconds)
    fire = next_fire(weekly, after)
    assert fire > after
    assert fire.utcoffset() == timedelta(0)
    assert slot_local_date(weekly, fire).weekday() in days
    first = wall(after, tz).date() - timedelta(days=1)
    for k in range((wall(fire, tz).date() - first).days + 2):
        day = first + timedelta(days=k)
        if day.weekday() in days and exists(day, at, tz):
            slot = datetime.combine(day, at.replace(fold=0), tzinfo=zone(tz))
            assert not after < slot < fire


# --- upcoming, days ---------------------------------------------------------------------------


def test_upcoming_lists_the_next_slots_in_order() -> None:
    """upcoming() gives the next n slots, earliest first, skipping rest days."""
    three = plan({MON, WED, FRI}, time(18, 30), "Europe/Berlin")
    assert upcoming(three, utc(2026, 6, 17, 16, 30), 4) == [  # Wednesday 18:30 local exactly
        utc(2026, 6, 19, 16, 30),
        utc(2026, 6, 22, 16, 30),
        utc(2026, 6, 24, 16, 30),
        utc(2026, 6, 26, 16, 30),
    ]
    assert upcoming(three, utc(2026, 6, 17), 0) == []
    with pytest.raises(ValueError, match="negative"):
        upcoming(three, utc(2026, 6, 17), -1)


@pytest.mark.parametrize(
    ("days", "problem"),
    [
        ({MON, WED}, "too_few"),
        ({MON, WED, FRI}, None),
        ({MON, TUE, THU, SAT}, None),
        ({MON, TUE, WED, THU, FRI}, "too_many"),
        ({MON, WED, 9}, "invalid_day"),
        (set(), "too_few"),
    ],
)
def test_validate_days(days: set[int], problem: str | None) -> None:
    """3 or 4 training days a week are fine; fewer, more or unknown days are flagged."""
    assert validate_days(days) == problem


@pytest.mark.parametrize(
    ("days", "pairs"),
    [
        ({MON, WED, FRI}, []),
        ({MON, TUE, THU}, [(MON, TUE)]),
        ({MON, SAT, SUN}, [(SAT, SUN), (SUN, MON)]),
        ({TUE, WED, THU, SUN}, [(TUE, WED), (WED, THU)]),
    ],
)
def test_consecutive_pairs_wrap_sunday_to_monday(
    days: set[int], pairs: list[tuple[int, int]]
) -> None:
    """Back-to-back days are listed so the coach can suggest a rest day; Sunday->Monday counts."""
    assert consecutive_pairs(days) == pairs


@pytest.mark.parametrize(
    ("days", "runs"),
    [
        ({MON, WED, FRI}, ()),
        ({MON, TUE, THU, FRI}, ()),  # four days always hold a pair; pairs are fine
        ({MON, TUE, THU, SAT}, ()),
        ({SAT, SUN, TUE, THU}, ()),
        ({MON, TUE, WED}, ((MON, TUE, WED),)),
        ({MON, TUE, WED, FRI}, ((MON, TUE, WED),)),
        ({TUE, WED, THU, FRI}, ((TUE, WED, THU, FRI),)),
        ({SAT, SUN, MON}, ((SAT, SUN, MON),)),  # the week wraps
        ({SUN, MON, TUE, THU}, ((SUN, MON, TUE),)),
        ({MON, TUE, WED, FRI, SAT, SUN}, ((FRI, SAT, SUN, MON, TUE, WED),)),
        (set(range(7)), ((MON, TUE, WED, THU, FRI, SAT, SUN),)),
        (set(), ()),
    ],
)
def test_short_rest_flags_three_days_in_a_row(
    days: set[int], runs: tuple[tuple[int, ...], ...]
) -> None:
    """Only runs of three or more training days are too little rest; a pair is not."""
    assert short_rest(frozenset(days)) == runs


@given(st.frozensets(st.integers(min_value=0, max_value=6), min_size=3, max_size=4))
@settings(max_examples=100, deadline=None)
def test_short_rest_means_a_day_trained_on_both_sides(days: frozenset[int]) -> None:
    """A plan of 3-4 days is flagged exactly when some day has training on both sides."""
    middle = any((day - 1) % 7 in days and (day + 1) % 7 in days for day in days)
    assert bool(short_rest(days)) == middle


# --- downtime and pause -----------------------------------------------------------------------

MWF = plan({MON, WED, FRI}, time(7), "Europe/Berlin")
MONDAY_SLOT = utc(2026, 6, 15, 5)
WEDNESDAY_SLOT = utc(2026, 6, 17, 5)


@pytest.mark.parametrize(
    ("late", "send"),
    [(timedelta(0), True), (timedelta(hours=1, minutes=59), True), (MISSED_GRACE, False)]
    + [(timedelta(hours=2, minutes=1), False), (timedelta(hours=30), False)],
)
def test_catch_up_sends_late_only_within_grace(late: timedelta, send: bool) -> None:
    """Up to 2 h late the reminder still goes out once; later it is skipped for the next slot."""
    assert catch_up(MWF, MONDAY_SLOT, MONDAY_SLOT + late) == (send, WEDNESDAY_SLOT)


def test_catch_up_after_long_downtime_keeps_a_recent_slot() -> None:
    """Down for days: the old slot is dropped but a slot missed 1 h ago is still sent, once."""
    now = WEDNESDAY_SLOT + timedelta(hours=1)
    send, next_slot = catch_up(MWF, MONDAY_SLOT, now)
    assert (send, next_slot) == (True, utc(2026, 6, 19, 5))
    assert catch_up(MWF, WEDNESDAY_SLOT, now) == (True, next_slot)  # same answer, same next slot
    assert catch_up(MWF, MONDAY_SLOT, WEDNESDAY_SLOT + timedelta(hours=3)) == (False, next_slot)


def test_catch_up_never_hands_out_a_slot_twice() -> None:
    """Catching up exactly at a slot moves on to the one after it."""
    assert catch_up(MWF, WEDNESDAY_SLOT, WEDNESDAY_SLOT) == (True, utc(2026, 6, 19, 5))
    with pytest.raises(ValueError, match="before"):
        catch_up(MWF, WEDNESDAY_SLOT, WEDNESDAY_SLOT - SECOND)


def test_pause_skips_days_until_it_ends() -> None:
    """Paused until Friday: no Monday or Wednesday reminder; Friday's fires as usual."""
    friday = date(2026, 6, 19)
    assert next_fire(MWF, utc(2026, 6, 14), paused_until=friday) == utc(2026, 6, 19, 5)
    assert upcoming(MWF, utc(2026, 6, 14), 2, paused_until=friday)[1] == utc(2026, 6, 22, 5)
    assert next_fire(MWF, utc(2026, 6, 20), paused_until=friday) == utc(2026, 6, 22, 5)
    assert catch_up(MWF, MONDAY_SLOT, MONDAY_SLOT + SECOND, paused_until=friday) == (
        False,
        utc(2026, 6, 19, 5),
    )
