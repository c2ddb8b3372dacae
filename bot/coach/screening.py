"""The safety screening: a state machine over the questions in content/screening.yaml.

States (see docs/screening.mmd):

    ASKING(i)  --yes/no-->  ASKING(i+1)          answer stored, next question
    ASKING(i)  --back-->    ASKING(i-1)          the previous answer can be changed
    ASKING(last) --yes/no--> DONE(outcome)       outcome = most restrictive of all answers
    DONE(doctor) --a doctor cleared me--> DONE(doctor, cleared_on=date)  => plays as modified

Outcomes, from least to most restrictive: cleared < modified < not_today < doctor.
What each outcome allows is decided by `access`, the one gate every training feature asks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import Literal, Protocol

Outcome = Literal["cleared", "modified", "not_today", "doctor"]
Adaptation = Literal["supported", "shallow"]

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

    @property
    def may_train(self) -> bool:
        """Plans, workouts and reminders are offered only when this is True."""
        return self.gate is Gate.ALLOWED


def access(
    result: Result | None, now: datetime, valid_for: timedelta, *, pain_reported: bool = False
) -> Access:
    """The single rule for what a user may do, enforced by every training feature."""
    if result is None or now - result.completed_at > valid_for:
        return Access(Gate.NEEDS_SCREENING)
    if pain_reported:
        return Access(Gate.PAIN_REPORTED)
    if result.outcome == "doctor":
        if result.cleared_on is None:
            return Access(Gate.DOCTOR)
        return Access(Gate.ALLOWED, result.adaptations | CLEARED_BY_DOCTOR_ADAPTATIONS)
    if result.outcome == "not_today":
        return Access(Gate.NOT_TODAY)
    return Access(Gate.ALLOWED, result.adaptations)
