"""Shared training facts for the flows: the user's local day, today's target, how to say sets."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from bot.coach import plan as plans
from bot.coach.context import Ctx
from bot.coach.progression import Advice, next_target
from bot.coach.sessions import LoggedSet, Target
from bot.coach.state import LogEntry, UserState, sessions_of

UTC_ZONE = plans.zone("UTC")


def user_zone(user: UserState) -> tzinfo:
    """The user's time zone: their plan's, or UTC before they have a plan."""
    return plans.zone(user.plan.plan.tz) if user.plan else UTC_ZONE


def local_today(user: UserState, now: datetime) -> date:
    return now.astimezone(user_zone(user)).date()


def advice(ctx: Ctx) -> Advice:
    """Today's target and the reason for it, from the progression rule."""
    prescription = ctx.content.exercise.prescription
    today = local_today(ctx.user, ctx.now)
    return next_target(ctx.user.sessions, prescription, today, ctx.user.pain_ratings)


def advice_after(ctx: Ctx, entry: LogEntry, replaces: int | None = None) -> Advice:
    """The next session's target once `entry` is stored (and log `replaces` removed)."""
    logs = tuple(log for log in ctx.user.logs if log.seq != replaces) + (entry,)
    prescription = ctx.content.exercise.prescription
    today = local_today(ctx.user, ctx.now)
    return next_target(sessions_of(logs), prescription, today, ctx.user.pain_ratings)


def advice_text(ctx: Ctx, given: Advice, key: str = "progress.next") -> str:
    """The target and, in plain words, why it is what it is (the progression rule)."""
    why = ctx.t(f"progress.reason.{given.reason}")
    return ctx.t(key, target=target_text(ctx, given.target), why=why)


def target_text(ctx: Ctx, target: Target) -> str:
    """ "3 x 10 per leg" or "3 x 10 per leg with 2 kg in each hand"."""
    text = ctx.t("target", sets=target.sets, reps=target.reps)
    if target.weight_kg:
        text += " " + ctx.t("target.weight", kg=_kg(target.weight_kg))
    return text


def sets_text(ctx: Ctx, sets: tuple[LoggedSet, ...]) -> str:
    """How a log reads back: "3 sets x 10 reps per leg, bodyweight"."""
    reps = [s.reps for s in sets]
    legs = {s.leg for s in sets}
    if legs == {"both"} and len(set(reps)) == 1:
        body = ctx.t("sets.uniform", sets=len(sets), reps=reps[0], s="" if len(sets) == 1 else "s")
    elif legs == {"both"}:
        body = ctx.t("sets.varied", reps=", ".join(str(r) for r in reps))
    else:
        body = ", ".join(ctx.t(f"sets.leg.{s.leg}", reps=s.reps) for s in sets)
    weights = {s.weight_kg for s in sets}
    if weights == {None}:
        return body + ", " + ctx.t("sets.bodyweight")
    if len(weights) == 1:
        only = next(iter(weights))
        return body + " " + ctx.t("target.weight", kg=_kg(only or 0))
    listed = ", ".join(
        _kg(w) if w else ctx.t("sets.bodyweight") for w in (s.weight_kg for s in sets)
    )
    return body + " " + ctx.t("sets.weights", kg=listed)


def _kg(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
