"""/stats and /export: how the weeks went, and the data as CSV (/history: flows/history.py)."""

from __future__ import annotations

import csv
import io
from datetime import date
from itertools import groupby

from bot.coach import stats
from bot.coach.context import Ctx, Decision
from bot.coach.entries import weight_as_typed
from bot.coach.flow import Flow
from bot.coach.messages import ChartData, FileData, Reply
from bot.coach.sessions import Session
from bot.coach.training import local_today, user_zone

CHART_LABELS = (
    "reps_title",
    "reps_axis",
    "bodyweight",
    "weighted",
    "adherence_title",
    "adherence_axis",
    "done",
    "planned",
    "empty",
    "weight",
)


def _planned(ctx: Ctx) -> int | None:
    return len(ctx.user.plan.plan.days) if ctx.user.plan else None


def on_stats(ctx: Ctx) -> Decision:
    sessions = ctx.user.sessions
    today = local_today(ctx.user, ctx.now)
    planned = _planned(ctx)
    plural = ctx.content.texts.plural
    week = stats.this_week(sessions, planned, today)
    streak = stats.weekly_streak(sessions, planned, today)
    total = stats.totals(sessions)
    bests = stats.personal_bests(sessions)
    lines = [
        ctx.t("stats.header"),
        plural("stats.week", week.planned, done=week.done)
        if week.planned
        else plural("stats.week_no_plan", week.done),
        plural("stats.streak" if planned else "stats.streak_no_plan", streak),
        ctx.t(
            "stats.totals",
            sessions=plural("unit.session", total.sessions),
            reps=plural("sets.reps", total.reps_per_leg),
        ),
    ]
    if bests.most_reps_in_a_set:
        lines.append(ctx.t("stats.best_set", reps=plural("sets.reps", bests.most_reps_in_a_set)))
    if bests.most_reps_in_a_session:
        reps = plural("sets.reps", bests.most_reps_in_a_session)
        lines.append(ctx.t("stats.best_session", reps=reps))
    if bests.heaviest_kg:
        lines.append(ctx.t("stats.heaviest", kg=f"{bests.heaviest_kg:g}"))
    chart = _chart(ctx, sessions, planned, today)
    return Decision(replies=(Reply("\n".join(lines), chart=chart),))


def _chart(ctx: Ctx, sessions: list[Session], planned: int | None, today: date) -> ChartData:
    """The chart's data: the weeks from the first session (or the plan's start), planned days
    only from the plan's start week, and each session's reps with its heaviest weight."""
    since = _plan_since(ctx)
    weeks = stats.chart_weeks(sessions, today, since)
    adherence = stats.weekly_adherence(sessions, planned, today, weeks=weeks, plan_since=since)
    first = adherence[0][0]
    return ChartData(
        title=ctx.content.texts.plural("chart.title", weeks),
        labels=tuple((name, ctx.t(f"chart.{name}")) for name in CHART_LABELS),
        sessions=tuple(
            (s.local_date.isoformat(), s.reps_per_leg(), _heaviest(s))
            for s in sessions
            if first <= s.local_date <= today
        ),
        adherence=tuple((w.isoformat(), done, plan) for w, done, plan in adherence),
    )


def _plan_since(ctx: Ctx) -> date | None:
    """The local date the user's plan started, if they have a plan and it says."""
    plan = ctx.user.plan
    if plan is None or plan.since is None:
        return None
    return plan.since.astimezone(user_zone(ctx.user)).date()


def _heaviest(session: Session) -> float | None:
    """The heaviest weight held in a session's sets (kg), None for bodyweight only."""
    return max((s.weight_kg for s in session.sets if s.weight_kg), default=None)


def on_export(ctx: Ctx) -> Decision:
    """One CSV row per set: local date, set (numbered through the day), leg, reps, weight and
    its unit as typed (kg when not typed), the day's feel, the day's highest pain rating (0-10,
    empty if none), and the note of the set's own log (not the whole day's notes, which made
    every row of a busy day carry all of them)."""
    if not ctx.user.logs:
        return Decision.say(ctx.t("history.empty"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["local_date", "set", "leg", "reps", "weight", "unit", "feel", "pain_rating", "note"]
    )
    ratings = ctx.user.pain_ratings
    feels = {session.local_date: session.feel for session in ctx.user.sessions}
    logs = sorted(ctx.user.logs, key=lambda entry: (entry.local_date, entry.seq))
    for day, entries in groupby(logs, lambda entry: entry.local_date):
        rating = ratings.get(day)
        sets = ((logged, entry.note) for entry in entries for logged in entry.sets)
        for number, (logged, note) in enumerate(sets, 1):
            typed = weight_as_typed(logged)
            writer.writerow(
                [
                    day.isoformat(),
                    number,
                    logged.leg,
                    logged.reps,
                    "" if typed is None else f"{typed[0]:g}",
                    "" if typed is None else typed[1],
                    feels[day] or "",
                    "" if rating is None else rating,
                    _safe_cell(note or ""),
                ]
            )
    today = local_today(ctx.user, ctx.now).isoformat()
    file = FileData(f"reverse-lunge-log-{today}.csv", buffer.getvalue())
    return Decision(replies=(Reply(ctx.t("export.caption"), file=file),))


def _safe_cell(text: str) -> str:
    """Keep spreadsheet programs from running a note as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


FLOW = Flow(
    name="progress",
    commands={"stats": on_stats, "export": on_export},
    menu=("stats", "export"),
)
