"""A human coach in the loop: /coach, invites, /mycoach, /leavecoach, /tocoach, relays.

A coach sends /coach and shares the invite link (`https://t.me/<bot>?start=<code>`); the
client's app then sends `/start <code>` (handled by the welcome flow, which calls `on_invite`),
sees who the coach is and exactly what they will see, and agrees or declines. Messages go both
ways: the client with /tocoach or "Message my coach", the coach with a Reply button on a
client's message or a Telegram reply to it (`on_thread_reply`). Everything here is open to
everyone: reaching one's coach is never blocked by the screening.

    coach_invite  ConsideringInvite   /start <code> -> Agree / Decline (or switch coach)
    to_coach      WritingToCoach      "Message my coach" -> the next text goes to the coach
    to_client     WritingToClient     "Reply" -> the next text goes to that client

The coach chooses, with two buttons on /coach's message, live events or one daily digest per
client (`on_digest_mode`); the digest itself is bot/coach/flows/digest.py.
"""

from __future__ import annotations

from bot.coach import digest
from bot.coach.callbacks import (
    DigestMode,
    InviteAnswer,
    InviteRenew,
    LeaveCoach,
    MessageCoach,
    ReplyToClient,
)
from bot.coach.coaching import Linked
from bot.coach.context import KEEP, Ctx, Decision
from bot.coach.conversations import (
    ConsideringInvite,
    Conversation,
    WritingToClient,
    WritingToCoach,
)
from bot.coach.flow import Flow
from bot.coach.flows import redflag
from bot.coach.messages import Button, Command, Reply, Text
from bot.coach.state import (
    AgreeToCoach,
    BecomeCoach,
    Effect,
    EndLink,
    RenewInvite,
    SendToClient,
    SendToCoach,
    SetDigest,
)

FLOW_NAME = "coaching"
NEW_LINK = 0  # link ids start at 1: stands for the link an agreement is about to make


# --- the coach's invite ---------------------------------------------------------------------


def on_coach(ctx: Ctx) -> Decision:
    """/coach: become a coach (once) and see the invite link."""
    coaching = ctx.user.coaching
    if coaching.is_coach:
        return Decision(replies=(_invite_reply(ctx, coaching.invite_link(), renewed=False),))
    code = coaching.fresh_code
    link = _link(ctx, code)
    return Decision(
        replies=(_invite_reply(ctx, link, renewed=False, new=True),),
        effects=(BecomeCoach(code),),
    )


def on_renew(ctx: Ctx) -> Decision:
    """[New link]: the old code stops working; the message shows the new link."""
    if not ctx.user.coaching.is_coach:
        return Decision(notice=ctx.t("stale_button"))
    code = ctx.user.coaching.fresh_code
    reply = _invite_reply(ctx, _link(ctx, code), renewed=True)
    return Decision(replies=(reply,), effects=(RenewInvite(code),))


def _link(ctx: Ctx, code: str) -> str:
    return f"https://t.me/{ctx.user.coaching.bot_username}?start={code}"


def _invite_reply(
    ctx: Ctx, link: str, *, renewed: bool, new: bool = False, daily: bool | None = None
) -> Reply:
    key = "coaching.link.renewed" if renewed else "coaching.link.new" if new else "coaching.link"
    count = len(ctx.user.coaching.clients)
    text = ctx.t(key, link=link, clients=ctx.content.texts.plural("coaching.clients", count))
    daily = ctx.user.coaching.digest if daily is None else daily
    text += "\n\n" + ctx.t("coaching.mode.daily" if daily else "coaching.mode.live")
    marks = ("", "✓ ") if daily else ("✓ ", "")
    modes = (
        Button(marks[0] + ctx.t("button.coach_live"), DigestMode("live").pack()),
        Button(marks[1] + ctx.t("button.coach_daily"), DigestMode("daily").pack()),
    )
    button = Button(ctx.t("button.coach_new_link"), InviteRenew().pack())
    return Reply(text, buttons=(modes, (button,)), edit=renewed)


# --- live events or a daily digest ----------------------------------------------------------


