"""Logging by chat: "3x10", "10 10 8", "12 each leg @2kg", "done", /log 3x10; Undo and Edit.

Conversations (bot/coach/conversations.py): "log_choose" (`ChoosingReading`: an ambiguous
log, pick a reading), "log_edit" (`EditingLog`: send the corrected log), "log_done"
(`ConfirmingDone`: confirm "done" = today's target). Buttons (bot/coach/callbacks.py):
`LogUndo` (`log:undo:<seq>`), `LogEdit` (`log:edit:<seq>`), `LogOption` (`log:opt:<i>`),
`LogNoneOfThese` (`log:opt:x`), `LogDoneAnswer` (`log:done:yes|no`).

A log is stored at once on the user's local date; while their time zone is unknown it is
dated in UTC and marked, and the first such log's acknowledgement asks for the zone, once
(bot/coach/flows/logzone.py: "log_zone", `LogZone` `log:tz:...`). A log naming its day
("3x10 yesterday", "mon 3x10") is stored on that local date of the past week; weights keep
the unit typed. A lone number ("12") asks once, then, within SET_BY_SET of the last text log
today, is logged as one more set. Same texts are not deduplicated (the service drops a
redelivered update); a second press on a question finds it answered.

A new log needs training (the engine applies the gate); Undo and Edit of a stored log are open
to everyone, so a pain report or an expired screening never locks a mistake in.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from bot.coach import reps
from bot.coach.callbacks import (
    LogDoneAnswer,
    LogEdit,
    LogNoneOfThese,
    LogOption,
    LogUndo,
    LogZone,
)
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import (
    AskingLogZone,
    ChoosingReading,
    ConfirmingDone,
    EditingLog,
    Reading,
)
from bot.coach.flow import Flow, FreeText, ungated
from bot.coach.flows import logzone
from bot.coach.gate import Needs
from bot.coach.messages import Button, Command, Reply, Text
from bot.coach.reps_dates import DayWord
from bot.coach.sessions import LoggedSet
from bot.coach.state import AddLog, Effect, LogEntry, RemoveLog
from bot.coach.training import (
    advice,
    advice_after,
    advice_text,
    local_today,
    log_date,
    named_day,
    sets_text,
    short_sets_text,
    target_text,
)

SET_BY_SET = timedelta(minutes=30)  # a lone number this soon after a text log is another set
IMPLAUSIBLE = ("one_rep", "big_set", "many_sets")  # a reading to confirm, saying why
MAX_OPTIONS = 4


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
    return _store(ctx, _reading(parsed), ctx.event.text, pain=True)


def on_log(ctx: Ctx) -> Decision:
    """/log 3x10."""
    args = ctx.event.args if isinstance(ctx.event, Command) else ""
    if not args.strip():
        return Decision.say(ctx.t("log.how"))
    return _read(ctx, args, passthrough=False)


def read_log(ctx: Ctx, text: str) -> Decision:
    """`text` read as the user's log, as /log reads its arguments."""
    return _read(ctx, text, passthrough=False)


def _read(ctx: Ctx, text: str, *, passthrough: bool) -> Decision:
    """Two messages with the same text are two logs (a set-by-set session sends "12" twice);
    the same update delivered twice is stored once by the service's update claim."""
    result = reps.parse_log(text)
    if isinstance(result, reps.NotALog):
        return Decision.unhandled() if passthrough else Decision.say(ctx.t("log.how"))
    match result:
        case reps.Parsed():
            return _store(ctx, _reading(result), text)
        case reps.Rejected(code=code, value=value, bound=bound):
            return Decision.say(ctx.t(f"log.rejected.{code}", value=_num(value), bound=_num(bound)))
        case reps.Ambiguous(code="lone_number", options=(only,)) if _another_set(ctx, only):
            return _store(ctx, _reading(only), text, another=True)
        case reps.Ambiguous(code="typo"):
            return Decision.say(ctx.t("log.typo", typo=reps.typo_in(text) or text.strip()))
        case reps.Ambiguous(options=options) if options:
            return _choose(ctx, text, result)
        case reps.Done():
            return _confirm_done(ctx)
        case _:
            return Decision.say(ctx.t("log.unclear"))


def _another_set(ctx: Ctx, reading: reps.Parsed) -> bool:
    """Set by set: a plausible lone number within SET_BY_SET of the user's last text log, that
    log being for today and sent today (local dates)."""
    [only] = reading.sets
    if not reps.MIN_PLAUSIBLE_REPS <= only.reps <= reps.MAX_PLAUSIBLE_REPS:
        return False
    typed = [e for e in ctx.user.logs if e.source == "chat" and e.source_text is not None]
    if not typed:
        return False
    latest, day = typed[-1], log_date(ctx.user, ctx.now).day
    sent_for = log_date(ctx.user, latest.logged_at).day
    return latest.local_date == day == sent_for and ctx.now - latest.logged_at <= SET_BY_SET


