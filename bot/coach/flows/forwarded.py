"""Someone else's words: a forwarded log, and the coach's own confirmation sent back.

A forwarded message that reads as a log (a friend's "did 3x12 today") is not the user's log:
it is asked about ("log these sets as yours?", `LogForwarded` `log:fwd:yes|no`, conversation
"log_forwarded": `ConfirmingForwarded`). A text that is the coach's own acknowledgement
("✅ Logged for today: ...", pasted or forwarded back) is never logged again: it starts with
the wording of one of `ACKNOWLEDGEMENTS`, up to its first value.

The engine runs `check` on every text before anything else reads it (red flags included),
so a forwarded log is never stored by another path; forwarded text that is no log goes on as
usual. Logging the sets once the user says yes needs training (the engine applies the gate).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from bot.coach import reps
from bot.coach.callbacks import LogForwarded
from bot.coach.context import Ctx, Decision, Keep
from bot.coach.conversations import ConfirmingForwarded
from bot.coach.flow import Flow
from bot.coach.flows import logbook
from bot.coach.gate import Needs
from bot.coach.messages import Button, Reply, Text

FLOW_NAME = ConfirmingForwarded.flow
# The coach's own confirmations of a stored log, in content/messages.yaml.
ACKNOWLEDGEMENTS = (
    "log.logged",
    "log.logged_set",
    "log.logged_yesterday",
    "log.logged_on",
    "log.updated",
    "log.updated_on",
    "workout.finished",
)
_CUT = "\x00"  # stands for every value, to cut a message at its first one
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def check(ctx: Ctx) -> Decision | None:
    """The answer to a text that is not the user's own log, or None for any other text."""
    assert isinstance(ctx.event, Text)
    text = ctx.event.text
    if is_own_acknowledgement(ctx, text):
        return Decision.say(ctx.t("forwarded.own_ack"))
    if ctx.event.forwarded and not isinstance(reps.parse_log(text), reps.NotALog):
        return _ask(ctx, text)
    return None


def is_own_acknowledgement(ctx: Ctx, text: str) -> bool:
    """Whether `text` starts as one of the coach's confirmations of a log does."""
    said = _plain(text)
    return any(said.startswith(opening) for opening in _openings(ctx))


def _openings(ctx: Ctx) -> tuple[str, ...]:
    """Each acknowledgement's words before its first value, as a user would copy them."""
    values = {"sets": _CUT, "day": _CUT, "feel": _CUT}
    cut = (ctx.t(key, **values).split(_CUT, 1)[0] for key in ACKNOWLEDGEMENTS)
    return tuple(opening for opening in map(_plain, cut) if opening)


def _plain(text: str) -> str:
    """Text as copied from a chat: no tags, entities read, spaces collapsed, any case."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", text))).strip().casefold()


def _ask(ctx: Ctx, text: str) -> Decision:
    buttons = (
        (
            Button(ctx.t("button.forwarded_yes"), LogForwarded("yes").pack()),
            Button(ctx.t("button.forwarded_no"), LogForwarded("no").pack()),
        ),
    )
    return Decision(
        replies=(Reply(ctx.t("forwarded.ask"), buttons=buttons),),
        conversation=ConfirmingForwarded(text),
    )


def on_answer(ctx: Ctx) -> Decision:
    """Yes: the forwarded text is read as the user's own log; No: nothing is stored. A second
    press finds the question answered (the "stale button" notice)."""
    state = ctx.user.conversation
    if not isinstance(state, ConfirmingForwarded):
        return Decision(notice=ctx.t("stale_button"))
    if ctx.payload_as(LogForwarded).answer != "yes":
        return Decision(replies=(Reply(ctx.t("forwarded.declined"), edit=True),), conversation=None)
    decision = logbook.read_log(ctx, state.text)
    if isinstance(decision.conversation, Keep):  # a refusal of the reading ends the question
        return replace(decision, conversation=None)
    return decision


FLOW = Flow(
    name=FLOW_NAME,
    gate=Needs.TRAINING,
    buttons={LogForwarded: on_answer},
    conversations={FLOW_NAME: logbook.on_pending_text},
)
