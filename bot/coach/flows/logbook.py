"""Logging by chat: "3x10", "10 10 8", "12 each leg @2kg", "done", /log 3x10; Undo and Edit.

Conversations (bot/coach/conversations.py): "log_choose" (`ChoosingReading`: an ambiguous
log, pick a reading), "log_edit" (`EditingLog`: send the corrected log), "log_done"
(`ConfirmingDone`: confirm "done" = today's target). Callback data `log:...`:
`log:undo:<seq>`, `log:edit:<seq>`, `log:opt:<i>`, `log:done:yes|no`.
"""

from __future__ import annotations

from datetime import timedelta

from bot.coach import reps
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import ChoosingReading, ConfirmingDone, EditingLog
from bot.coach.flows import Flow
from bot.coach.flows.gate import refuse_training
from bot.coach.flows.numbers import whole_number
from bot.coach.messages import Button, Command, Reply, Text
from bot.coach.sessions import LoggedSet
from bot.coach.state import AddLog, Effect, LogEntry, RemoveLog
from bot.coach.training import (
    advice,
    advice_after,
    advice_text,
    local_today,
    sets_text,
    target_text,
)

PREFIX = "log"
DOUBLE_TAP = timedelta(minutes=2)


def on_free_text(ctx: Ctx) -> Decision:
    """Text outside any conversation that reads as a log is logged; anything else passes on."""
    assert isinstance(ctx.event, Text)
    return _read(ctx, ctx.event.text, passthrough=True)


def on_log(ctx: Ctx) -> Decision:
    """/log 3x10."""
    args = ctx.event.args if isinstance(ctx.event, Command) else ""
    if not args.strip():
        return Decision.say(ctx.t("log.how"))
    return _read(ctx, args, passthrough=False)


def _read(ctx: Ctx, text: str, *, passthrough: bool) -> Decision:
    result = reps.parse_log(text)
    if isinstance(result, reps.NotALog):
        return Decision.unhandled() if passthrough else Decision.say(ctx.t("log.how"))
    if refusal := refuse_training(ctx):
        return refusal
    match result:
        case reps.Parsed():
            return log_sets(ctx, _sets(result), text, note=result.note)
        case reps.Rejected(code=code, value=value, bound=bound):
            return Decision.say(ctx.t(f"log.rejected.{code}", value=_num(value), bound=_num(bound)))
        case reps.Ambiguous(options=options) if options:
            return _choose(ctx, text, options)
        case reps.Done():
            return _confirm_done(ctx)
        case _:
            return Decision.say(ctx.t("log.unclear"))


def log_sets(
    ctx: Ctx,
    sets: tuple[LoggedSet, ...],
    text: str | None,
    *,
    note: str | None = None,
    pain: bool = False,
    edit: bool = False,
    replaces: int | None = None,
) -> Decision:
    """Store a log for the user's local today and say what was understood, with Undo/Edit.

    A correction (`replaces`) keeps the day, target and pain mark of the log it replaces: an
    Edit button pressed days later must not move that log to today.
    """
    latest = ctx.user.logs[-1] if ctx.user.logs else None
    if (
        text is not None
        and latest is not None
        and replaces is None
        and latest.source_text is not None
        and latest.source_text.strip().lower() == text.strip().lower()
        and ctx.now - latest.logged_at < DOUBLE_TAP
    ):
        return Decision.say(ctx.t("log.double_tap"))
    today = local_today(ctx.user, ctx.now)
    old = next((e for e in ctx.user.logs if e.seq == replaces), None)
    entry = LogEntry(
        seq=ctx.user.last_log_seq + 1,
        local_date=old.local_date if old else today,
        logged_at=ctx.now,
        source="chat",
        sets=sets,
        source_text=text,
        target=old.target if old else advice(ctx).target,
        pain=pain or (old is not None and old.pain),
        note=note,
    )
    buttons = (
        (
            Button(ctx.t("button.undo"), f"{PREFIX}:undo:{entry.seq}"),
            Button(ctx.t("button.edit"), f"{PREFIX}:edit:{entry.seq}"),
        ),
    )
    if old is not None and old.local_date != today:
        day = entry.local_date
        named = f"{ctx.t(f'day.{day.weekday()}')} {day.day} {ctx.t(f'month.{day.month}')}"
        text_out = ctx.t("log.updated_on", day=named, sets=sets_text(ctx, sets))
    else:
        key = "log.updated" if replaces is not None else "log.logged"
        text_out = ctx.t(key, sets=sets_text(ctx, sets))
    text_out += "\n" + advice_text(ctx, advice_after(ctx, entry, replaces))
    effects: tuple[Effect, ...] = (AddLog(entry),)
    if replaces is not None:
        effects = (RemoveLog(replaces), AddLog(entry))
    return Decision(
        replies=(Reply(text_out, buttons=buttons, edit=edit),),
        conversation=None,
        effects=effects,
    )


