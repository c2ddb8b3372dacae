"""Users whose conversation row was written before the typed states continue where they were.

Each test stores a row literally as the flows wrote it (`tests.test_conversation_json.STORED`)
and sends the event that comes next in that flow. A row that cannot be read leaves the user
in no conversation, with the answers a user in no conversation gets.
"""

from __future__ import annotations

import json

import pytest

from bot.coach.messages import Event, Press, Text
from bot.content import Content
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.test_conversation_json import STORED, UNREADABLE
from tests.test_logging_chat import screened, stored_sets

STORED_VERSION = "2026.11.1"  # the screening content version in the captured rows


async def resume_from(chat: ChatHarness, name: str) -> None:
    """Store the captured row `name` as the user's conversation."""
    flow, state = STORED[name]
    if flow == "screening":  # answers only count for the questions they were given for
        state = state.replace(STORED_VERSION, chat.content.screening.version)
    await store_row(chat.db, chat.user_id, flow, state)


async def store_row(db: Database, user_id: int, flow: str, state: str) -> None:
    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE users SET flow = ?, flow_state = ? WHERE user_id = ?", (flow, state, user_id)
        )


async def row(db: Database, user_id: int) -> tuple[str | None, object]:
    """The stored conversation: its flow and its JSON, parsed."""
    async with db.transaction() as tx:
        found = await tx.fetchone(
            "SELECT flow, flow_state FROM users WHERE user_id = ?", (user_id,)
        )
    state = found["flow_state"]
    return found["flow"], json.loads(state) if state is not None else None


def said(content: Content, key: str, **values: object) -> str:
    return content.texts(key, **values)


# --- screening, doctor's clearance, /delete -------------------------------------------------


async def test_screening_continues_at_the_stored_question(chat: ChatHarness, db: Database) -> None:
    """Question 3 of a screening begun before: /start shows it, the answers so far count."""
    await chat.send("/start")
    await resume_from(chat, "screening, question 3")
    await chat.send("/start")
    assert "Question 3 of" in chat.last.text
    for _ in range(3, len(chat.content.screening.questions) + 1):
        await chat.press("No")
    async with db.transaction() as tx:
        result = await tx.fetchone("SELECT outcome, answers FROM screenings")
    assert result["outcome"] == "doctor"  # the stored "yes" to chest pain
    assert json.loads(result["answers"])["chest_pain"] is True


async def test_screening_back_shows_the_earlier_answer(chat: ChatHarness) -> None:
    """Back at question 2: the question shows the answer already given."""
    await chat.send("/start")
    await resume_from(chat, "screening, back to question 2")
    await chat.send("yes")
    assert "Question 3 of" in chat.last.text
    await chat.send("back")
    assert "Question 2 of" in chat.last.text
    assert "You answered: Yes" in chat.last.text


async def test_clearance_question_takes_the_answer(chat: ChatHarness) -> None:
    """Asked about a doctor's clearance: "yes" confirms it."""
    await screened(chat, {2})
    await resume_from(chat, "doctor's clearance")
    await chat.send("yes")
    assert chat.last.text.startswith(said(chat.content, "clearance.confirmed"))


async def test_delete_confirmation_takes_the_answer(chat: ChatHarness) -> None:
    """Asked to confirm /delete: "yes" erases everything."""
    await screened(chat)
    await resume_from(chat, "delete")
    await chat.send("yes")
    assert chat.last.text == said(chat.content, "delete.done")


# --- schedule -------------------------------------------------------------------------------


async def test_schedule_days_keep_toggling(chat: ChatHarness, db: Database) -> None:
    """Picking days (Mon, Tue, Fri): a tap on Wed adds it, stored in the same shape."""
    await screened(chat)
    await resume_from(chat, "schedule, days")
    await chat.event(Press("sch:d:2"))
    assert "Mon, Tue, Wed, Fri" in chat.last.text
    assert await row(db, chat.user_id) == ("schedule", {"stage": "days", "days": [0, 1, 2, 4]})


async def test_schedule_time_takes_a_time_button(chat: ChatHarness, db: Database) -> None:
    """Asked for a time: a time button moves on to the time zone."""
    await screened(chat)
    await resume_from(chat, "schedule, time")
    await chat.event(Press("sch:t:1800"))
    assert said(chat.content, "schedule.time_set", at="18:00") in chat.texts()
    assert await row(db, chat.user_id) == (
        "schedule",
        {"stage": "tz", "days": [0, 1, 4], "at": "18:00"},
    )


async def test_schedule_zone_takes_a_typed_zone(chat: ChatHarness) -> None:
    """Asked for a time zone (18:45 chosen): "Berlin" shows the plan to confirm."""
    await screened(chat)
    await resume_from(chat, "schedule, zone")
    await chat.send("Berlin")
    assert "Mon, Tue, Fri at 18:45 (Europe/Berlin)" in chat.last.text
    assert "Confirm ✓" in chat.last.labels


async def test_schedule_confirmation_saves_the_plan(chat: ChatHarness, db: Database) -> None:
    """Shown the plan to confirm: Confirm stores it and ends the conversation."""
    await screened(chat)
    await resume_from(chat, "schedule, confirm")
    await chat.event(Press("sch:ok:"))
    async with db.transaction() as tx:
        plan = await tx.fetchone(
            "SELECT days, at, tz FROM plans WHERE user_id = ?", (chat.user_id,)
        )
    assert (plan["days"], plan["at"], plan["tz"]) == ("0,1,4", "07:30", "Europe/Berlin")
    assert await row(db, chat.user_id) == (None, None)


