"""Reading typed training days: 0 = Monday, like the plan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.days import day_number, parse_days
from bot.coach.plan import validate_days

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Mon Wed Fri", {MON, WED, FRI}),
        ("mon,wed,fri", {MON, WED, FRI}),
        ("MON, WED, FRI", {MON, WED, FRI}),
        ("Tuesday and Thursday", {TUE, THU}),
        ("tue/thu/sat", {TUE, THU, SAT}),
        ("Mo We Fr", {MON, WED, FRI}),
        ("tu th sa su", {TUE, THU, SAT, SUN}),
        ("monday, wednesday & friday", {MON, WED, FRI}),
        ("Mondays and Wednesdays", {MON, WED}),
        ("every Tuesday and Thursday", {TUE, THU}),
        ("on tue + thu + sat", {TUE, THU, SAT}),
        ("Tues, Thurs, Sat", {TUE, THU, SAT}),
        ("wed; sat; sun.", {WED, SAT, SUN}),
        ("mon-wed-fri", {MON, WED, FRI}),  # dashes in a longer list separate
        ("Mon-Fri", {MON, TUE, WED, THU, FRI}),  # a single dash between two days: a range
        ("Mon to Wed", {MON, TUE, WED}),
        ("Sat-Mon", {SAT, SUN, MON}),  # ranges wrap over the weekend
        ("fri through sun", {FRI, SAT, SUN}),
        ("weekdays", {MON, TUE, WED, THU, FRI}),
        ("the weekend", {SAT, SUN}),
        ("every day", set(range(7))),
        ("mon mon wed", {MON, WED}),
    ],
)
def test_parse_days_reads_lists_of_days(text: str, days: set[int]) -> None:
    """Full names and 2-3 letter abbreviations, any case, any separators."""
    assert parse_days(text) == frozenset(days)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "Mon and maybe Fri",
        "we train mon wed",
        "1 3 5",
        "mon wed fri!",
        "Montag Mittwoch",
        "and",
        "-",
        "Mon to",
        "m w f",
        "mon " * 50,
    ],
)
def test_parse_days_refuses_text_that_is_not_a_plain_list(text: str) -> None:
    """No day names, or any unknown word among them, gives None."""
    assert parse_days(text) is None


def test_the_count_is_for_the_plan_to_judge() -> None:
    """Five weekdays read fine; the plan's rule then says they are too many."""
    days = parse_days("weekdays")
    assert days is not None
    assert validate_days(days) == "too_many"
    assert validate_days(parse_days("mon wed fri") or ()) is None


@pytest.mark.parametrize(
    ("word", "day"),
    [("Wed", WED), ("thursdays", THU), ("Sa", SAT), ("sun.", SUN), ("tues", TUE), ("x", None)],
)
def test_day_number(word: str, day: int | None) -> None:
    """One written day."""
    assert day_number(word) == day


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_parse_days_never_raises(text: str) -> None:
    """Any text gives a non-empty set of weekdays 0..6, or None."""
    days = parse_days(text)
    assert days is None or (days and days <= frozenset(range(7)))


@given(
    st.lists(st.sampled_from(["mon", "Tuesday", "WED", "th", "fri", "Sat", "sundays"]), max_size=10)
)
@settings(max_examples=200, deadline=None)
def test_any_list_of_day_names_reads_back(words: list[str]) -> None:
    """Days joined by commas read as exactly those days."""
    expected = frozenset(day_number(word) for word in words)
    assert parse_days(", ".join(words)) == (expected or None)
