"""The stored conversation JSON: rows written before the typed states, and unreadable rows.

Every `STORED` row is literally what the flows stored (`users.flow`, `users.flow_state`)
before each flow had typed states, captured stage by stage from that code.
"""

from __future__ import annotations

from datetime import time
from typing import get_args

import pytest

from bot.coach.conversation_json import decode, encode
from bot.coach.conversations import (
    AnsweringScreening,
    AskingAgain,
    AskingClearance,
    AskingEasing,
    AskingLogZone,
    ChoosingReading,
    ConfirmingDelete,
    ConfirmingDone,
    ConfirmingForwarded,
    ConfirmingPlan,
    ConsideringInvite,
    Conversation,
    CountingFewer,
    DoingSet,
    EditingLog,
    PickingDays,
    PickingTime,
    PickingZone,
    RatingFeel,
    RatingPain,
    Reading,
    Resting,
    SettingTarget,
    WarmingUp,
    WritingToClient,
    WritingToCoach,
)
from bot.coach.plan import WeeklyPlan
from bot.coach.routes import CONVERSATIONS
from bot.coach.screening import Progress
from bot.coach.sessions import LoggedSet, Target

MON_TUE_FRI = frozenset({0, 1, 4})
BODYWEIGHT = Target(3, 10, None)
DUMBBELLS = Target(3, 10, 2.0)
ANSWERS = {"heart": False, "chest_pain": True}


def _both(reps: int, kg: float | None = None) -> LoggedSet:
    return LoggedSet(reps, "both", kg)


def _left_right(reps: int, kg: float | None = None) -> tuple[LoggedSet, ...]:
    return (LoggedSet(reps, "left", kg), LoggedSet(reps, "right", kg))


STORED: dict[str, tuple[str, str]] = {
    "screening, question 1": ("screening", '{"index": 0, "answers": {}, "version": "2026.11.1"}'),
    "screening, question 3": (
        "screening",
        '{"index": 2, "answers": {"heart": false, "chest_pain": true}, "version": "2026.11.1"}',
    ),
    "screening, back to question 2": (
        "screening",
        '{"index": 1, "answers": {"heart": false, "chest_pain": true}, "version": "2026.11.1"}',
    ),
    "doctor's clearance": ("doctor_clearance", "{}"),
    "feeling better, ill today asked again": ("better", '{"question": "ill_today"}'),
    "delete": ("delete", "{}"),
    "schedule, no days yet": ("schedule", '{"stage": "days", "days": []}'),
    "schedule, days": ("schedule", '{"stage": "days", "days": [0, 1, 4]}'),
    "schedule, time": ("schedule", '{"stage": "time", "days": [0, 1, 4]}'),
    "schedule, zone": ("schedule", '{"stage": "tz", "days": [0, 1, 4], "at": "18:45"}'),
    "schedule, confirm": (
        "schedule",
        '{"stage": "confirm", "days": [0, 1, 4], "at": "07:30", "tz": "Europe/Berlin"}',
    ),
    "workout, warm-up": (
        "workout",
        '{"stage": "warmup", "set": 0, "done": [], "target": [3, 10, null]}',
    ),
    "workout, warm-up with dumbbells": (
        "workout",
        '{"stage": "warmup", "set": 0, "done": [], "target": [3, 10, 2.0]}',
    ),
    "workout, set 1 with dumbbells": (
        "workout",
        '{"stage": "set", "set": 0, "done": [], "target": [3, 10, 2.0]}',
    ),
    "workout, set 2": (
        "workout",
        '{"stage": "set", "set": 1, "done": [10], "target": [3, 10, null]}',
    ),
    "workout, fewer in set 2": (
        "workout",
        '{"stage": "fewer", "set": 1, "done": [10], "target": [3, 10, null]}',
    ),
    "workout, rest after set 2": (
        "workout",
        '{"stage": "rest", "set": 1, "done": [10, 8], "target": [3, 10, null]}',
    ),
    "workout, set 3": (
        "workout",
        '{"stage": "set", "set": 2, "done": [10, 8], "target": [3, 10, null]}',
    ),
    "workout, feel": (
        "workout",
        '{"stage": "feel", "set": 2, "done": [10, 8, 10], "target": [3, 10, null]}',
    ),
    "log, choose a reading": (
        "log_choose",
        '{"text": "10 10", "options": [[{"reps": 10, "leg": "both", "weight_kg": null},'
        ' {"reps": 10, "leg": "both", "weight_kg": null}], [{"reps": 10, "leg": "left",'
        ' "weight_kg": null}, {"reps": 10, "leg": "right", "weight_kg": null}]]}',
    ),
    "log, choose a reading with dumbbells": (
        "log_choose",
        '{"text": "10 10 @2kg", "options": [[{"reps": 10, "leg": "both", "weight_kg": 2.0},'
        ' {"reps": 10, "leg": "both", "weight_kg": 2.0}], [{"reps": 10, "leg": "left",'
        ' "weight_kg": 2.0}, {"reps": 10, "leg": "right", "weight_kg": 2.0}]]}',
    ),
    "log, edit": ("log_edit", '{"seq": 3}'),
    "log, done": ("log_done", '{"target": [3, 10, null]}'),
    "log, done with dumbbells": ("log_done", '{"target": [3, 10, 2.0]}'),
    "red flag, is it easing": ("redflag_easing", '{"said": "out of breath"}'),
    "red flag, pain rating": ("pain_rating", '{"part": "knee"}'),
    "red flag, pain rating, no part": ("pain_rating", '{"part": null}'),
}
"""Each flow's and stage's row as the flows stored it before the typed states."""

