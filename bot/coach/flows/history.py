"""/history: the recent logs, one compact entry each, under each day's total."""

from __future__ import annotations

from itertools import groupby

from bot.coach.context import Ctx, Decision
from bot.coach.entries import entry_text
from bot.coach.flow import Flow
from bot.coach.state import LogEntry
from bot.coach.training import named_day

HISTORY_DAYS = 10


def on_history(ctx: Ctx) -> Decision:
    """The last days with logs, newest first: each day's total, then its logs in order."""
    if not ctx.user.logs:
        return Decision.say(ctx.t("history.empty"))
    days = _days(ctx.user.logs)[:HISTORY_DAYS]
    lines = [str(ctx.content.texts.plural("history.header", len(days)))]
    number = 0
    for entries in days:
        lines.append(_day_line(ctx, entries))
        for entry in entries:
            number += 1
            lines.append(_entry_line(ctx, entry, number))
    return Decision.say("\n".join(lines))


def _days(logs: tuple[LogEntry, ...]) -> list[list[LogEntry]]:
    """The logs by local date, newest day first, each day's logs in the order they were sent."""
    ordered = sorted(logs, key=lambda entry: (entry.local_date, entry.seq))
    return [list(day) for _, day in groupby(ordered, lambda e: e.local_date)][::-1]


def _day_line(ctx: Ctx, entries: list[LogEntry]) -> str:
    """ "Mon 23 Nov: 52 reps per leg, felt hard"."""
    session = next(s for s in ctx.user.sessions if s.local_date == entries[0].local_date)
    total = ctx.content.texts.plural("history.day_total", session.reps_per_leg())
    line = ctx.t("history.day", day=named_day(ctx, session.local_date), total=total)
    if session.feel:
        line += ", " + ctx.t(f"feel.{session.feel}")
    return line


def _entry_line(ctx: Ctx, entry: LogEntry, number: int) -> str:
    """ "2. 1×12 @2 kg", with a mark when pain was reported with it."""
    line = ctx.t("history.entry", number=number, entry=entry_text(ctx.content.texts, entry.sets))
    if entry.pain:
        line += " " + ctx.t("history.pain")
    return line


FLOW = Flow(
    name="history",
    commands={"history": on_history},
    menu=("history",),
)
