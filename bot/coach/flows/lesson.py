"""The lesson: one step per message, edited in place, with Back / Next and common mistakes.

Buttons: `LessonStep` (`les:<exercise>:<version>:<step>`) shows a step, `LessonMistake`
(`...:<step>:m`) its common mistake, `LessonDone` (`les:<exercise>:<version>:done`) closes the
lesson. The version makes buttons of an older lesson answer clearly instead of pointing into
changed content. The lesson is open to everyone; what the screening allows changes its
wording (a caution banner, adaptations) and its end.
"""

from __future__ import annotations

from bot.coach.callbacks import LessonDone, LessonMistake, LessonStep, ScheduleStart
from bot.coach.context import Ctx, Decision
from bot.coach.flow import Flow
from bot.coach.gate import gate_text
from bot.coach.lesson import Adaptation, Exercise, Step
from bot.coach.messages import Button, Reply
from bot.coach.screening import Gate
from bot.coach.state import SaveLessonStep

Rows = tuple[tuple[Button, ...], ...]


def start_button(ctx: Ctx, key: str = "button.lesson") -> Button:
    """A button that opens the lesson at step 1."""
    exercise = ctx.content.exercise
    return Button(ctx.t(key), _data(exercise, 0))


def on_lunge(ctx: Ctx) -> Decision:
    """/lunge: the lesson from step 1, or an offer to continue where the user stopped."""
    exercise = ctx.content.exercise
    saved = ctx.user.lesson_steps.get(exercise.id, 0)
    if 0 < saved < len(exercise.steps) - 1:
        buttons = (
            (
                Button(ctx.t("button.lesson_continue", step=saved + 1), _data(exercise, saved)),
                Button(ctx.t("button.lesson_restart"), _data(exercise, 0)),
            ),
        )
        text = ctx.t("lesson.resume", step=saved + 1, total=len(exercise.steps))
        return Decision(replies=(Reply(text, buttons=buttons),))
    return _show(ctx, exercise, 0, edit=False)


def on_cheatsheet(ctx: Ctx) -> Decision:
    """/cheatsheet: the whole move in one message, adapted and with any caution."""
    exercise = ctx.content.exercise
    parts = [ctx.t("lesson.cheatsheet_title", name=exercise.name), exercise.cheatsheet]
    parts += [ctx.t(f"adaptation.{a}") for a in sorted(_adaptations(ctx))]
    parts += _banner(ctx, exercise)
    return Decision.say("\n\n".join(parts))


def on_press(ctx: Ctx) -> Decision:
    """A step, its mistake or Done; a button of an older lesson version starts over."""
    button = ctx.payload
    assert isinstance(button, LessonStep | LessonMistake | LessonDone)
    exercise = ctx.content.exercises.get(button.exercise)
    if exercise is None:
        return Decision(notice=ctx.t("stale_button"))
    if button.version != exercise.version:
        return Decision(
            replies=(_step_reply(ctx, exercise, 0, edit=False),),
            notice=ctx.t("lesson.updated"),
        )
    if isinstance(button, LessonDone):
        return _finish(ctx)
    if button.step >= len(exercise.steps):
        return Decision(notice=ctx.t("stale_button"))
    if isinstance(button, LessonMistake):
        return _mistake(ctx, exercise, exercise.steps[button.step])
    return _show(ctx, exercise, button.step, edit=True)


def _show(ctx: Ctx, exercise: Exercise, index: int, *, edit: bool) -> Decision:
    return Decision(
        replies=(_step_reply(ctx, exercise, index, edit=edit),),
        effects=(SaveLessonStep(exercise.id, index),),
    )


def _step_reply(ctx: Ctx, exercise: Exercise, index: int, *, edit: bool) -> Reply:
    step = exercise.steps[index]
    total = len(exercise.steps)
    parts = [ctx.t("lesson.header", number=index + 1, total=total, title=step.title), step.text]
    picture, animation = step.picture, step.animation
    for adaptation in sorted(_adaptations(ctx)):
        adapted = step.adapted.get(adaptation)
        if adapted is not None:
            parts.append(adapted.note)
            picture = adapted.picture or picture
            animation = adapted.animation or animation
    parts += _banner(ctx, exercise)
    return Reply(
        "\n\n".join(parts),
        buttons=_buttons(ctx, exercise, index, step),
        edit=edit,
        image=ctx.content.pictures.get(picture) if picture else None,
        animation=ctx.content.pictures.get(animation) if animation else None,
    )


def _buttons(ctx: Ctx, exercise: Exercise, index: int, step: Step) -> Rows:
    last = index == len(exercise.steps) - 1
    nav: list[Button] = []
    if index > 0:
        nav.append(Button(ctx.t("button.lesson_back"), _data(exercise, index - 1)))
    if last:
        done = LessonDone(exercise.id, exercise.version)
        nav.append(Button(ctx.t("button.lesson_done"), done.pack()))
    else:
        nav.append(Button(ctx.t("button.lesson_next"), _data(exercise, index + 1)))
    rows: Rows = (tuple(nav),)
    if step.mistake is not None:
        data = LessonMistake(exercise.id, exercise.version, index).pack()
        mistake = Button(ctx.t("button.lesson_mistake"), data)
        rows += ((mistake,),)
    return rows


def _mistake(ctx: Ctx, exercise: Exercise, step: Step) -> Decision:
    if step.mistake is None:
        return Decision(notice=ctx.t("stale_button"))
    picture = step.mistake.picture
    text = ctx.t("lesson.mistake_header", title=step.title) + "\n\n" + step.mistake.text
    image = ctx.content.pictures.get(picture) if picture else None
    return Decision(replies=(Reply(text, image=image),))


def _finish(ctx: Ctx) -> Decision:
    # Not a refusal: everyone reaches the end; the schedule is offered only to those who may
    # train (the schedule's own gate would refuse the others).
    rows: Rows = ()
    if ctx.access.may_train:
        text = ctx.t("lesson.done")
        rows = ((Button(ctx.t("button.schedule"), ScheduleStart().pack()),),)
    else:
        text = ctx.t("lesson.done_gated") + "\n\n" + gate_text(ctx)
    return Decision(replies=(Reply(text, buttons=rows, edit=False),))


def _adaptations(ctx: Ctx) -> frozenset[Adaptation]:
    return ctx.access.adaptations if ctx.access.may_train else frozenset()


def _banner(ctx: Ctx, exercise: Exercise) -> list[str]:
    gate = ctx.access.gate
    if gate is Gate.DOCTOR:
        return [f"⚠️ <b>{exercise.doctor_caution}</b>"]
    if gate is Gate.NEEDS_SCREENING:
        return [ctx.t("lesson.screen_first")]
    if gate is Gate.NOT_TODAY:
        return [ctx.t("lesson.not_today")]
    return []


def _data(exercise: Exercise, index: int) -> str:
    return LessonStep(exercise.id, exercise.version, index).pack()


FLOW = Flow(
    name="lesson",
    commands={"lunge": on_lunge, "cheatsheet": on_cheatsheet},
    buttons={LessonStep: on_press, LessonMistake: on_press, LessonDone: on_press},
    menu=("lunge", "cheatsheet"),
)
