"""The time zone asked after the user's first log dated without one, so that every log lands
on the user's local day (a Monday-evening log in Los Angeles is Monday's, though it is Tuesday
in UTC).

Store first, then ask: while the user's zone is unknown (no plan, none given) a log is stored
at once on its UTC date, marked (`LogEntry.zoneless`), and the first such log's
acknowledgement is followed by the question, asked once ("log_zone": `AskingLogZone`). The
answer is a shared location, a city, a country, a zone, an offset or the local time now
(`read_timezone`, as /schedule's zone step reads them), a clock button when a typed time fits
two (`LogZone` `log:tz:<+HHMM>`), or Skip (`log:tz:skip`: the logs stay on UTC dates until a
zone is set by /schedule). A zone given here or by /schedule (`zone_set`) is kept on the user
and moves only the marked logs to their local dates; a later change of zone moves nothing.
"""

from __future__ import annotations

from dataclasses import replace

from bot.coach.callbacks import LogZone
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import AskingLogZone
from bot.coach.countries import NeedsCity
from bot.coach.flows.schedule_zone import offset_word, offset_zone
from bot.coach.messages import Button, Location, Reply, Text
from bot.coach.state import AskedZone, SetZone
from bot.coach.timeparse import (
    TzChoice,
    TzGuess,
    describe_timezone,
    read_timezone,
    timezone_from_location,
)
from bot.coach.training import redated

FLOW_NAME = AskingLogZone.flow
SKIP = "skip"
MOVES_SHOWN = 5  # moved days listed one by one; more are counted


def ask(ctx: Ctx, hint: str) -> Decision:
    """The question again after an answer that gave no zone: one message, with Skip."""
    return Decision(
        replies=(Reply(hint, buttons=(skip_row(ctx),)),),
        conversation=AskingLogZone(),
    )


def skip_row(ctx: Ctx) -> tuple[Button, ...]:
    return (Button(ctx.t("button.zone_skip"), LogZone(SKIP).pack()),)


def first_ask(ctx: Ctx, logged: Reply) -> Decision:
    """The question appended to the acknowledgement of the first log dated without a zone
    (its first line unchanged), with Skip under its buttons; noted as asked, so asked once.
    One message: the location is shared from the attachment menu, as the question says."""
    asked = replace(
        logged,
        text=logged.text + "\n\n" + ctx.t("log.zone_ask"),
        buttons=(*logged.buttons, skip_row(ctx)),
    )
    return Decision(replies=(asked,), conversation=AskingLogZone(), effects=(AskedZone(),))


def zone_set(ctx: Ctx, tz: str) -> tuple[SetZone, tuple[str, ...]]:
    """The user's zone stored, the logs dated without one moved to their local dates, and the
    lines saying what moved ("Moved the log of Tuesday 1 December to Monday 30 November, your local
    day.")."""
    moves = redated(ctx.user, tz)
    pairs: dict[tuple[str, str], int] = {}
    for entry, day in moves:
        if day != entry.local_date:
            key = (ctx.content.texts.date(entry.local_date), ctx.content.texts.date(day))
            pairs[key] = pairs.get(key, 0) + 1
    lines: list[str] = [
        ctx.content.texts.plural("log.zone_moved", count, old=old, new=new)
        for (old, new), count in list(pairs.items())[:MOVES_SHOWN]
    ]
    if len(pairs) > MOVES_SHOWN:
        lines.append(ctx.t("log.zone_moved_more", count=len(pairs) - MOVES_SHOWN))
    effect = SetZone(tz, tuple((entry.seq, day) for entry, day in moves))
    return effect, tuple(lines)


def on_answer(ctx: Ctx) -> Decision:
    """A location, a typed zone, a clock button or Skip: the zone stored and the marked logs
    moved, saying so; an unclear answer asks again (the logs are already stored)."""
    found = _answer(ctx)
    if isinstance(found, Decision):
        return found
    if found == SKIP:
        return Decision(
            replies=(Reply(ctx.t("log.zone_skipped"), remove_keyboard=True),), conversation=None
        )
    effect, moved = zone_set(ctx, found)
    label = describe_timezone(found, ctx.now).label
    text = "\n".join((ctx.t("log.zone_set", tz=label), *moved))
    return Decision(
        replies=(Reply(text, remove_keyboard=True),), conversation=None, effects=(effect,)
    )


def _answer(ctx: Ctx) -> str | Decision:
    """The zone given (or SKIP), or the reply when none is."""
    if not isinstance(ctx.user.conversation, AskingLogZone):
        return Decision(notice=ctx.t("stale_button"))
    match ctx.event:
        case Location(latitude=latitude, longitude=longitude):
            found = timezone_from_location(latitude, longitude)
            return found if found is not None else ask(ctx, ctx.t("schedule.tz_unknown_location"))
        case Text(text=text):
            return _typed(ctx, text)
    button = ctx.payload
    if isinstance(button, LogZone):
        if button.choice == SKIP:
            return SKIP
        return offset_zone(button.choice) or Decision(notice=ctx.t("stale_button"))
    return ask(ctx, ctx.t("log.zone_unclear"))


def _typed(ctx: Ctx, text: str) -> str | Decision:
    content = ctx.content
    match read_timezone(text, ctx.now, content.timezone_aliases, content.country_aliases):
        case TzGuess(tz=tz):
            return tz
        case TzChoice(options=options):
            rows = tuple((Button(o.label, LogZone(offset_word(o.tz)).pack()),) for o in options)
            return Decision(replies=(Reply(ctx.t("schedule.tz_which_clock"), buttons=rows),))
        case NeedsCity(name=name):
            return ask(ctx, ctx.t("schedule.tz_which_city", country=name))
    return ask(ctx, ctx.t("log.zone_unclear"))
