"""What a coach does for a client, from the client's card or a client's urgent event:

    LookedAt          "Looked at it, carry on": the pain or red flag was seen; progression resumes
    SetClientTarget   SettingTarget: the coach types "3x8 @4 kg", in place of the ladder
    ClearClientTarget the ladder again
    PauseClient / ResumeClient   hold or bring back the client's reminders
    /broadcast <text> one message to every client (each relayed and stored, paced by the outbox)

Each names the link; a link that is not the coach's active link (forged, another coach's,
ended) gets the "no longer linked" notice and changes nothing. The client is told of each
change. A coach lifts no screening restriction: "see a doctor first" and "screen again" stay
until the client clears them (a coach is not a doctor), and the texts say so.
"""

from __future__ import annotations

import re

from bot.coach import plan as rules
from bot.coach.callbacks import (
    ClearClientTarget,
    LookedAt,
    PauseClient,
    ResumeClient,
    SetClientTarget,
)
from bot.coach.coaching import Linked
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import SettingTarget
from bot.coach.flow import Flow
from bot.coach.messages import Command, Reply, Text
from bot.coach.sessions import Target
from bot.coach.state import (
    PAUSED_INDEFINITELY,
    ClientCard,
    CoachLooked,
    CoachPausePlan,
    CoachSetTarget,
    SendToClient,
)
from bot.coach.training import target_text

FLOW_NAME = "coach_actions"
MAX_SETS, MAX_REPS, MAX_KG = 10, 50, 100.0
_TARGET = re.compile(
    r"\s*(\d{1,2})\s*[x×*]\s*(\d{1,3})"
    r"(?:\s*(?:@|with)?\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:kg)?)?\s*",
    re.IGNORECASE,
)


def _client(ctx: Ctx, link: int) -> tuple[Linked, ClientCard] | None:
    """The coach's client on the active `link` and their card, or None (the boundary: the
    card is loaded only for the coach's own active link)."""
    linked = ctx.user.coaching.client(link)
    card = ctx.user.client_card
    if linked is None or card is None or card.linked.link_id != link:
        return None
    return linked, card


def _coach(ctx: Ctx) -> str:
    return ctx.user.first_name or ctx.t("coaching.your_coach")


def _still_restricted(ctx: Ctx, card: ClientCard) -> str | None:
    """What holds the client back that only they can lift (a coach is not a doctor)."""
    access = ctx.with_user(card.client).access
    if access.may_train:
        return None
    return ctx.t(f"card.gate.{access.gate.value}")


# --- "Looked at it, carry on" ---------------------------------------------------------------


def on_looked(ctx: Ctx) -> Decision:
    found = _client(ctx, ctx.payload_as(LookedAt).link)
    if found is None:
        return Decision(notice=ctx.t("coaching.not_linked"))
    linked, card = found
    if card.facts.unseen_alert is None:
        return Decision(notice=ctx.t("coach.looked.already", client=linked.name))
    text = ctx.t("coach.looked", client=linked.name)
    restricted = _still_restricted(ctx, card)
    if restricted:
        text += "\n" + ctx.t("coach.not_a_doctor", client=linked.name, restriction=restricted)
    told = Reply(ctx.t("coach.looked.client", coach=_coach(ctx)))
    return Decision(
        replies=(Reply(text),),
        effects=(CoachLooked(linked.link_id, told),),
    )


# --- the coach's target ---------------------------------------------------------------------


def on_set_target(ctx: Ctx) -> Decision:
    found = _client(ctx, ctx.payload_as(SetClientTarget).link)
    if found is None:
        return Decision(notice=ctx.t("coaching.not_linked"))
    linked, _ = found
    return Decision(
        replies=(Reply(ctx.t("coach.target.ask", client=linked.name)),),
        conversation=SettingTarget(linked.link_id),
    )


def parse_target(text: str) -> Target | None:
    """ "3x8", "3 x 8 @ 4 kg", "3×8 4kg" -> a target within bounds, else None."""
    match = _TARGET.fullmatch(text)
    if match is None:
        return None
    sets, reps = int(match[1]), int(match[2])
    kg = float(match[3].replace(",", ".")) if match[3] else None
    if not (0 < sets <= MAX_SETS and 0 < reps <= MAX_REPS) or (kg is not None and kg > MAX_KG):
        return None
    return Target(sets=sets, reps=reps, weight_kg=kg or None)


