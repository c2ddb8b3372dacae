"""Hostile and odd input: markup in names and notes, huge and strange texts, forged buttons,
edits, non-text messages, groups and channels, and one user's data kept from another.

In-process tests (`ChatHarness`) cover the many combinations; a few end-to-end tests run the
real Application against the strict fake Bot API, which rejects anything Telegram could not
render.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.coach.messages import Location, Press, Reply, Unsupported
from bot.coach.reps import Parsed, parse_log
from bot.content import Content
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.e2e import running_bot
from tests.fakes.bot_api import FakeBotApi, FakeUser
from tests.fakes.html_check import parse_html, trim
from tests.test_e2e_screening import screen
from tests.test_screening_chat import answer_all

TABLES = {
    "users",
    "screenings",
    "processed_updates",
    "outbox",
    "media",
    "lesson_progress",
    "plans",
    "reminders",
    "logs",
    "log_sets",
    "timers",
}
SORRY = "something went wrong"

HOSTILE_TEXTS = (
    "A" * 4096,
    "3x10 " + "x" * 4091,
    "1" * 4096,
    "\u200b",
    "\u200d\u200b\ufeff",
    "3x10\u200b\ufeff",
    "مرحبا، كيف حالك اليوم",
    "שלום עולם",
    "\u202etxt.exe\u202c 3x10",
    "💪🏽🔥",
    "👨\u200d👩\u200d👧\u200d👦 🏳️\u200d🌈",
    "🇩🇪🇺🇸🇯🇵",
    "'); DROP TABLE users;--",
    "1; DELETE FROM logs WHERE 1=1; --",
    "<script>alert(1)</script>",
    "<b>bold</b> & <i>x</i> &amp; &lt; &#x41; &",
    "*bold* _it_ [link](http://example.com) `code` ~~s~~ ||spoiler|| \\",
    "\x00",
    "\r\n\t ",
    "²",
    "١٢",
    "99999999999999999999999",
    "-5",
    "/",
)


class Person(ChatHarness):
    """A `ChatHarness` user with a first name of their own."""

    def __init__(
        self, db: Database, content: Content, clock: FakeClock, user_id: int, first_name: str
    ) -> None:
        super().__init__(db, content, clock, user_id, name=first_name)
        self.first_name = first_name


# --- helpers ---------------------------------------------------------------------------------


def assert_renders(reply: Reply) -> None:
    """What Telegram would accept: parseable HTML, within its length, buttons within 64 bytes."""
    visual = reply.image or reply.animation or reply.chart or reply.file or reply.document
    text = trim(parse_html(reply.text)).text
    assert reply.text.strip(), "an empty reply"
    assert len(text) <= (1024 if visual else 4096), f"too long: {len(text)}"
    for row in reply.buttons:
        for button in row:
            assert 1 <= len(button.data.encode()) <= 64, button.data
            assert button.label.strip()


def assert_all_render(chat: ChatHarness) -> None:
    for shown in chat.shown:
        assert_renders(shown.reply)
        assert SORRY not in shown.text


async def rows(db: Database, sql: str, *args: Any) -> list[dict[str, Any]]:
    async with db.transaction() as tx:
        return [dict(r) for r in await tx.fetchall(sql, args)]


async def assert_intact(db: Database, user_id: int, first_name: str = "Ann") -> None:
    """Every table is still there and the user's row is as it should be."""
    names = {r["name"] for r in await rows(db, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert names >= TABLES
    [user] = await rows(db, "SELECT * FROM users WHERE user_id = ?", user_id)
    assert user["chat_id"] == user_id
    assert user["first_name"] == first_name
    integrity = await rows(db, "PRAGMA integrity_check")
    assert list(integrity[0].values()) == ["ok"]


async def snapshot(db: Database, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Everything stored about one user (to prove another user's actions left it alone)."""
    return {
        "users": await rows(
            db,
            "SELECT user_id, chat_id, first_name, flow, flow_state, rescreen_required"
            " FROM users WHERE user_id = ?",
            user_id,
        ),
        "screenings": await rows(db, "SELECT * FROM screenings WHERE user_id = ?", user_id),
        "plans": await rows(db, "SELECT * FROM plans WHERE user_id = ?", user_id),
        "logs": await rows(db, "SELECT * FROM logs WHERE user_id = ?", user_id),
        "sets": await rows(
            db,
            "SELECT s.* FROM log_sets s JOIN logs l ON l.id = s.log_id WHERE l.user_id = ?",
            user_id,
        ),
        "lessons": await rows(db, "SELECT * FROM lesson_progress WHERE user_id = ?", user_id),
        "timers": await rows(db, "SELECT * FROM timers WHERE user_id = ?", user_id),
    }


async def flow_of(db: Database, user_id: int) -> str | None:
    [row] = await rows(db, "SELECT flow FROM users WHERE user_id = ?", user_id)
    return row["flow"]


async def screened(chat: ChatHarness, yes: set[int] = frozenset()) -> None:
    await chat.send("/start")
    await answer_all(chat, yes)


async def to_schedule_days(chat: ChatHarness) -> None:
    await screened(chat)
    await chat.send("/schedule")


async def to_schedule_time(chat: ChatHarness) -> None:
    await to_schedule_days(chat)
    for day in ("Mon", "Wed", "Fri"):
        await chat.press(day)
    await chat.press(next(label for label in chat.last.labels if label.startswith("Done")))


async def to_schedule_tz(chat: ChatHarness) -> None:
    await to_schedule_time(chat)
    await chat.press("18:00")


async def planned(chat: ChatHarness) -> None:
    await to_schedule_tz(chat)
    await chat.send("Berlin")
    await chat.press("Confirm ✓")


async def to_workout_set(chat: ChatHarness) -> None:
    await screened(chat)
    await chat.send("/workout")
    await chat.press("wk:go")


async def to_workout_fewer(chat: ChatHarness) -> None:
    await to_workout_set(chat)
    await chat.press("wk:fewer:0")


async def to_workout_rest(chat: ChatHarness) -> None:
    await to_workout_set(chat)
    await chat.press("wk:done:0")


async def to_screening(chat: ChatHarness) -> None:
    await chat.send("/start")
    await chat.press("No")
    await chat.press("No")


async def to_log_edit(chat: ChatHarness) -> None:
    await screened(chat)
    await chat.send("3x10")
    await chat.press("✏️ Edit")


async def to_log_choose(chat: ChatHarness) -> None:
    await screened(chat)
    await chat.send("10 10")


async def to_delete(chat: ChatHarness) -> None:
    await screened(chat)
    await chat.send("/delete")


async def nothing(chat: ChatHarness) -> None:
    return


STATES: dict[str, tuple[Callable[[ChatHarness], Awaitable[None]], str | None]] = {
    # state: (how to get there, the flow the user must still be in after odd text)
    "new user": (nothing, None),
    "screening question": (to_screening, "screening"),
    "outside flows": (screened, None),
    "doctor first": (lambda chat: screened(chat, {3}), None),
    "schedule days": (to_schedule_days, "schedule"),
    "schedule time": (to_schedule_time, "schedule"),
    "schedule time zone": (to_schedule_tz, "schedule"),
    "workout set": (to_workout_set, "workout"),
    "workout fewer": (to_workout_fewer, "workout"),
    "workout rest": (to_workout_rest, "workout"),
    "log edit": (to_log_edit, None),  # a text that reads as a log ends these two
    "log choose": (to_log_choose, None),
    "delete confirm": (to_delete, "delete"),
}


# --- odd text in every state -----------------------------------------------------------------


@pytest.mark.parametrize("state", list(STATES))
async def test_hostile_texts_get_a_friendly_answer_in_every_state(
    chat: ChatHarness, db: Database, state: str
) -> None:
    """Huge, invisible, RTL, emoji, SQL, HTML and Markdown texts: an answer that renders, the
    flow kept, and the database intact."""
    setup, flow = STATES[state]
    await setup(chat)
    screenings = await rows(db, "SELECT id FROM screenings")
    for text in HOSTILE_TEXTS:
        before = len(chat.shown)
        await chat.send(text)
        assert len(chat.shown) > before, f"no answer to {text[:20]!r} in {state}"
        assert_all_render(chat)
        if flow is not None:
            assert await flow_of(db, chat.user_id) == flow, text[:20]
        await assert_intact(db, chat.user_id)
    assert await rows(db, "SELECT id FROM screenings") == screenings


@pytest.mark.parametrize(
    "state", ["screening question", "outside flows", "workout set", "log edit"]
)
async def test_a_shared_location_outside_the_zone_step_is_answered_kindly(
    chat: ChatHarness, db: Database, state: str
) -> None:
    """A location where none is asked for (e.g. mid-screening): a kind answer, flow kept."""
    setup, _ = STATES[state]
    await setup(chat)
    flow = await flow_of(db, chat.user_id)
    before = len(chat.shown)
    await chat.event(Location(52.52, 13.40))
    assert len(chat.shown) > before
    assert "location" in chat.last.text
    assert_all_render(chat)
    assert await flow_of(db, chat.user_id) == flow


async def test_an_impossible_time_never_gets_stuck_in_the_zone_step(
    chat: ChatHarness, db: Database
) -> None:
    """A forged time button (sch:t:9999, 2460) is refused; the schedule can still be finished."""
    await to_schedule_time(chat)
    for data in ("sch:t:9999", "sch:t:2460", "sch:t:²²²²", "sch:t:-100", "sch:t:18"):
        await chat.event(Press(data))
        assert chat.last_notice, data
    await chat.press("18:00")
    await chat.send("Berlin")
    await chat.press("Confirm ✓")
    [plan] = await rows(db, "SELECT at, tz FROM plans WHERE user_id = ?", chat.user_id)
    assert plan == {"at": "18:00", "tz": "Europe/Berlin"}


@pytest.mark.parametrize("digits", ["²", "¹⁰", "99999999999999999999", "1" * 4096, "0", "-1"])
async def test_odd_numbers_in_the_fewer_step_are_asked_again(
    chat: ChatHarness, db: Database, digits: str
) -> None:
    """Superscripts, huge, zero and negative numbers as reps: asked again, nothing stored."""
    await to_workout_fewer(chat)
    await chat.send(digits)
    assert "between 1 and 100" in chat.last.text or "Tap the buttons" in chat.last.text
    assert await flow_of(db, chat.user_id) == "workout"
    assert await rows(db, "SELECT * FROM logs") == []


# --- forged and stale buttons ----------------------------------------------------------------


def garbage_presses(content: Content) -> list[str]:
    ex = content.exercise
    lesson = f"les:{ex.id}:{ex.version}"
    return [
        "",
        "\x00",
        "\x00" * 64,
        "x" * 64,
        "🙂" * 16,
        "zzz:1",
        ":",
        "::::",
        "log",
        "log:",
        "log:undo:",
        "log:undo:-1",
        "log:undo:99999999999999999999999",
        "log:undo:²",
        "log:edit:-5",
        "log:opt:²",
        "log:opt:99",
        "log:opt:-1",
        "log:done:yes",
        "scr:heart:y",
        "scr:::",
        "scr:heart:y:extra",
        "les",
        "les:nope:v:1",
        f"{lesson}:-1",
        f"{lesson}:99999999999",
        f"{lesson}:²",
        f"{lesson}:0:m:extra",
        f"les:{ex.id}:0.0.0:3",
        "wk:done:0",
        "wk:done:-1",
        "wk:reps:0:²",
        "wk:reps:0:-3",
        "wk:reps:0:101",
        "wk:reps:0:99999999999999999999",
        "wk:feel:",
        "wk:feel:awful",
        "wk:skip:x",
        "wk:fewer:999",
        "sch:ok:",
        "sch:d:²",
        "sch:d:-1",
        "sch:d:7",
        "sch:d:99999999999999999999",
        "sch:t:9999",
        "sch:t:²²²²",
        "sch:t:2460",
        "sch:tzkeep:",
        "sch:keep:",
        "rem:snooze:9999999999",
        "rem:snooze:99999999999999999999",
        "rem:snooze:-1",
        "rem:snooze:²",
        "rem:skip:99999999999999999999",
        "rem:skip:²",
        "doc:yes",
        "doc:no",
        "doc:zzz",
        "del:yes",
        "del:",
    ]


PRESS_STATES = (
    "new user",
    "screening question",
    "outside flows",
    "doctor first",
    "schedule time",
    "workout set",
    "workout fewer",
    "log choose",
)


@pytest.mark.parametrize("state", PRESS_STATES)
async def test_forged_and_garbage_buttons_never_fail_nor_touch_others(
    db: Database, content: Content, clock: FakeClock, state: str
) -> None:
    """Any callback data in any state: no exception, a notice or an answer, another user's
    rows unchanged, the presser's own database rows intact."""
    other = Person(db, content, clock, 2002, "Bob")
    await planned(other)
    await other.send("3x10")
    await other.send("left 12 right 11")
    theirs = await snapshot(db, other.user_id)

    chat = Person(db, content, clock, 1001, "Ann")
    setup, _ = STATES[state]
    await setup(chat)
    for data in garbage_presses(content):
        before = [(m.id, m.reply) for m in chat.shown]
        await chat.event(Press(data), message_id=chat.shown[-1].id if chat.shown else None)
        after = [(m.id, m.reply) for m in chat.shown]
        assert chat.last_notice or after != before, f"silence for {data!r} in {state}"
        assert_all_render(chat)
        if chat.last_notice:
            assert len(chat.last_notice) <= 200
        if data == "del:yes" and state == "delete confirm":
            break
        await assert_intact(db, chat.user_id)
    assert await snapshot(db, other.user_id) == theirs


async def test_undo_with_another_users_log_number_leaves_their_log(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """log:undo:<seq of Bob's log> pressed by Ann (who has none): a notice; Bob's log stays."""
    bob = Person(db, content, clock, 2002, "Bob")
    await screened(bob)
    await bob.send("3x10")
    bobs = await snapshot(db, bob.user_id)
    [log] = bobs["logs"]
    ann = Person(db, content, clock, 1001, "Ann")
    await screened(ann)
    for action in ("undo", "edit"):
        await ann.event(Press(f"log:{action}:{log['seq']}"))
        assert "already gone" in (ann.last_notice or "")
    assert await snapshot(db, bob.user_id) == bobs


async def test_screening_button_after_the_screening_ended(chat: ChatHarness) -> None:
    """scr:<id>:y after the outcome: 'this safety check is finished', nothing asked."""
    await screened(chat)
    before = len(chat.shown)
    await chat.event(Press("scr:heart:y"))
    assert "finished" in (chat.last_notice or "")
    assert len(chat.shown) == before


async def test_lesson_button_of_an_older_version(chat: ChatHarness, content: Content) -> None:
    """A lesson button from an older content version: 'updated', shown again from step 1."""
    await screened(chat)
    await chat.event(Press(f"les:{content.exercise.id}:0.0.1:3"))
    assert "updated" in (chat.last_notice or "")
    assert "1/" in chat.last.text or "Step 1" in chat.last.text or "1 of" in chat.last.text


async def test_workout_and_schedule_buttons_with_nothing_running(chat: ChatHarness) -> None:
    """wk:done:0 with no workout, sch:ok: with no schedule: clear notices, nothing stored."""
    await screened(chat)
    await chat.event(Press("wk:done:0"))
    assert "already over" in (chat.last_notice or "")
    await chat.event(Press("sch:ok:"))
    assert "over" in (chat.last_notice or "")


async def test_a_snooze_for_a_slot_never_sent_is_refused(chat: ChatHarness, db: Database) -> None:
    """rem:snooze:<far future slot>: a notice, and no snooze stored."""
    await planned(chat)
    for stamp in ("9999999999", "99999999999999999999", "-1", "²", ""):
        await chat.event(Press(f"rem:snooze:{stamp}"))
        assert chat.last_notice, stamp
        [plan] = await rows(db, "SELECT snooze_at, snooze_slot FROM plans")
        assert plan == {"snooze_at": None, "snooze_slot": None}


async def plan_on(chat: ChatHarness, days: tuple[str, ...], zone: str) -> None:
    """Screened, then a plan on `days` at 18:00 in `zone`."""
    await screened(chat)
    await chat.send("/schedule")
    for day in days:
        await chat.press(day)
    await chat.press(next(label for label in chat.last.labels if label.startswith("Done")))
    if "Keep these days" in chat.last.labels:
        await chat.press("Keep these days")
    await chat.press("18:00")
    await chat.send(zone)
    await chat.press("Confirm ✓")


NOT_FRIDAY = ("Mon", "Wed", "Sat")  # 9999-12-31, the last date there is, is a Friday


@pytest.mark.parametrize("zone", ["Berlin", "UTC-11", "UTC+14"])
async def test_skip_today_while_paused_indefinitely(
    chat: ChatHarness, clock: FakeClock, zone: str
) -> None:
    """Skip today on an old reminder after /pause: a kind answer, whatever the training days."""
    await plan_on(chat, NOT_FRIDAY, zone)
    await chat.send("/pause")
    await chat.event(Press(f"rem:skip:{int(clock.now().timestamp()) - 60}"))
    assert_all_render(chat)
    assert "skipping today" in chat.last.text
    assert "/resume" in chat.last.text


@pytest.mark.parametrize("until", ["9999-12-31", "9999-12-30", "9000-01-01", "2999-02-28"])
async def test_pause_until_a_far_date(chat: ChatHarness, db: Database, until: str) -> None:
    """/pause with a date centuries away never fails: it is refused kindly, nothing paused."""
    await plan_on(chat, NOT_FRIDAY, "UTC-11")
    await chat.send(f"/pause {until}")
    assert "more than a year away" in chat.last.text
    [plan] = await rows(db, "SELECT paused_until FROM plans")
    assert plan["paused_until"] is None
    await chat.send("/plan")
    await chat.send("/resume")
    assert_all_render(chat)


async def test_buttons_of_older_messages_after_the_flow_moved_on(
    chat: ChatHarness, db: Database
) -> None:
    """Old screening, schedule, workout and log-choice buttons: notices, no change."""
    await chat.send("/start")
    first = chat.last
    q1_yes = first.button("Yes")
    await chat.press("No")
    await chat.press("No")
    await chat.press("No")
    await chat.event(Press(q1_yes), message_id=first.id)
    assert chat.last_notice
    assert "Question 4 of 13" in chat.last.text
    await answer_all_from(chat, 4)

    await chat.send("/schedule")
    days_message = chat.last
    for day in ("Mon", "Wed", "Fri"):
        await chat.press(day)
    await chat.press(next(label for label in chat.last.labels if label.startswith("Done")))
    await chat.press("18:00")
    await chat.send("UTC")
    await chat.press("Confirm ✓")
    await chat.event(Press("sch:d:1"), message_id=days_message.id)
    assert "over" in (chat.last_notice or "")
    [plan] = await rows(db, "SELECT days FROM plans")
    assert plan["days"] == "0,2,4"

    await chat.send("/workout")
    await chat.press("wk:go")
    await chat.press("wk:done:0")
    await chat.event(Press("wk:done:0"))
    assert "counted" in (chat.last_notice or "")
    await chat.event(Press("wk:fewer:0"))
    assert "counted" in (chat.last_notice or "")
    await chat.send("/cancel")
    assert len(await rows(db, "SELECT * FROM logs")) == 1  # the set done, kept by /cancel

    await chat.send("10 10")
    await chat.press("log:opt:0")
    await chat.event(Press("log:opt:1"))
    assert chat.last_notice
    assert len(await rows(db, "SELECT * FROM logs")) == 2  # and the reading picked, once


async def answer_all_from(chat: ChatHarness, number: int) -> None:
    for n in range(number, 14):
        assert f"Question {n} of 13" in chat.last.text
        await chat.press("No")


# --- edits, non-text, privacy ----------------------------------------------------------------


async def test_an_edit_changes_nothing_and_says_so(chat: ChatHarness, db: Database) -> None:
    """An edited message stores nothing (no second log) and is answered kindly."""
    await screened(chat)
    await chat.send("3x10")
    await chat.event(Unsupported("edited"))
    assert "edit" in chat.last.text.lower()
    assert len(await rows(db, "SELECT * FROM logs")) == 1


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "video", "document", "other"])
@pytest.mark.parametrize("state", ["new user", "screening question", "workout set"])
async def test_non_text_gets_i_understand_text(
    chat: ChatHarness, db: Database, kind: str, state: str
) -> None:
    """Stickers, photos, voice notes and the rest: 'I can only read text', flow kept."""
    setup, flow = STATES[state]
    await setup(chat)
    await chat.event(Unsupported(kind))
    assert "text" in chat.last.text
    assert_all_render(chat)
    assert await flow_of(db, chat.user_id) == flow


async def test_no_command_shows_another_users_data(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """/history, /stats, /export of Ann never contain Bob's sets, note or name."""
    bob = Person(db, content, clock, 2002, "Bobbington")
    await screened(bob)
    await bob.send("3x97 secretnote")
    await bob.send("left 93 right 91")
    ann = Person(db, content, clock, 1001, "Ann")
    await screened(ann)
    await ann.send("2x11")
    for command in ("/history", "/stats", "/export", "/plan", "/start", "/help"):
        await ann.send(command)
    for shown in ann.shown:
        blob = shown.text + (shown.reply.file.text if shown.reply.file else "")
        if shown.reply.chart:
            blob += repr(shown.reply.chart)
        for secret in ("97", "93", "91", "secretnote", "Bobbington"):
            assert secret not in blob, (secret, shown.text[:80])
    [export] = [s for s in ann.shown if s.reply.file]
    assert export.reply.file is not None
    lines = list(csv.reader(io.StringIO(export.reply.file.text)))
    assert [row[3] for row in lines[1:]] == ["11", "11"]


# --- end to end: everything renders in Telegram ----------------------------------------------


@pytest.fixture
async def api(
    db: Database, content: Content, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[FakeBotApi]:
    async with (
        FakeBotApi() as fake,
        running_bot(fake, db, content, clock=clock, cache=tmp_path / "cache"),
    ):
        yield fake


def no_errors(api: FakeBotApi) -> None:
    assert sum(api.errors_sent.values()) == 0, dict(api.errors_sent)


async def settle(user: FakeUser, text: str, answers: int = 1) -> str:
    """Send `text`, wait for `answers` new bot messages; the bodies of the new ones."""
    before = len(user.messages)
    await user.send(text)
    arrived = await user.core.wait(lambda: len(user.messages) >= before + answers, 5)
    assert arrived, f"no answer to {text[:20]!r}:\n{user.transcript()}"
    return "\n".join(m.body for m in user.messages[before:])


@pytest.mark.parametrize("first_name", ["<b>&amp;", "_*["])
async def test_markup_in_the_name_and_the_note_renders_as_typed(
    api: FakeBotApi, db: Database, first_name: str
) -> None:
    """A name and a log note full of HTML/Markdown specials: every reply renders in Telegram's
    HTML mode; the name shows as typed (escaped, never markup); the note is kept verbatim."""
    user = api.user(4242, first_name=first_name)
    outcome = await screen(user, set())
    assert "cleared" in outcome
    assert user.messages[0].body.startswith(f"Hi {first_name}!")
    note_text = "3x10 felt easy <b>&amp; _*[ <i>"
    logged = await settle(user, note_text)
    assert "3 sets x 10 reps" in logged
    assert f"Welcome back, {first_name}!" in await settle(user, "/start")
    assert "Mon 23 Nov" in await settle(user, "/history")
    stats = await user.reply_to("/stats")
    assert stats.kind == "photo"
    export = await user.reply_to("/export")
    assert export.file is not None
    table = list(csv.reader(io.StringIO(api.files[export.file.file_id].decode("utf-8"))))
    parsed = parse_log(note_text)
    assert isinstance(parsed, Parsed)
    assert parsed.note is not None
    assert "<b" in parsed.note
    assert {row[-1] for row in table[1:]} == {parsed.note}  # the note verbatim, in a file
    no_errors(api)
    async with db.transaction() as tx:
        row = await tx.fetchone("SELECT first_name FROM users WHERE user_id = 4242")
    assert row is not None
    assert row["first_name"] == first_name


async def test_hostile_texts_render_end_to_end(api: FakeBotApi, db: Database) -> None:
    """4096 characters, invisible and RTL text, emoji, SQL, HTML and Markdown, at a screening
    question and outside flows: every answer is accepted by the strict fake."""
    user = api.user(5151)
    await settle(user, "/start", answers=2)
    for text in HOSTILE_TEXTS[:17]:
        answer = await settle(user, text, answers=2)  # a hint, and the question again
        assert "Question 1 of 13" in answer
        assert SORRY not in answer
    for _ in range(13):
        await settle(user, "no")
    assert "cleared" in user.last.body
    for text in HOSTILE_TEXTS[:17]:
        assert SORRY not in await settle(user, text)
    await settle(user, "/schedule")
    odd = ("<script>", "'); DROP TABLE users;--", "\u202e12:00", "A" * 4096, "🇩🇪👨\u200d👩\u200d👧")
    for text in odd:
        assert "buttons" in await settle(user, text, answers=2)  # a hint, and the days again
    for day in ("Mon", "Wed", "Fri"):
        await tap(api, user, day)
    await tap(api, user, next(label for label in user.last.labels if label.startswith("Done")))
    await user.wait_for(lambda m: "18:00" in m.labels)
    for text in odd:
        assert "couldn't read that time" in await settle(user, text)
    await tap(api, user, "18:00")
    await user.wait_for(lambda m: "Which time zone" in m.body)
    for text in odd:
        assert "couldn't place that" in await settle(user, text)
    assert "Your plan" in await settle(user, "Berlin", answers=2)
    no_errors(api)
    await assert_intact(db, 5151)


async def tap(api: FakeBotApi, user: FakeUser, label: str) -> None:
    """Press a button and wait until the bot answered the press."""
    query_id = await user.press(label)
    query = api.core.callback_queries[query_id]
    assert await api.core.wait(lambda: query.answered, 5), label


async def test_forged_callbacks_end_to_end_get_a_notice(api: FakeBotApi) -> None:
    """Forged callback queries on a real message: each answered with a short notice."""
    user = api.user(6161)
    await screen(user, set())
    target = user.last
    for data in ("\x00", "x" * 64, "log:undo:1", "scr:heart:y", "wk:done:0", "sch:ok:"):
        query = api.core.new_callback_query(user.chat_id, target.message_id, data)
        payload = {
            "id": query.query_id,
            "from": user.json,
            "message": api.core.message_json(target),
            "chat_instance": f"ci{user.chat_id}",
            "data": data,
        }
        await api.core.push_update("callback_query", payload)
        assert await api.core.wait(lambda q=query: q.answered, 5), data
        assert query.answer.get("text"), data
    no_errors(api)


async def test_an_edited_log_is_not_stored_twice_end_to_end(api: FakeBotApi, db: Database) -> None:
    """Editing a sent log message: a kind answer, and still exactly one log with the first sets."""
    user = api.user(7171)
    await screen(user, set())
    sent = await user.send("3x10")
    await user.next_message()
    await user.edit(sent.message_id, "3x12")
    answer = await user.next_message()
    assert "edit" in answer.body.lower()
    async with db.transaction() as tx:
        logs = await tx.fetchall("SELECT * FROM logs WHERE user_id = 7171")
        sets = await tx.fetchall("SELECT reps FROM log_sets")
    assert len(logs) == 1
    assert [r["reps"] for r in sets] == [10, 10, 10]
    no_errors(api)


async def test_stickers_and_photos_get_a_text_only_answer_end_to_end(api: FakeBotApi) -> None:
    """A sticker, a photo, and a photo captioned like a log: 'I can only read text'."""
    user = api.user(8181)
    await user.send_sticker()
    assert "text" in (await user.next_message()).body
    await user.send_photo()
    assert "text" in (await user.next_message()).body
    await user.send_photo(caption="3x10")
    assert "text" in (await user.next_message()).body
    no_errors(api)


async def test_groups_and_channels_are_refused_and_nothing_is_stored(
    api: FakeBotApi, db: Database
) -> None:
    """Commands in a group: a polite 'private chats only'; a channel post: nothing; no users
    row for the group, the channel or the group's members; no error."""
    group = api.group(-100777)
    member = api.user(313, first_name="Member")
    for command in ("/start", "/log 3x10", "/history", "/delete", "/start@fake_coach_bot"):
        before = len(group.messages)
        await member.send(command, chat=group)
        assert await api.core.wait(lambda n=before: len(group.messages) > n, 5), command
    assert len(group.messages) == 5
    assert all("private chats" in m.body for m in group.messages)
    channel = api.channel(-100888)
    await channel.post("/start")
    await channel.post("3x10")
    await api.user(999).reply_to("/help")  # updates go in order: the channel posts are done
    async with db.transaction() as tx:
        users = await tx.fetchall("SELECT user_id, chat_id FROM users")
        logs = await tx.fetchall("SELECT * FROM logs")
    assert [(r["user_id"], r["chat_id"]) for r in users] == [(999, 999)]
    assert logs == []
    assert channel.messages == [] or all("private" in m.body for m in channel.messages)
    no_errors(api)


async def test_a_snoozed_reminder_offers_no_second_snooze(
    chat: ChatHarness, clock: FakeClock
) -> None:
    """The 'snooze over' reminder has Start and Skip only: a second snooze of the same slot
    would promise a reminder the dispatcher never sends (one per slot and kind)."""
    await plan_on(chat, ("Mon", "Wed", "Fri"), "Berlin")
    clock.set(clock.now().replace(hour=17, minute=0))
    await chat.tick()
    await chat.press("😴 Snooze 30 min")
    clock.advance(timedelta(minutes=31))
    await chat.tick()
    assert "Snooze over" in chat.last.text
    assert chat.last.labels == ["▶ Start workout", "Skip today"]


async def test_a_late_rest_tick_after_the_screening_expired_sends_no_set(
    chat: ChatHarness, clock: FakeClock, db: Database
) -> None:
    """The rest timer going off after the screening expired: no next set, the workout ends."""
    await to_workout_rest(chat)
    clock.advance(timedelta(days=400))
    await chat.tick()
    assert "Set 2" not in chat.last.text
    assert "safety check" in chat.last.text.lower()
    assert await flow_of(db, chat.user_id) is None
    assert await rows(db, "SELECT * FROM timers") == []


async def test_an_old_edit_button_keeps_the_logs_day(
    chat: ChatHarness, clock: FakeClock, db: Database
) -> None:
    """Edit pressed on Monday's log on Wednesday: the corrected log stays on Monday."""
    await screened(chat)
    await chat.send("3x10")
    monday = chat.last
    clock.advance(timedelta(days=2))
    await chat.press("✏️ Edit", message=monday)
    await chat.send("3x12")
    assert "Mon 23 Nov" in chat.last.text
    assert await rows(db, "SELECT local_date, target_reps FROM logs") == [
        {"local_date": "2026-11-23", "target_reps": 10}
    ]
    await chat.send("/history")
    assert "Mon 23 Nov" in chat.last.text
    assert "Wed" not in chat.last.text


# --- known bugs outside bot/coach (strict: fixing them turns these into failures to update) ---


@pytest.mark.parametrize("separator", ["\n", "\t", "\u00a0"])
def test_a_command_and_its_arguments_on_separate_lines(separator: str) -> None:
    """/log, a line break (or tab), then 3x10: the log command with the argument 3x10."""
    from datetime import UTC, datetime

    from telegram import Chat, Message, User

    from bot.coach.messages import Command
    from bot.telegram.updates import event_of

    text = f"/log{separator}3x10"
    message = Message(1, datetime.now(UTC), Chat(1, "private"), User(1, "A", False), text=text)
    assert event_of(message) == Command("log", "3x10")


async def test_snoozing_the_same_slot_twice_is_honest(chat: ChatHarness, clock: FakeClock) -> None:
    """Snooze pressed again on the first reminder after the snooze went off: either refused, or
    the promised reminder comes."""
    await plan_on(chat, ("Mon", "Wed", "Fri"), "Berlin")
    clock.set(clock.now().replace(hour=17, minute=0))
    await chat.tick()
    first = chat.last
    await chat.press("😴 Snooze 30 min", message=first)
    clock.advance(timedelta(minutes=31))
    await chat.tick()
    await chat.event(Press(first.button("😴 Snooze 30 min")), message_id=first.id)
    promised = "Snoozed" in chat.recorder.messages[first.id].text and not chat.last_notice
    clock.advance(timedelta(minutes=31))
    await chat.tick()
    assert not promised or sum("Snooze over" in text for text in chat.texts()) == 2
