"""A coach's daily digest: one message per client summing up the events held since the last
one ("Ann — today: 2 logs (3×10, 10 10 8), 1 skipped session"), none when nothing happened.

The dispatcher (bot/dispatch.py) claims a due `coaches.digest_at` and sends the coach's engine
a `DigestDue` tick (`co:digest:<unix>`); the held events come in the coach's view (only those
of active links). Each message is a `SendDigest` effect: about the client (a thread, with the
Reply button, to the client's topic in an inbox group), releasing the events it sums up. Open to
everyone: a coach needs no screening.
"""

from __future__ import annotations

from bot.coach import digest
from bot.coach.callbacks import DigestDue
from bot.coach.coaching import HeldEvent
from bot.coach.context import Ctx, Decision
from bot.coach.flow import Flow
from bot.coach.flows.coaching import reply_button
from bot.coach.messages import Reply
from bot.coach.state import Effect, SendDigest


def on_digest_due(ctx: Ctx) -> Decision:
    """The daily digest: one message per client with held events, none when nothing happened."""
    held: dict[int, list[HeldEvent]] = {}
    for event in ctx.user.coaching.held:
        held.setdefault(event.link_id, []).append(event)
    effects: list[Effect] = []
    for client in ctx.user.coaching.clients:
        events = held.get(client.link_id)
        if events:
            text = ctx.t("coaching.digest", client=client.name, parts=_digest_parts(ctx, events))
            message = Reply(text, buttons=((reply_button(ctx, client.link_id),),))
            effects.append(SendDigest(client.link_id, events[-1].event_id, message))
    return Decision(effects=tuple(effects))


def _digest_parts(ctx: Ctx, events: list[HeldEvent]) -> str:
    """ "2 logs (3×10, 10 10 8), 1 skipped session" """
    plural = ctx.content.texts.plural
    parts: list[str] = []
    for kind, count in digest.counts([e.kind for e in events]).items():
        of_kind = [e.detail for e in events if e.kind == kind]
        if kind == "log":
            sets = ", ".join(str(d.get("sets", "?")) for d in of_kind)
            parts.append(plural("coaching.digest.logs", count, sets=sets))
        elif kind == "pain":
            ratings = ", ".join(f"{d.get('rating')}/10" for d in of_kind)
            parts.append(plural("coaching.digest.pain", count, ratings=ratings))
        elif kind == "screening":
            outcome = of_kind[-1].get("outcome")
            parts.append(ctx.t(f"coaching.digest.screening.{outcome}"))
        else:
            parts.append(plural(f"coaching.digest.{kind}", count))
    return ", ".join(parts)


FLOW = Flow(name="digest", ticks={DigestDue: on_digest_due})