def on_press(ctx: Ctx) -> Decision:
    _, action, arg = ((ctx.pressed or "") + "::").split(":")[:3]
    if action == "undo":
        return _undo(ctx, arg)
    if action == "edit":
        return _start_edit(ctx, arg)
    if action == "opt":
        return _picked(ctx, arg)
    if action == "done":
        return _done_answer(ctx, arg == "yes")
    return Decision(notice=ctx.t("stale_button"))


def _undo(ctx: Ctx, arg: str) -> Decision:
    entry = next((e for e in ctx.user.logs if str(e.seq) == arg), None)
    if entry is None:
        return Decision(notice=ctx.t("log.already_undone"))
    text = ctx.t("log.undone", sets=sets_text(ctx, entry.sets))
    return Decision(replies=(Reply(text, edit=True),), effects=(RemoveLog(entry.seq),))


def _start_edit(ctx: Ctx, arg: str) -> Decision:
    entry = next((e for e in ctx.user.logs if str(e.seq) == arg), None)
    if entry is None:
        return Decision(notice=ctx.t("log.already_undone"))
    return Decision(
        replies=(Reply(ctx.t("log.edit_prompt", sets=sets_text(ctx, entry.sets))),),
        conversation=EditingLog(entry.seq),
    )


def on_edit_text(ctx: Ctx) -> Decision:
    assert isinstance(ctx.event, Text)
    state = ctx.user.conversation
    seq = state.seq if isinstance(state, EditingLog) else 0
    result = reps.parse_log(ctx.event.text)
    if not isinstance(result, reps.Parsed):
        return Decision.say(ctx.t("log.edit_unclear"))
    if not any(e.seq == seq for e in ctx.user.logs):
        return log_sets(ctx, _sets(result), ctx.event.text, note=result.note)
    return log_sets(ctx, _sets(result), ctx.event.text, note=result.note, replaces=seq)


def _choose(ctx: Ctx, text: str, options: tuple[reps.Parsed, ...]) -> Decision:
    rows = tuple(
        (Button(sets_text(ctx, _sets(option))[:60], f"{PREFIX}:opt:{i}"),)
        for i, option in enumerate(options[:4])
    )
    rows += ((Button(ctx.t("button.none_of_these"), f"{PREFIX}:opt:x"),),)
    readings = tuple(_sets(option) for option in options[:4])
    return Decision(
        replies=(Reply(ctx.t("log.which"), buttons=rows),),
        conversation=ChoosingReading(text, readings),
    )


def _picked(ctx: Ctx, arg: str) -> Decision:
    state = ctx.user.conversation
    if not isinstance(state, ChoosingReading):
        return Decision(notice=ctx.t("stale_button"))
    index = whole_number(arg, most=len(state.options) - 1)
    if index is None:
        return Decision(replies=(Reply(ctx.t("log.rephrase"), edit=True),), conversation=None)
    return log_sets(ctx, state.options[index], state.text, edit=True)


def _confirm_done(ctx: Ctx) -> Decision:
    target = advice(ctx).target
    buttons = (
        (
            Button(ctx.t("button.log_done_yes"), f"{PREFIX}:done:yes"),
            Button(ctx.t("button.log_done_no"), f"{PREFIX}:done:no"),
        ),
    )
    text = ctx.t("log.done_confirm", target=target_text(ctx, target))
    return Decision(
        replies=(Reply(text, buttons=buttons),),
        conversation=ConfirmingDone(target),
    )


def _done_answer(ctx: Ctx, yes: bool) -> Decision:
    state = ctx.user.conversation
    if not isinstance(state, ConfirmingDone):
        return Decision(notice=ctx.t("stale_button"))
    if not yes:
        return Decision(replies=(Reply(ctx.t("log.done_declined"), edit=True),), conversation=None)
    target = state.target
    sets = tuple(LoggedSet(target.reps, "both", target.weight_kg) for _ in range(target.sets))
    return log_sets(ctx, sets, None, edit=True)


def on_pending_text(ctx: Ctx) -> Decision:
    """Text while a choice or confirmation is open: read it as a fresh message."""
    assert isinstance(ctx.event, Text)
    fresh = _read(ctx, ctx.event.text, passthrough=True)
    if fresh.handled:
        return fresh
    return Decision.say(ctx.t("not_understood"), conversation=None)


def _sets(parsed: reps.Parsed) -> tuple[LoggedSet, ...]:
    return tuple(LoggedSet(s.reps, s.leg, s.weight_kg) for s in parsed.sets)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


FLOW = Flow(
    name="logbook",
    commands={"log": on_log},
    prefix=PREFIX,
    on_press=on_press,
    conversations={
        "log_edit": on_edit_text,
        "log_choose": on_pending_text,
        "log_done": on_pending_text,
    },
    on_free_text=on_free_text,
    menu=("log",),
)
