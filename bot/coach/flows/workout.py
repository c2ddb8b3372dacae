"""The guided workout: warm-up, set by set with a rest timer, then "How did that feel?".

Conversation "workout", one state per stage (bot/coach/conversations.py): `WarmingUp` ->
`DoingSet` (-> `CountingFewer`) -> `Resting` -> `DoingSet` ... -> `RatingFeel`. When pain was
reported in the last session or earlier today, the last set first asks for the 0-10 pain rating
(the red-flag flow's `RatingPain`, carrying the workout as `after`), then "How did that feel?".
Buttons (bot/coach/callbacks.py): `WorkoutStart` (`wk:start`), `WorkoutGo` (`wk:go`),
`WorkoutSet` (`wk:done|fewer|skip:<set>`), `WorkoutReps` (`wk:reps:<set>:<n>`),
`WorkoutFeel` (`wk:feel:easy|right|hard`), `WorkoutStop` (`wk:stop`). The set number makes a
double tap on Done count once. The rest timer is the "rest" timer (a `RestOver` tick).
Everything but Stop needs training; a refusal mid-workout ends it and cancels the rest timer.
Stop and /cancel keep the sets already done as a log (`stop`).
"""

from __future__ import annotations

from datetime import timedelta

from bot.coach.callbacks import (
    REST_TIMER,
    LogUndo,
    RestOver,
    WorkoutFeel,
    WorkoutGo,
    WorkoutReps,
    WorkoutSet,
    WorkoutStart,
    WorkoutStop,
)
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import (
    CountingFewer,
    DoingSet,
    RatingFeel,
    RatingPain,
    Resting,
    WarmingUp,
    WorkoutState,
)
from bot.coach.flow import Flow, ungated
from bot.coach.flows.numbers import rating_buttons, whole_number
from bot.coach.gate import Needs
from bot.coach.messages import Button, Reply, Text
from bot.coach.sessions import Feel, LoggedSet, Target
from bot.coach.state import AddLog, CancelTimer, LogEntry, SetTimer
from bot.coach.training import (
    LogDate,
    advice,
    advice_after,
    advice_text,
    local_today,
    log_date,
    named_day,
    sets_text,
    target_text,
)

FLOW_NAME = "workout"
Rows = tuple[tuple[Button, ...], ...]
FEELS: tuple[Feel, ...] = ("easy", "right", "hard")


def on_workout(ctx: Ctx) -> Decision:
    """/workout or Start workout: the warm-up prompt for today's target."""
    today = advice(ctx)
    target = today.target
    buttons = (
        (Button(ctx.t("button.warm"), WorkoutGo().pack()),),
        (Button(ctx.t("button.stop_workout"), WorkoutStop().pack()),),
    )
    text = ctx.t("workout.warmup", target=target_text(ctx, target))
    text += "\n" + ctx.t(f"progress.reason.{today.reason}")
    notes = [ctx.t(f"adaptation.{a}") for a in sorted(ctx.access.adaptations)]
    if notes:
        text += "\n\n" + "\n".join(notes)
    return Decision(replies=(Reply(text, buttons=buttons),), conversation=WarmingUp(target))


def on_press(ctx: Ctx) -> Decision:
    """A button of the workout under way (a notice once that workout is over)."""
    state = _state(ctx)
    if state is None:
        return Decision(notice=ctx.t("workout.over"))
    match ctx.payload:
        case WorkoutGo():
            return _go(ctx, state)
        case WorkoutSet(action="done", number=number):
            return _done(ctx, state, number)
        case WorkoutSet(action="fewer", number=number):
            return _fewer(ctx, state, number)
        case WorkoutSet(action="skip", number=number):
            return _skip(ctx, state, number)
        case WorkoutReps(number=number, reps=reps):
            return _reps(ctx, state, number, reps)
        case WorkoutFeel(feel=feel):
            return _feel(ctx, state, feel)
    return Decision(notice=ctx.t("stale_button"))


def on_stop(ctx: Ctx) -> Decision:
    """Stop: ends the workout and its rest timer; the sets done are kept."""
    if _state(ctx) is None:
        return Decision(notice=ctx.t("workout.over"))
    return _stop(ctx)


def on_text(ctx: Ctx) -> Decision:
    """A typed rep count (after Fewer) or "done" (for the set); else a pointer to the buttons."""
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
        return Decision(effects=(CancelTimer(REST_TIMER),))
    return _next_set(ctx, state.target, state.done, prefix=ctx.t("workout.rest_over"), edit=False)


