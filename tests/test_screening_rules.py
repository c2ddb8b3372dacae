"""The screening state machine and the access gate, with no transport and no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.coach import screening as rules
from bot.content import Content

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
YEAR = timedelta(days=365)

# What a single "yes" leads to, as the issue specifies it.
EXPECTED_SINGLE_YES = {
    "heart": ("doctor", set()),
    "chest_pain": ("doctor", set()),
    "dizziness": ("doctor", set()),
    "chronic_condition": ("doctor", set()),
    "medication": ("doctor", set()),
    "bone_joint": ("doctor", set()),
    "supervised_only": ("doctor", set()),
    "knee_pain": ("modified", {"shallow"}),
    "injury": ("doctor", set()),
    "balance": ("modified", {"supported"}),
    "back_pain": ("modified", {"shallow"}),
    "pregnant": ("doctor", set()),
    "ill_today": ("not_today", set()),
}


def run(content: Content, yes: set[str]) -> rules.Result:
    questions = content.screening.questions
    progress = rules.Progress()
    while not rules.is_finished(progress, questions):
        progress = rules.answer(progress, questions, questions[progress.index].id in yes)
    return rules.finish(progress, questions, content.screening.version, NOW)


def test_content_has_the_thirteen_questions_in_order(content: Content) -> None:
    """Seven PAR-Q+ questions first, then the six lunge-specific ones."""
    questions = content.screening.questions
    assert [q.id for q in questions] == list(EXPECTED_SINGLE_YES)
    assert [q.section for q in questions] == ["general"] * 7 + ["lunge"] * 6


def test_all_no_is_cleared(content: Content) -> None:
    """No "yes" anywhere: the full plan, no adaptations."""
    result = run(content, set())
    assert (result.outcome, result.adaptations) == ("cleared", frozenset())
    assert len(result.answers) == 13
    assert not any(result.answers.values())


@pytest.mark.parametrize(("question_id", "expected"), EXPECTED_SINGLE_YES.items())
def test_single_yes_outcome(content: Content, question_id: str, expected: tuple) -> None:
    """Each question's "yes" alone leads to the outcome the screening rules promise."""
    result = run(content, {question_id})
    assert result.outcome == expected[0]
    assert set(result.adaptations) == expected[1]


@pytest.mark.parametrize(
    ("yes", "outcome"),
    [
        ({"balance", "knee_pain"}, "modified"),
        ({"balance", "ill_today"}, "not_today"),
        ({"ill_today", "heart"}, "doctor"),
        ({"back_pain", "pregnant"}, "doctor"),
        ({"knee_pain", "back_pain", "balance", "ill_today", "injury"}, "doctor"),
    ],
)
def test_most_restrictive_outcome_wins(content: Content, yes: set[str], outcome: str) -> None:
    """Several "yes" answers: the strictest outcome is the result."""
    assert run(content, yes).outcome == outcome


def test_modified_collects_every_adaptation(content: Content) -> None:
    """Unsure balance and knee pain: both the supported and the shallow variation."""
    assert run(content, {"balance", "knee_pain"}).adaptations == {"supported", "shallow"}


@given(st.sets(st.sampled_from(sorted(EXPECTED_SINGLE_YES))))
def test_outcome_is_the_maximum_severity(content: Content, yes: set[str]) -> None:
    """For any set of "yes" answers, the outcome is the most severe single outcome."""
    expected = max(
        (EXPECTED_SINGLE_YES[q][0] for q in yes), key=rules.SEVERITY.__getitem__, default="cleared"
    )
    assert run(content, yes).outcome == expected


def test_back_then_answer_changes_the_earlier_answer(content: Content) -> None:
    """Back returns to the previous question; answering again replaces the old answer."""
    questions = content.screening.questions
    progress = rules.answer(rules.Progress(), questions, True)
    progress = rules.back(progress)
    assert progress.index == 0
    assert progress.answers["heart"] is True
    progress = rules.answer(progress, questions, False)
    assert progress.index == 1
    assert progress.answers == {"heart": False}


def test_back_on_the_first_question_stays(content: Content) -> None:
    """There is nothing before question 1."""
    assert rules.back(rules.Progress()).index == 0


def test_access_needs_a_screening() -> None:
    """No screening: nothing is offered until the user is screened."""
    assert rules.access(None, NOW, YEAR).gate is rules.Gate.NEEDS_SCREENING


def test_access_expires_after_a_year(content: Content) -> None:
    """A screening older than twelve months must be repeated."""
    result = run(content, set())
    assert rules.access(result, NOW + timedelta(days=365), YEAR).may_train
    expired = rules.access(result, NOW + timedelta(days=366), YEAR)
    assert expired.gate is rules.Gate.NEEDS_SCREENING


@pytest.mark.parametrize(
    ("yes", "gate"),
    [({"heart"}, rules.Gate.DOCTOR), ({"ill_today"}, rules.Gate.NOT_TODAY)],
)
def test_access_blocks_doctor_and_not_today(
    content: Content, yes: set[str], gate: rules.Gate
) -> None:
    """ "See a doctor first" and "not today" allow no training."""
    access = rules.access(run(content, yes), NOW, YEAR)
    assert access.gate is gate
    assert not access.may_train


def test_doctor_clearance_plays_as_the_gentle_modified_plan(content: Content) -> None:
    """Once a doctor cleared the user: allowed, with support and a shorter range."""
    cleared = rules.clear_by_doctor(run(content, {"pregnant"}), NOW)
    access = rules.access(cleared, NOW, YEAR)
    assert access.may_train
    assert access.adaptations == {"supported", "shallow"}


def test_only_a_doctor_outcome_can_be_cleared(content: Content) -> None:
    """Clearing a cleared user is a programming error, not a silent no-op."""
    with pytest.raises(ValueError, match="doctor"):
        rules.clear_by_doctor(run(content, set()), NOW)
