"""Restrictions that compose: each "yes" that holds a user back is lifted in its own way.

Pure rules, no transport: answers (+ a doctor's clearance, + questions answered "no" again
when the user felt better) -> the restrictions still in force -> the gate.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.coach import screening as rules
from bot.coach.screening import Gate, Restriction
from bot.content import Content

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
YEAR = timedelta(days=365)
DOCTOR = (
    "heart",
    "chest_pain",
    "dizziness",
    "chronic_condition",
    "medication",
    "bone_joint",
    "supervised_only",
    "injury",
    "pregnant",
)
ADAPTED = ("knee_pain", "balance", "back_pain")

# yes answers -> (outcome, restrictions in force as (question, what lifts it), gate)
TABLE: dict[tuple[str, ...], tuple[str, tuple[tuple[str, str], ...], Gate]] = {
    (): ("cleared", (), Gate.ALLOWED),
    **{(q,): ("doctor", ((q, "doctor"),), Gate.DOCTOR) for q in DOCTOR},
    **{(q,): ("modified", (), Gate.ALLOWED) for q in ADAPTED},
    ("ill_today",): ("not_today", (("ill_today", "feeling_better"),), Gate.NOT_TODAY),
    # pairs across kinds
    ("heart", "ill_today"): (
        "doctor",
        (("heart", "doctor"), ("ill_today", "feeling_better")),
        Gate.DOCTOR,
    ),
    ("pregnant", "ill_today"): (
        "doctor",
        (("pregnant", "doctor"), ("ill_today", "feeling_better")),
        Gate.DOCTOR,
    ),
    ("balance", "ill_today"): ("not_today", (("ill_today", "feeling_better"),), Gate.NOT_TODAY),
    ("knee_pain", "heart"): ("doctor", (("heart", "doctor"),), Gate.DOCTOR),
    ("heart", "injury"): ("doctor", (("heart", "doctor"), ("injury", "doctor")), Gate.DOCTOR),
    ("knee_pain", "balance"): ("modified", (), Gate.ALLOWED),
}


def run(content: Content, yes: tuple[str, ...]) -> rules.Result:
    questions = content.screening.questions
    progress = rules.Progress()
    while not rules.is_finished(progress, questions):
        progress = rules.answer(progress, questions, questions[progress.index].id in yes)
    return rules.finish(progress, questions, content.screening.version, NOW)


def gate(content: Content, result: rules.Result, at: datetime = NOW) -> rules.Access:
    return rules.access(result, at, YEAR, questions=content.screening.questions)


def name(yes: tuple[str, ...]) -> str:
    return "+".join(yes) or "all no"


@pytest.mark.parametrize(("yes", "expected"), TABLE.items(), ids=map(name, TABLE))
def test_answers_give_the_outcome_and_the_restrictions_in_force(
    content: Content, yes: tuple[str, ...], expected: tuple
) -> None:
    """Each single yes, pairs across kinds, all no: outcome, what holds back and what lifts it."""
    outcome, held, expected_gate = expected
    result = run(content, yes)
    assert result.outcome == outcome
    in_force = rules.in_force(result, content.screening.questions)
    assert [(r.question, r.lifted_by) for r in in_force] == list(held)
    access = gate(content, result)
    assert access.gate is expected_gate
    assert access.restrictions == (in_force if expected_gate is not Gate.ALLOWED else ())


def test_every_question_declares_what_lifts_its_yes(content: Content) -> None:
    """Every yes that holds back names its lift; the adapting ones hold nothing back."""
    lifted_by = {q.id: q.lifted_by for q in content.screening.questions}
    assert {q for q, how in lifted_by.items() if how == "doctor"} == set(DOCTOR)
    assert {q for q, how in lifted_by.items() if how == "feeling_better"} == {"ill_today"}
    assert {q for q, how in lifted_by.items() if how is None} == set(ADAPTED)


def lifted(result: rules.Result, *, doctor: bool, better: bool) -> rules.Result:
    if doctor and result.outcome == "doctor":
        result = rules.clear_by_doctor(result, NOW)
    if better:
        result = rules.feel_better(result, "ill_today", NOW + timedelta(hours=3))
    return result


# yes answers -> gate after (doctor's clearance, feeling better, both)
WALKS = {
    ("heart", "ill_today"): (Gate.NOT_TODAY, Gate.DOCTOR, Gate.ALLOWED),
    ("injury", "ill_today"): (Gate.NOT_TODAY, Gate.DOCTOR, Gate.ALLOWED),
    ("balance", "ill_today"): (Gate.NOT_TODAY, Gate.ALLOWED, Gate.ALLOWED),
    ("heart",): (Gate.ALLOWED, Gate.DOCTOR, Gate.ALLOWED),
    ("ill_today",): (Gate.NOT_TODAY, Gate.ALLOWED, Gate.ALLOWED),
    ("heart", "pregnant"): (Gate.ALLOWED, Gate.DOCTOR, Gate.ALLOWED),
}


@pytest.mark.parametrize(("yes", "gates"), WALKS.items(), ids=map(name, WALKS))
def test_each_lift_lifts_only_what_it_covers(
    content: Content, yes: tuple[str, ...], gates: tuple[Gate, Gate, Gate]
) -> None:
    """A doctor's clearance lifts only the doctor's restrictions, feeling better only its own;
    both together open training; a year later the screening must be taken again."""
    result = run(content, yes)
    after_doctor = gate(content, lifted(result, doctor=True, better=False))
    after_better = gate(content, lifted(result, doctor=False, better=True))
    after_both = gate(content, lifted(result, doctor=True, better=True))
    assert (after_doctor.gate, after_better.gate, after_both.gate) == gates
    later = gate(content, lifted(result, doctor=True, better=True), NOW + timedelta(days=366))
    assert later.gate is Gate.NEEDS_SCREENING


def test_a_doctors_clearance_keeps_the_gentle_plan_once_every_restriction_is_lifted(
    content: Content,
) -> None:
    """Heart + ill: cleared and feeling better -> allowed, supported and a shorter range."""
    access = gate(content, lifted(run(content, ("heart", "ill_today")), doctor=True, better=True))
    assert access.adaptations == {"supported", "shallow"}


def test_a_rescreen_starts_from_its_own_answers(content: Content) -> None:
    """A new screening carries no lift of the old one: all no is cleared, ill again holds."""
    assert gate(content, run(content, ())).gate is Gate.ALLOWED
    assert gate(content, run(content, ("ill_today",))).gate is Gate.NOT_TODAY


def test_pain_reported_closes_the_gate_whatever_was_lifted(content: Content) -> None:
    """A pain report since the screening asks for a new one, lifts or not."""
    result = lifted(run(content, ("heart",)), doctor=True, better=False)
    access = rules.access(
        result, NOW, YEAR, pain_reported=True, questions=content.screening.questions
    )
    assert access.gate is Gate.PAIN_REPORTED


@pytest.mark.parametrize(
    ("outcome", "held", "expected"),
    [
        ("doctor", Restriction("doctor", "doctor"), Gate.DOCTOR),
        ("not_today", Restriction("not_today", "feeling_better"), Gate.NOT_TODAY),
    ],
)
def test_a_stored_outcome_no_known_answer_explains_still_holds_back(
    content: Content, outcome: str, held: Restriction, expected: Gate
) -> None:
    """An old screening whose answers no current question names keeps its outcome's gate."""
    old = rules.Result(
        answers={"retired_question": True},
        outcome=outcome,  # type: ignore[arg-type]
        adaptations=frozenset(),
        content_version="2025.1",
        completed_at=NOW,
    )
    access = gate(content, old)
    assert (access.gate, access.restrictions) == (expected, (held,))
    if outcome == "doctor":
        assert gate(content, replace(old, cleared_on=NOW)).may_train


