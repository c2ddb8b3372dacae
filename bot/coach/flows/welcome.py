"""/start, /help and /cancel: the way in, the map, and the way out of any flow."""

from __future__ import annotations

from dataclasses import replace

from bot.coach.context import Ctx, Decision
from bot.coach.flow import Flow
from bot.coach.flows import coaching, workout
from bot.coach.flows import screening as screening_flow
from bot.coach.gate import gate_text
from bot.coach.messages import Command, Reply
from bot.coach.screening import Gate


def on_start(ctx: Ctx) -> Decision:
    """New users get the welcome and the screening; others pick up where they are. A deep
    link's `/start <code>` shows a coach's invite; a code that names no coach is said to have
    expired, then the normal /start follows."""
    assert isinstance(ctx.event, Command)
    if ctx.event.args:
        invite = coaching.on_invite(ctx)
        if invite is not None:
            return invite
        normal = _start(ctx)
        gone = Reply(ctx.t("coaching.invite_gone"))
        return replace(normal, replies=(gone, *normal.replies))
    return _start(ctx)


def _start(ctx: Ctx) -> Decision:
    user = ctx.user
    if user.conversation is not None and user.conversation.flow == screening_flow.FLOW_NAME:
        return screening_flow.resume(ctx, Reply(ctx.t("welcome.continue")))
    if user.screening is None:
        welcome = Reply(ctx.t("welcome", name=user.first_name or ctx.t("welcome.friend")))
        return screening_flow.start(ctx, welcome)
    return Decision(replies=(Reply(status_text(ctx)),), conversation=None)


def status_text(ctx: Ctx) -> str:
    """Where the user stands, in one message."""
    gate = ctx.access.gate
    name = ctx.user.first_name or ctx.t("welcome.friend")
    if gate is Gate.ALLOWED:
        adapted = ctx.access.adaptations
        key = "welcome.back.modified" if adapted else "welcome.back.cleared"
        return ctx.t(key, name=name)
    return ctx.t("welcome.back", name=name) + "\n\n" + gate_text(ctx)


def on_help(ctx: Ctx) -> Decision:
    """/help: the commands of Telegram's menu (`ctx.menu`), each with its description."""
    lines = [ctx.t("help")]
    lines += [f"/{name} - {ctx.t(f'command.{name}')}" for name in ctx.menu]
    return Decision.say("\n".join(lines))


def on_cancel(ctx: Ctx) -> Decision:
    """/cancel: out of any conversation; a workout under way keeps the sets already done."""
    if ctx.user.conversation is None:
        return Decision.say(ctx.t("cancel.nothing"))
    if ctx.user.conversation.flow == workout.FLOW_NAME:
        return workout.stop(ctx, edit=False)
    return Decision(replies=(Reply(ctx.t("cancel.done"), remove_keyboard=True),), conversation=None)


FLOW = Flow(
    name="welcome",
    commands={"start": on_start, "help": on_help, "cancel": on_cancel},
    menu=("start", "help", "cancel"),
)
