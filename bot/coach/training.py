"""Shared training facts for the flows: the user's local day, today's target, how to say sets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import groupby

from bot.coach import plan as plans
from bot.coach.context import Ctx
from bot.coach.entries import weight_as_typed
from bot.coach.progression import Advice, held, next_target
from bot.coach.reps_dates import DayWord
from bot.coach.sessions import LoggedSet, Session, Target, Unit
from bot.coach.state import LogEntry, UserState, sessions_of

UTC_ZONE = plans.zone("UTC")
ANSWERED_UNTIL = time(4)  # a reminder is answered until 04:00 local the morning after its day
MAX_SHORT = 600  # a day's sets said back are cut here: a reply stays far below Telegram's 4096


def user_zone(user: UserState) -> tzinfo:
    """The user's time zone: their plan's, else the one they gave after a log, else UTC."""
    if user.plan:
        return plans.zone(user.plan.plan.tz)
    return plans.zone(user.tz) if user.tz else UTC_ZONE


def zone_known(user: UserState) -> bool:
    """Whether the user's time zone is known (their plan's, or given after a log)."""
    return user.plan is not None or user.tz is not None


def local_today(user: UserState, now: datetime) -> date:
    return now.astimezone(user_zone(user)).date()


def log_date(user: UserState, logged_at: datetime, day: DayWord | None = None) -> LogDate:
    """The date of a log made at `logged_at` (naming `day`, if any): the user's local date,
    or the UTC date marked `zoneless` while their zone is unknown (re-dated by `redated` once
    it is known). A log naming no day, made after midnight while the reminder of the day
    before is still open (`answered_day`), is that reminder's day (`answering`). Every log,
    typed or from a workout, is dated here."""
    today = local_today(user, logged_at)
    answered = answered_day(user, logged_at) if day is None else None
    if answered is not None and answered < today:
        return LogDate(answered, zoneless=False, answering=True)
    return LogDate(day_of(day, today), zoneless=not zone_known(user))


def answered_day(user: UserState, at: datetime) -> date | None:
    """The local day of the reminder an answer at `at` (a log, Skip, a finished workout)
    belongs to, or None: the user's last planned slot reminded of stays open from its slot
    until the earlier of the next planned slot and 04:00 local the morning after its day."""
    state = user.plan
    slot = state.last_sent if state else None
    if state is None or slot is None or at < slot:
        return None
    day = plans.slot_local_date(state.plan, slot)
    until = datetime.combine(day + timedelta(days=1), ANSWERED_UNTIL, plans.zone(state.plan.tz))
    if at >= min(until, plans.next_fire(state.plan, slot)):
        return None
    return day


@dataclass(frozen=True, slots=True)
class LogDate:
    day: date
    zoneless: bool
    answering: bool = False  # dated on the day of the reminder it answers, before today


def redated(user: UserState, tz: str) -> tuple[tuple[LogEntry, date], ...]:
    """Each log dated without a zone with its date in zone `tz`: moved by as many days as its
    local date differs from its UTC date, so a log naming "yesterday" stays the day before."""
    zone = plans.zone(tz)
    moves = []
    for entry in user.logs:
        if entry.zoneless:
            utc_day, local_day = (entry.logged_at.astimezone(z).date() for z in (UTC_ZONE, zone))
            moves.append((entry, entry.local_date + (local_day - utc_day)))
    return tuple(moves)


def day_of(word: DayWord | None, today: date) -> date:
    """The local date a log's day word means: "yesterday" the day before, a weekday (0=Monday)
    the most recent such day within the past week (today's own name is today), else today."""
    if word == "yesterday":
        return today - timedelta(days=1)
    if isinstance(word, int):
        return today - timedelta(days=(today.weekday() - word) % 7)
    return today


def named_day(ctx: Ctx, day: date) -> str:
    """ "Mon 30 Nov"."""
    return f"{ctx.t(f'day.{day.weekday()}')} {day.day} {ctx.t(f'month.{day.month}')}"


def advice(ctx: Ctx) -> Advice:
    """Today's target and the reason for it, from the progression rule."""
    return _coached(ctx, ctx.user.sessions)


def advice_after(ctx: Ctx, entry: LogEntry, replaces: int | None = None) -> Advice:
    """The next session's target once `entry` is stored (and log `replaces` removed)."""
    logs = tuple(log for log in ctx.user.logs if log.seq != replaces) + (entry,)
    return _coached(ctx, sessions_of(logs))


def _coached(ctx: Ctx, sessions: list[Session]) -> Advice:
    """The ladder's target; for a client with a coach, held while a pain rating over 5 or a
    red flag waits for the coach's look, else the target the coach set, if any."""
    prescription = ctx.content.exercise.prescription
    today = local_today(ctx.user, ctx.now)
    ladder = next_target(
        sessions, prescription, today, ctx.user.pain_ratings, worse_mornings(ctx.user)
    )
    coaching = ctx.user.coaching
    if coaching.held_since is not None:
        since = coaching.held_since.astimezone(user_zone(ctx.user)).date()
        return held(ladder, sessions, prescription, since, ctx.user.pain_ratings)
    if coaching.coach_target is not None:
        return Advice(target=coaching.coach_target, reason="coach_target")
    return ladder


def worse_mornings(user: UserState) -> list[date]:
    """The mornings the user said the joint felt worse than before (next-morning checks)."""
    return [day for day, check in user.morning_checks.items() if check.answer == "worse"]


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
        plural = ctx.content.texts.plural
        body = ctx.t(
            "sets.uniform",
            sets=plural("sets.count", len(sets)),
            reps=plural("sets.reps", reps[0]),
        )
    elif legs == {"both"}:
        body = ctx.t("sets.varied", reps=", ".join(str(r) for r in reps))
    else:
        body = ", ".join(ctx.t(f"sets.leg.{s.leg}", reps=s.reps) for s in sets)
    weights = {weight_as_typed(s) for s in sets}
    if weights == {None}:
        return body + ", " + ctx.t("sets.bodyweight")
    if len(weights) == 1:
        amount, unit = next(iter(weights)) or (0.0, "kg")
        return body + " " + ctx.t(f"sets.weight.{unit}", amount=_kg(amount))
    units = {w[1] for w in weights if w is not None}
    if units == {"kg"}:
        listed = ", ".join(_weight(ctx, weight_as_typed(s), unit=False) for s in sets)
        return body + " " + ctx.t("sets.weights", kg=listed)
    listed = ", ".join(_weight(ctx, weight_as_typed(s), unit=True) for s in sets)
    return body + " " + ctx.t("sets.weights_mixed", weights=listed)


def short_sets_text(ctx: Ctx, sets: tuple[LoggedSet, ...]) -> str:
    """A log as the user would type it: "3x10", "2x12 @ 5 lb, 1x10", "left 10, right 9"."""
    parts = []
    for (reps, leg, typed), run in groupby(sets, lambda s: (s.reps, s.leg, weight_as_typed(s))):
        count = len(list(run))
        part = f"{count}x{reps}" if leg == "both" else ctx.t(f"sets.leg.{leg}", reps=reps)
        if typed is not None:
            part += f" @ {_kg(typed[0])} {typed[1]}"
        parts += [part] if leg == "both" else [part] * count
    text = ", ".join(parts)
    return text if len(text) <= MAX_SHORT else text[: MAX_SHORT - 1] + "…"


def _weight(ctx: Ctx, typed: tuple[float, Unit] | None, *, unit: bool) -> str:
    if typed is None:
        return ctx.t("sets.bodyweight")
    return f"{_kg(typed[0])} {typed[1]}" if unit else _kg(typed[0])


def _kg(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
