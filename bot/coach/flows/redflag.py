"""Pain and red-flag words come first, in any message, before any other reading of it.

The message is graded (bot/coach/redflags.py `grade`) and answered by its most serious kind:

- emergency (chest pain, fainting, breathing that fails): stop now and seek help, quoting the
  words; no training before a new screening (`RequireRescreen`), a workout stops.
- injury (sharp pain, a pop, a fall, a joint giving way, a twist): stop, naming the body part;
  no training before a new screening.
- joint_pain ("my knee hurts"): "pain_rating" (`RatingPain`): a 0-10 rating, by button
  (`PainRating`, `rf:pain:<n>`) or typed, answered by the pain-monitoring model (Thomee 1997;
  Silbernagel et al. 2007): up to 2 safe, 3-5 acceptable (the target holds), over 5 stop today
  (the target eases back a step; bot/coach/progression.py). The rating is stored for the day,
  and any rating over 0 schedules the next-morning check (bot/coach/flows/morning.py).
- unclear (out of breath, dizzy): "redflag_easing" (`AskingEasing`): is it easing with rest?
  (`EasingAnswer`, `rf:ease:yes|no`, or typed). Yes: normal effort; no: the emergency answer.
- effort (breathing hard, burning muscles): a short acknowledgement.

A log in the same message is stored right away, before any question: with the pain mark for an
emergency or an injury, which also schedules the next-morning check. When the logbook's gate is
closed (the engine says so) the log is still stored, with a note, and the reply says that
training is paused and why.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.coach import reps
from bot.coach.callbacks import REST_TIMER, EasingAnswer, PainRating
from bot.coach.context import KEEP, Ctx, Decision
from bot.coach.conversations import AskingEasing, Conversation, RatingPain
from bot.coach.flow import Flow
from bot.coach.flows import logbook, morning, workout
from bot.coach.flows.numbers import MAX_RATING, rating_buttons
from bot.coach.flows.screening import NO, YES
from bot.coach.gate import gate_text
from bot.coach.messages import Button, Reply, Text
from bot.coach.progression import PAIN_ACCEPTABLE, PAIN_SAFE
from bot.coach.redflags import Grade, Kind, grade
from bot.coach.sessions import LoggedSet
from bot.coach.state import CancelTimer, Effect, RatePain, RequireRescreen
from bot.coach.training import local_today

FLOW_NAME = "redflag"
PAIN_KINDS: frozenset[Kind] = frozenset({"emergency", "injury"})  # logs marked with pain
_NUMBER = re.compile(r"(?<![\d.])\d{1,2}(?![\d.])")


def check(ctx: Ctx, *, log_allowed: bool) -> Decision | None:
    """The answer to this text message's red flags (with the log in it, stored under the
    logbook's gate or noted as paused: `log_allowed`), or None when it carries none."""
    assert isinstance(ctx.event, Text)
    graded = grade(ctx.event.text, ctx.content.red_flags)
    kind = graded.kind
    if kind is None:
        return None
    if kind == "effort" and isinstance(ctx.user.conversation, AskingEasing):
        return _eased(ctx, edit=False)
    logged = _log(ctx, pain=kind in PAIN_KINDS, allowed=log_allowed)
    if kind == "effort":
        if logged is None and ctx.user.conversation is not None:
            return None  # effort words inside another conversation: that conversation's text
        return _with_effort(ctx, logged)
    answer = _with_log(_ANSWERS[kind](ctx, graded), logged)
    if kind in PAIN_KINDS and logged is not None and logged.handled:
        # Pain reported with a log: the joint is asked about the next morning.
        check = morning.schedule_after(ctx, graded.part)
        answer = replace(answer, effects=(*answer.effects, check))
    return answer


def check_relayed(ctx: Ctx, text: str) -> tuple[Kind, Decision] | None:
    """The safety answer to words a client wrote for their coach (relayed all the same), and
    their kind; None when they carry no pain or red flag. Graded like any text, with the same
    advice and effects; unlike a typed message, a log in it is not stored (it was written for
    the coach) and mere effort gets no acknowledgement."""
    graded = grade(text, ctx.content.red_flags)
    kind = graded.kind
    if kind is None or kind == "effort":
        return None
    return kind, _ANSWERS[kind](replace(ctx, event=Text(text)), graded)


