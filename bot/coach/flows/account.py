"""/delete: erase everything stored about the user, after a confirmation."""

from __future__ import annotations

from bot.coach.callbacks import DeleteChoice
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import ConfirmingDelete
from bot.coach.flow import Flow
from bot.coach.flows import coaching
from bot.coach.flows.screening import NO, YES
from bot.coach.messages import Button, Reply, Text
from bot.coach.state import EraseUser

FLOW_NAME = "delete"


def on_delete(ctx: Ctx) -> Decision:
    buttons = (
        (
            Button(ctx.t("button.delete_yes"), DeleteChoice("yes").pack()),
            Button(ctx.t("button.delete_no"), DeleteChoice("no").pack()),
        ),
    )
    return Decision(
        replies=(Reply(ctx.t("delete.confirm"), buttons=buttons),),
        conversation=ConfirmingDelete(),
    )


def on_press(ctx: Ctx) -> Decision:
    in_flow = isinstance(ctx.user.conversation, ConfirmingDelete)
    choice = ctx.payload_as(DeleteChoice).choice
    if not in_flow:
        return Decision(notice=ctx.t("stale_button"))
    if choice == "yes":
        return _erase(ctx, edit=True)
    return Decision(replies=(Reply(ctx.t("delete.kept"), edit=True),), conversation=None)


def on_text(ctx: Ctx) -> Decision:
    assert isinstance(ctx.event, Text)
    word = ctx.event.text.strip().lower().rstrip(".!? ")
    if word in YES or word == "delete":
        return _erase(ctx, edit=False)
    if word in NO:
        return Decision.say(ctx.t("delete.kept"), conversation=None)
    return on_delete(ctx)


def _erase(ctx: Ctx, *, edit: bool) -> Decision:
    """Erase; a coach or a client is also unlinked, each other side told (the copies already
    in a Telegram chat stay there: a bot cannot delete them, and the reply says so)."""
    note = coaching.delete_note(ctx)
    text = ctx.t("delete.done") + (f"\n\n{note}" if note else "")
    return Decision(
        replies=(Reply(text, edit=edit),),
        conversation=None,
        effects=(*coaching.unlink_all(ctx), EraseUser()),
    )


FLOW = Flow(
    name=FLOW_NAME,
    commands={"delete": on_delete},
    buttons={DeleteChoice: on_press},
    conversations={FLOW_NAME: on_text},
    menu=("delete",),
)
