"""The lesson in-process: step by step, Back/Next, mistakes, adaptations, cautions, resume."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.coach.lesson import CAPTION_LIMIT
from bot.coach.messages import Press
from bot.content import Content, ContentError, load_content
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.conftest import ROOT
from tests.test_screening_chat import answer_all

TAGS = re.compile(r"<[^>]+>")


def visible_length(html_text: str) -> int:
    import html

    return len(html.unescape(TAGS.sub("", html_text)))


@pytest.fixture
def pictured(content: Content, tmp_path: Path) -> Content:
    """Content with a stand-in file for every picture name it uses."""
    files = {}
    for name in content.picture_names():
        path = tmp_path / f"{name}.png"
        path.write_bytes(b"png")
        files[name] = path
    return content.with_pictures(files)


async def screened(chat: ChatHarness, yes: set[int] = frozenset()) -> None:
    await chat.send("/start")
    await answer_all(chat, yes)


async def walk(chat: ChatHarness) -> list[str]:
    """Press Next until the last step; return each step's text."""
    texts = [chat.last.text]
    while "Next ▶" in chat.last.labels:
        await chat.press("Next ▶")
        texts.append(chat.last.text)
    return texts


async def test_lunge_walks_every_step_forward_and_back(chat: ChatHarness) -> None:
    """/lunge: "Step n of N" one at a time, Next to the end, Back to the start, in place."""
    await screened(chat)
    await chat.send("/lunge")
    steps = len(chat.content.exercise.steps)
    texts = await walk(chat)
    assert len(texts) == steps
    for number, text in enumerate(texts, 1):
        assert f"Step {number} of {steps}" in text
    assert chat.last.labels[:2] == ["◀ Back", "Done ✓"]
    shown_before = len(chat.shown)
    for number in range(steps - 1, 0, -1):
        await chat.press("◀ Back")
        assert f"Step {number} of {steps}" in chat.last.text
    assert len(chat.shown) == shown_before  # every move edited the same message
    assert "◀ Back" not in chat.last.labels


async def test_steps_cover_the_whole_move(chat: ChatHarness) -> None:
    """Why, warm-up, set-up, the movement, sets and reps, mistakes, safety, cool-down."""
    await screened(chat)
    await chat.send("/lunge")
    whole = TAGS.sub("", " ".join(await walk(chat))).lower()
    for term in (
        "glutes",
        "5-10 minutes",
        "hip-width",
        "ball of",
        "90",
        "heel of your front foot",
        "3 sets of 10",
        "30-60",
        "2 kg",
        "posture",
        "stop",
        "cat-cow",
        "pigeon",
    ):
        assert term in whole, term


async def test_common_mistake_button_shows_the_cue(chat: ChatHarness, pictured: Content) -> None:
    """On movement steps, "Common mistake?" sends that step's mistake with its picture."""
    chat.coach.content = pictured
    await screened(chat)
    await chat.send("/lunge")
    step_id = chat.last.id
    seen = 0
    while True:
        step_message = chat.recorder.messages[step_id]
        if "Common mistake?" in step_message.labels:
            await chat.press("Common mistake?", message=step_message)
            assert "Common mistake" in chat.last.text
            image = chat.last.reply.image
            assert image is not None
            assert image.name.startswith("mistake_")
            seen += 1
        if "Next ▶" not in step_message.labels:
            break
        await chat.press("Next ▶", message=step_message)
    assert seen == 3


async def test_pictures_and_the_animation_ride_on_their_steps(
    chat: ChatHarness, pictured: Content
) -> None:
    """Movement steps go out as photos; the whole-movement step as an animation."""
    chat.coach.content = pictured
    await screened(chat)
    await chat.send("/lunge")
    sent = [chat.last.reply]
    while "Next ▶" in chat.last.labels:
        await chat.press("Next ▶")
        sent.append(chat.last.reply)
    for step, reply in zip(pictured.exercise.steps, sent, strict=True):
        assert reply.image == (pictured.pictures[step.picture] if step.picture else None)
        assert reply.animation == (pictured.pictures[step.animation] if step.animation else None)
    assert sum(r.image is not None for r in sent) >= 3
    assert [r.animation for r in sent if r.animation] == [pictured.pictures["lunge"]]


@pytest.mark.parametrize(
    ("yes", "expected", "picture"),
    [({10}, "wall", "bottom_supported"), ({8}, "comfortable", "bottom_shallow")],
)
async def test_lesson_adapts_to_the_outcome(
    chat: ChatHarness, pictured: Content, yes: set[int], expected: str, picture: str
) -> None:
    """Unsure balance: the supported variation; knee pain: the shorter range, with its picture."""
    chat.coach.content = pictured
    await screened(chat, yes)
    await chat.send("/lunge")
    index = pictured.exercise.index_of("lower")
    assert index is not None
    for _ in range(index):
        await chat.press("Next ▶")
    assert expected in chat.last.text.lower()
    assert chat.last.reply.image == pictured.pictures[picture]


