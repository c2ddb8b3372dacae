"""Not today, kindly: "I feel better" asks the one question that held the user back again.

A restriction lifted by feeling well again ("ill today") is not a reason for all 13 questions:
/better (or the "I feel better" button on the outcome, the gate's text or the clearance) asks
that question alone. "No" lifts it, stored with its date; what else is still in force is named,
or training is open. "Yes" (or doubt, which counts as yes) keeps it.
Buttons: `FeelBetter` (`bet:<question id>:ask|y|n`).
"""

from __future__ import annotations

from bot.coach import screening as rules
from bot.coach.callbacks import FeelBetter
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import AskingAgain
from bot.coach.flow import Flow
from bot.coach.flows.screening import NO, UNSURE, YES, held_lines, normalized
from bot.coach.messages import Button, Reply, Text
from bot.coach.state import LiftRestriction

FLOW_NAME = "better"


def on_better(ctx: Ctx) -> Decision:
    return _ask(ctx, edit=False)


def on_press(ctx: Ctx) -> Decision:
    button = ctx.payload_as(FeelBetter)
    if button.choice == "ask":
        return _ask(ctx, edit=False)
    if button.question not in _waiting(ctx):
        return Decision(notice=ctx.t("better.not_needed"), conversation=None)
    return _answered(ctx, button.question, yes=button.choice == "y", edit=True)


def on_text(ctx: Ctx) -> Decision:
    assert isinstance(ctx.event, Text)
    state = ctx.user.conversation
    assert isinstance(state, AskingAgain)
    if state.question not in _waiting(ctx):
        return Decision.say(ctx.t("better.not_needed"), conversation=None)
    word = normalized(ctx.event.text)
    if word in NO:
        return _answered(ctx, state.question, yes=False, edit=False)
    if word in YES or word in UNSURE:
        return _answered(ctx, state.question, yes=True, edit=False)
    return _ask(ctx, edit=False)


def _waiting(ctx: Ctx) -> list[str]:
    """The questions whose restriction in force lifts when the user feels well again."""
    return [r.question for r in ctx.access.restrictions if r.lifted_by == "feeling_better"]


def _ask(ctx: Ctx, *, edit: bool) -> Decision:
    waiting = _waiting(ctx)
    if not waiting:
        return Decision.say(ctx.t("better.not_needed"), conversation=None)
    question = next((q for q in ctx.content.screening.questions if q.id == waiting[0]), None)
    if question is None:  # a stored outcome no current question explains
        return Decision.say(ctx.t("better.rescreen"), conversation=None)
    row = (
        Button(ctx.t("button.yes"), FeelBetter(question.id, "y").pack()),
        Button(ctx.t("button.no"), FeelBetter(question.id, "n").pack()),
    )
    reply = Reply(ctx.t("better.ask", question=question.text), buttons=(row,), edit=edit)
    return Decision(replies=(reply,), conversation=AskingAgain(question.id))


def _answered(ctx: Ctx, question: str, *, yes: bool, edit: bool) -> Decision:
    if yes:
        return Decision(replies=(Reply(ctx.t("better.still_ill"), edit=edit),), conversation=None)
    assert ctx.user.screening is not None  # a restriction is in force: there is a screening
    after = ctx.access_of(rules.feel_better(ctx.user.screening, question, ctx.now))
    parts = [ctx.t("better.lifted")]
    if after.restrictions:
        parts.append("\n".join((ctx.t("better.still_held"), *held_lines(ctx, after.restrictions))))
    elif after.may_train:
        parts.append(ctx.t("better.train"))
    return Decision(
        replies=(Reply("\n\n".join(parts), edit=edit),),
        conversation=None,
        effects=(LiftRestriction(question),),
    )


FLOW = Flow(
    name=FLOW_NAME,
    commands={"better": on_better},
    buttons={FeelBetter: on_press},
    conversations={FLOW_NAME: on_text},
)
