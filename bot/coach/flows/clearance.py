"""A "see a doctor first" user confirms that a doctor or physiotherapist cleared them.

The confirmation is stored with its date. It lifts only the restrictions a doctor lifts: when
another is still in force (ill today), the reply names it and what lifts it; otherwise training
is open the same day, on the gentle plan. A "see a doctor first" user can also get a summary of
their answers to show the doctor (/summary, `DoctorSummary`).
Buttons: `ClearanceChoice` (`doc:ask|yes|no`), `DoctorSummary` (`sum:show`).
"""

from __future__ import annotations

from dataclasses import replace

from bot.coach.callbacks import ClearanceChoice, DoctorSummary
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import AskingClearance
from bot.coach.flow import Flow
from bot.coach.flows.screening import NO, YES, better_buttons, held_lines
from bot.coach.messages import Button, Reply, Text
from bot.coach.screening import Gate
from bot.coach.state import ConfirmDoctorClearance
from bot.coach.training import user_zone

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
    assert ctx.user.screening is not None  # the gate says DOCTOR: there is a screening
    after = ctx.access_of(replace(ctx.user.screening, cleared_on=ctx.now))
    parts = [ctx.t("clearance.confirmed")]
    if after.restrictions:
        parts.append(
            "\n".join((ctx.t("clearance.still_held"), *held_lines(ctx, after.restrictions)))
        )
    elif after.may_train:
        parts.append(ctx.t("clearance.train"))
    buttons = tuple((b,) for b in better_buttons(ctx, after.restrictions))
    return Decision(
        replies=(Reply("\n\n".join(parts), buttons=buttons, edit=edit),),
        conversation=None,
        effects=(ConfirmDoctorClearance(),),
    )


def on_summary(ctx: Ctx) -> Decision:
    """The latest screening's "yes" answers, in the questions' words, with the date: plain
    text to show a doctor."""
    result = ctx.user.screening
    if result is None:
        return Decision.say(ctx.t("summary.nothing"))
    day = result.completed_at.astimezone(user_zone(ctx.user)).date()
    yes = [q.text for q in ctx.content.screening.questions if result.answers.get(q.id, False)]
    lines = [ctx.t("summary.title", date=day.isoformat()), ""]
    if yes:
        lines += [ctx.t("summary.yes"), *(ctx.t("summary.line", question=text) for text in yes)]
    else:
        lines.append(ctx.t("summary.none"))
    lines += ["", ctx.t("summary.footer")]
    return Decision(replies=(Reply("\n".join(lines)),))


FLOW = Flow(
    name=FLOW_NAME,
    commands={"cleared": on_cleared, "summary": on_summary},
    buttons={ClearanceChoice: on_press, DoctorSummary: on_summary},
    conversations={FLOW_NAME: on_text},
)
