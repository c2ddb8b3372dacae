"""The time zone step of /schedule: a shared location, a city, a country, an offset or the local
time now (`read_timezone`), a choice of clocks when a typed time fits two, or the earlier zone."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.coach import plan as rules
from bot.coach.callbacks import ScheduleStep, ScheduleZone
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import PickingZone, ScheduleState
from bot.coach.countries import NeedsCity
from bot.coach.flows.numbers import whole_number
from bot.coach.flows.schedule_text import confirm, with_location
from bot.coach.messages import Button, Reply
from bot.coach.timeparse import TzChoice, TzGuess, describe_timezone, read_timezone


def ask_zone(ctx: Ctx, state: PickingZone) -> Decision:
    ask = Reply(ctx.t("schedule.pick_tz"), ask_location=ctx.t("button.share_location"))
    replies = [ask]
    known = earlier_zone(ctx)
    if known is not None:
        label = ctx.t("button.keep_tz", tz=known)
        keep = Button(label, ScheduleStep("tzkeep").pack())
        replies.append(Reply(ctx.t("schedule.or_keep_tz"), buttons=((keep,),)))
    return Decision(replies=tuple(replies), conversation=state)


def earlier_zone(ctx: Ctx) -> str | None:
    """The zone the user gave before: their plan's, or the one asked with their first log."""
    return ctx.user.plan.plan.tz if ctx.user.plan is not None else ctx.user.tz


def keep_zone(ctx: Ctx, state: ScheduleState) -> Decision:
    known = earlier_zone(ctx)
    if known is None or not isinstance(state, PickingZone):
        return Decision(notice=ctx.t("stale_button"))
    return zone_chosen(ctx, state, known)


def typed_zone(ctx: Ctx, state: PickingZone, text: str) -> Decision:
    """A city, country, zone, offset or the local time now (`read_timezone`)."""
    content = ctx.content
    found = read_timezone(text, ctx.now, content.timezone_aliases, content.country_aliases)
    match found:
        case TzGuess(tz=tz):
            return zone_chosen(ctx, state, tz)
        case TzChoice(options=options):
            rows = tuple(
                (Button(o.label, ScheduleZone(offset_word(o.tz)).pack()),) for o in options
            )
            return Decision(replies=(Reply(ctx.t("schedule.tz_which_clock"), buttons=rows),))
        case NeedsCity(name=name):
            return with_location(ctx, ctx.t("schedule.tz_which_city", country=name))
    return with_location(ctx, ctx.t("schedule.tz_unclear"))


def picked_zone(ctx: Ctx, state: ScheduleState, word: str) -> Decision:
    """`word` is the button's "+HHMM" or "-HHMM", checked here (the codec reads any word)."""
    tz = offset_zone(word)
    if not isinstance(state, PickingZone) or tz is None:
        return Decision(notice=ctx.t("stale_button"))
    return zone_chosen(ctx, state, tz)


def offset_zone(word: str) -> str | None:
    """A clock button's "+HHMM" or "-HHMM" as a fixed-offset zone name, or None if not one."""
    hours, minutes = whole_number(word[1:3], most=14), whole_number(word[3:], most=59)
    if len(word) != 5 or word[0] not in "+-" or hours is None or minutes is None:
        return None
    offset = timedelta(hours=hours, minutes=minutes) * (-1 if word[0] == "-" else 1)
    try:
        return rules.fixed_offset_name(offset)
    except ValueError:
        return None


def offset_word(tz: str) -> str:
    """ "UTC-01:00" -> "-0100", "UTC" -> "+0000": a fixed offset as button data."""
    return tz.removeprefix("UTC").replace(":", "") or "+0000"


def zone_chosen(ctx: Ctx, state: PickingZone, tz: str) -> Decision:
    label = describe_timezone(tz, ctx.now).label
    hide = Reply(ctx.t("schedule.tz_set", tz=label), remove_keyboard=True)
    confirmed = confirm(ctx, rules.WeeklyPlan(state.days, state.at, tz), edit=False)
    return replace(confirmed, replies=(hide, *confirmed.replies))
