"""Messages: HTML-escaped values, and plural forms chosen by the language's CLDR rules."""

from __future__ import annotations

from datetime import date

import pytest

from bot.texts import Html, Texts, TextsError

FORMS = {"one": "{count} session", "other": "{count} sessions"}


def test_values_are_escaped_unless_already_html() -> None:
    """A user's name with HTML is shown as typed; a fragment marked Html is inserted as is."""
    texts = Texts({"hi": "Hi {name}! {extra}"})
    assert texts("hi", name="<b>Ann</b>", extra=Html("<i>ok</i>")) == (
        "Hi &lt;b&gt;Ann&lt;/b&gt;! <i>ok</i>"
    )


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 sessions"),
        (1, "1 session"),
        (2, "2 sessions"),
        (21, "21 sessions"),
        (1.5, "1.5 sessions"),
    ],
)
def test_english_plurals(count: float, expected: str) -> None:
    """English: "one" for exactly 1, "other" for everything else, including 0 and 21."""
    texts = Texts({"unit.session": FORMS})
    assert texts.plural("unit.session", count) == expected
    assert texts("unit.session", count=count) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 занятие"), (21, "21 занятие"), (3, "3 занятия"), (5, "5 занятий"), (11, "11 занятий")],
)
def test_plural_rules_come_from_cldr_not_from_english(count: int, expected: str) -> None:
    """Russian has "one", "few" and "many": the same code words every language right."""
    forms = {
        "one": "{count} занятие",
        "few": "{count} занятия",
        "many": "{count} занятий",
        "other": "{count} занятия",
    }
    assert Texts({"unit.session": forms}, locale="ru").plural("unit.session", count) == expected


@pytest.mark.parametrize(
    "template",
    [{"one": "x"}, {"one": "x", "other": "y", "several": "z"}, {"other": "{broken"}, 3],
)
def test_bad_messages_are_refused_when_loaded(template: object) -> None:
    """A plural without "other", an unknown category, a broken placeholder, a non-text."""
    with pytest.raises(TextsError):
        Texts({"key": template})  # type: ignore[dict-item]


def test_plural_of_a_plain_message_is_an_error() -> None:
    """Asking for a plural of a message that has no forms is a programming error."""
    with pytest.raises(TextsError):
        Texts({"plain": "hi"}).plural("plain", 2)


def test_a_date_reads_in_words_in_the_locales_names() -> None:
    """`Texts.date` uses Babel's CLDR names: English and German for Thursday 24 December."""
    pattern = {"format.date": "EEEE d MMMM"}
    day = date(2026, 12, 24)
    assert Texts(pattern).date(day) == "Thursday 24 December"
    assert Texts(pattern, locale="de").date(day) == "Donnerstag 24 Dezember"