def log_sets(
    ctx: Ctx,
    sets: tuple[LoggedSet, ...],
    text: str | None,
    *,
    note: str | None = None,
    day: DayWord | None = None,
    pain: bool = False,
    edit: bool = False,
    replaces: int | None = None,
    another: bool = False,
    ask_zone: bool = True,
) -> Decision:
    """Store a log for the `day` it names (the user's local today if none) and say what was
    understood, with Undo/Edit; `another` says it is one more set of a set-by-set session.
    The first log dated without the user's zone is followed by the zone question, unless
    `ask_zone` is False (a log stored with red-flag advice: asked with a later log).

    A correction (`replaces`) keeps the day, target and pain mark of the log it replaces: an
    Edit button pressed days later must not move that log to today.
    """
    today = local_today(ctx.user, ctx.now)
    old = next((e for e in ctx.user.logs if e.seq == replaces), None)
    dated = log_date(ctx.user, ctx.now, day)
    entry = LogEntry(
        seq=ctx.user.last_log_seq + 1,
        local_date=old.local_date if old else dated.day,
        logged_at=ctx.now,
        source="chat",
        sets=sets,
        source_text=text,
        target=old.target if old else advice(ctx).target,
        pain=pain or (old is not None and old.pain),
        note=note,
        zoneless=old.zoneless if old else dated.zoneless,
    )
    buttons = (
        (
            Button(ctx.t("button.undo"), LogUndo(entry.seq).pack()),
            Button(ctx.t("button.edit"), LogEdit(entry.seq).pack()),
        ),
    )
    answering = old is None and dated.answering
    text_out = _logged_text(
        ctx, entry, today, updated=replaces is not None, another=another, answering=answering
    )
    text_out += "\n" + advice_text(ctx, advice_after(ctx, entry, replaces))
    effects: tuple[Effect, ...] = (AddLog(entry),)
    if replaces is not None:
        effects = (RemoveLog(replaces), AddLog(entry))
    logged = Reply(text_out, buttons=buttons, edit=edit)
    if ask_zone and entry.zoneless and not ctx.user.tz_asked:
        asked = logzone.first_ask(ctx, logged)
        return Decision(
            replies=asked.replies,
            conversation=asked.conversation,
            effects=(*effects, *asked.effects),
        )
    return Decision(replies=(logged,), conversation=None, effects=effects)


def on_zone_text(ctx: Ctx) -> Decision:
    """Text while the time zone question is open: a log is logged (the question stays open,
    so an answer after several logs moves them all), anything else is read as the answer."""
    assert isinstance(ctx.event, Text)
    if not reads_as_log(ctx):
        return logzone.on_answer(ctx)
    logged = _read(ctx, ctx.event.text, passthrough=False)
    if logged.conversation is None:
        return replace(logged, conversation=AskingLogZone())
    return logged


def _store(
    ctx: Ctx,
    reading: Reading,
    text: str | None,
    *,
    pain: bool = False,
    edit: bool = False,
    replaces: int | None = None,
    another: bool = False,
) -> Decision:
    """`log_sets` for a whole reading: its sets, day and note."""
    return log_sets(
        ctx,
        reading.sets,
        text,
        note=reading.note,
        day=reading.day,
        pain=pain,
        edit=edit,
        replaces=replaces,
        another=another,
    )


def _logged_text(
    ctx: Ctx, entry: LogEntry, today: date, *, updated: bool, another: bool, answering: bool
) -> str:
    """ "Logged for today: ...", "Logged for yesterday, Sun 22 Nov: ...", "Updated ...";
    after midnight, answering the reminder of the day before: "Logged for Mon 30 Nov, the day
    of your reminder: ..."."""
    sets, day = sets_text(ctx, entry.sets), named_day(ctx, entry.local_date)
    if answering:
        return ctx.t("log.logged_for_reminder", day=day, sets=sets)
    if updated:
        if entry.local_date != today:
            return ctx.t("log.updated_on", day=day, sets=sets)
        return ctx.t("log.updated", sets=sets)
    if entry.local_date == today:
        return ctx.t("log.logged_set" if another else "log.logged", sets=sets)
    if entry.local_date == today - timedelta(days=1):
        return ctx.t("log.logged_yesterday", day=day, sets=sets)
    return ctx.t("log.logged_on", day=day, sets=sets)


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
    """The corrected log replaces the one being edited (or is stored anew if that is gone); a
    lone number ("12") is read as its one reading, one set of that many."""
    assert isinstance(ctx.event, Text)
    state = ctx.user.conversation
    seq = state.seq if isinstance(state, EditingLog) else 0
    result = reps.parse_log(ctx.event.text)
    match result:
        case reps.Parsed():
            reading = _reading(result)
        case reps.Ambiguous(code="lone_number", options=(only,)):
            reading = _reading(only)
        case _:
            return Decision.say(ctx.t("log.edit_unclear"))
    if not any(e.seq == seq for e in ctx.user.logs):
        return _store(ctx, reading, ctx.event.text)
    return _store(ctx, reading, ctx.event.text, replaces=seq)


