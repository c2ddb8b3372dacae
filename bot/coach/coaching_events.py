"""What a client's coach is told, derived in one place from the effects of the client's
decision: flows need not know that a coach exists.

    AddLog           "📝 Ann logged 3 sets x 10 reps per leg, bodyweight"
    SaveScreening    the outcome and its restrictions
    RatePain         "pain 6/10"; over 5 it is urgent (🚨)
    RequireRescreen  a red flag (an emergency or an injury): urgent
    CancelSnooze     "Skip today" on a reminder: a skipped session
    MissedSession    a planned day passed with no log (the nudge's tick): a missed session

Each becomes a `NotifyCoach` effect: stored in `coach_events` (for the roster and the card)
and sent to the coach's chat at once, with a Reply button, as a message about the client;
when the coach takes a daily digest, the events that are not urgent are only stored, `held`
for the digest (bot/coach/flows/coaching.py, `on_digest_due`). Urgent ones are always live.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.coach.callbacks import LookedAt
from bot.coach.coaching import Linked
from bot.coach.context import Ctx, Decision
from bot.coach.digest import compact_sets
from bot.coach.flows.coaching import reply_button
from bot.coach.messages import Button, Reply
from bot.coach.progression import PAIN_ACCEPTABLE
from bot.coach.state import (
    AddLog,
    CancelSnooze,
    Effect,
    MissedSession,
    NotifyCoach,
    RatePain,
    RequireRescreen,
    SaveScreening,
)
from bot.coach.training import named_day, sets_text

ALERT_KINDS = frozenset({"pain", "red_flag"})  # urgent ones hold progression until looked at


def with_events(ctx: Ctx, decision: Decision) -> Decision:
    """`decision` with a `NotifyCoach` effect added for each thing the coach is told about."""
    coach = ctx.user.coaching.coach
    if coach is None or not decision.effects:
        return decision
    events = [e for effect in decision.effects if (e := _event(ctx, coach, effect)) is not None]
    if not events:
        return decision
    return replace(decision, effects=decision.effects + tuple(events))


def _event(ctx: Ctx, coach: Linked, effect: Effect) -> NotifyCoach | None:
    name = ctx.user.first_name or ctx.t("coaching.someone")
    match effect:
        case AddLog(entry=entry):
            text = ctx.t("coaching.event.log", client=name, sets=sets_text(ctx, entry.sets))
            detail = {"seq": entry.seq, "sets": compact_sets(entry.sets)}
            return _notify(ctx, coach, "log", detail, False, text)
        case SaveScreening(result=result):
            restrictions = sorted(result.adaptations)
            text = ctx.t(f"coaching.event.screening.{result.outcome}", client=name)
            if restrictions:
                listed = "\n".join(ctx.t(f"adaptation.{a}") for a in restrictions)
                text += "\n" + listed
            detail = {"outcome": result.outcome, "adaptations": restrictions}
            return _notify(ctx, coach, "screening", detail, result.outcome == "doctor", text)
        case RatePain(rating=rating, part=part):
            urgent = rating > PAIN_ACCEPTABLE
            key = "coaching.event.pain.urgent" if urgent else "coaching.event.pain"
            text = ctx.t(key, client=name, rating=rating, part=part or ctx.t("coaching.joint"))
            return _notify(ctx, coach, "pain", {"rating": rating, "part": part}, urgent, text)
        case CancelSnooze(skipped=day) if day is not None:
            text = ctx.t("coaching.event.skipped", client=name, day=named_day(ctx, day))
            return _notify(ctx, coach, "skipped", {"day": day.isoformat()}, False, text)
        case MissedSession(day=day):
            text = ctx.t("coaching.event.missed", client=name, day=named_day(ctx, day))
            return _notify(ctx, coach, "missed", {"day": day.isoformat()}, False, text)
        case RequireRescreen():
            text = ctx.t("coaching.event.red_flag", client=name)
            return _notify(ctx, coach, "red_flag", {}, True, text)
    return None


def _notify(
    ctx: Ctx, coach: Linked, kind: str, detail: Mapping[str, object], urgent: bool, text: str
) -> NotifyCoach:
    """The event; an urgent pain rating or red flag holds the client's progression, so its
    message also carries "Looked at it, carry on"."""
    buttons = [reply_button(ctx, coach.link_id)]
    if urgent and kind in ALERT_KINDS:
        text += "\n" + ctx.t("coaching.event.held")
        buttons.append(Button(ctx.t("button.coach_looked"), LookedAt(coach.link_id).pack()))
    message = Reply(text, buttons=(tuple(buttons),))
    held = ctx.user.coaching.coach_digest and not urgent
    return NotifyCoach(coach.link_id, kind, detail, urgent, message, held)