# --- the answers, by kind ---------------------------------------------------------------------


def _emergency(ctx: Ctx, said: str) -> Decision:
    return _stop(ctx, Reply(ctx.t("redflag.emergency", said=said)))


def _on_emergency(ctx: Ctx, graded: Grade) -> Decision:
    return _emergency(ctx, graded.text or "")


def _on_injury(ctx: Ctx, graded: Grade) -> Decision:
    said, part = graded.text or "", graded.part
    if part:
        return _stop(ctx, Reply(ctx.t("redflag.injury.part", said=said, part=part)))
    return _stop(ctx, Reply(ctx.t("redflag.injury", said=said)))


def _on_joint_pain(ctx: Ctx, graded: Grade) -> Decision:
    part = graded.part
    text = ctx.t("redflag.pain.ask", part=part) if part else ctx.t("redflag.pain.ask.general")
    return _ask(ctx, Reply(text, buttons=rating_buttons()), RatingPain(part))


def _on_unclear(ctx: Ctx, graded: Grade) -> Decision:
    said = graded.text or ""
    buttons = (
        (
            Button(ctx.t("button.easing_yes"), EasingAnswer("yes").pack()),
            Button(ctx.t("button.easing_no"), EasingAnswer("no").pack()),
        ),
    )
    text = ctx.t("redflag.easing.ask", said=said)
    return _ask(ctx, Reply(text, buttons=buttons), AskingEasing(said))


_ANSWERS = {
    "emergency": _on_emergency,
    "injury": _on_injury,
    "joint_pain": _on_joint_pain,
    "unclear": _on_unclear,
}


def _in_workout(ctx: Ctx) -> bool:
    return ctx.user.conversation is not None and ctx.user.conversation.flow == "workout"


def _stop(ctx: Ctx, advice: Reply) -> Decision:
    """No training before a new screening; a workout (and its rest timer) or a red-flag
    question ends."""
    conversation = ctx.user.conversation
    ends = _in_workout(ctx) or isinstance(conversation, AskingEasing | RatingPain)
    effects: tuple[Effect, ...] = (RequireRescreen(),)
    if _in_workout(ctx):
        effects += (CancelTimer(REST_TIMER),)
    return Decision(replies=(advice,), effects=effects, conversation=None if ends else KEEP)


def _ask(ctx: Ctx, question: Reply, state: Conversation) -> Decision:
    """A question that replaces the conversation; a workout's rest timer stops with it."""
    effects: tuple[Effect, ...] = (CancelTimer(REST_TIMER),) if _in_workout(ctx) else ()
    return Decision(replies=(question,), effects=effects, conversation=state)


# --- the log in the same message --------------------------------------------------------------


def _log(ctx: Ctx, *, pain: bool, allowed: bool) -> Decision | None:
    """The log in the message, stored (None when it holds no clear log). When training is not
    allowed it is kept all the same, noted, and the reply says why training is paused."""
    assert isinstance(ctx.event, Text)
    text = ctx.event.text
    parsed = reps.parse_log(text)
    if not isinstance(parsed, reps.Parsed):
        return None
    sets = tuple(LoggedSet(s.reps, s.leg, s.weight_kg) for s in parsed.sets)
    if allowed:
        return logbook.log_sets(ctx, sets, text, note=parsed.note, pain=pain, ask_zone=False)
    note = "; ".join(n for n in (parsed.note, ctx.t("redflag.gated_note")) if n)
    logged = logbook.log_sets(ctx, sets, text, note=note, pain=pain, ask_zone=False)
    paused = ctx.t("redflag.log_paused") + " " + gate_text(ctx)
    return _add_line(logged, paused)


def _add_line(decision: Decision, line: str) -> Decision:
    """`line` at the end of the decision's first reply."""
    if not decision.replies:
        return decision
    first, *rest = decision.replies
    first = replace(first, text=first.text + "\n" + line)
    return replace(decision, replies=(first, *rest))


def _with_effort(ctx: Ctx, logged: Decision | None) -> Decision:
    if logged is None or not logged.handled:
        return Decision.say(ctx.t("redflag.effort"))
    return _add_line(logged, ctx.t("redflag.effort"))


