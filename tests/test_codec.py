"""The callback-data codec: today's wire strings read back as typed kinds and pack to the same
string; garbage never raises; what does not fit is refused when packing."""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.coach import callbacks
from bot.coach.callbacks import (
    ClearanceChoice,
    ClearClientTarget,
    DeleteChoice,
    DigestDue,
    DigestMode,
    DoctorSummary,
    EasingAnswer,
    FeelBetter,
    HistoryPage,
    InviteAnswer,
    InviteRenew,
    LeaveCoach,
    LessonDone,
    LessonMistake,
    LessonStep,
    LogDelete,
    LogDoneAnswer,
    LogEdit,
    LogForwarded,
    LogKeep,
    LogNoneOfThese,
    LogOption,
    LogUndo,
    LogZone,
    LookedAt,
    MessageCoach,
    MorningAnswer,
    MorningDue,
    OpenCard,
    PainRating,
    PauseClient,
    PlanCalendar,
    ReminderDue,
    ReminderSkip,
    ReminderSnooze,
    ReplyToClient,
    RestOver,
    ResumeClient,
    RosterPage,
    ScheduleChange,
    ScheduleDay,
    ScheduleStart,
    ScheduleStep,
    ScheduleTime,
    ScheduleZone,
    ScreeningAnswer,
    ScreeningRevisit,
    SetClientTarget,
    WeekDue,
    WeekOff,
    WeekOn,
    WorkoutFeel,
    WorkoutGo,
    WorkoutReps,
    WorkoutSet,
    WorkoutStart,
    WorkoutStop,
)
from bot.coach.codec import CallbackData, decode, fields_of

KINDS = tuple(
    kind
    for _, kind in inspect.getmembers(callbacks, inspect.isclass)
    if issubclass(kind, CallbackData) and kind is not CallbackData
)

# Callback data and tick names exactly as the code before this codec wrote them (they are in
# users' chats and in stored rows), and what each must read as.
WIRE: dict[str, CallbackData] = {
    "scr:heart:y": ScreeningAnswer("heart", "y"),
    "scr:chest_pain:b": ScreeningAnswer("chest_pain", "b"),
    "doc:ask": ClearanceChoice("ask"),
    "scv:1795510800": ScreeningRevisit(1795510800),
    "bet:ill_today:ask": FeelBetter("ill_today", "ask"),
    "bet:ill_today:n": FeelBetter("ill_today", "n"),
    "sum:show": DoctorSummary("show"),
    "doc:no": ClearanceChoice("no"),
    "del:yes": DeleteChoice("yes"),
    "les:reverse-lunge:1:0": LessonStep("reverse-lunge", "1", 0),
    "les:reverse-lunge:1:3:m": LessonMistake("reverse-lunge", "1", 3),
    "les:reverse-lunge:1:done": LessonDone("reverse-lunge", "1"),
    "sch:start": ScheduleStart(),
    "sch:d:6": ScheduleDay(6),
    "sch:days:": ScheduleStep("days"),
    "sch:keep:": ScheduleStep("keep"),
    "sch:t:0700": ScheduleTime("0700"),
    "sch:tzkeep:": ScheduleStep("tzkeep"),
    "sch:ok:": ScheduleStep("ok"),
    "sch:redo:": ScheduleStep("redo"),
    "sch:chg:tz": ScheduleChange("tz"),
    "sch:z:-0100": ScheduleZone("-0100"),
    "rem:snooze:1764000000": ReminderSnooze(1764000000),
    "rem:skip:1764000000": ReminderSkip(1764000000),
    "wk:start": WorkoutStart(),
    "wk:go": WorkoutGo(),
    "wk:stop": WorkoutStop(),
    "wk:done:0": WorkoutSet("done", 0),
    "wk:fewer:2": WorkoutSet("fewer", 2),
    "wk:skip:1": WorkoutSet("skip", 1),
    "wk:reps:0:7": WorkoutReps(0, 7),
    "wk:feel:right": WorkoutFeel("right"),
    "log:undo:12": LogUndo(12),
    "log:edit:3": LogEdit(3),
    "log:del:7": LogDelete(7),
    "log:keep": LogKeep(),
    "hist:p:2": HistoryPage(2),
    "log:opt:0": LogOption(0),
    "log:opt:x": LogNoneOfThese(),
    "log:done:no": LogDoneAnswer("no"),
    "plan:ics": PlanCalendar(),
    "week:summary:1764000000": WeekDue("summary", 1764000000),
    "week:nudge:1764000000": WeekDue("nudge", 1764000000),
    "week:off:summary": WeekOff("summary"),
    "week:off:nudge": WeekOff("nudge"),
    "week:on:summary": WeekOn("summary"),
    "week:on:nudge": WeekOn("nudge"),
    "log:tz:skip": LogZone("skip"),
    "log:tz:+0530": LogZone("+0530"),
    "log:fwd:yes": LogForwarded("yes"),
    "log:fwd:no": LogForwarded("no"),
    "morning:20261124": MorningDue(20261124),
    "morning:ans:20261124:better": MorningAnswer(20261124, "better"),
    "morning:ans:20261124:worse": MorningAnswer(20261124, "worse"),
    "reminder:slot:1764000000": ReminderDue("slot", 1764000000),
    "reminder:snooze:1764000000": ReminderDue("snooze", 1764000000),
    "rest": RestOver(),
    "rf:ease:yes": EasingAnswer("yes"),
    "rf:pain:7": PainRating(7),
    "co:new": InviteRenew(),
    "co:inv:Xy3_kQ9-aB1c:yes": InviteAnswer("Xy3_kQ9-aB1c", "yes"),
    "co:inv:Xy3_kQ9-aB1c:no": InviteAnswer("Xy3_kQ9-aB1c", "no"),
    "co:msg:7": MessageCoach(7),
    "co:leave:7": LeaveCoach(7),
    "co:re:7": ReplyToClient(7),
    "co:list:2": RosterPage(2),
    "co:card:7": OpenCard(7),
    "co:ok:7": LookedAt(7),
    "co:tgt:7": SetClientTarget(7),
    "co:untgt:7": ClearClientTarget(7),
    "co:pause:7": PauseClient(7),
    "co:resume:7": ResumeClient(7),
    "co:mode:live": DigestMode("live"),
    "co:mode:daily": DigestMode("daily"),
    "co:digest:1764000000": DigestDue(1764000000),
}