def on_digest_mode(ctx: Ctx) -> Decision:
    """[Live] / [Daily digest]: how the coach is told about their clients from now on."""
    coaching = ctx.user.coaching
    if not coaching.is_coach:
        return Decision(notice=ctx.t("stale_button"))
    daily = ctx.payload_as(DigestMode).mode == "daily"
    reply = _invite_reply(ctx, coaching.invite_link(), renewed=False, daily=daily)
    first = digest.next_digest(_zone_name(ctx), ctx.now) if daily else None
    return Decision(
        replies=(Reply(reply.text, buttons=reply.buttons, edit=True),),
        notice=ctx.t("coaching.mode.daily.set" if daily else "coaching.mode.live.set"),
        effects=(SetDigest("daily" if daily else "live", first),),
    )


def _zone_name(ctx: Ctx) -> str:
    """The coach's zone for the digest: their plan's, else the one they gave, else UTC."""
    return ctx.user.plan.plan.tz if ctx.user.plan else ctx.user.tz or "UTC"


# --- the client's side of an invite ---------------------------------------------------------


def on_invite(ctx: Ctx) -> Decision | None:
    """`/start <code>`: the invite, or None when the code names no coach (then the caller
    says so and goes on with the normal /start)."""
    invite = ctx.user.coaching.invite
    if invite is None:
        return None
    coach = ctx.user.coaching.coach
    if invite.coach_id == ctx.user.user_id:
        return Decision.say(ctx.t("coaching.own_link"))
    if coach is not None and coach.user_id == invite.coach_id:
        return Decision.say(ctx.t("coaching.already", coach=coach.name))
    answer = (
        Button(ctx.t("button.coach_agree"), InviteAnswer(invite.code, "yes").pack()),
        Button(ctx.t("button.coach_decline"), InviteAnswer(invite.code, "no").pack()),
    )
    text = ctx.t("coaching.invite", coach=invite.name) + "\n\n" + ctx.t("coaching.sees")
    if coach is not None:
        text += "\n\n" + ctx.t("coaching.switch", old=coach.name, coach=invite.name)
    return Decision(
        replies=(Reply(text, buttons=(answer,)),), conversation=ConsideringInvite(invite.code)
    )


def on_invite_answer(ctx: Ctx) -> Decision:
    payload = ctx.payload_as(InviteAnswer)
    considering = ctx.user.conversation
    if not isinstance(considering, ConsideringInvite) or considering.code != payload.code:
        return Decision(notice=ctx.t("stale_button"))
    return _answer(ctx, payload.answer == "yes", edit=True)


def on_invite_text(ctx: Ctx) -> Decision:
    """Typed while the invite is shown: yes / no, else the question again."""
    assert isinstance(ctx.event, Text)
    word = ctx.event.text.strip().lower().rstrip(".!? ")
    if word in ("yes", "y", "agree", "ok"):
        return _answer(ctx, True, edit=False)
    if word in ("no", "n", "decline"):
        return _answer(ctx, False, edit=False)
    return on_invite(ctx) or Decision.say(ctx.t("coaching.invite_gone"), conversation=None)


def _answer(ctx: Ctx, agree: bool, *, edit: bool) -> Decision:
    invite = ctx.user.coaching.invite
    if invite is None:  # revoked while it was shown
        return Decision(
            replies=(Reply(ctx.t("coaching.invite_gone"), edit=edit),), conversation=None
        )
    if not agree:
        return Decision(
            replies=(Reply(ctx.t("coaching.declined", coach=invite.name), edit=edit),),
            conversation=None,
        )
    effects: list[Effect] = []
    old = ctx.user.coaching.coach
    if old is not None:
        left = Reply(ctx.t("coaching.to_coach.left", client=_name(ctx)))
        effects.append(EndLink(old.link_id, "switch", left))
    # The link is made when this is stored: its id goes into the thread and the Reply button
    # then (bot/relay.py), in place of NEW_LINK.
    joined = Reply(
        ctx.t("coaching.to_coach.joined", client=_name(ctx)),
        buttons=((reply_button(ctx, NEW_LINK),),),
    )
    effects.append(AgreeToCoach(invite.code, joined))
    text = ctx.t("coaching.agreed", coach=invite.name)
    if ctx.user.screening is None:
        text += "\n\n" + ctx.t("coaching.agreed.start")
    return Decision(replies=(Reply(text, edit=edit),), conversation=None, effects=tuple(effects))