async def test_schedule_row_with_leftover_keys_continues(chat: ChatHarness, db: Database) -> None:
    """A time-stage row still holding an earlier time and zone: a time button moves on."""
    await screened(chat)
    await store_row(
        db,
        chat.user_id,
        "schedule",
        '{"stage": "time", "days": [0, 1, 4], "at": "07:30", "tz": "Europe/Berlin"}',
    )
    await chat.event(Press("sch:t:1900"))
    assert await row(db, chat.user_id) == (
        "schedule",
        {"stage": "tz", "days": [0, 1, 4], "at": "19:00"},
    )


# --- workout --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "event", "shown"),
    [
        ("workout, warm-up", Press("wk:go"), "Set 1 of 3"),
        ("workout, warm-up with dumbbells", Press("wk:go"), "Set 1 of 3"),
        ("workout, set 2", Press("wk:done:1"), "Rest 45 seconds"),
        ("workout, set 3", Text("done"), "How did that feel"),
        ("workout, fewer in set 2", Text("8"), "Rest 45 seconds"),
        ("workout, rest after set 2", Press("wk:skip:2"), "Set 3 of 3"),
    ],
)
async def test_workout_continues_at_the_stored_step(
    chat: ChatHarness, name: str, event: Event, shown: str
) -> None:
    """A workout stored at any step takes that step's next press or answer."""
    await screened(chat)
    await resume_from(chat, name)
    await chat.event(event)
    assert shown in chat.last.text


async def test_workout_sets_done_before_are_logged(chat: ChatHarness, db: Database) -> None:
    """The sets counted before (10, then 8 after Fewer) are in the log at the end."""
    await screened(chat)
    await resume_from(chat, "workout, fewer in set 2")
    await chat.event(Press("wk:reps:1:8"))
    await chat.event(Press("wk:skip:2"))
    await chat.event(Press("wk:done:2"))
    await chat.event(Press("wk:feel:right"))
    assert "Workout logged" in chat.last.text
    assert await stored_sets(db, chat.user_id) == [
        (10, "both", None),
        (8, "both", None),
        (10, "both", None),
    ]


async def test_workout_with_dumbbells_keeps_the_weight(chat: ChatHarness, db: Database) -> None:
    """A weighted target stored before: the sets are logged with its 2 kg."""
    await screened(chat)
    await resume_from(chat, "workout, set 1 with dumbbells")
    for number in range(3):
        await chat.event(Press(f"wk:done:{number}"))
        if number < 2:
            await chat.event(Press(f"wk:skip:{number + 1}"))
    await chat.event(Press("wk:feel:easy"))
    assert await stored_sets(db, chat.user_id) == [(10, "both", 2.0)] * 3


# --- logbook --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "press", "sets"),
    [
        ("log, choose a reading", "log:opt:1", [(10, "left", None), (10, "right", None)]),
        ("log, choose a reading with dumbbells", "log:opt:0", [(10, "both", 2.0)] * 2),
        ("log, done", "log:done:yes", [(10, "both", None)] * 3),
        ("log, done with dumbbells", "log:done:yes", [(10, "both", 2.0)] * 3),
    ],
)
async def test_log_choice_or_confirmation_is_logged(
    chat: ChatHarness, db: Database, name: str, press: str, sets: list[tuple[int, str, float]]
) -> None:
    """A reading to pick or a "done" to confirm, stored before: the press logs it."""
    await screened(chat)
    await resume_from(chat, name)
    await chat.event(Press(press))
    assert "Logged for today" in chat.last.text
    assert await stored_sets(db, chat.user_id) == sets


async def test_log_edit_replaces_the_stored_log_number(chat: ChatHarness, db: Database) -> None:
    """Editing log number 3: the corrected text replaces that log."""
    await screened(chat)
    for text in ("3x10", "2x9", "1x8"):
        await chat.send(text)
    await resume_from(chat, "log, edit")
    await chat.send("1x12")
    assert "Updated today's log" in chat.last.text
    assert await stored_sets(db, chat.user_id) == [(10, "both", None)] * 3 + [
        (9, "both", None)
    ] * 2 + [(12, "both", None)]


# --- rows that cannot be read ---------------------------------------------------------------

BUTTON_OF = {
    "schedule": ("sch:d:1", "schedule.expired"),
    "workout": ("wk:go", "workout.over"),
    "screening": ("scr:heart:y", "screening.not_running"),
    "log_choose": ("log:opt:0", "stale_button"),
    "log_edit": ("log:opt:0", "stale_button"),
    "log_done": ("log:done:yes", "stale_button"),
}


@pytest.mark.parametrize(("flow", "stored"), UNREADABLE)
async def test_an_unreadable_row_is_no_conversation(
    chat: ChatHarness, flow: str, stored: str
) -> None:
    """No crash: /cancel has nothing to cancel, the flow's buttons answer as after it ended."""
    await screened(chat)
    await store_row(chat.db, chat.user_id, flow, stored)
    await chat.send("/cancel")
    assert chat.last.text == said(chat.content, "cancel.nothing")
    press, notice = BUTTON_OF.get(flow, ("del:yes", "stale_button"))
    await store_row(chat.db, chat.user_id, flow, stored)
    await chat.event(Press(press))
    assert chat.last_notice == said(chat.content, notice)
    await chat.send("hello there")
    assert chat.last.text == said(chat.content, "not_understood")
