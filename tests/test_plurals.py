"""Counts read right: every message that holds a number takes its form from CLDR plural
rules (`Texts.plural`), never from a hand-made "(s)"."""

from __future__ import annotations

import string
from collections.abc import Awaitable, Callable

import pytest

from bot.content import Content
from tests.chat import ChatHarness
from tests.test_logging_chat import screened
from tests.test_stats_chat import log_one_rep


def _templates(content: Content) -> list[tuple[str, str]]:
    """(key, template) of every message, each plural form apart."""
    found: list[tuple[str, str]] = []
    for key, template in content.texts.messages.items():
        forms = [template] if isinstance(template, str) else list(template.values())
        found.extend((key, form) for form in forms)
    return found


def test_no_message_makes_its_own_plural(content: Content) -> None:
    """No message holds "(s)", a {s} placeholder or a "{...}s}"-style hack."""
    for key, template in _templates(content):
        assert "(s)" not in template, key
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        assert not fields & {"s", "plural", "es"}, key


@pytest.mark.parametrize(
    ("key", "count", "expected"),
    [
        ("unit.session", 1, "1 session"),
        ("unit.session", 2, "2 sessions"),
        ("unit.session", 0, "0 sessions"),
        ("sets.count", 1, "1 set"),
        ("sets.reps", 1, "1 rep"),
        ("unit.second", 1, "1 second"),
        ("button.days_done", 1, "Done (1 day)"),
        ("stats.streak", 1, "Weekly streak: 1 week in a row that met your plan"),
        ("stats.streak_no_plan", 2, "Training streak: 2 weeks in a row with training"),
    ],
)
def test_plural_forms(content: Content, key: str, count: int, expected: str) -> None:
    """Each plural message's English forms, one and other."""
    assert content.texts.plural(key, count) == expected


async def _one_set(chat: ChatHarness) -> str:
    await log_one_rep(chat)
    return chat.last.text


async def _stats(chat: ChatHarness) -> str:
    await log_one_rep(chat)
    await chat.send("/stats")
    return chat.last.text


async def _one_day(chat: ChatHarness) -> str:
    await chat.send("/schedule")
    await chat.press("Mon")
    return " ".join(chat.last.labels)


Action = Callable[[ChatHarness], Awaitable[str]]


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (_one_set, "1 set x 1 rep per leg"),
        (_stats, "This week: 1 session"),
        (_stats, "All time: 1 session, 1 rep per leg"),
        (_stats, "1 week in a row"),
        (_one_day, "Done (1 day)"),
    ],
)
async def test_replies_say_one_in_the_singular(
    chat: ChatHarness, action: Action, expected: str
) -> None:
    """The replies that count things say "1 set", "1 rep", "1 session", "1 week", "1 day"."""
    await screened(chat)
    assert expected in await action(chat)