def _name(ctx: Ctx) -> str:
    return ctx.user.first_name or ctx.t("coaching.someone")


# --- the client: /mycoach, /leavecoach, /tocoach --------------------------------------------


def on_mycoach(ctx: Ctx) -> Decision:
    coach = ctx.user.coaching.coach
    if coach is None:
        return Decision.say(ctx.t("coaching.none"))
    buttons = (
        (Button(ctx.t("button.coach_message"), MessageCoach(coach.link_id).pack()),),
        (Button(ctx.t("button.coach_leave"), LeaveCoach(coach.link_id).pack()),),
    )
    text = ctx.t("coaching.mine", coach=coach.name) + "\n\n" + ctx.t("coaching.sees")
    return Decision(replies=(Reply(text, buttons=buttons),))


def on_leavecoach(ctx: Ctx) -> Decision:
    coach = ctx.user.coaching.coach
    if coach is None:
        return Decision.say(ctx.t("coaching.none"))
    return _leave(ctx, coach, edit=False)


def on_leave_press(ctx: Ctx) -> Decision:
    coach = ctx.user.coaching.coach
    if coach is None or coach.link_id != ctx.payload_as(LeaveCoach).link:
        return Decision(notice=ctx.t("stale_button"))
    return _leave(ctx, coach, edit=True)


def _leave(ctx: Ctx, coach: Linked, *, edit: bool) -> Decision:
    notice = Reply(ctx.t("coaching.to_coach.left", client=_name(ctx)))
    return Decision(
        replies=(Reply(ctx.t("coaching.left", coach=coach.name), edit=edit),),
        conversation=None,
        effects=(EndLink(coach.link_id, "client", notice),),
    )


def on_tocoach(ctx: Ctx) -> Decision:
    """/tocoach <text> sends at once; /tocoach alone asks for the text."""
    coach = ctx.user.coaching.coach
    if coach is None:
        return Decision.say(ctx.t("coaching.none"))
    assert isinstance(ctx.event, Command)
    text = ctx.event.args.strip()
    if not text:
        return _ask_for_text(ctx, coach)
    return _to_coach(ctx, coach, text)


def on_message_press(ctx: Ctx) -> Decision:
    coach = ctx.user.coaching.coach
    if coach is None or coach.link_id != ctx.payload_as(MessageCoach).link:
        return Decision(notice=ctx.t("stale_button"))
    return _ask_for_text(ctx, coach)


def _ask_for_text(ctx: Ctx, coach: Linked) -> Decision:
    return Decision(
        replies=(Reply(ctx.t("coaching.write_to_coach", coach=coach.name)),),
        conversation=WritingToCoach(coach.link_id),
    )


def on_text_to_coach(ctx: Ctx) -> Decision:
    assert isinstance(ctx.event, Text)
    coach = ctx.user.coaching.coach
    writing = ctx.user.conversation
    if coach is None or not isinstance(writing, WritingToCoach) or writing.link_id != coach.link_id:
        return Decision.say(ctx.t("coaching.none"), conversation=None)
    return _to_coach(ctx, coach, ctx.event.text)


def _to_coach(
    ctx: Ctx, coach: Linked, text: str, *, conversation: Conversation | None = None
) -> Decision:
    """Relay `text` to the coach, and answer any pain or red flag in it as if typed (the
    same advice and effects: nothing a client reports about pain is ignored); the coach's
    copy of an emergency or an injury is marked urgent."""
    graded = redflag.check_relayed(ctx, text)
    urgent = graded is not None and graded[0] in redflag.PAIN_KINDS
    key = "coaching.from_client.urgent" if urgent else "coaching.from_client"
    message = Reply(
        ctx.t(key, client=_name(ctx), text=text),
        buttons=((reply_button(ctx, coach.link_id),),),
    )
    relayed = Decision(
        replies=(Reply(ctx.t("coaching.sent", name=coach.name)),),
        conversation=conversation,
        effects=(SendToCoach(coach.link_id, text, message),),
    )
    if graded is None:
        return relayed
    advice = graded[1]
    return Decision(
        replies=(*relayed.replies, *advice.replies),
        effects=(*relayed.effects, *advice.effects),
        conversation=None if advice.conversation is KEEP else advice.conversation,
    )


