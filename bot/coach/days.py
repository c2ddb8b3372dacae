"""Reading weekdays that users type: "Mon Wed Fri", "tue/thu/sat", "Tuesday and Thursday".

Pure and never raising on user input. Days are numbered like `bot.coach.plan` and Python's
`date.weekday()`: 0 = Monday ... 6 = Sunday. English only, like the bot's texts.
"""

from __future__ import annotations

import re

_MAX_INPUT = 120  # longer messages are chat, not a list of days

_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SHORT = {
    "tues": 1,
    "weds": 2,
    "wednes": 2,
    "thur": 3,
    "thurs": 3,
    "thu": 3,
    "tu": 1,
    "th": 3,
    "sa": 5,
    "su": 6,
}
DAY_NAMES: dict[str, int] = {
    **{name: day for day, name in enumerate(_FULL)},
    **{name[:3]: day for day, name in enumerate(_FULL)},  # mon tue wed thu fri sat sun
    **{name[:2]: day for day, name in enumerate(_FULL)},  # mo tu we th fr sa su
    **_SHORT,
}
"""Every way of writing a single day: full names, 3- and 2-letter abbreviations, and the
common longer ones ("tues", "thurs"). Plurals ("mondays") are read too."""

GROUPS: dict[str, frozenset[int]] = {
    "weekdays": frozenset(range(5)),
    "weekday": frozenset(range(5)),
    "workdays": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
    "weekend": frozenset({5, 6}),
    "daily": frozenset(range(7)),
    "everyday": frozenset(range(7)),
}
"""Words for several days at once; the caller decides whether that many days make a plan."""

_FILLER = frozenset({"and", "on", "every", "each", "plus", "also", "the", "day", "days", "n"})
_RANGE_WORDS = frozenset({"to", "through", "thru", "till", "until"})
_DASHES = frozenset({"-", "–", "—"})
_TOKEN = re.compile(r"[a-z]+|[-–—]")


def day_number(word: str) -> int | None:
    """The weekday (0 = Monday) of one written day ("Wed", "thursdays", "Sa"), or None."""
    word = word.casefold().rstrip(".")
    found = DAY_NAMES.get(word)
    if found is None and word.endswith("s"):
        found = DAY_NAMES.get(word[:-1]) if len(word) > 4 else None  # "mondays", not "tues"
    return found


def parse_days(text: str) -> frozenset[int] | None:
    """The weekdays in a typed list, 0 = Monday; None for text that is not a list of days.

    Reads full names and 2-3 letter abbreviations in any case, separated by spaces, commas,
    slashes, "&", "+", dashes or "and" ("Mon Wed Fri", "tue/thu/sat", "Mo We Fr", "monday,
    wednesday & friday", "every Tuesday and Thursday"), group words ("weekdays", "weekends",
    "every day", "daily"), and ranges between two days with "to"/"through" or a single dash
    ("Mon to Wed", "mon-fri"; a dash in a longer list such as "mon-wed-fri" separates). A
    range runs forward and may wrap over the weekend ("Sat-Mon" is Sat, Sun, Mon). Any word
    that is neither a day nor one of these gives None: "Mon and maybe Fri" is not a plain
    list. Any number of days may come back; `bot.coach.plan.validate_days` judges the count.
    """
    if len(text) > _MAX_INPUT:
        return None
    cleaned = text.casefold().replace("every day", "everyday")
    if re.search(r"[^a-z\s,/&+.;:–—-]", cleaned):
        return None
    tokens = [token for token in _TOKEN.findall(cleaned) if token not in _FILLER]
    dashes = sum(token in _DASHES for token in tokens)
    days: set[int] = set()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in GROUPS:
            days |= GROUPS[token]
            index += 1
            continue
        day = day_number(token)
        if day is None:
            if token in _DASHES and dashes > 1:  # a dash in a list of three or more: a separator
                index += 1
                continue
            return None
        joined = tokens[index + 1] if index + 1 < len(tokens) else None
        end = day_number(tokens[index + 2]) if index + 2 < len(tokens) else None
        is_range = joined in _RANGE_WORDS or (joined in _DASHES and dashes == 1)
        if is_range and end is not None:
            days |= {(day + step) % 7 for step in range((end - day) % 7 + 1)}
            index += 3
        else:
            days.add(day)
            index += 1
    return frozenset(days) if days else None
