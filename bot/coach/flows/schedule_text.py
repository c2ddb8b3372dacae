"""What the schedule and plan conversations say about a plan: its summary, the next reminders,
and the confirmation with [Confirm] [Change]. Shared by /schedule, /plan and reminders."""

from __future__ import annotations

from datetime import date, datetime

from bot.coach import plan as rules
from bot.coach.callbacks import ScheduleStep
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import ConfirmingPlan
from bot.coach.messages import Button, Reply


def day_name(ctx: Ctx, day: int) -> str:
    """The short name of weekday `day` (0 = Monday)."""
    return ctx.t(f"day.{day}")


def summary(ctx: Ctx, plan: rules.WeeklyPlan) -> str:
    """ "Mon, Wed, Fri at 18:30 (Europe/Berlin)"."""
    days = ", ".join(day_name(ctx, d) for d in sorted(plan.days))
    return ctx.t("plan.summary", days=days, at=plan.at.strftime("%H:%M"), tz=plan.tz)


def upcoming_text(ctx: Ctx, plan: rules.WeeklyPlan, paused_until: date | None = None) -> str:
    """The next three reminders, one per line, in the user's local time."""
    tz = rules.zone(plan.tz)
    lines = []
    for fire in rules.upcoming(plan, ctx.now, 3, paused_until=paused_until):
        lines.append("• " + local_moment(ctx, fire.astimezone(tz)))
    return "\n".join(lines)


def local_moment(ctx: Ctx, local: datetime) -> str:
    day = day_name(ctx, local.weekday())
    month = ctx.t(f"month.{local.month}")
    return f"{day} {local.day} {month}, {local.strftime('%H:%M')}"


def confirm(ctx: Ctx, plan: rules.WeeklyPlan, *, edit: bool) -> Decision:
    return Decision(
        replies=(confirm_reply(ctx, plan, edit=edit),), conversation=ConfirmingPlan(plan)
    )


def confirm_reply(ctx: Ctx, plan: rules.WeeklyPlan, *, edit: bool) -> Reply:
    buttons = (
        (
            Button(ctx.t("button.plan_confirm"), ScheduleStep("ok").pack()),
            Button(ctx.t("button.plan_change"), ScheduleStep("redo").pack()),
        ),
    )
    text = ctx.t("schedule.confirm", summary=summary(ctx, plan), upcoming=upcoming_text(ctx, plan))
    return Reply(text, buttons=buttons, edit=edit)


def with_location(ctx: Ctx, text: str) -> Decision:
    """`text` with the location-sharing keyboard shown again."""
    return Decision(replies=(Reply(text, ask_location=ctx.t("button.share_location")),))