# --- steps ----------------------------------------------------------------------------------


def _go(ctx: Ctx, state: WorkoutState) -> Decision:
    if not isinstance(state, WarmingUp):
        return Decision(notice=ctx.t("stale_button"))
    return _next_set(ctx, state.target, (), prefix="", edit=True)


def _next_set(
    ctx: Ctx, target: Target, done: tuple[int, ...], *, prefix: str, edit: bool
) -> Decision:
    state = DoingSet(target, done)
    number = state.number
    reps = ctx.content.texts.plural("sets.reps", target.reps)
    text = ctx.t("workout.set", number=number + 1, sets=target.sets, reps=reps)
    if target.weight_kg:
        text += " " + ctx.t("target.weight", kg=f"{target.weight_kg:g}")
    if prefix:
        text = prefix + "\n\n" + text
    buttons = (
        (
            Button(ctx.t("button.set_done"), WorkoutSet("done", number).pack()),
            Button(ctx.t("button.set_fewer"), WorkoutSet("fewer", number).pack()),
        ),
    )
    return Decision(
        replies=(Reply(text, buttons=buttons, edit=edit),),
        conversation=state,
        effects=(CancelTimer(REST_TIMER),),
    )


def _done(ctx: Ctx, state: WorkoutState, number: int) -> Decision:
    current = _current_set(state, number)
    if current is None:
        return Decision(notice=ctx.t("workout.already_counted"))
    return _record(ctx, current, current.target.reps, edit=True)


def _fewer(ctx: Ctx, state: WorkoutState, number: int) -> Decision:
    current = _current_set(state, number)
    if current is None:
        return Decision(notice=ctx.t("workout.already_counted"))
    choices = [Button(str(n), WorkoutReps(number, n).pack()) for n in range(1, current.target.reps)]
    rows: Rows = tuple(tuple(choices[i : i + 5]) for i in range(0, len(choices), 5))
    reply = Reply(ctx.t("workout.how_many", number=number + 1), buttons=rows, edit=True)
    return Decision(replies=(reply,), conversation=CountingFewer(current.target, current.done))


def _reps(ctx: Ctx, state: WorkoutState, number: int, reps: int) -> Decision:
    if not isinstance(state, CountingFewer) or number != state.number:
        return Decision(notice=ctx.t("workout.already_counted"))
    return _record(ctx, state, reps, edit=True)


def _record(
    ctx: Ctx, state: DoingSet | CountingFewer, reps: int, *, edit: bool = False
) -> Decision:
    target = state.target
    if not 0 < reps <= 100:
        return Decision.say(ctx.t("workout.reps_range"))
    done = (*state.done, reps)
    if len(done) >= target.sets:
        if _pain_before(ctx):  # the pain-monitoring model: rate it now, then how it felt
            text = ctx.t("workout.pain_after_last_set")
            reply = Reply(text, buttons=rating_buttons(), edit=edit)
            rating = RatingPain(None, after=RatingFeel(target, done))
            return Decision(replies=(reply,), conversation=rating)
        return ask_feel(ctx, RatingFeel(target, done), edit=edit)
    seconds = ctx.content.exercise.prescription.rest_seconds
    buttons = ((Button(ctx.t("button.skip_rest"), WorkoutSet("skip", len(done)).pack()),),)
    rest = ctx.content.texts.plural("unit.second", seconds)
    text = ctx.t("workout.rest", seconds=rest, number=len(done) + 1, done=len(done))
    return Decision(
        replies=(Reply(text, buttons=buttons, edit=edit),),
        conversation=Resting(target, done),
        effects=(SetTimer(REST_TIMER, ctx.now + timedelta(seconds=seconds)),),
    )


def _skip(ctx: Ctx, state: WorkoutState, number: int) -> Decision:
    if not isinstance(state, Resting) or number != len(state.done):
        return Decision(notice=ctx.t("stale_button"))
    return _next_set(ctx, state.target, state.done, prefix="", edit=True)


def _pain_before(ctx: Ctx) -> bool:
    """Pain was reported today (before this workout's last set) or in the last session: a
    rating over 0, or a log marked with pain."""
    today = local_today(ctx.user, ctx.now)
    if ctx.user.pain_ratings.get(today, 0) > 0:
        return True
    earlier = [s for s in ctx.user.sessions if s.local_date < today]
    if not earlier:
        return False
    last = earlier[-1]
    return last.pain or ctx.user.pain_ratings.get(last.local_date, 0) > 0