def on_target_text(ctx: Ctx) -> Decision:
    assert isinstance(ctx.event, Text)
    setting = ctx.user.conversation
    assert isinstance(setting, SettingTarget)
    linked = ctx.user.coaching.client(setting.link_id)
    if linked is None:
        return Decision.say(ctx.t("coaching.not_linked"), conversation=None)
    target = parse_target(ctx.event.text)
    if target is None:
        return Decision.say(ctx.t("coach.target.again"))
    shown = target_text(ctx, target)
    told = Reply(ctx.t("coach.target.client", coach=_coach(ctx), target=shown))
    return Decision(
        replies=(Reply(ctx.t("coach.target.set", client=linked.name, target=shown)),),
        conversation=None,
        effects=(CoachSetTarget(linked.link_id, target, told),),
    )


def on_clear_target(ctx: Ctx) -> Decision:
    found = _client(ctx, ctx.payload_as(ClearClientTarget).link)
    if found is None:
        return Decision(notice=ctx.t("coaching.not_linked"))
    linked, _ = found
    told = Reply(ctx.t("coach.target.cleared.client", coach=_coach(ctx)))
    return Decision(
        replies=(Reply(ctx.t("coach.target.cleared", client=linked.name)),),
        effects=(CoachSetTarget(linked.link_id, None, told),),
    )


# --- pause and resume -----------------------------------------------------------------------


def on_pause(ctx: Ctx) -> Decision:
    found = _client(ctx, ctx.payload_as(PauseClient).link)
    if found is None:
        return Decision(notice=ctx.t("coaching.not_linked"))
    linked, card = found
    state = card.client.plan
    if state is None or state.paused:
        return Decision(notice=ctx.t("coach.plan.unchanged"))
    told = Reply(ctx.t("coach.paused.client", coach=_coach(ctx)))
    return Decision(
        replies=(Reply(ctx.t("coach.paused", client=linked.name)),),
        effects=(CoachPausePlan(linked.link_id, PAUSED_INDEFINITELY, None, told),),
    )


def on_resume(ctx: Ctx) -> Decision:
    found = _client(ctx, ctx.payload_as(ResumeClient).link)
    if found is None:
        return Decision(notice=ctx.t("coaching.not_linked"))
    linked, card = found
    state = card.client.plan
    if state is None or not state.paused:
        return Decision(notice=ctx.t("coach.plan.unchanged"))
    told = Reply(ctx.t("coach.resumed.client", coach=_coach(ctx)))
    next_fire = rules.next_fire(state.plan, ctx.now)
    text = ctx.t("coach.resumed", client=linked.name)
    restricted = _still_restricted(ctx, card)
    if restricted:
        text += "\n" + ctx.t("coach.not_a_doctor", client=linked.name, restriction=restricted)
    return Decision(
        replies=(Reply(text),),
        effects=(CoachPausePlan(linked.link_id, None, next_fire, told),),
    )


# --- /broadcast -----------------------------------------------------------------------------


def on_broadcast(ctx: Ctx) -> Decision:
    """/broadcast <text>: the text to every client, each relayed and stored like a Reply."""
    assert isinstance(ctx.event, Command)
    coaching = ctx.user.coaching
    if not coaching.is_coach:
        return Decision.say(ctx.t("roster.not_coach"))
    text = ctx.event.args.strip()
    if not text:
        return Decision.say(ctx.t("coach.broadcast.usage"))
    if not coaching.clients:
        return Decision.say(ctx.t("roster.empty"))
    message = Reply(ctx.t("coaching.from_coach", coach=_coach(ctx), text=text))
    count = ctx.content.texts.plural("coaching.clients", len(coaching.clients))
    return Decision.say(
        ctx.t("coach.broadcast.sent", clients=count),
        effects=tuple(SendToClient(c.link_id, text, message) for c in coaching.clients),
    )


FLOW = Flow(
    name=FLOW_NAME,
    commands={"broadcast": on_broadcast},
    buttons={
        LookedAt: on_looked,
        SetClientTarget: on_set_target,
        ClearClientTarget: on_clear_target,
        PauseClient: on_pause,
        ResumeClient: on_resume,
    },
    conversations={SettingTarget.flow: on_target_text},
    menu=("broadcast",),
)