@pytest.mark.parametrize(
    ("yes", "animation"), [({10}, "lunge_supported"), ({8}, "lunge"), (set(), "lunge")]
)
async def test_the_animation_follows_the_adaptation(
    chat: ChatHarness, pictured: Content, yes: set[int], animation: str
) -> None:
    """Supported users get the supported GIF on the whole-movement step; others the plain one."""
    chat.coach.content = pictured
    await screened(chat, yes)
    await chat.send("/lunge")
    index = pictured.exercise.index_of("return")
    assert index is not None
    for _ in range(index):
        await chat.press("Next ▶")
    assert chat.last.reply.animation == pictured.pictures[animation]
    assert chat.last.reply.image is None


async def test_doctor_users_read_under_a_caution(chat: ChatHarness) -> None:
    """ "See a doctor first": every step carries the caution banner."""
    await screened(chat, {1})
    await chat.press("Read the instructions")
    caution = chat.content.exercise.doctor_caution
    for text in await walk(chat):
        assert caution in text


async def test_every_caption_fits_telegram(chat: ChatHarness, pictured: Content) -> None:
    """With adaptations and the caution, each step stays within 1024 visible characters."""
    chat.coach.content = pictured
    for yes in ({8, 10}, {1}):
        harness = ChatHarness(chat.db, pictured, chat.clock, user_id=5000 + min(yes))
        await screened(harness, yes)
        await harness.send("/lunge")
        for text in await walk(harness):
            assert visible_length(text) <= CAPTION_LIMIT


async def test_lunge_offers_to_continue_where_the_user_stopped(chat: ChatHarness) -> None:
    """Stop at step 4: the next /lunge offers to continue there (stored in the database)."""
    await screened(chat)
    await chat.send("/lunge")
    for _ in range(3):
        await chat.press("Next ▶")
    await chat.send("/lunge")
    assert "step 4" in chat.last.text
    await chat.press("Continue at step 4")
    assert "Step 4 of" in chat.last.text


async def test_buttons_from_an_older_lesson_version_answer_clearly(chat: ChatHarness) -> None:
    """A Next from a lesson version that no longer exists: a notice and the lesson anew."""
    await screened(chat)
    exercise = chat.content.exercise
    await chat.event(Press(f"les:{exercise.id}:0old:3"))
    assert "updated" in (chat.last_notice or "")
    assert "Step 1 of" in chat.last.text
    for data in (f"les:{exercise.id}:{exercise.version}:99", "les:nope:1:1", "les:", "les:a:b"):
        await chat.event(Press(data))
        assert chat.last_notice


async def test_done_ends_the_lesson(chat: ChatHarness) -> None:
    """Done on the last step closes the lesson with the cheat-sheet pointer."""
    await screened(chat)
    await chat.send("/lunge")
    await walk(chat)
    await chat.press("Done ✓")
    assert "/cheatsheet" in chat.last.text


async def test_cheatsheet_is_one_short_message(chat: ChatHarness) -> None:
    """/cheatsheet: the whole move in one message, within a photo caption's length."""
    await screened(chat, {10})
    await chat.send("/cheatsheet")
    assert "cheat sheet" in chat.last.text
    assert "wall" in chat.last.text  # adapted
    assert visible_length(chat.last.text) <= CAPTION_LIMIT


async def test_a_second_exercise_is_only_a_new_file(
    tmp_path: Path, db: Database, clock: FakeClock
) -> None:
    """Swap in tests/data/exercises/wall-sit.yaml: the same code teaches it step by step."""
    directory = tmp_path / "content"
    shutil.copytree(ROOT / "content", directory)
    shutil.rmtree(directory / "exercises")
    (directory / "exercises").mkdir()
    shutil.copy(ROOT / "tests" / "data" / "exercises" / "wall-sit.yaml", directory / "exercises")
    content = load_content(directory)
    chat = ChatHarness(db, content, clock, user_id=77)
    await screened(chat)
    await chat.send("/lunge")
    texts = await walk(chat)
    assert len(texts) == len(content.exercise.steps) >= 3
    assert content.exercise.id == "wall-sit"


def test_unknown_picture_names_stop_startup(content: Content) -> None:
    """An exercise naming a picture nobody drew is a content error, not a broken message."""
    with pytest.raises(ContentError, match="unknown pictures"):
        content.with_pictures({})
