"""UTC offsets in use, reading typed offsets, and snapping a clock to the nearest ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.offsets import (
    EAST_END,
    WEST_END,
    nearest_offsets,
    offsets_at,
    offsets_in_year,
    parse_offset,
)

WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)


def hm(hours: int, minutes: int = 0) -> timedelta:
    """An offset east (hours >= 0) or west of UTC; minutes take the sign of hours."""
    sign = -1 if hours < 0 else 1
    return timedelta(hours=hours, minutes=sign * minutes)


# The half and three-quarter hours the tz database uses in 2026, with a place for each.
FRACTIONAL_2026 = {
    hm(-9, 30): "Marquesas",
    hm(-3, 30): "Newfoundland, winter",
    hm(-2, 30): "Newfoundland, summer",
    hm(3, 30): "Iran",
    hm(4, 30): "Afghanistan",
    hm(5, 30): "India, Sri Lanka",
    hm(5, 45): "Nepal",
    hm(6, 30): "Myanmar",
    hm(8, 45): "Eucla",
    hm(9, 30): "Darwin; Adelaide in winter",
    hm(10, 30): "Adelaide in summer; Lord Howe",
    hm(12, 45): "Chatham, winter",
    hm(13, 45): "Chatham, summer",
}


def test_offsets_in_use_come_from_the_tz_database() -> None:
    """Whole hours -12..+14 (the Etc zones) plus the fractional ones real places use."""
    whole = {hm(hours) for hours in range(-12, 15)}
    assert offsets_in_year(2026) == frozenset(whole | FRACTIONAL_2026.keys())


def test_offsets_at_follow_daylight_saving() -> None:
    """At one instant only the offsets in force count: Newfoundland is -3:30 or -2:30."""
    assert hm(-3, 30) in offsets_at(WINTER)
    assert hm(-2, 30) not in offsets_at(WINTER)
    assert hm(-2, 30) in offsets_at(SUMMER)
    assert hm(-3, 30) not in offsets_at(SUMMER)
    with pytest.raises(ValueError, match="aware"):
        offsets_at(WINTER.replace(tzinfo=None))


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("GMT+5.30", hm(5, 30)),
        ("UTC+5.5", hm(5, 30)),
        ("+0530", hm(5, 30)),
        ("UTC+5:45", hm(5, 45)),
        ("GMT +5 30", hm(5, 30)),
        ("UTC+05:45", hm(5, 45)),
        ("utc 5:30", hm(5, 30)),
        ("+5.75", hm(5, 45)),
        ("GMT-3.5", hm(-3, 30)),
        ("UTC-09:30", hm(-9, 30)),
        ("UTC+12:45", hm(12, 45)),
        ("UTC+8:45", hm(8, 45)),
        ("UTC+5.50", hm(5, 30)),  # 50 minutes is nobody's: read as 5.5 hours
        ("UTC+5.45", hm(5, 45)),  # 0.45 h is nobody's: read as 45 minutes
        ("UTC+5h30", hm(5, 30)),
        ("gmt+9.5", hm(9, 30)),
        ("UTC−3:30", hm(-3, 30)),
        ("UTC – 2", hm(-2)),
        ("+2", hm(2)),
        ("UTC+14", hm(14)),
        ("utc-12", hm(-12)),
        ("GMT+4h", hm(4)),
    ],
)
def test_parse_offset_reads_the_forms_people_write(text: str, offset: timedelta) -> None:
    """Colons, dots, decimals, compact digits and spaces all read as the offset meant."""
    assert parse_offset(text, 2026) == offset


@pytest.mark.parametrize(
    "text",
    [
        "UTC+5:15",  # a quarter hour nobody uses
        "UTC+15",
        "GMT-13",
        "+05:17",
        "UTC+5.25",
        "utc-0:30",
        "5:30",  # no sign, no UTC: a local time, not an offset
        "2",
        "UTC+5:3",
        "UTC+",
        "UTC+5:",
        "UTC+530pm",
        "GMT+123",
    ],
)
def test_parse_offset_refuses_offsets_nobody_uses(text: str) -> None:
    """An offset no place uses, or text that is no offset, gives None."""
    assert parse_offset(text, 2026) is None


@given(st.text(max_size=20))
@settings(max_examples=300, deadline=None)
def test_parse_offset_never_raises(text: str) -> None:
    """Any text gives an offset in use or None."""
    offset = parse_offset(text, 2026)
    assert offset is None or offset in offsets_in_year(2026)


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        (-timedelta(minutes=34), (hm(-1), hm(0))),  # 26 vs 34 min: about as near
        (hm(3, 50), (hm(4),)),  # 10 vs 20 min: never UTC+03:45
        (hm(5, 37), (hm(5, 30), hm(5, 45))),  # 7 vs 8 min
        (hm(5, 31), (hm(5, 30),)),  # 1 vs 14 min
        (hm(8, 52), (hm(8, 45), hm(9))),  # 7 vs 8 min: nearest first
        (hm(8, 58), (hm(9),)),  # 2 vs 13 min
        (hm(2, 1), (hm(2),)),
        (hm(13), (hm(13),)),  # not UTC-11:00: outside the window
        (hm(14), (hm(-10),)),  # Hawaii, not UTC+14:00
        (hm(-10, 2), (hm(-10),)),
        (hm(-3, 31), (hm(-3, 30),)),  # Newfoundland in January
        (hm(0, 15), (hm(0),)),  # 15 vs 45 min: UTC-00:30 and +00:30 are nobody's
        (hm(0, 30), (hm(0), hm(1))),  # exactly halfway: westmost first
    ],
)
def test_nearest_offsets_snap_and_offer_a_choice(
    gap: timedelta, expected: tuple[timedelta, ...]
) -> None:
    """The nearest offset in use wins; a runner-up less than 10 min farther is offered too."""
    found = nearest_offsets(gap, WINTER)
    assert tuple(near.offset for near in found) == expected


@given(st.integers(min_value=-24 * 60, max_value=24 * 60))
@settings(max_examples=300, deadline=None)
def test_nearest_offsets_are_in_use_and_in_the_window(minutes: int) -> None:
    """Whatever the gap, the answer is one or two offsets in use, within half an hour."""
    found = nearest_offsets(timedelta(minutes=minutes), SUMMER)
    assert 1 <= len(found) <= 2
    assert found[0].distance <= timedelta(minutes=30)
    assert all(near.offset in offsets_at(SUMMER) for near in found)
    assert all(WEST_END <= near.offset <= EAST_END for near in found)
