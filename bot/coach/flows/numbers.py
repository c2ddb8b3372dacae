"""Numbers read from callback data and short replies, which may be forged or odd.

`str.isdigit()` is not a safe test before `int()`: it accepts superscripts ("²") and other
characters `int()` rejects, and it bounds nothing. Every flow reads its numbers through here.
"""

from __future__ import annotations


def whole_number(text: str, *, most: int) -> int | None:
    """`text` as a whole number from 0 to `most`; None for anything else (signs, "²", "")."""
    if not text.isdecimal() or len(text) > len(str(most)):
        return None
    value = int(text)
    return value if value <= most else None
