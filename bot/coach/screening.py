"""The safety screening: a state machine over the questions in content/screening.yaml.

States (see docs/screening.mmd):

    ASKING(i)  --yes/no-->  ASKING(i+1)          answer stored, next question
    ASKING(i)  --back-->    ASKING(i-1)          the previous answer can be changed
    ASKING(last) --yes/no--> DONE(outcome)       outcome = most restrictive of all answers
    DONE(doctor) --a doctor cleared me--> DONE(doctor, cleared_on=date)  => plays as modified

Outcomes, from least to most restrictive: cleared < modified < not_today < doctor.

Restrictions compose: each "yes" that holds a user back (a question whose `lifted_by` is set
in content/screening.yaml) is a `Restriction` with its own way of being lifted: a doctor's or
physiotherapist's clearance (`cleared_on`, which lifts every restriction a doctor lifts), or
feeling well again (a lift of that one question, recorded with its date in `lifts`).
`in_force` is the set not yet lifted, and `access`, the one gate every training feature asks,
is decided by that set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import Literal, Protocol

Outcome = Literal["cleared", "modified", "not_today", "doctor"]
Adaptation = Literal["supported", "shallow"]
LiftedBy = Literal["doctor", "feeling_better"]

SEVERITY: Mapping[Outcome, int] = {"cleared": 0, "modified": 1, "not_today": 2, "doctor": 3}
# A doctor's go-ahead starts the user on the gentlest plan: support nearby and a shorter range.
CLEARED_BY_DOCTOR_ADAPTATIONS: frozenset[Adaptation] = frozenset({"supported", "shallow"})


class QuestionRules(Protocol):
    """What the state machine needs of a question (content.Question satisfies it)."""

    @property
    def id(self) -> str: ...
    @property
    def if_yes(self) -> Outcome: ...
    @property
    def adapt(self) -> Adaptation | None: ...
    @property
    def lifted_by(self) -> LiftedBy | None: ...


@dataclass(frozen=True, slots=True)
class Progress:
    """A screening under way: the question being asked and the answers so far, by question id."""

    index: int = 0
    answers: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Result:
    """A finished screening, as stored."""

    answers: Mapping[str, bool]
    outcome: Outcome
    adaptations: frozenset[Adaptation]
    content_version: str
    completed_at: datetime
    cleared_on: datetime | None = None
    # Restrictions lifted one by one (feeling well again), by question id, with the moment.
    lifts: Mapping[str, datetime] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Restriction:
    """A "yes" that holds the user back until it is lifted in its own way."""

    question: str  # the question id (or the stored outcome, for a screening with no answers known)
    lifted_by: LiftedBy


def restrictions(
    answers: Mapping[str, bool], questions: tuple[QuestionRules, ...]
) -> tuple[Restriction, ...]:
    """Every restriction the answers impose, in question order (lifted or not)."""
    return tuple(
        Restriction(q.id, q.lifted_by)
        for q in questions
        if q.lifted_by is not None and answers.get(q.id, False)
    )


def in_force(result: Result, questions: tuple[QuestionRules, ...]) -> tuple[Restriction, ...]:
    """The restrictions of `result` not yet lifted: the set the gate is.

    A doctor's clearance (`cleared_on`) lifts every restriction a doctor lifts, and only
    those; feeling well again lifts the one question it was asked about (`lifts`). A stored
    outcome that no known question explains (the questions changed since) still holds back,
    lifted the way its outcome is.
    """
    found = restrictions(result.answers, questions)
    if not found and result.outcome in ("doctor", "not_today"):
        lifted_by: LiftedBy = "doctor" if result.outcome == "doctor" else "feeling_better"
        found = (Restriction(result.outcome, lifted_by),)
    return tuple(r for r in found if not _lifted(r, result))


def _lifted(restriction: Restriction, result: Result) -> bool:
    if restriction.lifted_by == "doctor":
        return result.cleared_on is not None
    return restriction.question in result.lifts


def answer(progress: Progress, questions: tuple[QuestionRules, ...], value: bool) -> Progress:
    """Record an answer to the current question and move to the next one."""
    question = questions[progress.index]
    answers = {**progress.answers, question.id: value}
    return Progress(index=progress.index + 1, answers=answers)


def back(progress: Progress) -> Progress:
    """Go back one question (its earlier answer stays until it is answered again)."""
    return replace(progress, index=max(0, progress.index - 1))


def is_finished(progress: Progress, questions: tuple[QuestionRules, ...]) -> bool:
    """True once every question has an answer."""
    return progress.index >= len(questions)


def outcome_of(
    answers: Mapping[str, bool], questions: tuple[QuestionRules, ...]
) -> tuple[Outcome, frozenset[Adaptation]]:
    """The most restrictive outcome over all "yes" answers, and the adaptations they ask for."""
    outcome: Outcome = "cleared"
    adaptations: set[Adaptation] = set()
    for question in questions:
        if not answers.get(question.id, False):
            continue
        if SEVERITY[question.if_yes] > SEVERITY[outcome]:
            outcome = question.if_yes
        if question.adapt is not None:
            adaptations.add(question.adapt)
    return outcome, frozenset(adaptations)


def finish(
    progress: Progress, questions: tuple[QuestionRules, ...], version: str, now: datetime
) -> Result:
    """Turn a complete set of answers into a stored result."""
    outcome, adaptations = outcome_of(progress.answers, questions)
    return Result(
        answers=dict(progress.answers),
        outcome=outcome,
        adaptations=adaptations,
        content_version=version,
        completed_at=now,
    )


def clear_by_doctor(result: Result, now: datetime) -> Result:
    """Record that a doctor or physiotherapist cleared a "see a doctor first" user."""
    if result.outcome != "doctor":
        raise ValueError("only a 'see a doctor first' outcome can be cleared by a doctor")
    return replace(result, cleared_on=now)


def feel_better(result: Result, question: str, now: datetime) -> Result:
    """Record that the user answered "no" again to a question lifted by feeling well."""
    return replace(result, lifts={**result.lifts, question: now})


class Gate(Enum):
    """What the coach may offer, decided by the latest screening."""

    NEEDS_SCREENING = "needs_screening"  # never screened, or the screening expired
    DOCTOR = "doctor"  # see a doctor first: read-only instructions, nothing else
    NOT_TODAY = "not_today"  # ill today: screen again when well
    PAIN_REPORTED = "pain_reported"  # pain reported since: screen again before training
    ALLOWED = "allowed"


@dataclass(frozen=True, slots=True)
class Access:
    """The gate and, when allowed, how the plan is adapted."""

    gate: Gate
    adaptations: frozenset[Adaptation] = frozenset()
    restrictions: tuple[Restriction, ...] = ()  # those in force (empty when allowed)

    @property
    def may_train(self) -> bool:
        """Plans, workouts and reminders are offered only when this is True."""
        return self.gate is Gate.ALLOWED


def access(
    result: Result | None,
    now: datetime,
    valid_for: timedelta,
    *,
    pain_reported: bool = False,
    questions: tuple[QuestionRules, ...] = (),
) -> Access:
    """The single rule for what a user may do, enforced by every training feature.

    The gate is the set of restrictions in force (`in_force`): any a doctor lifts -> DOCTOR,
    else any other -> NOT_TODAY, else ALLOWED, with the adaptations of the answers (and the
    gentlest plan after a doctor's clearance).
    """
    if result is None or now - result.completed_at > valid_for:
        return Access(Gate.NEEDS_SCREENING)
    if pain_reported:
        return Access(Gate.PAIN_REPORTED)
    held = in_force(result, questions)
    if any(r.lifted_by == "doctor" for r in held):
        return Access(Gate.DOCTOR, restrictions=held)
    if held:
        return Access(Gate.NOT_TODAY, restrictions=held)
    if result.cleared_on is not None and result.outcome == "doctor":
        return Access(Gate.ALLOWED, result.adaptations | CLEARED_BY_DOCTOR_ADAPTATIONS)
    return Access(Gate.ALLOWED, result.adaptations)