def _with_log(advice: Decision, logged: Decision | None) -> Decision:
    """The log's reply first, then the advice; the advice's effects and conversation win."""
    if logged is None or not logged.handled:
        return advice
    return Decision(
        replies=(*logged.replies, *advice.replies),
        effects=(*logged.effects, *advice.effects),
        conversation=logged.conversation if advice.conversation is KEEP else advice.conversation,
    )


# --- "Is it easing?" --------------------------------------------------------------------------


def _eased(ctx: Ctx, *, edit: bool) -> Decision:
    return Decision(replies=(Reply(ctx.t("redflag.effort"), edit=edit),), conversation=None)


def on_easing(ctx: Ctx) -> Decision:
    """Yes, easing: normal effort. No: the emergency answer, with the words first said."""
    state = ctx.user.conversation
    if not isinstance(state, AskingEasing):
        return Decision(notice=ctx.t("stale_button"))
    if ctx.payload_as(EasingAnswer).answer == "yes":
        return _eased(ctx, edit=True)
    return _emergency(ctx, state.said)


def on_easing_text(ctx: Ctx) -> Decision:
    """A typed yes or no (red-flag words in it were graded first, by the engine)."""
    assert isinstance(ctx.event, Text)
    state = ctx.user.conversation
    words = re.findall(r"[^\W\d_]+", ctx.event.text.lower())
    first = words[0] if words else ""
    if first in YES and isinstance(state, AskingEasing):
        return _eased(ctx, edit=False)
    if first in NO and isinstance(state, AskingEasing):
        return _emergency(ctx, state.said)
    buttons = (
        (
            Button(ctx.t("button.easing_yes"), EasingAnswer("yes").pack()),
            Button(ctx.t("button.easing_no"), EasingAnswer("no").pack()),
        ),
    )
    return Decision(replies=(Reply(ctx.t("redflag.easing.again"), buttons=buttons),))


# --- the 0-10 pain rating ---------------------------------------------------------------------


def on_rating(ctx: Ctx) -> Decision:
    """A rating button: stored for today, answered by its band."""
    state = ctx.user.conversation
    rating = ctx.payload_as(PainRating).rating
    if not isinstance(state, RatingPain) or rating > MAX_RATING:
        return Decision(notice=ctx.t("stale_button"))
    return _rated(ctx, rating, state, edit=True)


def on_rating_text(ctx: Ctx) -> Decision:
    """A typed rating, "6" or "about 6/10"; anything else asks again."""
    assert isinstance(ctx.event, Text)
    state = ctx.user.conversation
    found = _NUMBER.search(ctx.event.text)
    rating = int(found.group()) if found else None
    if rating is None or rating > MAX_RATING or not isinstance(state, RatingPain):
        return Decision(replies=(Reply(ctx.t("redflag.pain.again"), buttons=rating_buttons()),))
    return _rated(ctx, rating, state, edit=False)


def _rated(ctx: Ctx, rating: int, state: RatingPain, *, edit: bool) -> Decision:
    """The rating stored and answered by its band; after a workout's last set, its "How did
    that feel?" follows."""
    part = state.part
    if rating <= PAIN_SAFE:
        band = "safe"
    elif rating <= PAIN_ACCEPTABLE:
        band = "acceptable"
    else:
        band = "too_much"
    today = local_today(ctx.user, ctx.now)
    effects: tuple[Effect, ...] = (RatePain(today, rating, part),)
    if rating > 0:  # any pain: the next morning, how does it feel compared with before?
        effects += (morning.schedule_after(ctx, part, today),)
    reply = Reply(ctx.t(f"redflag.pain.{band}", rating=rating), edit=edit)
    if state.after is not None:
        feel = workout.ask_feel(ctx, state.after, edit=False)
        return replace(feel, replies=(reply, *feel.replies), effects=(*effects, *feel.effects))
    return Decision(replies=(reply,), effects=effects, conversation=None)


FLOW = Flow(
    name=FLOW_NAME,
    buttons={EasingAnswer: on_easing, PainRating: on_rating},
    conversations={AskingEasing.flow: on_easing_text, RatingPain.flow: on_rating_text},
)