def ask_feel(ctx: Ctx, state: RatingFeel, *, edit: bool) -> Decision:
    """ "How did that feel?" after the last set (or after the pain rating that came first)."""
    buttons = (
        tuple(Button(ctx.t(f"feel.button.{feel}"), WorkoutFeel(feel).pack()) for feel in FEELS),
    )
    return Decision(
        replies=(Reply(ctx.t("workout.feel"), buttons=buttons, edit=edit),),
        conversation=state,
    )


def _feel(ctx: Ctx, state: WorkoutState, feel: Feel) -> Decision:
    if not isinstance(state, RatingFeel):
        return Decision(notice=ctx.t("stale_button"))
    dated, entry = _workout_log(ctx, state.target, state.done, feel)
    said = {"sets": sets_text(ctx, entry.sets), "feel": ctx.t(f"feel.{feel}")}
    if dated.answering:  # after midnight, answering the reminder of the day before
        text = ctx.t("workout.finished_for_reminder", day=named_day(ctx, dated.day), **said)
    else:
        text = ctx.t("workout.finished", **said)
    text += "\n" + advice_text(ctx, advice_after(ctx, entry))
    text += "\n\n" + ctx.t("workout.cooldown")
    return Decision(
        replies=(Reply(text, edit=True),),
        conversation=None,
        effects=(AddLog(entry), CancelTimer(REST_TIMER)),
    )


def _stop(ctx: Ctx) -> Decision:
    return stop(ctx, edit=True)


def stop(ctx: Ctx, *, edit: bool) -> Decision:
    """End the workout (Stop, or /cancel) and its rest timer, keeping the sets already done as
    a log, with Undo; `edit` replaces the pressed message."""
    state = _state(ctx)
    done = () if state is None or isinstance(state, WarmingUp) else state.done
    if not done:
        return Decision(
            replies=(Reply(ctx.t("workout.stopped"), edit=edit),),
            conversation=None,
            effects=(CancelTimer(REST_TIMER),),
        )
    assert state is not None
    _, entry = _workout_log(ctx, state.target, done)
    reps = ", ".join(str(r) for r in done)
    text = ctx.content.texts.plural("workout.stopped_kept", len(done), reps=reps)
    undo = ((Button(ctx.t("button.undo"), LogUndo(entry.seq).pack()),),)
    return Decision(
        replies=(Reply(text, buttons=undo, edit=edit),),
        conversation=None,
        effects=(AddLog(entry), CancelTimer(REST_TIMER)),
    )


def _workout_log(
    ctx: Ctx, target: Target, done: tuple[int, ...], feel: Feel | None = None
) -> tuple[LogDate, LogEntry]:
    """The workout's sets done as a log (at the target's weight), dated as every log is
    (`training.log_date`: the reminder's day after midnight), and that date."""
    dated = log_date(ctx.user, ctx.now)
    entry = LogEntry(
        seq=ctx.user.last_log_seq + 1,
        local_date=dated.day,
        logged_at=ctx.now,
        source="workout",
        sets=tuple(LoggedSet(reps, "both", target.weight_kg) for reps in done),
        target=target,
        feel=feel,
        zoneless=dated.zoneless,
    )
    return dated, entry


# --- state ----------------------------------------------------------------------------------


def _current_set(state: WorkoutState, number: int) -> DoingSet | None:
    """The set under way when the pressed button names it (a second tap names a done set)."""
    if isinstance(state, DoingSet) and number == state.number:
        return state
    return None


def _state(ctx: Ctx) -> WorkoutState | None:
    state = ctx.user.conversation
    return state if isinstance(state, WorkoutState) else None


FLOW = Flow(
    name=FLOW_NAME,
    gate=Needs.TRAINING,
    commands={"workout": on_workout},
    buttons={
        WorkoutStart: on_workout,
        WorkoutGo: on_press,
        WorkoutSet: on_press,
        WorkoutReps: on_press,
        WorkoutFeel: on_press,
        WorkoutStop: ungated(on_stop),  # stopping is always allowed
    },
    conversations={FLOW_NAME: on_text},
    ticks={RestOver: on_rest_over},
    menu=("workout",),
    cleanup=(CancelTimer(REST_TIMER),),
)
