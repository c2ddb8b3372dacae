"""What the next session asks for, and why: the progression ladder of the reverse lunge.

The rule, all in one place (`_after` applies it to one session, `next_target` to a history):

1. The ladder. Start at the prescription (3 x 10 per leg, bodyweight) and climb by `rep_step`
   reps (+2) to `max_reps` (the last step is capped: 10, 12, 14, 15). Then hold light dumbbells
   of `dumbbell_kg` (about 2 kg) and climb again from the start reps: 10, 12, 14, 15 @ 2 kg.
   3 x 15 @ 2 kg is the top rung. "Up a step" and "down a step" move one rung on this ladder.
2. A good session completed every rep of the target it was given and did not feel "hard".
   Two good sessions in a row on the same rung move up one rung (the move from 15 reps to the
   first weighted rung is "add_weight"). At the top rung the target holds ("at_top"): the lesson
   keeps the dumbbells light, so the coach never adds more weight.
3. A "hard" session holds the target and restarts the count of good sessions; so does an
   incomplete one. The first good session on a rung holds too ("hold_one_more").
4. Pain reported on a session goes one rung down ("ease_back_pain"); the caller asks for a new
   safety screening before the next workout. A 0-10 pain rating of a day (the pain-monitoring
   model: Thomee 1997, Silbernagel et al. 2007) counts whether or not that day has a log: over 5
   goes one rung down ("ease_back_pain_rating"), 3 to 5 holds the target ("hold_pain"), up to 2
   changes nothing.
   The next morning the coach asks how the joint feels compared with before (the same model;
   bot/coach/morning.py): "worse" goes one rung down on that morning ("ease_back_morning"),
   before any session of that day; "better or the same" changes nothing.
5. A missed week goes one rung down ("ease_back_gap"): the last session is more than 7 days
   before today. One rung down from 3 x 10 @ 2 kg is 3 x 15 without weight (the previous rung).
6. Never below the start rung, never above the top rung. Pain beats a missed week, and both
   beat the count of good sessions, so a target moves at most one rung at a time.

The target in force at a session is the target stored with it (snapped to the ladder if the
prescription changed since). A session without a target (a free log) gets the target the coach
would have advised that day, and counts as complete if its sets meet that target.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Final, Literal

from bot.coach.lesson import Prescription
from bot.coach.sessions import Session, Target

Reason = Literal[
    "start",
    "progress",
    "add_weight",
    "hold_one_more",
    "hold_hard",
    "hold_incomplete",
    "at_top",
    "ease_back_gap",
    "ease_back_pain",
    "ease_back_pain_rating",
    "hold_pain",
    "hold_coach",
    "coach_target",
    "ease_back_morning",
]

REASONS: Final[Mapping[Reason, str]] = {
    "start": "No sessions yet: the starting target from the prescription.",
    "progress": "Two complete, not-hard sessions in a row: a couple more reps per set.",
    "add_weight": "Two good sessions at the top reps: light dumbbells, back to the start reps.",
    "hold_one_more": "One good session on this target: one more like it to move up.",
    "hold_hard": "The last session felt hard: the same target again.",
    "hold_incomplete": "Not every rep of the target was done: the same target again.",
    "at_top": "Top of the ladder: keep this target, the weight stays light.",
    "ease_back_gap": "More than a week since the last session: one step easier to come back.",
    "ease_back_pain": "Pain was reported: one step easier, after a new safety screening.",
    "ease_back_pain_rating": "Pain was rated over 5 out of 10: one step easier.",
    "hold_pain": "Pain was rated 3 to 5 out of 10: the same target again.",
    "hold_coach": "Pain over 5 or a red flag: no step up until the coach has looked at it.",
    "coach_target": "The coach set this target in place of the ladder.",
    "ease_back_morning": "The joint felt worse the morning after: one step easier.",
}

PAIN_SAFE: Final = 2
"""A pain rating up to this (out of 10) is safe: training goes on as planned."""

PAIN_ACCEPTABLE: Final = 5
"""Up to this the pain is acceptable (the target holds); above it, one step easier."""

GAP_DAYS: Final = 7
"""A next session more than this many days after the last one eases back a rung."""

GOOD_IN_A_ROW: Final = 2
"""Good sessions in a row on one rung needed to move up."""


@dataclass(frozen=True, slots=True)
class Advice:
    """The next session's target and the reason code (see `REASONS`) the caller explains."""

    target: Target
    reason: Reason

    @property
    def needs_screening(self) -> bool:
        """Pain was reported: the caller runs the safety screening again before the workout."""
        return self.reason == "ease_back_pain"


@dataclass(frozen=True, slots=True)
class _Climb:
    """Where the replay stands: the rung index, good sessions in a row on it, the last reason."""

    rung: int
    good: int
    reason: Reason


def ladder(prescription: Prescription) -> tuple[Target, ...]:
    """Every rung from the start to the top: bodyweight reps up to max, then the same weighted."""
    p = prescription
    top = max(p.max_reps, p.reps)
    reps = [*range(p.reps, top, p.rep_step), top]
    bodyweight = [Target(sets=p.sets, reps=r) for r in reps]
    weighted = [Target(sets=p.sets, reps=r, weight_kg=p.dumbbell_kg) for r in reps]
    return (*bodyweight, *weighted)


