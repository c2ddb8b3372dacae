"""Which reminder slot is due, after any downtime. Pure: the dispatcher passes the time in.

Downtime policy: a slot missed by less than `plan.MISSED_GRACE` (2 hours) is sent once, late;
an older one is skipped and the plan moves on to its next slot. Slots are never sent twice:
the next slot is always strictly after `now`, and each (user, slot) is recorded once.
"""

from __future__ import annotations

from datetime import datetime

from bot.coach.plan import MISSED_GRACE, catch_up, next_fire
from bot.coach.state import PAUSED_INDEFINITELY, PlanState


def due_slot(
    state: PlanState, scheduled: datetime, now: datetime
) -> tuple[datetime | None, datetime | None]:
    """(the slot to remind about now, or None; the next slot to schedule, or None)."""
    paused = state.paused_until
    if paused == PAUSED_INDEFINITELY:
        return None, None
    send, following = catch_up(state.plan, scheduled, now, paused_until=paused)
    if not send:
        return None, following
    if now - scheduled < MISSED_GRACE:
        return scheduled, following
    return next_fire(state.plan, now - MISSED_GRACE, paused_until=paused), following
