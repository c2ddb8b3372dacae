"""/history: the logs, one compact entry each under its day's total, a page at a time; each
entry with Edit and Delete buttons; /undo removes the last log.

Buttons (bot/coach/callbacks.py): `HistoryPage` (`hist:p:<page>`: Older / Newer), `LogEdit`
(the logbook's Edit: its conversation asks for the corrected log), `LogDelete`
(`log:del:<seq>`: asks first), answered by `LogUndo` (the logbook's Undo) or `LogKeep`.

Everything here is open to everyone (no gate): a pain report or an expired screening never
locks a mistake in. A page holds PAGE_LOGS logs, so a year of dozens of logs a day still fits
Telegram's limits (4096 characters, 100 buttons); a long entry is cut at MAX_ENTRY characters.
"""

from __future__ import annotations

from itertools import groupby

from bot.coach.callbacks import HistoryPage, LogDelete, LogEdit, LogKeep, LogUndo
from bot.coach.context import Ctx, Decision
from bot.coach.entries import entry_text
from bot.coach.flow import Flow
from bot.coach.messages import Button, Reply
from bot.coach.state import LogEntry, RemoveLog
from bot.coach.training import named_day, sets_text

PAGE_LOGS = 8
LOGS_PER_ROW = 2  # two logs' Edit and Delete buttons in a row
MAX_ENTRY = 300

Rows = tuple[tuple[Button, ...], ...]


def on_history(ctx: Ctx) -> Decision:
    """The newest page of logs."""
    if not ctx.user.logs:
        return Decision.say(ctx.t("history.empty"))
    return Decision(replies=(_page(ctx, 0, edit=False),))


def on_page(ctx: Ctx) -> Decision:
    """Older / Newer: that page, in place of the one shown (the last page if there are fewer)."""
    if not ctx.user.logs:
        return Decision(replies=(Reply(ctx.t("history.empty"), edit=True),))
    return Decision(replies=(_page(ctx, ctx.payload_as(HistoryPage).page, edit=True),))


def _page(ctx: Ctx, page: int, *, edit: bool) -> Reply:
    newest_first = sorted(ctx.user.logs, key=lambda e: (e.local_date, e.seq), reverse=True)
    pages = -(-len(newest_first) // PAGE_LOGS)
    page = min(max(page, 0), pages - 1)
    shown = newest_first[page * PAGE_LOGS : (page + 1) * PAGE_LOGS]
    days = len({entry.local_date for entry in newest_first})
    header = str(ctx.content.texts.plural("history.header", days))
    if pages > 1:
        header += " " + ctx.t("history.page", page=page + 1, pages=pages)
    lines, entries = [header], []
    for day, logs in groupby(shown, lambda e: e.local_date):
        lines.append(_day_line(ctx, day))
        for entry in sorted(logs, key=lambda e: e.seq):
            entries.append(entry)
            lines.append(_entry_line(ctx, entry, len(entries)))
    return Reply("\n".join(lines), buttons=_buttons(ctx, entries, page, pages), edit=edit)


def _day_line(ctx: Ctx, day: object) -> str:
    """ "Mon 23 Nov: 52 reps per leg, felt hard" (the whole day, also when a page splits it)."""
    session = next(s for s in ctx.user.sessions if s.local_date == day)
    total = ctx.content.texts.plural("history.day_total", session.reps_per_leg())
    line = ctx.t("history.day", day=named_day(ctx, session.local_date), total=total)
    if session.feel:
        line += ", " + ctx.t(f"feel.{session.feel}")
    return line


def _entry_line(ctx: Ctx, entry: LogEntry, number: int) -> str:
    """ "2. 1×12 @2 kg", with a mark when pain was reported with it."""
    text = entry_text(ctx.content.texts, entry.sets)
    if len(text) > MAX_ENTRY:
        text = text[: MAX_ENTRY - 1] + "…"
    line = ctx.t("history.entry", number=number, entry=text)
    if entry.pain:
        line += " " + ctx.t("history.pain")
    return line


def _buttons(ctx: Ctx, entries: list[LogEntry], page: int, pages: int) -> Rows:
    """Edit and Delete for each numbered entry; Older and Newer when there are other pages."""
    per_log = [
        (
            Button(ctx.t("button.history_edit", number=n), LogEdit(e.seq).pack()),
            Button(ctx.t("button.history_delete", number=n), LogDelete(e.seq).pack()),
        )
        for n, e in enumerate(entries, 1)
    ]
    rows = [
        tuple(b for pair in per_log[i : i + LOGS_PER_ROW] for b in pair)
        for i in range(0, len(per_log), LOGS_PER_ROW)
    ]
    nav = []
    if page + 1 < pages:
        nav.append(Button(ctx.t("button.history_older"), HistoryPage(page + 1).pack()))
    if page > 0:
        nav.append(Button(ctx.t("button.history_newer"), HistoryPage(page - 1).pack()))
    return (*rows, tuple(nav)) if nav else tuple(rows)


def on_delete(ctx: Ctx) -> Decision:
    """Delete from /history: ask first, naming the log (stale if it is gone)."""
    seq = ctx.payload_as(LogDelete).seq
    entry = next((e for e in ctx.user.logs if e.seq == seq), None)
    if entry is None:
        return Decision(notice=ctx.t("stale_button"))
    text = ctx.t(
        "history.delete_confirm",
        day=named_day(ctx, entry.local_date),
        sets=sets_text(ctx, entry.sets),
    )
    buttons = (
        (
            Button(ctx.t("button.history_delete_yes"), LogUndo(seq).pack()),
            Button(ctx.t("button.history_keep"), LogKeep().pack()),
        ),
    )
    return Decision(replies=(Reply(text, buttons=buttons),))


def on_keep(ctx: Ctx) -> Decision:
    """ "Keep it": the question closes, nothing changes."""
    return Decision(replies=(Reply(ctx.t("history.kept"), edit=True),))


def on_undo(ctx: Ctx) -> Decision:
    """/undo: remove the log sent last (the highest number still stored)."""
    if not ctx.user.logs:
        return Decision.say(ctx.t("history.nothing_to_undo"))
    last = max(ctx.user.logs, key=lambda e: e.seq)
    day = named_day(ctx, last.local_date)
    text = ctx.t("history.undone", day=day, sets=sets_text(ctx, last.sets))
    return Decision(replies=(Reply(text),), effects=(RemoveLog(last.seq),))


FLOW = Flow(
    name="history",
    commands={"history": on_history, "undo": on_undo},
    buttons={HistoryPage: on_page, LogDelete: on_delete, LogKeep: on_keep},
    menu=("history", "undo"),
)
