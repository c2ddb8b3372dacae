"""/admin: aggregate counts for the operators in ADMIN_USER_IDS; to anyone else, unknown."""

from __future__ import annotations

from bot.coach.context import Ctx, Decision
from bot.coach.flow import Flow


def on_admin(ctx: Ctx) -> Decision:
    stats = ctx.user.admin_stats
    if not ctx.user.is_admin or stats is None:
        return Decision.say(ctx.t("unknown_command"))
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(stats.outcomes.items())) or "-"
    reminders = ", ".join(f"{k} {v}" for k, v in sorted(stats.reminders_24h.items())) or "-"
    text = ctx.t(
        "admin.stats",
        users=stats.users,
        active=stats.active_7d,
        blocked=stats.blocked,
        outcomes=outcomes,
        reminders=reminders,
        logs=stats.logs_7d,
    )
    return Decision.say(text)


FLOW = Flow(name="admin", commands={"admin": on_admin})