READ_AS: dict[str, Conversation] = {
    "screening, question 1": AnsweringScreening(Progress(0, {}), "2026.11.1"),
    "screening, question 3": AnsweringScreening(Progress(2, ANSWERS), "2026.11.1"),
    "screening, back to question 2": AnsweringScreening(Progress(1, ANSWERS), "2026.11.1"),
    "doctor's clearance": AskingClearance(),
    "feeling better, ill today asked again": AskingAgain("ill_today"),
    "delete": ConfirmingDelete(),
    "schedule, no days yet": PickingDays(frozenset()),
    "schedule, days": PickingDays(MON_TUE_FRI),
    "schedule, time": PickingTime(MON_TUE_FRI),
    "schedule, zone": PickingZone(MON_TUE_FRI, time(18, 45)),
    "schedule, confirm": ConfirmingPlan(WeeklyPlan(MON_TUE_FRI, time(7, 30), "Europe/Berlin")),
    "workout, warm-up": WarmingUp(BODYWEIGHT),
    "workout, warm-up with dumbbells": WarmingUp(DUMBBELLS),
    "workout, set 1 with dumbbells": DoingSet(DUMBBELLS, ()),
    "workout, set 2": DoingSet(BODYWEIGHT, (10,)),
    "workout, fewer in set 2": CountingFewer(BODYWEIGHT, (10,)),
    "workout, rest after set 2": Resting(BODYWEIGHT, (10, 8)),
    "workout, set 3": DoingSet(BODYWEIGHT, (10, 8)),
    "workout, feel": RatingFeel(BODYWEIGHT, (10, 8, 10)),
    "log, choose a reading": ChoosingReading(
        "10 10", (Reading((_both(10), _both(10))), Reading(_left_right(10)))
    ),
    "log, choose a reading with dumbbells": ChoosingReading(
        "10 10 @2kg", (Reading((_both(10, 2.0), _both(10, 2.0))), Reading(_left_right(10, 2.0)))
    ),
    "log, edit": EditingLog(3),
    "log, done": ConfirmingDone(BODYWEIGHT),
    "log, done with dumbbells": ConfirmingDone(DUMBBELLS),
    "time zone question after a log": AskingLogZone(),
    "log, forwarded": ConfirmingForwarded("did 3x12 today"),
    "red flag, is it easing": AskingEasing("out of breath"),
    "red flag, pain rating": RatingPain("knee"),
    "red flag, pain rating, no part": RatingPain(None),
    "pain rating after a workout's last set": RatingPain(
        None, after=RatingFeel(Target(3, 12), (12, 12, 10))
    ),
    "coaching, an invite shown": ConsideringInvite("Xy3_kQ9-aB1c"),
    "coaching, writing to the coach": WritingToCoach(7),
    "coaching, writing to a client": WritingToClient(7),
    "coaching, a client's target": SettingTarget(7),
}

# Keys a stage no longer uses, left over from an earlier stage (the days' "Keep these days"
# pressed again while confirming): read, and dropped when the row is written again.
ROWS_WITH_LEFTOVER_KEYS: list[tuple[str, str, Conversation]] = [
    (
        "schedule",
        '{"stage": "time", "days": [0, 1, 4], "at": "07:30", "tz": "Europe/Berlin"}',
        PickingTime(MON_TUE_FRI),
    ),
    (
        "schedule",
        '{"stage": "tz", "days": [0, 1, 4], "at": "19:00", "tz": "Europe/Berlin"}',
        PickingZone(MON_TUE_FRI, time(19, 0)),
    ),
]


@pytest.mark.parametrize("name", STORED)
def test_rows_written_before_typed_states_read_and_write_back_the_same(name: str) -> None:
    """Each flow's and stage's stored JSON reads as its state, and writes back byte for byte."""
    flow, stored = STORED[name]
    assert decode(flow, stored) == READ_AS[name]
    assert encode(READ_AS[name]) == (flow, stored)


@pytest.mark.parametrize(("flow", "stored", "expected"), ROWS_WITH_LEFTOVER_KEYS)
def test_keys_a_stage_does_not_use_are_ignored(
    flow: str, stored: str, expected: Conversation
) -> None:
    """Leftover keys from an earlier stage do not stop a row from being read."""
    assert decode(flow, stored) == expected


