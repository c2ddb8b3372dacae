"""Reading the date a /pause ends: the first day reminders come back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.dates import LONGEST_PAUSE, PauseRefused, parse_pause_until

TODAY = date(2026, 6, 10)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "until"),
    [
        ("tomorrow", date(2026, 6, 11)),
        ("Tomorrow", date(2026, 6, 11)),
        ("the day after tomorrow", date(2026, 6, 12)),
        ("Dec 24", date(2026, 12, 24)),
        ("24 Dec", date(2026, 12, 24)),
        ("December 24th", date(2026, 12, 24)),
        ("24th of December", date(2026, 12, 24)),
        ("dec. 24", date(2026, 12, 24)),
        ("Dec 24, 2026", date(2026, 12, 24)),
        ("2026-12-24", date(2026, 12, 24)),
        ("until Dec 24", date(2026, 12, 24)),
        ("till 1 July", date(2026, 7, 1)),
        ("Sept 3rd", date(2026, 9, 3)),
        ("May 1", date(2027, 5, 1)),  # past this year, and not just now: next year
        ("for a week", date(2026, 6, 17)),
        ("a week", date(2026, 6, 17)),
        ("for 3 days", date(2026, 6, 13)),
        ("for two weeks", date(2026, 6, 24)),
        ("in 10 days", date(2026, 6, 20)),
        ("for a couple of weeks", date(2026, 6, 24)),
        ("for a month", date(2026, 7, 10)),
        ("for 2 months", date(2026, 8, 10)),
        ("until Monday", date(2026, 6, 15)),
        ("Monday", date(2026, 6, 15)),
        ("until wednesday", date(2026, 6, 17)),  # today is Wednesday: the next one
        ("next friday", date(2026, 6, 12)),
        ("next week", date(2026, 6, 15)),  # its Monday
        ("next month", date(2026, 7, 1)),
    ],
)
def test_parse_pause_until_reads_dates_lengths_and_weekdays(text: str, until: date) -> None:
    """Each form gives the day reminders come back."""
    assert parse_pause_until(text, TODAY) == until


@pytest.mark.parametrize(
    ("text", "reason", "until"),
    [
        ("today", "not_future", TODAY),
        ("2026-06-01", "not_future", date(2026, 6, 1)),
        ("Jun 5", "not_future", date(2026, 6, 5)),  # five days ago: a slip, not next June
        ("June 10", "not_future", TODAY),
        ("for 0 days", "not_future", TODAY),
        ("2027-12-24", "too_far", date(2027, 12, 24)),
        ("Dec 24, 2027", "too_far", date(2027, 12, 24)),
        ("for 400 days", "too_far", TODAY + timedelta(days=400)),
        ("for 13 months", "too_far", date(2027, 7, 10)),
    ],
)
def test_dates_outside_the_pause_window_are_refused_with_a_reason(
    text: str, reason: str, until: date
) -> None:
    """Not after today, or more than LONGEST_PAUSE ahead: refused, saying why."""
    found = parse_pause_until(text, TODAY)
    assert isinstance(found, PauseRefused)
    assert (found.reason, found.until) == (reason, until)


def test_the_longest_pause_is_the_one_the_command_allowed() -> None:
    """366 days ahead is fine, 367 is too far, as for /pause with an ISO date."""
    assert timedelta(days=366) == LONGEST_PAUSE
    assert parse_pause_until("2027-06-11", TODAY) == date(2027, 6, 11)
    assert parse_pause_until("2027-06-12", TODAY) == PauseRefused("too_far", date(2027, 6, 12))


@pytest.mark.parametrize(
    "text",
    ["", "soon", "a while", "Feb 30", "2026-02-30", "12/24", "24.12.", "Dec", "for weeks",
     "for many days", "next year", "x" * 100, "Smarch 3"],
)  # fmt: skip
def test_parse_pause_until_refuses_what_is_no_date(text: str) -> None:
    """Text that is not a date, impossible dates and ambiguous numeric dates give None."""
    assert parse_pause_until(text, TODAY) is None


def test_month_ends_are_kept() -> None:
    """A month from Jan 31 is the last day of February."""
    assert parse_pause_until("for a month", date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_pause_until("for a month", date(2027, 12, 31)) == date(2028, 1, 31)


@given(st.text(max_size=40), st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
@settings(max_examples=300, deadline=None)
def test_parse_pause_until_never_raises(text: str, today: date) -> None:
    """Any text gives a date within the window, a refusal, or None."""
    found = parse_pause_until(text, today)
    if isinstance(found, date):
        assert today < found <= today + LONGEST_PAUSE
