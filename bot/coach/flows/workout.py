"""The guided workout: warm-up, set by set with a rest timer, then "How did that feel?".

Conversation "workout", one state per stage (bot/coach/conversations.py): `WarmingUp` ->
`DoingSet` (-> `CountingFewer`) -> `Resting` -> `DoingSet` ... -> `RatingFeel`.
Callback data `wk:...`: `wk:start`, `wk:go`, `wk:done:<set>`, `wk:fewer:<set>`,
`wk:reps:<set>:<n>`, `wk:skip:<set>`, `wk:feel:easy|right|hard`, `wk:stop`. The set number
makes a double tap on Done count once. The rest timer is the "rest" timer (a `Tick`).
"""

from __future__ import annotations

from datetime import timedelta

from bot.coach.context import Ctx, Decision
from bot.coach.conversations import (
    CountingFewer,
    DoingSet,
    RatingFeel,
    Resting,
    WarmingUp,
    WorkoutState,
)
from bot.coach.flows import Flow
from bot.coach.flows.gate import refuse_training
from bot.coach.flows.numbers import whole_number
from bot.coach.messages import Button, Reply, Text
from bot.coach.sessions import LoggedSet, Target
from bot.coach.state import AddLog, CancelTimer, LogEntry, SetTimer
from bot.coach.training import (
    advice,
    advice_after,
    advice_text,
    local_today,
    sets_text,
    target_text,
)

FLOW_NAME = "workout"
PREFIX = "wk"
Rows = tuple[tuple[Button, ...], ...]


def on_workout(ctx: Ctx) -> Decision:
    """/workout or Start workout: the warm-up prompt for today's target."""
    if refusal := refuse_training(ctx):
        return Decision(replies=refusal.replies, conversation=None)
    today = advice(ctx)
    target = today.target
    buttons = (
        (Button(ctx.t("button.warm"), f"{PREFIX}:go"),),
        (Button(ctx.t("button.stop_workout"), f"{PREFIX}:stop"),),
    )
    text = ctx.t("workout.warmup", target=target_text(ctx, target))
    text += "\n" + ctx.t(f"progress.reason.{today.reason}")
    notes = [ctx.t(f"adaptation.{a}") for a in sorted(ctx.access.adaptations)]
    if notes:
        text += "\n\n" + "\n".join(notes)
    return Decision(replies=(Reply(text, buttons=buttons),), conversation=WarmingUp(target))


def on_press(ctx: Ctx) -> Decision:
    parts = (ctx.pressed or "").split(":")
    action = parts[1] if len(parts) > 1 else ""
    if action == "start":
        return on_workout(ctx)
    state = _state(ctx)
    if state is None:
        return Decision(notice=ctx.t("workout.over"))
    if action == "stop":
        return _stop(ctx)
    if refusal := refuse_training(ctx):
        return Decision(replies=refusal.replies, conversation=None, effects=(CancelTimer("rest"),))
    handler = _ACTIONS.get(action)
    return handler(ctx, state, parts[2:]) if handler else Decision(notice=ctx.t("stale_button"))


def on_text(ctx: Ctx) -> Decision:
    assert isinstance(ctx.event, Text)
    state = _state(ctx)
    word = ctx.event.text.strip().lower()
    typed = whole_number(word, most=999)
    if isinstance(state, CountingFewer) and typed is not None:
        return _record(ctx, state, typed)
    if isinstance(state, DoingSet) and word in ("done", "ok", "did it"):
        return _record(ctx, state, state.target.reps)
    return Decision.say(ctx.t("workout.use_buttons"))


def on_rest_over(ctx: Ctx) -> Decision:
    """The rest timer went off: ping with the next set (only if still resting)."""
    state = _state(ctx)
    if not isinstance(state, Resting):
        return Decision(effects=(CancelTimer("rest"),))
    if refusal := refuse_training(ctx):  # e.g. the screening expired while the tick was late
        return Decision(replies=refusal.replies, conversation=None, effects=(CancelTimer("rest"),))
    return _next_set(ctx, state.target, state.done, prefix=ctx.t("workout.rest_over"), edit=False)


# --- steps ----------------------------------------------------------------------------------


def _go(ctx: Ctx, state: WorkoutState, _: list[str]) -> Decision:
    if not isinstance(state, WarmingUp):
        return Decision(notice=ctx.t("stale_button"))
    return _next_set(ctx, state.target, (), prefix="", edit=True)


def _next_set(
    ctx: Ctx, target: Target, done: tuple[int, ...], *, prefix: str, edit: bool
) -> Decision:
    state = DoingSet(target, done)
    number = state.number
    text = ctx.t("workout.set", number=number + 1, sets=target.sets, reps=target.reps)
    if target.weight_kg:
        text += " " + ctx.t("target.weight", kg=f"{target.weight_kg:g}")
    if prefix:
        text = prefix + "\n\n" + text
    buttons = (
        (
            Button(ctx.t("button.set_done"), f"{PREFIX}:done:{number}"),
            Button(ctx.t("button.set_fewer"), f"{PREFIX}:fewer:{number}"),
        ),
    )
    return Decision(
        replies=(Reply(text, buttons=buttons, edit=edit),),
        conversation=state,
        effects=(CancelTimer("rest"),),
    )