def _choose(ctx: Ctx, text: str, result: reps.Ambiguous) -> Decision:
    """Ask which reading was meant, saying why; a lone number is a yes/no question."""
    options = tuple(_reading(option) for option in result.options[:MAX_OPTIONS])
    labels = [sets_text(ctx, option.sets)[:60] for option in options]
    rows: tuple[tuple[Button, ...], ...] = tuple(
        (Button(label, LogOption(i).pack()),) for i, label in enumerate(labels)
    )
    no = Button(ctx.t("button.log_done_no"), LogNoneOfThese().pack())
    none = (Button(ctx.t("button.none_of_these"), LogNoneOfThese().pack()),)
    match result.code:
        case "lone_number" if len(options) == 1:
            [only] = options[0].sets
            question = ctx.t("log.confirm_lone", count=only.reps)
            rows = ((Button(ctx.t("button.log_done_yes"), LogOption(0).pack()), no),)
        case code if code in IMPLAUSIBLE:
            why = ctx.t(
                f"log.why.{code}", most=reps.MAX_PLAUSIBLE_REPS, sets=reps.MAX_PLAUSIBLE_SETS
            )
            question = why + " " + ctx.t("log.pick", count=len(options))
            rows += ((no,),) if len(options) == 1 else (none,)
        case "chain_order":
            question = "\n".join([ctx.t("log.which_one"), *(f"• {label}" for label in labels)])
            rows += (none,)
        case _:
            question = ctx.t("log.which")
            rows += (none,)
    return Decision(
        replies=(Reply(question, buttons=rows),),
        conversation=ChoosingReading(text, options),
    )


def on_pick(ctx: Ctx) -> Decision:
    """A reading of an ambiguous log picked, kept with its day and weights as typed; "No" to a
    reading to confirm logs nothing; none of several readings: ask to rephrase. A second press
    on the same question finds no choice open: the "stale button" notice, nothing stored."""
    state = ctx.user.conversation
    if not isinstance(state, ChoosingReading):
        return Decision(notice=ctx.t("stale_button"))
    button = ctx.payload
    if not isinstance(button, LogOption) or button.index >= len(state.options):
        key = "log.declined" if len(state.options) == 1 else "log.rephrase"
        return Decision(replies=(Reply(ctx.t(key), edit=True),), conversation=None)
    return _store(ctx, state.options[button.index], state.text, edit=True)


def _confirm_done(ctx: Ctx) -> Decision:
    """ "done": confirm today's target first; after a log today, ask before adding it again."""
    target = advice(ctx).target
    day = log_date(ctx.user, ctx.now).day  # the reminder's day, answering it after midnight
    logged = tuple(s for e in ctx.user.logs if e.local_date == day for s in e.sets)
    if logged:
        text = ctx.t("log.done_again", logged=short_sets_text(ctx, logged))
        yes = ctx.t("button.log_done_again_yes")
    else:
        text = ctx.t("log.done_confirm", target=target_text(ctx, target))
        yes = ctx.t("button.log_done_yes")
    buttons = (
        (
            Button(yes, LogDoneAnswer("yes").pack()),
            Button(ctx.t("button.log_done_no"), LogDoneAnswer("no").pack()),
        ),
    )
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


def _reading(parsed: reps.Parsed) -> Reading:
    """What a parsed log stores: its sets with the weights as typed, its day and note."""
    sets = tuple(
        LoggedSet(s.reps, s.leg, s.weight_kg, s.weight_as_typed, s.weight_unit) for s in parsed.sets
    )
    return Reading(sets, parsed.day, parsed.note)


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
        # The zone question's answers move logs already stored: open to everyone.
        LogZone: ungated(logzone.on_answer),
    },
    conversations={
        "log_edit": ungated(on_edit_text),  # the correction asked for by Edit
        "log_choose": on_pending_text,
        "log_done": on_pending_text,
        logzone.FLOW_NAME: on_zone_text,  # the time zone question, or the next log
    },
    locations={logzone.FLOW_NAME: ungated(logzone.on_answer)},
    free_text=FreeText(claims=reads_as_log, handler=on_free_text),
    menu=("log",),
)