@pytest.mark.parametrize(("data", "kind"), list(WIRE.items()))
def test_todays_wire_strings_read_back_and_pack_the_same(data: str, kind: CallbackData) -> None:
    """Buttons in old messages and stored ticks keep working: same kind, same string."""
    assert decode(data, KINDS) == kind
    assert type(kind).unpack(data) == kind
    assert kind.pack() == data


def test_every_kind_has_a_wire_example() -> None:
    """The table above covers every kind declared (a new kind gets an example here)."""
    assert {type(kind) for kind in WIRE.values()} == set(KINDS)


@pytest.mark.parametrize(
    "data",
    [
        "",
        ":",
        "scr",
        "scr:heart",
        "scr:heart:x",
        "scr:heart:y:extra",
        "doc:zzz",
        "del:",
        "les:a:b",
        "les:reverse-lunge:1:-1",
        "les:reverse-lunge:1:²",
        "les:reverse-lunge:1:01",
        "les:reverse-lunge:1:3:n",
        "sch:start:",
        "sch:d:",
        "sch:d:x",
        "sch:days",
        "sch:days:x",
        "rem:snooze:",
        "rem:snooze:-1",
        "rem:snooze:99999999999999999999",
        "wk:reps:0",
        "wk:feel:awful",
        "wk:done:0:0",
        "log:opt:y",
        "log:done:maybe",
        "reminder:slot:",
        "reminder:later:1",
        "rest:1",
        "zzz:1",
    ],
)
def test_garbage_and_forged_data_read_as_nothing(data: str) -> None:
    """Truncated, wrong-typed, extra or unknown parts: None, never an exception."""
    assert decode(data, KINDS) is None


WORDS = sorted({word for data in WIRE for word in data.split(":")} | {"", "01", "-1", "²", "x"})
near_misses = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(":".join)


@given(st.text(max_size=80) | near_misses)
def test_any_text_decodes_to_nothing_or_to_exactly_itself(data: str) -> None:
    """No input raises; whatever reads as a kind packs back to the very same string."""
    decoded = decode(data, KINDS)
    if decoded is not None:
        assert decoded.pack() == data


def test_packing_refuses_what_telegram_or_the_format_cannot_carry() -> None:
    """Over 64 bytes, a ":" inside a word, a negative number, a word not allowed: ValueError."""
    with pytest.raises(ValueError, match="64 bytes"):
        ScreeningAnswer("x" * 70, "y").pack()
    with pytest.raises(ValueError, match="without"):
        ScheduleTime("07:00").pack()
    with pytest.raises(ValueError, match=">= 0"):
        LogUndo(-1).pack()
    with pytest.raises(ValueError, match="one of"):
        WorkoutFeel("awful").pack()  # type: ignore[arg-type]


def test_a_field_type_the_codec_cannot_write_is_refused() -> None:
    """Only str, int and Literal words are supported; anything else fails loudly."""

    @dataclass(frozen=True)
    class Odd(CallbackData, prefix="odd"):
        ratio: float

    with pytest.raises(TypeError, match="ratio"):
        fields_of(Odd)


def test_a_prefix_must_be_words() -> None:
    """An empty prefix, or an empty word in it, is a mistake in the declaration."""
    with pytest.raises(ValueError, match="prefix"):

        class Bad(CallbackData, prefix="log::x"):
            pass