def test_tolerated_as_before() -> None:
    """What the flows used to accept still reads: no flow_state, a set's default leg and
    weight, a log edit without a number, a screening without a version (starts over)."""
    assert decode("delete", None) == ConfirmingDelete()
    assert decode("log_choose", '{"text": "10", "options": [[{"reps": 10}]]}') == (
        ChoosingReading("10", (Reading((_both(10),)),))
    )
    assert decode("log_edit", "{}") == EditingLog(0)
    assert decode("screening", '{"index": 1, "answers": {}}') == (
        AnsweringScreening(Progress(1, {}), None)
    )


UNREADABLE = [
    ("schedule", "{"),
    ("schedule", "[]"),
    ("schedule", '"days"'),
    ("karaoke", "{}"),
    ("", "{}"),
    ("schedule", '{"stage": "hours", "days": [0, 2, 4]}'),
    ("schedule", '{"days": [0, 2, 4]}'),
    ("schedule", '{"stage": "days", "days": [0, 7]}'),
    ("schedule", '{"stage": "days", "days": "0,2,4"}'),
    ("schedule", '{"stage": "tz", "days": [0, 2, 4]}'),
    ("schedule", '{"stage": "tz", "days": [0, 2, 4], "at": "25:00"}'),
    ("schedule", '{"stage": "tz", "days": [0, 2, 4], "at": "7:30"}'),
    ("schedule", '{"stage": "confirm", "days": [0, 2, 4], "at": "07:30", "tz": "Mars/Base"}'),
    ("schedule", '{"stage": "confirm", "days": [], "at": "07:30", "tz": "UTC"}'),
    ("workout", '{"stage": "jumping", "set": 0, "done": [], "target": [3, 10, null]}'),
    ("workout", '{"stage": "set", "set": 0, "done": [], "target": [3, 10]}'),
    ("workout", '{"stage": "set", "set": 0, "done": ["ten"], "target": [3, 10, null]}'),
    ("workout", '{"stage": "set", "set": 0, "done": [-1], "target": [3, 10, null]}'),
    ("workout", '{"stage": "set", "set": 0, "done": [], "target": [3, 10, "2kg"]}'),
    ("workout", '{"stage": "set", "set": 0, "done": [], "target": [true, 10, null]}'),
    ("screening", '{"index": "two", "answers": {}, "version": "2026.11.1"}'),
    ("screening", '{"index": 2, "answers": {"heart": "no"}, "version": "2026.11.1"}'),
    ("screening", '{"answers": {}, "version": "2026.11.1"}'),
    ("log_choose", '{"text": "10 10", "options": [[{"reps": 10, "leg": "middle"}]]}'),
    ("log_choose", '{"options": []}'),
    ("log_edit", '{"seq": "3"}'),
    ("log_done", '{"target": null}'),
    ("log_done", "[" * 100_000),
]


@pytest.mark.parametrize(("flow", "stored"), UNREADABLE)
def test_unreadable_rows_read_as_no_conversation(flow: str, stored: str) -> None:
    """Corrupt JSON, an unknown conversation or stage, a missing or mistyped field: None."""
    assert decode(flow, stored) is None


def test_no_flow_is_no_conversation() -> None:
    assert decode(None, None) is None


def test_every_conversation_is_routed_by_its_flow_name() -> None:
    """Each state's `flow` names a conversation the engine sends typed text to."""
    states = READ_AS.values()
    assert {state.flow for state in states} <= set(CONVERSATIONS)
    assert {type(state) for state in states} == set(get_args(Conversation))


def test_a_reading_keeps_its_day_note_and_typed_weight() -> None:
    """A reading to choose keeps what it takes to store it: its day, note, weight as typed."""
    pounds = LoggedSet(12, "both", 5 * 0.45359237, 5.0, "lb")
    state = ChoosingReading(
        "12 yesterday @5lb", (Reading((pounds,), "yesterday", "felt easy"), Reading((pounds,), 2))
    )
    assert decode(*encode(state)) == state


@pytest.mark.parametrize(
    "stored",
    [
        '{"text": "10", "options": [[{"reps": 10}]], "days": [7]}',
        '{"text": "10", "options": [[{"reps": 10}]], "days": ["tomorrow"]}',
        '{"text": "10", "options": [[{"reps": 10}]], "days": [null, null]}',
        '{"text": "10", "options": [[{"reps": 10}]], "notes": [3]}',
        '{"text": "10", "options": [[{"reps": 10, "weight_unit": "stone"}]]}',
    ],
)
def test_a_reading_with_a_bad_day_note_or_unit_is_unreadable(stored: str) -> None:
    """A day outside the week, a mismatched list, a note or unit of the wrong kind: None."""
    assert decode("log_choose", stored) is None
