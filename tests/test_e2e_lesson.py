"""The lesson end to end through the strict fake: photos, the animation, edits in place."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.content import Content
from bot.storage.db import Database
from tests.e2e import running_bot
from tests.fakes.bot_api import FakeBotApi, FakeUser
from tests.test_e2e_screening import screen


@pytest.fixture
async def api(db: Database, pictured_content: Content) -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake, running_bot(fake, db, pictured_content):
        yield fake


async def open_step_4(user: FakeUser) -> int:
    """/lunge as a fresh message, then Next three times; returns that message's id."""
    await user.send("/lunge")
    message = await user.next_message()
    for number in (2, 3, 4):
        await user.press("Next ▶", message_id=message.message_id)
        message = await user.wait_for(lambda m, n=number: f"Step {n} of" in m.body)
    return message.message_id


async def test_walk_every_step_forward_and_back(api: FakeBotApi, pictured_content: Content) -> None:
    """Next to the end and Back to the start: photos and the GIF upload, no Bot API error."""
    user = api.user(8080)
    await screen(user, set())
    await user.press("Learn the reverse lunge ▶")
    total = len(pictured_content.exercise.steps)
    for number in range(1, total + 1):
        message = await user.wait_for(lambda m, n=number: f"Step {n} of {total}" in m.body)
        step = pictured_content.exercise.steps[number - 1]
        expected = "animation" if step.animation else "photo" if step.picture else "text"
        assert message.kind == expected, step.id
        assert len(message.body) <= 1024
        if number < total:
            await user.press("Next ▶", message_id=message.message_id)
    for number in range(total - 1, 0, -1):
        await user.press("◀ Back")
        await user.wait_for(lambda m, n=number: f"Step {n} of {total}" in m.body)
    assert sum(api.errors_sent.values()) == 0, api.errors_sent
    uploads = [c for c in api.calls if c[0] in ("sendPhoto", "sendAnimation", "editMessageMedia")]
    assert uploads
    for _method, params in api.calls:
        markup = params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                assert len(button["callback_data"].encode()) <= 64


async def test_pictures_are_uploaded_once_then_reused_by_file_id(api: FakeBotApi) -> None:
    """The second user gets the same pictures by Telegram file_id, not a new upload."""
    first, second = api.user(1), api.user(2)
    for user in (first, second):
        await screen(user, set())
        await open_step_4(user)
    photos = [m for m in second.messages if m.kind == "photo"]
    assert photos
    assert set(api.files) >= {m.file.file_id for m in photos if m.file}
    assert sum(api.errors_sent.values()) == 0


async def test_common_mistake_arrives_as_a_photo(api: FakeBotApi) -> None:
    """ "Common mistake?" on a movement step sends the mistake drawing with its fix."""
    user = api.user(3)
    await screen(user, set())
    step = await open_step_4(user)
    await user.press("Common mistake?", message_id=step)
    mistake = await user.wait_for(lambda m: "Common mistake" in m.body and m.kind == "photo")
    assert "Fix" in mistake.body
    assert sum(api.errors_sent.values()) == 0


async def test_next_on_a_message_too_old_to_read_sends_the_step_anew(api: FakeBotApi) -> None:
    """Regression: a press on an inaccessible message (date 0, no content) moves the lesson on
    in a new message, and Next keeps working from there."""
    user = api.user(4)
    await screen(user, set())
    step_4 = await open_step_4(user)
    await user.press("Next ▶", message_id=step_4, inaccessible=True)
    step_5 = await user.wait_for(lambda m: "Step 5 of" in m.body)
    assert step_5.message_id != step_4
    await user.press("Next ▶", message_id=step_5.message_id)
    await user.wait_for(lambda m: "Step 6 of" in m.body)
    assert sum(api.errors_sent.values()) == 0, api.errors_sent


@pytest.mark.parametrize(
    "refusal",
    [
        "Bad Request: there is no text in the message to edit",
        "Bad Request: there is no caption in the message to edit",
        "Bad Request: message can't be edited",
        "Bad Request: message to edit not found",
        "Bad Request: MESSAGE_ID_INVALID",
    ],
)
async def test_a_step_that_cannot_be_edited_in_place_comes_as_a_new_message(
    api: FakeBotApi, refusal: str
) -> None:
    """When Telegram refuses the edit, the user still gets the next step, once, and can go on."""
    user = api.user(5)
    await screen(user, set())
    step_4 = await open_step_4(user)
    for method in ("editMessageText", "editMessageMedia", "editMessageCaption"):
        api.inject(method=method, error_code=400, description=refusal, times=1)
    await user.press("Next ▶", message_id=step_4)
    step_5 = await user.wait_for(lambda m: "Step 5 of" in m.body)
    assert [m.message_id for m in user.messages if "Step 5 of" in m.body] == [step_5.message_id]
    await user.press("Next ▶", message_id=step_5.message_id)
    await user.wait_for(lambda m: "Step 6 of" in m.body)
