"""The next-morning check of the pain-monitoring model (Thomee 1997; Silbernagel et al. 2007).

After a day with pain (a rating over 0, or pain reported with a log: bot/coach/flows/redflag.py
schedules it with `schedule_after`), the dispatcher claims the check at 08:00 local on the next
morning (`morning_checks.ask_at`; when, in bot/coach/morning.py) and sends a `MorningDue` tick
(`morning:<yyyymmdd>`). The coach asks how the joint feels compared with before that session:

- Better or the same (`morning:ans:<day>:better`): carry on; the target follows the bands.
- Worse (`morning:ans:<day>:worse`): the target eases back a step (bot/coach/progression.py),
  rest is suggested, and the coach asks again the next morning.
- Worse on two mornings in a row: see a physiotherapist; no more follow-ups.

Each morning is answered once; a second tap gets a notice and changes nothing. The flow has no
gate: the check is about safety, so it reaches a user whose screening does not allow training
(the dispatcher still skips a user who blocked the bot, and an erased user has no checks).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.coach.callbacks import MorningAnswer, MorningDue
from bot.coach.context import Ctx, Decision
from bot.coach.flow import Flow
from bot.coach.messages import Button, Reply
from bot.coach.morning import ask_at, morning_after, pack_day, unpack_day, worse_in_a_row
from bot.coach.state import AnswerMorningCheck, Effect, ScheduleMorningCheck, UserState
from bot.coach.training import advice, advice_text, local_today

FLOW_NAME = "morning"


def schedule_after(ctx: Ctx, part: str | None, about: date | None = None) -> ScheduleMorningCheck:
    """The check on the morning after `about` (default: the user's local today)."""
    day = about or local_today(ctx.user, ctx.now)
    return _check(ctx.user, morning_after(day), day, part)


def _check(user: UserState, morning: date, about: date, part: str | None) -> ScheduleMorningCheck:
    tz = user.plan.plan.tz if user.plan else "UTC"  # no plan yet: UTC (the user's local today)
    return ScheduleMorningCheck(morning, about, part, ask_at(tz, morning))


def on_due(ctx: Ctx) -> Decision:
    """Ask, unless that morning's check is unknown (erased, forged) or already answered."""
    morning = unpack_day(ctx.payload_as(MorningDue).day)
    check = ctx.user.morning_checks.get(morning) if morning else None
    if morning is None or check is None or check.answer is not None:
        return Decision()
    follow_up = (morning - check.about).days > 1  # asked again after a worse morning
    key = "morning.ask_again" if follow_up else "morning.ask"
    part = check.part or ctx.t("morning.part_general")
    day = pack_day(morning)
    buttons = (
        (
            Button(ctx.t("button.morning_better"), MorningAnswer(day, "better").pack()),
            Button(ctx.t("button.morning_worse"), MorningAnswer(day, "worse").pack()),
        ),
    )
    return Decision(replies=(Reply(ctx.t(key, part=part), buttons=buttons),))


def on_answer(ctx: Ctx) -> Decision:
    """Store the answer once and say what it means; a second tap changes nothing."""
    pressed = ctx.payload_as(MorningAnswer)
    morning = unpack_day(pressed.day)
    check = ctx.user.morning_checks.get(morning) if morning else None
    if morning is None or check is None:
        return Decision(notice=ctx.t("stale_button"))
    if check.answer is not None:
        return Decision(notice=ctx.t("morning.answered"))
    effects: list[Effect] = [AnswerMorningCheck(morning, pressed.answer)]
    if pressed.answer == "better":
        text = ctx.t("morning.better", next=advice_text(ctx, advice(ctx)))
    else:
        checks = {**ctx.user.morning_checks, morning: replace(check, answer="worse")}
        answered = replace(ctx, user=replace(ctx.user, morning_checks=checks))
        next_line = advice_text(ctx, advice(answered))  # the target /workout will show
        part = check.part or ctx.t("morning.part_general")
        if worse_in_a_row(ctx.user.morning_checks, morning):
            text = ctx.t("morning.physio", part=part, next=next_line)
        else:
            text = ctx.t("morning.worse", part=part, next=next_line)
            effects.append(_check(ctx.user, morning_after(morning), check.about, check.part))
    return Decision(replies=(Reply(text, edit=True),), effects=tuple(effects))


FLOW = Flow(
    name=FLOW_NAME,
    # No gate: the morning check is about safety, so it reaches a user who may not train
    # (a red flag, a doctor's restriction) as well; only blocked or erased users are skipped.
    buttons={MorningAnswer: on_answer},
    ticks={MorningDue: on_due},
)
