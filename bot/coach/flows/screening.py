"""The screening conversation: one question per message, Yes / No / Back, then the outcome.

Buttons: `ScreeningAnswer` (`scr:<question id>:y|n|b`). The question id makes a press on an
old message safe: it only counts when it names the question being asked now.
"""

from __future__ import annotations

from bot.coach import screening as rules
from bot.coach.callbacks import ClearanceChoice, ScreeningAnswer
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import AnsweringScreening
from bot.coach.flow import Flow
from bot.coach.flows import lesson
from bot.coach.messages import Button, Reply, Text
from bot.coach.state import SaveScreening

FLOW_NAME = "screening"
YES = frozenset({"yes", "y", "yeah", "yep", "yup"})
NO = frozenset({"no", "n", "nope", "nah"})
BACK = frozenset({"back", "b"})


def start(ctx: Ctx, *intro: Reply) -> Decision:
    """Begin a fresh screening at question 1 (after any intro messages)."""
    progress = rules.Progress()
    return Decision(
        replies=(*intro, _question(ctx, progress, edit=False)),
        conversation=_conversation(ctx, progress),
    )


def resume(ctx: Ctx, *intro: Reply) -> Decision:
    """Show the question the user is on again, as a new message."""
    progress = _progress(ctx)
    if progress is None:
        return start(ctx, *intro)
    return Decision(replies=(*intro, _question(ctx, progress, edit=False)))


def on_rescreen(ctx: Ctx) -> Decision:
    return start(ctx, Reply(ctx.t("screening.again")))


def on_press(ctx: Ctx) -> Decision:
    """Yes / No / Back: counts only when it names the question being asked now."""
    button = ctx.payload_as(ScreeningAnswer)
    progress = _progress(ctx)
    if progress is None:
        return Decision(notice=ctx.t("screening.not_running"))
    questions = ctx.content.screening.questions
    if questions[progress.index].id != button.question:
        return Decision(
            replies=(_question(ctx, progress, edit=False),),
            notice=ctx.t("screening.old_button"),
        )
    return _step(ctx, progress, button.choice, edit=True)


def on_text(ctx: Ctx) -> Decision:
    assert isinstance(ctx.event, Text)
    progress = _progress(ctx)
    if progress is None:
        return start(ctx)
    word = ctx.event.text.strip().lower().rstrip(".!? ")
    choice = "y" if word in YES else "n" if word in NO else "b" if word in BACK else ""
    if not choice:
        hint = Reply(ctx.t("screening.yes_or_no"))
        return Decision(replies=(hint, _question(ctx, progress, edit=False)))
    return _step(ctx, progress, choice, edit=False)


def _step(ctx: Ctx, progress: rules.Progress, choice: str, *, edit: bool) -> Decision:
    questions = ctx.content.screening.questions
    if choice == "b":
        if progress.index == 0:
            return Decision(notice=ctx.t("screening.first_question"))
        progress = rules.back(progress)
        return Decision(
            replies=(_question(ctx, progress, edit=edit),),
            conversation=_conversation(ctx, progress),
        )
    if choice not in ("y", "n"):
        return Decision(notice=ctx.t("stale_button"))
    progress = rules.answer(progress, questions, choice == "y")
    if not rules.is_finished(progress, questions):
        return Decision(
            replies=(_question(ctx, progress, edit=edit),),
            conversation=_conversation(ctx, progress),
        )
    result = rules.finish(progress, questions, ctx.content.screening.version, ctx.now)
    return Decision(
        replies=(outcome_reply(ctx, result, edit=edit),),
        conversation=None,
        effects=(SaveScreening(result),),
    )


def outcome_reply(ctx: Ctx, result: rules.Result, *, edit: bool = False) -> Reply:
    """The outcome explained in plain words, with what to do next."""
    parts = [ctx.t(f"outcome.{result.outcome}")]
    if result.outcome == "modified":
        parts += [ctx.t(f"adaptation.{a}") for a in sorted(result.adaptations)]
    parts.append(ctx.t(f"outcome.{result.outcome}.next"))
    buttons: tuple[tuple[Button, ...], ...] = ()
    if result.outcome == "doctor":
        buttons = (
            (Button(ctx.t("button.doctor_cleared"), ClearanceChoice("ask").pack()),),
            (lesson.start_button(ctx, "button.lesson_read"),),
        )
    elif result.outcome != "not_today":
        buttons = ((lesson.start_button(ctx),),)
    return Reply("\n\n".join(parts), buttons=buttons, edit=edit)


def _question(ctx: Ctx, progress: rules.Progress, *, edit: bool) -> Reply:
    questions = ctx.content.screening.questions
    question = questions[progress.index]
    text = ctx.t(
        "screening.question",
        number=progress.index + 1,
        total=len(questions),
        question=question.text,
    )
    previous = progress.answers.get(question.id)
    if previous is not None:
        text += "\n" + ctx.t("screening.previous_answer", answer=ctx.t(f"answer.{previous}"))
    row = (
        Button(ctx.t("button.yes"), ScreeningAnswer(question.id, "y").pack()),
        Button(ctx.t("button.no"), ScreeningAnswer(question.id, "n").pack()),
    )
    rows: tuple[tuple[Button, ...], ...] = (row,)
    if progress.index > 0:
        rows += ((Button(ctx.t("button.back"), ScreeningAnswer(question.id, "b").pack()),),)
    return Reply(text, buttons=rows, edit=edit)


def _progress(ctx: Ctx) -> rules.Progress | None:
    state = ctx.user.conversation
    if not isinstance(state, AnsweringScreening):
        return None
    questions = ctx.content.screening.questions
    if state.version != ctx.content.screening.version or state.progress.index >= len(questions):
        return rules.Progress()  # the questions changed since (or a corrupt place): start over
    return state.progress


def _conversation(ctx: Ctx, progress: rules.Progress) -> AnsweringScreening:
    return AnsweringScreening(progress, ctx.content.screening.version)


FLOW = Flow(
    name=FLOW_NAME,
    commands={"rescreen": on_rescreen},
    buttons={ScreeningAnswer: on_press},
    conversations={FLOW_NAME: on_text},
    menu=("rescreen",),
)