def _done(ctx: Ctx, state: WorkoutState, args: list[str]) -> Decision:
    current = _current_set(state, args)
    if current is None:
        return Decision(notice=ctx.t("workout.already_counted"))
    return _record(ctx, current, current.target.reps, edit=True)


def _fewer(ctx: Ctx, state: WorkoutState, args: list[str]) -> Decision:
    current = _current_set(state, args)
    if current is None:
        return Decision(notice=ctx.t("workout.already_counted"))
    number = current.number
    choices = [Button(str(n), f"{PREFIX}:reps:{number}:{n}") for n in range(1, current.target.reps)]
    rows: Rows = tuple(tuple(choices[i : i + 5]) for i in range(0, len(choices), 5))
    reply = Reply(ctx.t("workout.how_many", number=number + 1), buttons=rows, edit=True)
    return Decision(replies=(reply,), conversation=CountingFewer(current.target, current.done))


def _reps(ctx: Ctx, state: WorkoutState, args: list[str]) -> Decision:
    if not isinstance(state, CountingFewer) or len(args) != 2 or args[0] != str(state.number):
        return Decision(notice=ctx.t("workout.already_counted"))
    return _record(ctx, state, whole_number(args[1], most=999) or 0, edit=True)


def _record(
    ctx: Ctx, state: DoingSet | CountingFewer, reps: int, *, edit: bool = False
) -> Decision:
    target = state.target
    if not 0 < reps <= 100:
        return Decision.say(ctx.t("workout.reps_range"))
    done = (*state.done, reps)
    if len(done) >= target.sets:
        return _ask_feel(ctx, RatingFeel(target, done), edit=edit)
    seconds = ctx.content.exercise.prescription.rest_seconds
    buttons = ((Button(ctx.t("button.skip_rest"), f"{PREFIX}:skip:{len(done)}"),),)
    text = ctx.t("workout.rest", seconds=seconds, number=len(done) + 1, done=len(done))
    return Decision(
        replies=(Reply(text, buttons=buttons, edit=edit),),
        conversation=Resting(target, done),
        effects=(SetTimer("rest", ctx.now + timedelta(seconds=seconds)),),
    )


def _skip(ctx: Ctx, state: WorkoutState, args: list[str]) -> Decision:
    if not isinstance(state, Resting) or args[:1] != [str(len(state.done))]:
        return Decision(notice=ctx.t("stale_button"))
    return _next_set(ctx, state.target, state.done, prefix="", edit=True)


def _ask_feel(ctx: Ctx, state: RatingFeel, *, edit: bool) -> Decision:
    buttons = (
        tuple(
            Button(ctx.t(f"feel.button.{feel}"), f"{PREFIX}:feel:{feel}")
            for feel in ("easy", "right", "hard")
        ),
    )
    return Decision(
        replies=(Reply(ctx.t("workout.feel"), buttons=buttons, edit=edit),),
        conversation=state,
    )


def _feel(ctx: Ctx, state: WorkoutState, args: list[str]) -> Decision:
    feel = args[0] if args else ""
    if not isinstance(state, RatingFeel) or feel not in ("easy", "right", "hard"):
        return Decision(notice=ctx.t("stale_button"))
    target = state.target
    sets = tuple(LoggedSet(r, "both", target.weight_kg) for r in state.done)
    entry = LogEntry(
        seq=ctx.user.last_log_seq + 1,
        local_date=local_today(ctx.user, ctx.now),
        logged_at=ctx.now,
        source="workout",
        sets=sets,
        target=target,
        feel=feel,  # type: ignore[arg-type]
    )
    text = ctx.t("workout.finished", sets=sets_text(ctx, sets), feel=ctx.t(f"feel.{feel}"))
    text += "\n" + advice_text(ctx, advice_after(ctx, entry))
    text += "\n\n" + ctx.t("workout.cooldown")
    return Decision(
        replies=(Reply(text, edit=True),),
        conversation=None,
        effects=(AddLog(entry), CancelTimer("rest")),
    )


def _stop(ctx: Ctx) -> Decision:
    return Decision(
        replies=(Reply(ctx.t("workout.stopped"), edit=True),),
        conversation=None,
        effects=(CancelTimer("rest"),),
    )


# --- state ----------------------------------------------------------------------------------


def _current_set(state: WorkoutState, args: list[str]) -> DoingSet | None:
    """The set under way when the pressed button names it (a second tap names a done set)."""
    if isinstance(state, DoingSet) and args[:1] == [str(state.number)]:
        return state
    return None


def _state(ctx: Ctx) -> WorkoutState | None:
    state = ctx.user.conversation
    return state if isinstance(state, WorkoutState) else None


_ACTIONS = {
    "go": _go,
    "done": _done,
    "fewer": _fewer,
    "reps": _reps,
    "skip": _skip,
    "feel": _feel,
}

FLOW = Flow(
    name=FLOW_NAME,
    commands={"workout": on_workout},
    prefix=PREFIX,
    on_press=on_press,
    conversations={FLOW_NAME: on_text},
    ticks={"rest": on_rest_over},
    menu=("workout",),
)
