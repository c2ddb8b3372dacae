"""The roster's attention rules and compliance, on a fixed calendar (today: Tuesday 1 Dec 2026)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.coach.roster import (
    ClientFacts,
    Compliance,
    Reason,
    compliance,
    missed_two_in_a_row,
    planned_dates,
    reasons_for,
    roster,
)

TODAY = date(2026, 12, 1)  # a Tuesday
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
MON_WED_FRI = frozenset({0, 2, 4})


def d(day: int, month: int = 11) -> date:
    return date(2026, month, day)


def planned_mwf(first: date, last: date) -> frozenset[date]:
    """Every Monday, Wednesday and Friday from `first` to `last`: a client who trained them all."""
    days = set()
    day = first
    while day <= last:
        if day.weekday() in MON_WED_FRI:
            days.add(day)
        day += timedelta(days=1)
    return frozenset(days)


WELL = ClientFacts(
    link_id=1,
    name="Ann",
    linked_on=d(1, 9),
    plan_days=MON_WED_FRI,
    plan_since=d(1, 9),
    session_dates=planned_mwf(d(1, 9), d(30)),
    screening_expires=date(2027, 6, 1),
    last_activity=NOW - timedelta(days=1),
)


def test_a_client_who_keeps_the_plan_needs_no_attention() -> None:
    """Every planned day trained, screened, active yesterday: no reason, 100% both windows."""
    [entry] = roster([WELL], NOW, TODAY)
    assert entry.reasons == ()
    assert entry.last_7 == Compliance(done=3, planned=3)
    assert entry.last_30 is not None
    assert entry.last_30.percent == 100


def test_planned_days_start_at_the_later_of_link_and_plan_and_skip_pauses() -> None:
    """No planned day before the client linked or made the plan, nor while paused."""
    client = replace(WELL, linked_on=d(20), plan_since=d(10), paused=((d(23), d(25)),))
    assert planned_dates(client, d(1), d(30)) == [d(20), d(27), d(30)]


def test_without_a_plan_there_is_no_compliance_and_no_compliance_reason() -> None:
    """A client with no plan is never "under 50%": nothing was planned."""
    client = replace(WELL, plan_days=frozenset(), plan_since=None, session_dates=frozenset())
    assert compliance(client, d(1), d(30)) is None
    reasons = reasons_for(client, NOW, TODAY)
    assert Reason.LOW_COMPLIANCE not in reasons
    assert Reason.MISSED_TWO not in reasons


def test_a_session_moved_to_another_day_counts_and_done_never_exceeds_planned() -> None:
    """Trained Tuesday instead of Monday: still 3 of 3; training every day: 3 of 3, not 7."""
    moved = replace(WELL, session_dates=frozenset({d(24), d(25), d(27)}))
    assert compliance(moved, d(23), d(29)) == Compliance(done=3, planned=3)
    daily = replace(WELL, session_dates=frozenset(d(n) for n in range(23, 30)))
    assert compliance(daily, d(23), d(29)) == Compliance(done=3, planned=3)


def test_two_planned_sessions_missed_in_a_row() -> None:
    """Friday 27 and Monday 30 passed with no training since Friday: flagged; a Saturday
    session in between clears it; one miss alone is not two."""
    missed = replace(WELL, session_dates=planned_mwf(d(1, 9), d(26)))
    assert missed_two_in_a_row(missed, TODAY)
    assert Reason.MISSED_TWO in reasons_for(missed, NOW, TODAY)
    saturday = replace(missed, session_dates=missed.session_dates | {d(28)})
    assert not missed_two_in_a_row(saturday, TODAY)
    one_miss = replace(WELL, session_dates=planned_mwf(d(1, 9), d(27)))
    assert not missed_two_in_a_row(one_miss, TODAY)


def test_today_does_not_count_as_missed_before_it_is_over() -> None:
    """Planned today (Wednesday) and not yet trained: not a miss; only past days count."""
    wednesday = date(2026, 12, 2)
    client = replace(WELL, session_dates=planned_mwf(d(1, 9), d(27)))
    now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert not missed_two_in_a_row(client, wednesday)
    assert Reason.MISSED_TWO not in reasons_for(client, now, wednesday)


def test_compliance_under_half_over_fourteen_days() -> None:
    """6 planned days in the last 14, 2 trained: 33%, flagged; 3 trained: 50%, not flagged."""
    recent = planned_mwf(d(17), d(30))
    assert len(recent) == 6
    kept = planned_mwf(d(1, 9), d(16))
    two = replace(WELL, session_dates=kept | set(sorted(recent)[-2:]))
    assert Reason.LOW_COMPLIANCE in reasons_for(two, NOW, TODAY)
    three = replace(WELL, session_dates=kept | set(sorted(recent)[-3:]))
    assert Reason.LOW_COMPLIANCE not in reasons_for(three, NOW, TODAY)


def test_compliance_down_twenty_points_against_the_thirty_days_before() -> None:
    """100% before, 4 of 6 (67%) lately: down 33 points, flagged; 5 of 6 (83%): 17, not."""
    earlier = planned_mwf(d(1, 9), d(16))
    recent = sorted(planned_mwf(d(17), d(30)))
    four = replace(WELL, session_dates=earlier | set(recent[-4:]))
    assert Reason.COMPLIANCE_DROP in reasons_for(four, NOW, TODAY)
    five = replace(WELL, session_dates=earlier | set(recent[-5:]))
    assert reasons_for(five, NOW, TODAY) == ()


def test_screening_missing_expired_or_expiring_soon() -> None:
    """Never screened or expired: NO_SCREENING; expiring within 30 days: SCREENING_EXPIRING."""
    cases = {
        None: Reason.NO_SCREENING,
        TODAY: Reason.NO_SCREENING,
        TODAY - timedelta(days=3): Reason.NO_SCREENING,
        TODAY + timedelta(days=1): Reason.SCREENING_EXPIRING,
        TODAY + timedelta(days=30): Reason.SCREENING_EXPIRING,
    }
    for expires, reason in cases.items():
        assert reasons_for(replace(WELL, screening_expires=expires), NOW, TODAY) == (reason,)
    later = replace(WELL, screening_expires=TODAY + timedelta(days=31))
    assert reasons_for(later, NOW, TODAY) == ()


def test_seven_quiet_days() -> None:
    """Nothing from the client for 7 days (or ever): flagged; 6 days 23 hours: not yet."""
    for last in (None, NOW - timedelta(days=7), NOW - timedelta(days=40)):
        assert Reason.QUIET in reasons_for(replace(WELL, last_activity=last), NOW, TODAY)
    almost = replace(WELL, last_activity=NOW - timedelta(days=6, hours=23))
    assert reasons_for(almost, NOW, TODAY) == ()


def test_roster_order_needs_first_by_urgency_then_by_name() -> None:
    """An unseen pain report comes first, then two misses, then the well clients by name."""
    zed = replace(WELL, link_id=2, name="Zed", unseen_alert=NOW - timedelta(hours=2))
    bob = replace(WELL, link_id=3, name="bob", session_dates=planned_mwf(d(1, 9), d(26)))
    cat = replace(WELL, link_id=4, name="Cat")
    amy = replace(WELL, link_id=5, name="amy")
    entries = roster([cat, amy, bob, zed, WELL], NOW, TODAY)
    assert [e.client.name for e in entries] == ["Zed", "bob", "amy", "Ann", "Cat"]
    assert entries[0].reasons[0] is Reason.ALERT
    assert [e.needs_attention for e in entries] == [True, True, False, False, False]


@st.composite
def clients(draw: st.DrawFn) -> ClientFacts:
    start = TODAY - timedelta(days=draw(st.integers(0, 120)))
    sessions = draw(st.frozensets(st.integers(0, 120).map(lambda n: TODAY - timedelta(days=n))))
    return ClientFacts(
        link_id=draw(st.integers(1, 10**6)),
        name=draw(st.text(max_size=8)),
        linked_on=start,
        plan_days=draw(st.frozensets(st.integers(0, 6), max_size=4)),
        plan_since=start - timedelta(days=draw(st.integers(0, 30))),
        session_dates=sessions,
        screening_expires=draw(st.none() | st.just(TODAY + timedelta(days=60))),
        last_activity=draw(st.none() | st.just(NOW - timedelta(days=1))),
    )


@given(st.lists(clients(), max_size=8))
def test_roster_keeps_every_client_once_and_needs_first(group: list[ClientFacts]) -> None:
    """Property: each client listed once; no well client above one needing attention;
    compliance never over 100%."""
    entries = roster(group, NOW, TODAY)
    assert sorted(id(e.client) for e in entries) == sorted(id(c) for c in group)
    flags = [e.needs_attention for e in entries]
    assert flags == sorted(flags, reverse=True)
    for entry in entries:
        for window in (entry.last_7, entry.last_30):
            assert window is None or 0 <= window.done <= window.planned