def reply_button(ctx: Ctx, link_id: int) -> Button:
    """The [Reply] button under each message about a client in their coach's chat."""
    return Button(ctx.t("button.coach_reply"), ReplyToClient(link_id).pack())


# --- the coach: Reply, and Telegram replies -------------------------------------------------


def on_reply_press(ctx: Ctx) -> Decision:
    client = ctx.user.coaching.client(ctx.payload_as(ReplyToClient).link)
    if client is None:  # forged, another coach's, or ended
        return Decision(notice=ctx.t("coaching.not_linked"))
    return Decision(
        replies=(Reply(ctx.t("coaching.write_to_client", client=client.name)),),
        conversation=WritingToClient(client.link_id),
    )


def on_text_to_client(ctx: Ctx) -> Decision:
    assert isinstance(ctx.event, Text)
    writing = ctx.user.conversation
    assert isinstance(writing, WritingToClient)
    client = ctx.user.coaching.client(writing.link_id)
    if client is None:
        return Decision.say(ctx.t("coaching.not_linked"), conversation=None)
    return _to_client(ctx, client, ctx.event.text, conversation=None)


def on_thread_reply(ctx: Ctx) -> Decision:
    """A Telegram reply to a message about a client: to that client, if still linked; a
    client's reply to a message from their coach: to the coach, if still theirs."""
    assert isinstance(ctx.event, Text)
    thread = ctx.user.coaching.thread
    assert thread is not None
    if thread.to_coach:  # a client's reply to a message from their coach
        coach = ctx.user.coaching.coach
        if coach is None or coach.link_id != thread.link_id:
            return Decision.say(ctx.t("coaching.coach_gone"))
        return _to_coach(ctx, coach, ctx.event.text, conversation=ctx.user.conversation)
    if thread.client is None:
        return Decision.say(ctx.t("coaching.not_linked"))
    return _to_client(ctx, thread.client, ctx.event.text, conversation=ctx.user.conversation)


def _to_client(
    ctx: Ctx, client: Linked, text: str, *, conversation: Conversation | None
) -> Decision:
    coach = ctx.user.first_name or ctx.t("coaching.your_coach")
    message = Reply(ctx.t("coaching.from_coach", coach=coach, text=text))
    return Decision(
        replies=(Reply(ctx.t("coaching.sent", name=client.name)),),
        conversation=conversation,
        effects=(SendToClient(client.link_id, text, message),),
    )


# --- /delete --------------------------------------------------------------------------------


def unlink_all(ctx: Ctx) -> tuple[Effect, ...]:
    """/delete: end every link of the user, each other side told."""
    coaching = ctx.user.coaching
    effects: list[Effect] = []
    if coaching.coach is not None:
        notice = Reply(ctx.t("coaching.to_coach.deleted", client=_name(ctx)))
        effects.append(EndLink(coaching.coach.link_id, "erase", notice))
    coach = ctx.user.first_name or ctx.t("coaching.your_coach")
    for client in coaching.clients:
        notice = Reply(ctx.t("coaching.to_client.deleted", coach=coach))
        effects.append(EndLink(client.link_id, "erase", notice))
    return tuple(effects)


def delete_note(ctx: Ctx) -> str | None:
    """What /delete adds for a user with a coach or clients: copies in chats stay there."""
    coaching = ctx.user.coaching
    if coaching.coach is not None:
        return ctx.t("coaching.delete.client", coach=coaching.coach.name)
    if coaching.clients:
        return ctx.t("coaching.delete.coach")
    return None


FLOW = Flow(
    name=FLOW_NAME,
    commands={
        "coach": on_coach,
        "mycoach": on_mycoach,
        "tocoach": on_tocoach,
        "leavecoach": on_leavecoach,
    },
    buttons={
        InviteRenew: on_renew,
        DigestMode: on_digest_mode,
        InviteAnswer: on_invite_answer,
        MessageCoach: on_message_press,
        LeaveCoach: on_leave_press,
        ReplyToClient: on_reply_press,
    },
    conversations={
        ConsideringInvite.flow: on_invite_text,
        WritingToCoach.flow: on_text_to_coach,
        WritingToClient.flow: on_text_to_client,
    },
    menu=("mycoach", "tocoach", "coach"),
)
