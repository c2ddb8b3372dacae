"""The stored form of a conversation: the `users.flow` name and the `users.flow_state` JSON.

This is the only place that knows the JSON. It is the shape the flows stored before they had
typed states, so older rows read as they are (and rows written now read in older code too):

    screening         {"index": 2, "answers": {"heart": false}, "version": "2026.11.1"}
    doctor_clearance  {}
    delete            {}
    schedule          {"stage": "days" | "time" | "tz" | "confirm", "days": [0, 2, 4],
                       "at": "18:30" (from "tz" on), "tz": "Europe/Berlin" ("confirm"),
                       "change": {"days": [...], "at": "18:30", "tz": "Europe/Berlin"}
                       ("days" and "time", when only that part of a plan is changed)}
    workout           {"stage": "warmup" | "set" | "fewer" | "rest" | "feel", "set": <0-based>,
                       "done": [reps per set], "target": [sets, reps, kg or null]}
    log_choose        {"text": "10 10", "options": [[{"reps": 10, "leg": "both",
                       "weight_kg": null}, ...], ...]}, and when a reading has them: a set's
                       "weight_as_typed": 5, "weight_unit": "lb"; "days": [null | "yesterday"
                       | 0..6 per option]; "notes": [null | text per option]
    log_edit          {"seq": 3}
    log_done          {"target": [sets, reps, kg or null]}
    log_forwarded     {"text": "did 3x12 today"}
    log_zone          {}
    redflag_easing    {"said": "out of breath"}
    pain_rating       {"part": "knee" or null, "after": a workout's "feel" stage (optional)}
    coach_invite      {"code": "Xy3_kQ9-aB1c"}
    to_coach          {"link": 7}
    to_client         {"link": 7}

A row that cannot be read (not JSON, an unknown conversation or stage, a missing or mistyped
field) reads as no conversation: `decode` never raises. Keys a stage does not use are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import time
from typing import TypeAlias, assert_never

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
    ScheduleState,
    SettingTarget,
    WarmingUp,
    WorkoutState,
    WritingToClient,
    WritingToCoach,
)
from bot.coach.plan import WeeklyPlan, validate_days
from bot.coach.reps_dates import DayWord
from bot.coach.screening import Progress
from bot.coach.sessions import Leg, LoggedSet, Target, Unit

Json: TypeAlias = None | bool | int | float | str | list["Json"] | dict[str, "Json"]
JsonObject: TypeAlias = dict[str, Json]
_LEGS: Mapping[str, Leg] = {"both": "both", "left": "left", "right": "right"}
_UNITS: Mapping[str, Unit] = {"kg": "kg", "lb": "lb"}


class Unreadable(ValueError):
    """A stored conversation that does not fit its class."""


def encode(state: Conversation) -> tuple[str, str]:
    """The `users.flow` and `users.flow_state` columns that store `state`."""
    return state.flow, json.dumps(_fields(state))


def decode(flow: str | None, text: str | None) -> Conversation | None:
    """The conversation stored as (`flow`, `text`); None when there is none or it is unreadable."""
    reader = _READERS.get(flow or "")
    if reader is None:
        return None
    try:
        data: Json = json.loads(text or "{}")
        return reader(_object(data))
    except (ValueError, RecursionError):  # bad JSON, Unreadable, or a plan WeeklyPlan rejects
        return None


# --- writing --------------------------------------------------------------------------------


def _fields(state: Conversation) -> JsonObject:
    if isinstance(state, ScheduleState):
        return _schedule_fields(state)
    if isinstance(state, WorkoutState):
        return _workout_fields(state)
    match state:
        case AnsweringScreening(progress=progress, version=version):
            answers: JsonObject = dict(progress.answers)
            return {"index": progress.index, "answers": answers, "version": version}
        case AskingClearance() | ConfirmingDelete():
            return {}
        case AskingAgain(question=question):
            return {"question": question}
        case AskingEasing(said=said):
            return {"said": said}
        case ChoosingReading(text=text, options=options):
            fields: JsonObject = {
                "text": text,
                "options": [[_set_json(s) for s in option.sets] for option in options],
            }
            if any(option.day is not None for option in options):
                fields["days"] = [option.day for option in options]
            if any(option.note is not None for option in options):
                fields["notes"] = [option.note for option in options]
            return fields
        case EditingLog(seq=seq):
            return {"seq": seq}
        case ConfirmingDone(target=target):
            return {"target": _target_json(target)}
        case ConfirmingForwarded(text=text):
            return {"text": text}
        case AskingLogZone():
            return {}
        case RatingPain(part=part, after=after):
            rating: JsonObject = {"part": part}
            return rating if after is None else rating | {"after": _workout_fields(after)}
        case ConsideringInvite(code=code):
            return {"code": code}
        case (
            WritingToCoach(link_id=link)
            | WritingToClient(link_id=link)
            | SettingTarget(link_id=link)
        ):
            return {"link": link}
        case _:
            assert_never(state)


def _schedule_fields(state: ScheduleState) -> JsonObject:
    match state:
        case PickingDays(days=days, change=change):
            return _change_json({"stage": "days", "days": _days_json(days)}, change)
        case PickingTime(days=days, change=change):
            return _change_json({"stage": "time", "days": _days_json(days)}, change)
        case PickingZone(days=days, at=at):
            return {"stage": "tz", "days": _days_json(days), "at": at.strftime("%H:%M")}
        case ConfirmingPlan(plan=plan):
            return {"stage": "confirm"} | _plan_json(plan)
        case _:
            assert_never(state)


def _plan_json(plan: WeeklyPlan) -> JsonObject:
    return {"days": _days_json(plan.days), "at": plan.at.strftime("%H:%M"), "tz": plan.tz}


def _change_json(fields: JsonObject, change: WeeklyPlan | None) -> JsonObject:
    """`fields`, with the plan whose one part is being changed, if any."""
    return fields if change is None else fields | {"change": _plan_json(change)}


def _workout_fields(state: WorkoutState) -> JsonObject:
    match state:
        case WarmingUp(target=target):
            return _workout_json("warmup", 0, (), target)
        case DoingSet(target=target, done=done):
            return _workout_json("set", state.number, done, target)
        case CountingFewer(target=target, done=done):
            return _workout_json("fewer", state.number, done, target)
        case Resting(target=target, done=done):
            return _workout_json("rest", len(done) - 1, done, target)
        case RatingFeel(target=target, done=done):
            return _workout_json("feel", len(done) - 1, done, target)
        case _:
            assert_never(state)


def _workout_json(stage: str, number: int, done: tuple[int, ...], target: Target) -> JsonObject:
    """The stored keys; "set" is the set under way, or the one just done (resting, rating)."""
    reps: list[Json] = list(done)
    return {"stage": stage, "set": number, "done": reps, "target": _target_json(target)}


def _days_json(days: Iterable[int]) -> list[Json]:
    return [day for day in sorted(days)]


def _target_json(target: Target) -> list[Json]:
    return [target.sets, target.reps, target.weight_kg]


def _set_json(logged: LoggedSet) -> JsonObject:
    fields: JsonObject = {"reps": logged.reps, "leg": logged.leg, "weight_kg": logged.weight_kg}
    if logged.weight_unit is not None:
        fields |= {"weight_as_typed": logged.weight_as_typed, "weight_unit": logged.weight_unit}
    return fields


# --- reading --------------------------------------------------------------------------------


def _read_screening(data: JsonObject) -> AnsweringScreening:
    answers = {key: _bool(value) for key, value in _object(data.get("answers")).items()}
    version = data.get("version")  # anything but a string: unknown, the screening starts over
    progress = Progress(index=_int(data.get("index")), answers=answers)
    return AnsweringScreening(progress, version if isinstance(version, str) else None)


def _read_schedule(data: JsonObject) -> ScheduleState:
    days, stage = _days(data.get("days")), data.get("stage")
    change = data.get("change")
    if stage == "days":
        return PickingDays(days, None if change is None else _plan(_object(change)))
    if validate_days(days):  # past "days", they were checked: 3-4 days
        raise Unreadable(f"days {sorted(days)} at stage {stage!r}")
    match stage:
        case "time":
            return PickingTime(days, None if change is None else _plan(_object(change)))
        case "tz":
            return PickingZone(days, _hhmm(data.get("at")))
        case "confirm":
            return ConfirmingPlan(_plan(data))
        case stage:
            raise Unreadable(f"schedule stage {stage!r}")


def _plan(data: JsonObject) -> WeeklyPlan:
    """A whole plan; ValueError (so: unreadable) for one `WeeklyPlan` rejects."""
    return WeeklyPlan(_days(data.get("days")), _hhmm(data.get("at")), _str(data.get("tz")))


def _read_workout(data: JsonObject) -> WorkoutState:
    target = _target(data.get("target"))
    done = tuple(_int(reps) for reps in _list(data.get("done")))
    match data.get("stage"):
        case "warmup":
            return WarmingUp(target)
        case "set":
            return DoingSet(target, done)
        case "fewer":
            return CountingFewer(target, done)
        case "rest":
            return Resting(target, done)
        case "feel":
            return RatingFeel(target, done)
        case stage:
            raise Unreadable(f"workout stage {stage!r}")


def _read_choosing(data: JsonObject) -> ChoosingReading:
    sets = [
        tuple(_logged_set(_object(s)) for s in _list(option))
        for option in _list(data.get("options"))
    ]
    days = _list(data.get("days", [None] * len(sets)))
    notes = _list(data.get("notes", [None] * len(sets)))
    if len(days) != len(sets) or len(notes) != len(sets):
        raise Unreadable("days or notes do not match the options")
    options = tuple(
        Reading(option, _day(day), _optional_str(note))
        for option, day, note in zip(sets, days, notes, strict=True)
    )
    return ChoosingReading(_str(data.get("text")), options)


def _logged_set(data: JsonObject) -> LoggedSet:
    """A set of a reading; "leg" and the weights may be missing (LoggedSet's defaults)."""
    leg = data.get("leg", "both")
    if not isinstance(leg, str) or leg not in _LEGS:
        raise Unreadable(f"leg {leg!r}")
    unit = data.get("weight_unit")
    if unit not in (None, "kg", "lb"):
        raise Unreadable(f"unit {unit!r}")
    return LoggedSet(
        _int(data.get("reps")),
        _LEGS[leg],
        _weight(data.get("weight_kg")),
        _weight(data.get("weight_as_typed")),
        _UNITS.get(unit) if isinstance(unit, str) else None,
    )


def _day(value: Json) -> DayWord | None:
    """The day a reading names: null, "today", "yesterday" or a weekday 0..6."""
    if value is None:
        return None
    if value in ("today", "yesterday"):
        return "today" if value == "today" else "yesterday"
    if _int(value) > 6:
        raise Unreadable(f"day {value!r}")
    return _int(value)


def _optional_str(value: Json) -> str | None:
    return None if value is None else _str(value)


def _read_rating(data: JsonObject) -> RatingPain:
    part = data.get("part")
    after = data.get("after")
    workout = _read_workout(_object(after)) if after is not None else None
    if workout is not None and not isinstance(workout, RatingFeel):
        raise Unreadable(f"a rating after a workout's {type(workout).__name__}")
    return RatingPain(None if part is None else _str(part), workout)


def _target(value: Json) -> Target:
    match value:
        case [sets, reps, weight]:
            return Target(_int(sets), _int(reps), _weight(weight))
        case _:
            raise Unreadable(f"target {value!r}")


def _days(value: Json) -> frozenset[int]:
    days = frozenset(_int(day) for day in _list(value))
    if not days <= frozenset(range(7)):
        raise Unreadable(f"days {value!r}")
    return days


def _hhmm(value: Json) -> time:
    hours, _, minutes = _str(value).partition(":")
    return time(_digits(hours), _digits(minutes))  # ValueError when out of range


def _digits(text: str) -> int:
    if not text.isdecimal() or len(text) != 2:
        raise Unreadable(f"not two digits: {text!r}")
    return int(text)


def _weight(value: Json) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Unreadable(f"weight {value!r}")
    return float(value)


def _int(value: Json) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Unreadable(f"not a whole number: {value!r}")
    return value


def _bool(value: Json) -> bool:
    if not isinstance(value, bool):
        raise Unreadable(f"not true or false: {value!r}")
    return value


def _str(value: Json) -> str:
    if not isinstance(value, str):
        raise Unreadable(f"not a string: {value!r}")
    return value


def _list(value: Json) -> list[Json]:
    if not isinstance(value, list):
        raise Unreadable(f"not a list: {value!r}")
    return value


def _object(value: Json) -> JsonObject:
    if not isinstance(value, dict):
        raise Unreadable(f"not an object: {value!r}")
    return value


_READERS: Mapping[str, Callable[[JsonObject], Conversation]] = {
    AnsweringScreening.flow: _read_screening,
    AskingClearance.flow: lambda _: AskingClearance(),
    AskingAgain.flow: lambda data: AskingAgain(_str(data.get("question"))),
    ConfirmingDelete.flow: lambda _: ConfirmingDelete(),
    PickingDays.flow: _read_schedule,
    WarmingUp.flow: _read_workout,
    ChoosingReading.flow: _read_choosing,
    EditingLog.flow: lambda data: EditingLog(_int(data.get("seq", 0))),  # as before: 0 if none
    ConfirmingDone.flow: lambda data: ConfirmingDone(_target(data.get("target"))),
    ConfirmingForwarded.flow: lambda data: ConfirmingForwarded(_str(data.get("text"))),
    AskingLogZone.flow: lambda data: AskingLogZone(),
    AskingEasing.flow: lambda data: AskingEasing(_str(data.get("said"))),
    RatingPain.flow: _read_rating,
    ConsideringInvite.flow: lambda data: ConsideringInvite(_str(data.get("code"))),
    WritingToCoach.flow: lambda data: WritingToCoach(_int(data.get("link"))),
    WritingToClient.flow: lambda data: WritingToClient(_int(data.get("link"))),
    SettingTarget.flow: lambda data: SettingTarget(_int(data.get("link"))),
}
