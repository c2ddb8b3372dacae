"""A "see a doctor first" user confirms that a doctor or physiotherapist cleared them.

The confirmation is stored with its date; from then on the user plays the modified plan.
Buttons: `ClearanceChoice` (`doc:ask|yes|no`).
"""

from __future__ import annotations

from bot.coach.callbacks import ClearanceChoice
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import AskingClearance
from bot.coach.flow import Flow
from bot.coach.flows.screening import NO, YES
from bot.coach.messages import Button, Reply, Text
from bot.coach.screening import Gate
from bot.coach.state import ConfirmDoctorClearance

FLOW_NAME = "doctor_clearance"


def ask(ctx: Ctx, *, edit: bool = False) -> Decision:
    if ctx.access.gate is not Gate.DOCTOR:
        return Decision(notice=ctx.t("clearance.not_needed"))
    buttons = (
        (
            Button(ctx.t("button.clearance_yes"), ClearanceChoice("yes").pack()),
            Button(ctx.t("button.clearance_no"), ClearanceChoice("no").pack()),
        ),
    )
    return Decision(
        replies=(Reply(ctx.t("clearance.question"), buttons=buttons, edit=edit),),
        conversation=AskingClearance(),
    )


def on_press(ctx: Ctx) -> Decision:
    choice = ctx.payload_as(ClearanceChoice).choice
    if choice == "ask":
        return ask(ctx)
    if ctx.access.gate is not Gate.DOCTOR:
        return Decision(notice=ctx.t("clearance.not_needed"), conversation=None)
    if choice == "yes":
        return _confirmed(ctx, edit=True)
    return Decision(replies=(Reply(ctx.t("clearance.not_yet"), edit=True),), conversation=None)


def on_text(ctx: Ctx) -> Decision:
    assert isinstance(ctx.event, Text)
    word = ctx.event.text.strip().lower().rstrip(".!? ")
    if ctx.access.gate is not Gate.DOCTOR:
        return Decision.say(ctx.t("clearance.not_needed"), conversation=None)
    if word in YES:
        return _confirmed(ctx, edit=False)
    if word in NO:
        return Decision.say(ctx.t("clearance.not_yet"), conversation=None)
    return ask(ctx)


def on_cleared(ctx: Ctx) -> Decision:
    if ctx.access.gate is not Gate.DOCTOR:
        return Decision.say(ctx.t("clearance.not_needed"))
    return ask(ctx)


def _confirmed(ctx: Ctx, *, edit: bool) -> Decision:
    return Decision(
        replies=(Reply(ctx.t("clearance.confirmed"), edit=edit),),
        conversation=None,
        effects=(ConfirmDoctorClearance(),),
    )


FLOW = Flow(
    name=FLOW_NAME,
    commands={"cleared": on_cleared},
    buttons={ClearanceChoice: on_press},
    conversations={FLOW_NAME: on_text},
)
