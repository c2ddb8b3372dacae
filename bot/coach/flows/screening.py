"""The screening conversation: one question per message, Yes / No / Back, then the outcome.

Buttons: `ScreeningAnswer` (`scr:<question id>:y|n|b`). The question id makes a press on an
old message safe: it only counts when it names the question being asked now. The outcome has
a Back button (`ScreeningRevisit`, `scv:<unix>` of its completion) that asks the last question
again, so a wrong last tap is fixed without all 13; the outcome is then computed again.

A typed "not sure" (or "maybe", "idk", ...) counts as yes, as the PAR-Q+ advises, and the
reply says so. The outcome names the answers that led to it and each restriction in force with
what lifts it (`held_lines`).
"""

from __future__ import annotations

from datetime import timedelta

from bot.coach import screening as rules
from bot.coach.callbacks import (
    ClearanceChoice,
    DoctorSummary,
    FeelBetter,
    ScreeningAnswer,
    ScreeningRevisit,
)
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
# Doubt at a yes/no question: counted as yes, with the PAR-Q+ advice (`screening.unsure`).
UNSURE = frozenset(
    {
        "not sure", "unsure", "i'm not sure", "im not sure", "i am not sure", "not really sure",
        "maybe", "maybe yes", "maybe not", "perhaps", "possibly", "probably", "might be",
        "don't know", "dont know", "do not know", "i don't know", "i dont know", "idk",
        "no idea", "dunno", "not certain", "uncertain", "hard to say", "kind of", "sort of",
        "yes or no", "not sure really",
    }
)  # fmt: skip
# How long after a screening its outcome's Back button still reopens the last question.
REVISIT_WITHIN = timedelta(days=1)


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
    word = normalized(ctx.event.text)
    if word in UNSURE or ctx.event.text.strip() in ("?", "??"):
        return _step(ctx, progress, "y", edit=False, intro=(Reply(ctx.t("screening.unsure")),))
    choice = "y" if word in YES else "n" if word in NO else "b" if word in BACK else ""
    if not choice:
        hint = Reply(ctx.t("screening.yes_or_no"))
        return Decision(replies=(hint, _question(ctx, progress, edit=False)))
    return _step(ctx, progress, choice, edit=False)


def normalized(text: str) -> str:
    """A typed answer as the word sets spell it: lower case, plain apostrophes, no end marks."""
    return " ".join(text.replace("\u2019", "'").lower().split()).rstrip(".!? ")


def on_revisit(ctx: Ctx) -> Decision:
    """Back on an outcome: the last question again, with the other answers kept."""
    at = ctx.payload_as(ScreeningRevisit).at
    result = ctx.user.screening
    questions = ctx.content.screening.questions
    if (
        result is None
        or int(result.completed_at.timestamp()) != at
        or result.content_version != ctx.content.screening.version
        or ctx.now - result.completed_at > REVISIT_WITHIN
        or _progress(ctx) is not None
    ):
        return Decision(notice=ctx.t("screening.old_outcome"))
    progress = rules.Progress(index=len(questions) - 1, answers=dict(result.answers))
    return Decision(
        replies=(_question(ctx, progress, edit=True),), conversation=_conversation(ctx, progress)
    )


def _step(
    ctx: Ctx, progress: rules.Progress, choice: str, *, edit: bool, intro: tuple[Reply, ...] = ()
) -> Decision:
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
            replies=(*intro, _question(ctx, progress, edit=edit)),
            conversation=_conversation(ctx, progress),
        )
    result = rules.finish(progress, questions, ctx.content.screening.version, ctx.now)
    return Decision(
        replies=(*intro, outcome_reply(ctx, result, edit=edit)),
        conversation=None,
        effects=(SaveScreening(result),),
    )


def outcome_reply(ctx: Ctx, result: rules.Result, *, edit: bool = False) -> Reply:
    """The outcome explained in plain words: the answers behind it, each restriction in force
    with what lifts it, and what to do next; Back re-asks the last question."""
    questions = ctx.content.screening.questions
    parts = [ctx.t(f"outcome.{result.outcome}")]
    if result.outcome == "modified":
        parts += [ctx.t(f"adaptation.{a}") for a in sorted(result.adaptations)]
    labels = [q.label for q in questions if result.answers.get(q.id, False)]
    if labels:
        parts.append(ctx.t("outcome.because", labels="; ".join(labels)))
    held = rules.in_force(result, questions)
    if held:
        parts.append("\n".join((ctx.t("outcome.held"), *held_lines(ctx, held))))
    parts.append(ctx.t(f"outcome.{result.outcome}.next"))
    rows: list[tuple[Button, ...]] = []
    if result.outcome == "doctor":
        rows.append((Button(ctx.t("button.doctor_cleared"), ClearanceChoice("ask").pack()),))
        rows.append((Button(ctx.t("button.doctor_summary"), DoctorSummary("show").pack()),))
    rows += [(button,) for button in better_buttons(ctx, held)]
    if result.outcome == "doctor":
        rows.append((lesson.start_button(ctx, "button.lesson_read"),))
    elif result.outcome != "not_today":
        rows.append((lesson.start_button(ctx),))
    at = int(result.completed_at.timestamp())
    rows.append((Button(ctx.t("button.back"), ScreeningRevisit(at).pack()),))
    return Reply("\n\n".join(parts), buttons=tuple(rows), edit=edit)


def held_lines(ctx: Ctx, held: tuple[rules.Restriction, ...]) -> list[str]:
    """One line per restriction in force: what the answer was, and what lifts it."""
    labels = {q.id: q.label for q in ctx.content.screening.questions}
    return [
        ctx.t(f"held.{r.lifted_by}", label=labels.get(r.question, ctx.t("held.earlier")))
        for r in held
    ]


def better_buttons(ctx: Ctx, held: tuple[rules.Restriction, ...]) -> list[Button]:
    """ "I feel better" for the first restriction lifted by feeling well again, if any."""
    for r in held:
        if r.lifted_by == "feeling_better":
            return [Button(ctx.t("button.feel_better"), FeelBetter(r.question, "ask").pack())]
    return []


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
    buttons={ScreeningAnswer: on_press, ScreeningRevisit: on_revisit},
    conversations={FLOW_NAME: on_text},
    menu=("rescreen",),
)