def test_every_pair_across_lifting_kinds_walks_clearance_feeling_better_and_rescreen(
    content: Content,
) -> None:
    """Each doctor's restriction with each feeling-better one: the clearance alone leaves
    "not today", feeling better alone leaves "see a doctor", both open training, a year later
    the screening is due again, and a new all-no screening starts clean."""
    questions = content.screening.questions
    by_doctor = [q.id for q in questions if q.lifted_by == "doctor"]
    by_feeling = [q.id for q in questions if q.lifted_by == "feeling_better"]
    assert by_doctor
    assert by_feeling
    for doctor_id in by_doctor:
        for feeling_id in by_feeling:
            result = run(content, (doctor_id, feeling_id))
            cleared = rules.clear_by_doctor(result, NOW)
            better = rules.feel_better(result, feeling_id, NOW + timedelta(hours=3))
            both = rules.feel_better(cleared, feeling_id, NOW + timedelta(hours=3))
            pair = (doctor_id, feeling_id)
            assert gate(content, result).gate is Gate.DOCTOR, pair
            assert gate(content, cleared).gate is Gate.NOT_TODAY, pair
            assert gate(content, better).gate is Gate.DOCTOR, pair
            assert gate(content, both).gate is Gate.ALLOWED, pair
            later = gate(content, both, NOW + timedelta(days=366))
            assert later.gate is Gate.NEEDS_SCREENING, pair
    assert gate(content, run(content, ())).gate is Gate.ALLOWED
