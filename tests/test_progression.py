"""Progression: the ladder, two good sessions in a row, holds, easing back, and its bounds."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.lesson import Prescription
from bot.coach.progression import REASONS, Advice, Reason, ladder, next_target, rung_of
from bot.coach.sessions import Feel, LoggedSet, Session, Target

ROOT = Path(__file__).resolve().parents[1]
P = Prescription(
    sets=3,
    reps=10,
    max_reps=15,
    rep_step=2,
    rest_seconds=45,
    dumbbell_kg=2,
    days_per_week_min=3,
    days_per_week_max=4,
)
LADDER = ladder(P)
START = date(2026, 11, 2)  # a Monday


def _t(reps: int, kg: float | None = None) -> Target:
    """A 3-set target."""
    return Target(sets=3, reps=reps, weight_kg=kg)


def _session(
    n: int,
    target: Target | None,
    *,
    reps: int | None = None,
    feel: Feel | None = "right",
    pain: bool = False,
    day: date | None = None,
) -> Session:
    """Session number `n` (every other day from START) doing 3 sets of `reps` (the target's)."""
    local = day or START + timedelta(days=2 * n)
    done = reps if reps is not None else (target.reps if target else 10)
    kg = target.weight_kg if target else None
    return Session(
        id=n + 1,
        local_date=local,
        logged_at=datetime(local.year, local.month, local.day, 18, tzinfo=UTC),
        sets=(LoggedSet(reps=done, weight_kg=kg),) * 3,
        target=target,
        feel=feel,
        pain=pain,
    )


def _good(*targets: Target) -> list[Session]:
    """Complete, not-hard sessions on these targets, one every other day."""
    return [_session(i, t) for i, t in enumerate(targets)]


def _advise(history: list[Session]) -> Advice:
    """The advice the day after the last session (or on START)."""
    today = history[-1].local_date + timedelta(days=1) if history else START
    return next_target(history, P, today)


def test_the_ladder_climbs_reps_then_adds_light_dumbbells() -> None:
    """10, 12, 14, 15 on bodyweight, then the same with 2 kg dumbbells, all 3 sets."""
    assert [(t.reps, t.weight_kg) for t in LADDER] == [
        (10, None), (12, None), (14, None), (15, None),
        (10, 2), (12, 2), (14, 2), (15, 2),
    ]  # fmt: skip
    assert {t.sets for t in LADDER} == {3}


def test_the_lesson_prescription_gives_the_same_ladder() -> None:
    """The numbers in content/exercises/reverse-lunge.yaml build this very ladder."""
    raw = yaml.safe_load((ROOT / "content/exercises/reverse-lunge.yaml").read_text("utf-8"))
    assert ladder(Prescription.model_validate(raw["prescription"])) == LADDER


def test_ladder_when_the_step_lands_on_max() -> None:
    """A step that reaches max exactly has no extra capped rung; start at max is one rung."""
    exact = P.model_copy(update={"reps": 11})
    assert [t.reps for t in ladder(exact)][:3] == [11, 13, 15]
    flat = P.model_copy(update={"reps": 15})
    assert [(t.reps, t.weight_kg) for t in ladder(flat)] == [(15, None), (15, 2)]


def test_every_reason_has_a_meaning() -> None:
    """REASONS explains each code in one line."""
    assert set(REASONS) == {
        "start", "progress", "add_weight", "hold_one_more", "hold_hard", "hold_incomplete",
        "at_top", "ease_back_gap", "ease_back_pain", "ease_back_pain_rating", "hold_pain",
        "hold_coach", "coach_target",
        "ease_back_morning",
    }  # fmt: skip
    assert all(meaning and "\n" not in meaning for meaning in REASONS.values())


def test_no_history_starts_at_the_prescription() -> None:
    """The first target is 3 x 10 per leg, bodyweight."""
    assert _advise([]) == Advice(target=_t(10), reason="start")


@pytest.mark.parametrize(
    ("targets", "expected", "reason"),
    [
        ([_t(10)], _t(10), "hold_one_more"),
        ([_t(10), _t(10)], _t(12), "progress"),
        ([_t(10), _t(10), _t(12), _t(12)], _t(14), "progress"),
        ([_t(12), _t(12)], _t(14), "progress"),
        ([_t(14), _t(14)], _t(15), "progress"),
        ([_t(15), _t(15)], _t(10, 2), "add_weight"),
        ([_t(10, 2), _t(10, 2)], _t(12, 2), "progress"),
        ([_t(14, 2), _t(14, 2)], _t(15, 2), "progress"),
        ([_t(15, 2), _t(15, 2)], _t(15, 2), "at_top"),
        ([_t(15, 2), _t(15, 2), _t(15, 2)], _t(15, 2), "at_top"),
    ],
)
def test_two_good_sessions_in_a_row_climb_one_rung(
    targets: list[Target], expected: Target, reason: Reason
) -> None:
    """Two complete, not-hard sessions on a rung move up one; the top rung holds."""
    assert _advise(_good(*targets)) == Advice(target=expected, reason=reason)


def test_walking_the_whole_ladder_by_following_the_advice() -> None:
    """Doing each advised target well twice walks 10, 12, 14, 15, then 10 to 15 at 2 kg."""
    history: list[Session] = []
    seen = []
    for n in range(20):
        advice = _advise(history)
        seen.append((advice.target.reps, advice.target.weight_kg, advice.reason))
        history.append(_session(n, advice.target))
    climbs = [(r, kg) for r, kg, why in seen if why in ("start", "progress", "add_weight")]
    assert climbs == [(t.reps, t.weight_kg) for t in LADDER]
    assert seen[8] == (10, 2, "add_weight")
    assert seen[-1] == (15, 2, "at_top")


def test_a_single_good_session_needs_one_more() -> None:
    """One good session, then one good on a new rung: still one more each time."""
    history = _good(_t(10), _t(10), _t(12))
    assert _advise(history) == Advice(target=_t(12), reason="hold_one_more")


def test_hard_holds_the_target_and_resets_the_count() -> None:
    """Good, hard, good: the hard one holds and the count restarts, so no climb yet."""
    history = [_session(0, _t(12)), _session(1, _t(12), feel="hard")]
    assert _advise(history) == Advice(target=_t(12), reason="hold_hard")
    history.append(_session(2, _t(12)))
    assert _advise(history) == Advice(target=_t(12), reason="hold_one_more")
    history.append(_session(3, _t(12)))
    assert _advise(history).target == _t(14)


def test_hard_and_complete_twice_still_holds() -> None:
    """Every rep done, but hard: no progress however often."""
    history = [_session(i, _t(10), feel="hard") for i in range(4)]
    assert _advise(history) == Advice(target=_t(10), reason="hold_hard")


def test_an_incomplete_session_holds_and_resets_the_count() -> None:
    """Fewer reps than the target holds it, and the next good session counts as the first."""
    history = [_session(0, _t(12)), _session(1, _t(12), reps=11)]
    assert _advise(history) == Advice(target=_t(12), reason="hold_incomplete")
    history.append(_session(2, _t(12)))
    assert _advise(history).reason == "hold_one_more"


def test_too_few_sets_is_incomplete() -> None:
    """Two full sets out of three do not complete the target."""
    full = _session(0, _t(10))
    short = replace(full, sets=full.sets[:2])
    assert _advise([short]).reason == "hold_incomplete"


def test_no_feel_counts_as_not_hard() -> None:
    """A session logged without a feel is good when complete."""
    history = [_session(0, _t(10), feel=None), _session(1, _t(10), feel=None)]
    assert _advise(history) == Advice(target=_t(12), reason="progress")


@pytest.mark.parametrize(
    ("latest", "expected"),
    [
        (_t(12), _t(10)),
        (_t(15), _t(14)),
        (_t(10, 2), _t(15)),
        (_t(15, 2), _t(14, 2)),
        (_t(10), _t(10)),
    ],
)
def test_a_missed_week_eases_back_one_rung(latest: Target, expected: Target) -> None:
    """More than 7 days since the last session: one rung down, never below the start."""
    history = _good(latest, latest)
    today = history[-1].local_date + timedelta(days=8)
    assert next_target(history, P, today) == Advice(target=expected, reason="ease_back_gap")


def test_exactly_a_week_is_not_a_missed_week() -> None:
    """Seven days after the last session is still on track."""
    history = _good(_t(12), _t(12))
    today = history[-1].local_date + timedelta(days=7)
    assert next_target(history, P, today) == Advice(target=_t(14), reason="progress")


def test_after_a_gap_the_count_restarts_on_the_lower_rung() -> None:
    """Coming back on the eased rung needs two good sessions again."""
    history = _good(_t(14), _t(14))
    back = history[-1].local_date + timedelta(days=10)
    history.append(_session(2, _t(12), day=back))
    assert next_target(history, P, back) == Advice(target=_t(12), reason="hold_one_more")


@pytest.mark.parametrize(
    ("latest", "expected"),
    [(_t(14), _t(12)), (_t(10, 2), _t(15)), (_t(15, 2), _t(14, 2)), (_t(10), _t(10))],
)
def test_pain_eases_back_one_rung(latest: Target, expected: Target) -> None:
    """Pain on the latest session: one rung down (not below the start), and a new screening."""
    history = [_session(0, latest), _session(1, latest, pain=True)]
    advice = _advise(history)
    assert advice == Advice(target=expected, reason="ease_back_pain")
    assert advice.needs_screening


def test_pain_and_a_missed_week_ease_back_only_one_rung() -> None:
    """Pain wins over the gap, and the two together still move only one rung."""
    history = [_session(0, _t(14), pain=True)]
    today = history[0].local_date + timedelta(days=20)
    assert next_target(history, P, today) == Advice(target=_t(12), reason="ease_back_pain")


def test_a_free_log_counts_when_its_sets_meet_the_current_target() -> None:
    """A session without a target is judged against the target in force that day."""
    history = _good(_t(12)) + [_session(1, None, reps=12)]
    assert _advise(history) == Advice(target=_t(14), reason="progress")
    short = _good(_t(12)) + [_session(1, None, reps=10)]
    assert _advise(short) == Advice(target=_t(12), reason="hold_incomplete")


def test_free_logs_alone_climb_from_the_start() -> None:
    """With no stored targets at all, free logs of 10 then 12 reps climb the ladder."""
    history = [_session(0, None, reps=10), _session(1, None, reps=10)]
    assert _advise(history).target == _t(12)


def test_the_stored_target_is_the_current_one() -> None:
    """A stored target that differs from the replayed advice wins, and restarts the count."""
    history = _good(_t(10), _t(10), _t(14))
    assert _advise(history) == Advice(target=_t(14), reason="hold_one_more")


def test_history_order_does_not_matter() -> None:
    """Sessions are replayed by date whatever order they come in."""
    history = _good(_t(10), _t(10), _t(12), _t(12))
    assert _advise(list(reversed(history))) == _advise(history)


def test_an_off_ladder_target_snaps_down() -> None:
    """A stored target off the ladder counts as the hardest rung not above it."""
    assert rung_of(_t(13), LADDER) == 1
    assert rung_of(_t(20), LADDER) == 3
    assert rung_of(_t(5), LADDER) == 0
    assert rung_of(_t(10, 5), LADDER) == len(LADDER) - 1
    assert rung_of(Target(sets=4, reps=12), LADDER) == 1


_feels = st.sampled_from(["easy", "right", "hard", None])
_sessions = st.builds(
    lambda n, day, target, reps, feel, pain: Session(
        id=n,
        local_date=START + timedelta(days=day),
        logged_at=datetime(2026, 1, 1, tzinfo=UTC),
        sets=(LoggedSet(reps=reps),) * 3,
        target=target,
        feel=feel,
        pain=pain,
    ),
    st.integers(0, 10_000),
    st.integers(0, 120),
    st.one_of(st.none(), st.sampled_from(LADDER)),
    st.integers(0, 16),
    _feels,
    st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(history=st.lists(_sessions, max_size=25), later=st.integers(0, 20))
def test_property_next_target_is_on_the_ladder_and_one_rung_away(
    history: list[Session], later: int
) -> None:
    """For any history, the next target is a rung at most one away from the latest target."""
    ordered = sorted(history, key=lambda s: (s.local_date, s.id))
    today = (ordered[-1].local_date if ordered else START) + timedelta(days=later)
    advice = next_target(history, P, today)
    assert advice.target in LADDER
    assert advice.reason in REASONS
    if not ordered:
        assert advice.reason == "start"
        return
    last = ordered[-1]
    latest = last.target or next_target(ordered[:-1], P, last.local_date).target
    assert abs(LADDER.index(advice.target) - LADDER.index(latest)) <= 1


def test_a_pain_rating_of_3_to_5_holds_the_target() -> None:
    """Two good sessions would step up; a rating of 4 on the second holds the target."""
    history = _good(_t(10), _t(10))
    today = history[-1].local_date + timedelta(days=1)
    advice = next_target(history, P, today, {history[-1].local_date: 4})
    assert (advice.target, advice.reason) == (_t(10), "hold_pain")
    assert next_target(history, P, today, {history[-1].local_date: 2}).target == _t(12)


def test_a_pain_rating_over_5_eases_back_even_on_a_day_with_no_log() -> None:
    """A rating of 7 on a day without a session goes one step down from where the climb was."""
    history = _good(_t(10), _t(10), _t(12), _t(12))
    rated = history[-1].local_date + timedelta(days=1)
    advice = next_target(history, P, rated + timedelta(days=1), {rated: 7})
    assert (advice.target, advice.reason) == (_t(12), "ease_back_pain_rating")
    assert not advice.needs_screening


def test_a_worse_next_morning_eases_back_one_rung_before_that_days_session() -> None:
    """Four good sessions reach 3 x 14; rated 4 on the last, the next morning felt worse: one
    step down (3 x 12), and a session that morning is given the eased target; a morning that
    felt better (not in `worse`) changes nothing."""
    history = _good(_t(10), _t(10), _t(12), _t(12))
    rated = history[-1].local_date
    morning = rated + timedelta(days=1)
    assert next_target(history, P, morning, {rated: 4}).target == _t(12)
    eased = next_target(history, P, morning, {rated: 4}, [morning])
    assert (eased.target, eased.reason) == (_t(10), "ease_back_morning")
    no_rating = next_target(history, P, morning, {}, [morning])
    assert (no_rating.target, no_rating.reason) == (_t(12), "ease_back_morning")
    later = [*history, _session(9, None, day=morning)]
    assert next_target(later, P, morning + timedelta(days=1), {}, [morning]).target == _t(12)
