"""Logging by chat: "3x10", "10 10 8", "12 each leg @2kg", "done", /log 3x10; Undo and Edit.

Conversations (bot/coach/conversations.py): "log_choose" (`ChoosingReading`: an ambiguous
log, pick a reading), "log_edit" (`EditingLog`: send the corrected log), "log_done"
(`ConfirmingDone`: confirm "done" = today's target). Buttons (bot/coach/callbacks.py):
`LogUndo` (`log:undo:<seq>`), `LogEdit` (`log:edit:<seq>`), `LogOption` (`log:opt:<i>`),
`LogNoneOfThese` (`log:opt:x`), `LogDoneAnswer` (`log:done:yes|no`).

A new log needs training (the engine applies the gate); Undo and Edit of a stored log are open
to everyone, so a pain report or an expired screening never locks a mistake in.
"""

from __future__ import annotations

from datetime import timedelta

from bot.coach import reps
from bot.coach.callbacks import LogDoneAnswer, LogEdit, LogNoneOfThese, LogOption, LogUndo
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import ChoosingReading, ConfirmingDone, EditingLog
from bot.coach.flow import Flow, FreeText, ungated
from bot.coach.gate import Needs
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

DOUBLE_TAP = timedelta(minutes=2)


def reads_as_log(ctx: Ctx) -> bool:
    """Whether text outside any conversation is the logbook's (anything but `NotALog`)."""
    assert isinstance(ctx.event, Text)
    return not isinstance(reps.parse_log(ctx.event.text), reps.NotALog)


def on_free_text(ctx: Ctx) -> Decision:
    """Text outside any conversation that reads as a log is logged; anything else passes on."""
    assert isinstance(ctx.event, Text)
    return _read(ctx, ctx.event.text, passthrough=True)


def on_pain_log(ctx: Ctx) -> Decision:
    """The log in a message that also reports pain, stored with the pain mark (unhandled when
    the message holds no clear log). The engine runs it under this flow's gate."""
    assert isinstance(ctx.event, Text)
    parsed = reps.parse_log(ctx.event.text)
    if not isinstance(parsed, reps.Parsed):
        return Decision.unhandled()
    return log_sets(ctx, _sets(parsed), ctx.event.text, note=parsed.note, pain=True)


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
            Button(ctx.t("button.undo"), LogUndo(entry.seq).pack()),
            Button(ctx.t("button.edit"), LogEdit(entry.seq).pack()),
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


def on_undo(ctx: Ctx) -> Decision:
    """Undo: remove the log the button names (a notice if it is gone)."""
    seq = ctx.payload_as(LogUndo).seq
    entry = next((e for e in ctx.user.logs if e.seq == seq), None)
    if entry is None:
        return Decision(notice=ctx.t("log.already_undone"))
    text = ctx.t("log.undone", sets=sets_text(ctx, entry.sets))
    return Decision(replies=(Reply(text, edit=True),), effects=(RemoveLog(entry.seq),))


def on_edit(ctx: Ctx) -> Decision:
    """Edit: ask for the corrected log (a notice if it is gone)."""
    seq = ctx.payload_as(LogEdit).seq
    entry = next((e for e in ctx.user.logs if e.seq == seq), None)
    if entry is None:
        return Decision(notice=ctx.t("log.already_undone"))
    return Decision(
        replies=(Reply(ctx.t("log.edit_prompt", sets=sets_text(ctx, entry.sets))),),
        conversation=EditingLog(entry.seq),
    )


def on_edit_text(ctx: Ctx) -> Decision:
    """The corrected log replaces the one being edited (or is stored anew if that is gone)."""
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
        (Button(sets_text(ctx, _sets(option))[:60], LogOption(i).pack()),)
        for i, option in enumerate(options[:4])
    )
    rows += ((Button(ctx.t("button.none_of_these"), LogNoneOfThese().pack()),),)
    readings = tuple(_sets(option) for option in options[:4])
    return Decision(
        replies=(Reply(ctx.t("log.which"), buttons=rows),),
        conversation=ChoosingReading(text, readings),
    )


def on_pick(ctx: Ctx) -> Decision:
    """A reading of an ambiguous log picked (or none of them: ask to rephrase)."""
    state = ctx.user.conversation
    if not isinstance(state, ChoosingReading):
        return Decision(notice=ctx.t("stale_button"))
    button = ctx.payload
    if not isinstance(button, LogOption) or button.index >= len(state.options):
        return Decision(replies=(Reply(ctx.t("log.rephrase"), edit=True),), conversation=None)
    return log_sets(ctx, state.options[button.index], state.text, edit=True)


def _confirm_done(ctx: Ctx) -> Decision:
    target = advice(ctx).target
    buttons = (
        (
            Button(ctx.t("button.log_done_yes"), LogDoneAnswer("yes").pack()),
            Button(ctx.t("button.log_done_no"), LogDoneAnswer("no").pack()),
        ),
    )
    text = ctx.t("log.done_confirm", target=target_text(ctx, target))
    return Decision(
        replies=(Reply(text, buttons=buttons),),
        conversation=ConfirmingDone(target),
    )


def on_done_answer(ctx: Ctx) -> Decision:
    """Whether "done" meant today's target: log it, or not."""
    state = ctx.user.conversation
    if not isinstance(state, ConfirmingDone):
        return Decision(notice=ctx.t("stale_button"))
    if ctx.payload_as(LogDoneAnswer).answer != "yes":
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
    gate=Needs.TRAINING,
    commands={"log": on_log},
    buttons={
        LogOption: on_pick,
        LogNoneOfThese: on_pick,
        LogDoneAnswer: on_done_answer,
        # Undo and Edit change a stored log: open to everyone.
        LogUndo: ungated(on_undo),
        LogEdit: ungated(on_edit),
    },
    conversations={
        "log_edit": ungated(on_edit_text),  # the correction asked for by Edit
        "log_choose": on_pending_text,
        "log_done": on_pending_text,
    },
    free_text=FreeText(claims=reads_as_log, handler=on_free_text),
    menu=("log",),
)
