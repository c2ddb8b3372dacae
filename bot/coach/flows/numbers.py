"""Numbers read from callback data and short replies, which may be forged or odd.

`str.isdigit()` is not a safe test before `int()`: it accepts superscripts ("²") and other
characters `int()` rejects, and it bounds nothing. Every flow reads its numbers through here.
"""

from __future__ import annotations

from bot.coach.callbacks import PainRating
from bot.coach.messages import Button

MAX_RATING = 10
"""The top of the 0-10 pain scale."""


def whole_number(text: str, *, most: int) -> int | None:
    """`text` as a whole number from 0 to `most`; None for anything else (signs, "²", "")."""
    if not text.isdecimal() or len(text) > len(str(most)):
        return None
    value = int(text)
    return value if value <= most else None


def rating_buttons() -> tuple[tuple[Button, ...], ...]:
    """The 0-10 pain rating as buttons (`PainRating`): 0-5 and 6-10, two rows."""
    return tuple(
        tuple(Button(str(n), PainRating(n).pack()) for n in numbers)
        for numbers in (range(0, 6), range(6, MAX_RATING + 1))
    )