def rung_of(target: Target, rungs: Sequence[Target]) -> int:
    """The index of `target` on the ladder; off the ladder, the hardest rung not above it."""
    key = _difficulty(target)
    below = [i for i, rung in enumerate(rungs) if _difficulty(rung) <= key]
    return max(below, default=0)


def next_target(
    history: Sequence[Session],
    prescription: Prescription,
    today: date,
    pain: Mapping[date, int] | None = None,
    worse: Collection[date] = (),
) -> Advice:
    """The target for the next session on `today`, after `history` (in any order), the days'
    pain ratings `pain` (0-10 by local date, with or without a session) and the mornings the
    joint felt `worse` than before; see module."""
    rungs = ladder(prescription)
    ratings = pain or {}
    sessions = sorted(history, key=lambda s: (s.local_date, s.id))
    logged = {s.local_date for s in sessions}
    # Days without a session that move the climb: a rating alone, a worse morning (None).
    alone = sorted(
        [(day, ratings[day]) for day in ratings if day not in logged and day <= today]
        + [(day, None) for day in worse if day <= today],
        key=lambda event: (event[0], event[1] is not None),
    )
    climb = _Climb(rung=0, good=0, reason="start")
    for i, session in enumerate(sessions):
        while alone and alone[0][0] <= session.local_date:
            climb = _rated(climb, alone.pop(0)[1])
        following = sessions[i + 1].local_date if i + 1 < len(sessions) else today
        climb = _after(session, climb, rungs, following, ratings.get(session.local_date))
    for _, rating in alone:
        climb = _rated(climb, rating)
    return Advice(target=rungs[climb.rung], reason=climb.reason)


def held(
    advice: Advice,
    history: Sequence[Session],
    prescription: Prescription,
    since: date,
    pain: Mapping[date, int] | None = None,
) -> Advice:
    """Safety-gated progression: `advice` held at the target in force on `since` (the day of a
    pain rating over 5 or a red flag the client's coach has not yet looked at). Easing back
    still happens; stepping up waits."""
    ratings = {day: r for day, r in (pain or {}).items() if day <= since}
    before = [s for s in history if s.local_date <= since]
    then = next_target(before, prescription, since, ratings)
    rungs = ladder(prescription)
    if rung_of(advice.target, rungs) <= rung_of(then.target, rungs):
        return advice
    return Advice(target=then.target, reason="hold_coach")


def _rated(climb: _Climb, rating: int | None) -> _Climb:
    """The climb after a day's pain rating on a day with no session (None: a morning that
    felt worse)."""
    if rating is None:
        return _Climb(rung=max(climb.rung - 1, 0), good=0, reason="ease_back_morning")
    if rating > PAIN_ACCEPTABLE:
        return _Climb(rung=max(climb.rung - 1, 0), good=0, reason="ease_back_pain_rating")
    if rating > PAIN_SAFE:
        return _Climb(rung=climb.rung, good=0, reason="hold_pain")
    return climb


def _after(
    session: Session,
    before: _Climb,
    rungs: Sequence[Target],
    following: date,
    rating: int | None = None,
) -> _Climb:
    """The climb after `session` (`before`: what was advised) and its day's pain `rating`, for
    a next session on `following`."""
    climb = _given(session, before, rungs)
    if session.pain:
        return _Climb(rung=max(climb.rung - 1, 0), good=0, reason="ease_back_pain")
    if rating is not None and rating > PAIN_ACCEPTABLE:
        return _Climb(rung=max(climb.rung - 1, 0), good=0, reason="ease_back_pain_rating")
    if (following - session.local_date).days > GAP_DAYS:
        return _Climb(rung=max(climb.rung - 1, 0), good=0, reason="ease_back_gap")
    if rating is not None and rating > PAIN_SAFE:
        return _Climb(rung=climb.rung, good=0, reason="hold_pain")
    if session.feel == "hard":
        return _Climb(rung=climb.rung, good=0, reason="hold_hard")
    if not replace(session, target=rungs[climb.rung]).completed():
        return _Climb(rung=climb.rung, good=0, reason="hold_incomplete")
    good = climb.good + 1
    if good < GOOD_IN_A_ROW:
        return _Climb(rung=climb.rung, good=good, reason="hold_one_more")
    if climb.rung == len(rungs) - 1:
        return _Climb(rung=climb.rung, good=good, reason="at_top")
    up = climb.rung + 1
    adds_weight = rungs[up].weight_kg is not None and rungs[climb.rung].weight_kg is None
    return _Climb(rung=up, good=0, reason="add_weight" if adds_weight else "progress")


def _given(session: Session, advised: _Climb, rungs: Sequence[Target]) -> _Climb:
    """The climb as the session was given it: its stored target wins over the advised one."""
    if session.target is None:
        return advised
    rung = rung_of(session.target, rungs)
    return advised if rung == advised.rung else _Climb(rung=rung, good=0, reason=advised.reason)


def _difficulty(target: Target) -> tuple[float, int]:
    """Orders targets like the ladder: weight first, then reps."""
    return (target.weight_kg or 0.0, target.reps)
