"""Rep logs: the classes of misreading, each with a table of phrasings and a property.

1. chained numbers are never invented sets; 2. decimal commas and units; 3. other keyboards;
4. pasted lists with set labels; 5. implausible readings and typos are asked about first;
6. days and dates in the text.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.coach.reps import (
    CODES,
    MAX_REPS_PER_SET,
    MAX_SETS,
    MAX_WEIGHT_KG,
    Ambiguous,
    NotALog,
    Parsed,
    Rejected,
    parse_log,
)
from bot.coach.reps_dates import WEEKDAYS
from tests.reps_cases import (
    THREE_TENS,
    assert_every_number_accounted,
    each,
    kg,
    lb,
    log,
    lr,
    sets,
)

PROPERTY = settings(database=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
TYPO = Ambiguous("typo", ())
DATE = Rejected("unsupported_date", None, None)

CHAINS: list[tuple[str, object]] = [
    ("3x10x20", log(sets(3, 10, w=kg(20)))),  # 10 sets of 20 at 3 kg is implausible
    ("10x3x12", log(sets(3, 12, w=kg(10)))),  # 10 sets of 3 at 12 kg is implausible
    ("3 × 12 × 4", log(sets(3, 12, w=kg(4)))),
    ("3*10*2.5", log(sets(3, 10, w=kg(2.5)))),  # 2.5 reps is no reading
    ("12x3x10", log(sets(3, 10, w=kg(12)))),
    (
        "3x4x12",
        Ambiguous("chain_order", (log(sets(3, 4, w=kg(12))), log(sets(4, 12, w=kg(3))))),
    ),
    (
        "2x3x10",
        Ambiguous("chain_order", (log(sets(2, 3, w=kg(10))), log(sets(3, 10, w=kg(2))))),
    ),
    ("3x10x20kg", log(sets(3, 10, w=kg(20)))),
    ("3x10x20 lb", log(sets(3, 10, w=lb(20)))),
    ("3x10x2 kg felt good", log(sets(3, 10, w=kg(2)), note="felt good")),
    ("5kg x 3 x 10", log(sets(3, 10, w=kg(5)))),
    ("10 lb x 3 x 12", log(sets(3, 12, w=lb(10)))),
    ("3 sets x 10 reps x 20kg", log(sets(3, 10, w=kg(20)))),
    ("3x10x150", Rejected("weight_too_heavy", 150, MAX_WEIGHT_KG)),
    ("3x10x20x5", Ambiguous("unclear", ())),
    ("2x3x10x5 kg", Ambiguous("unclear", ())),
    ("3 sets x 10 x 20", Ambiguous("unclear", ())),
    ("5kg x 3x10x2", Ambiguous("unclear", ())),
]

DECIMALS_AND_UNITS: list[tuple[str, object]] = [
    ("3x10 @2,5", log(sets(3, 10, w=kg(2.5)))),
    ("3x10 @ 2,5", log(sets(3, 10, w=kg(2.5)))),
    ("3x10 with 2,5", log(sets(3, 10, w=kg(2.5)))),
    ("3x10 w/ 2,5", log(sets(3, 10, w=kg(2.5)))),
    ("3x10 2,5kg", log(sets(3, 10, w=kg(2.5)))),
    ("3x10 2,5 lbs", log(sets(3, 10, w=lb(2.5)))),
    ("3x10 @ 2,25 kg", log(sets(3, 10, w=kg(2.25)))),
    ("3x10 with 2", log(sets(3, 10, w=kg(2)))),
    ("3x10 @ 2, 2x8", log(sets(3, 10, w=kg(2)), sets(2, 8, w=kg(2)))),
    ("10,10,8 @2,5", log(each(10, 10, 8, w=kg(2.5)))),
    ("3x10 with 2 friends", log(sets(3, 10), each(2), note="friends")),
    ("3x10 @ 5 pounds", log(sets(3, 10, w=lb(5)))),
    ("3x10 1 pound", log(sets(3, 10, w=lb(1)))),
    ("3x12 @ 12.5 lbs", log(sets(3, 12, w=lb(12.5)))),
    ("3x10 10#", log(sets(3, 10, w=lb(10)))),
    ("10# x 12", log(each(12, w=lb(10)))),
    ("3x10 @2kg, 2x8 @5lb", log(sets(3, 10, w=kg(2)), sets(2, 8, w=lb(5)))),
]

KEYBOARDS: list[tuple[str, object]] = [
    ("3х10 5кг", log(sets(3, 10, w=kg(5)))),  # Cyrillic х and кг
    ("3Х10", THREE_TENS),
    ("3 х 10", THREE_TENS),
    ("３x１０", THREE_TENS),  # full-width
    ("３ｘ１０", THREE_TENS),
    ("٣x١٠", THREE_TENS),  # Arabic-Indic
    ("۳x۱۰", THREE_TENS),  # Extended Arabic-Indic
    ("३x१०", THREE_TENS),  # Devanagari
    ("৩x১০", THREE_TENS),  # Bengali
    ("๓x๑๐", THREE_TENS),  # Thai
    ("3✕10", THREE_TENS),
    ("3✖10", THREE_TENS),
    ("3⨯10", THREE_TENS),
    ("٣x١٠ @ ٢٫٥", log(sets(3, 10, w=kg(2.5)))),  # the Arabic decimal separator
    ("3x10 2 килограмма", log(sets(3, 10, w=kg(2)))),
    ("3x10 4 кило", log(sets(3, 10, w=kg(4)))),
    ("3x10 5 фунтов", log(sets(3, 10, w=lb(5)))),
    ("3x12 5公斤", log(sets(3, 12, w=kg(5)))),
    ("3x12 5キロ", log(sets(3, 12, w=kg(5)))),
    ("3x12 ５㎏", log(sets(3, 12, w=kg(5)))),
    ("3 подхода по 10", THREE_TENS),
    ("3х10 хорошо", log(sets(3, 10), note="хорошо")),  # a Cyrillic х inside a word stays
]

LISTS: list[tuple[str, object]] = [
    ("Set 1: 5 kg x 10\nSet 2: 5 kg x 10\nSet 3: 5 kg x 8", log(each(10, 10, 8, w=kg(5)))),
    ("Set 1 - 10 reps\nSet 2 - 10 reps\nSet 3 - 8 reps", log(each(10, 10, 8))),
    ("Set #1 5kg × 10 reps\nSet #2 5kg × 10 reps", log(each(10, 10, w=kg(5)))),
    ("#1 10 lb x 12\n#2 10 lb x 12\n#3 10 lb x 10", log(each(12, 12, 10, w=lb(10)))),
    ("1. 5 kg x 10\n2. 5 kg x 10\n3. 5 kg x 8", log(each(10, 10, 8, w=kg(5)))),
    ("1) 12\n2) 12\n3) 10", log(each(12, 12, 10))),
    ("S1: 12 reps\nS2: 12 reps", log(each(12, 12))),
    ("Round 1: 10\nRound 2: 10\nRound 3: 9", log(each(10, 10, 9))),
    ("1st set: 12\n2nd set: 10", log(each(12, 10))),
    ("Set 1: 5 kg x 10\nSet 2: 7.5 kg x 8", log(each(10, w=kg(5)), each(8, w=kg(7.5)))),
    ("Set 1: 10", log(each(10))),
    ("5 kg x 10", log(each(10, w=kg(5)))),
    ("5kg × 10 reps", log(each(10, w=kg(5)))),
    ("10 lb x 12", log(each(12, w=lb(10)))),
    ("5 kg x 10\n5 kg x 10\n5 kg x 8", log(each(10, 10, 8, w=kg(5)))),
    (
        "Reverse Lunge (Dumbbell)\n"
        + "".join(f"Set {n}: 12.5 lb x {r} reps\n" for n, r in enumerate([10] * 5 + [8], 1)),
        log(each(10, 10, 10, 10, 10, 8, w=lb(12.5))),
    ),
    ("12. felt easy", log(each(12), note="felt easy")),  # one "12." is no list
]

ASKED_FIRST: list[tuple[str, object]] = [
    # typos: letters that look like digits
    ("3x1o", TYPO),
    ("3x1O", TYPO),
    ("3xl0", TYPO),
    ("1O reps", TYPO),
    ("l0 reps", TYPO),
    ("3x1l", TYPO),
    ("3 x 1o @ 2kg", TYPO),
    ("10L 9R", log(lr(10, 9))),  # a capital L after digits is a leg
    ("l10 r9", log(lr(10, 9))),  # so is a small l when the right leg is named too
    # a lone bare number
    ("12", Ambiguous("lone_number", (log(each(12)),))),
    ("100", Ambiguous("lone_number", (log(each(100)),))),
    ("7", Ambiguous("lone_number", (log(each(7)),))),
    ("1", Ambiguous("lone_number", (log(each(1)),))),
    ("12!", Ambiguous("lone_number", (log(each(12)),))),
    ("yesterday 12", Ambiguous("lone_number", (log(each(12), day="yesterday"),))),
    ("12 reps", log(each(12))),
    ("did 12", log(each(12))),
    # a set of 1 rep
    ("3x1", Ambiguous("one_rep", (log(sets(3, 1)), log(sets(1, 3))))),
    ("did 1", Ambiguous("one_rep", (log(each(1)),))),
    ("1 rep", Ambiguous("one_rep", (log(each(1)),))),
    ("left 1 right 10", Ambiguous("one_rep", (log(lr(1, 10)),))),
    ("10, 10, 1", Ambiguous("one_rep", (log(each(10, 10, 1)),))),
    # a set over 30 reps
    ("did 100", Ambiguous("big_set", (log(each(100)),))),
    ("50 reps", Ambiguous("big_set", (log(each(50)),))),
    ("3x40", Ambiguous("big_set", (log(sets(3, 40)),))),  # 40 sets is past the bounds
    ("2x35 @ 2kg", Ambiguous("big_set", (log(sets(2, 35, w=kg(2))),))),
    ("left 40 right 40", Ambiguous("big_set", (log(lr(40, 40)),))),
    # more than 6 sets
    ("10x3", Ambiguous("many_sets", (log(sets(10, 3)), log(sets(3, 10))))),
    ("12x2", Ambiguous("many_sets", (log(sets(12, 2)), log(sets(2, 12))))),
    ("8x12", Ambiguous("many_sets", (log(sets(8, 12)),))),  # 12 sets of 8 is no better
    ("7 sets of 10", Ambiguous("many_sets", (log(sets(7, 10)),))),
    ("10 10 10 10 10 10 10", Ambiguous("many_sets", (log(each(*[10] * 7)),))),
    # bounds are refused as before
    ("25x10", Rejected("too_many_sets", 25, MAX_SETS)),
    ("3x150", Rejected("too_many_reps", 150, MAX_REPS_PER_SET)),
]

DAYS: list[tuple[str, object]] = [
    ("yesterday 3x10", log(sets(3, 10), day="yesterday")),
    ("3x10 yesterday", log(sets(3, 10), day="yesterday")),
    ("Yesterday: 10, 10, 8", log(each(10, 10, 8), day="yesterday")),
    ("last night 2x12", log(sets(2, 12), day="yesterday")),
    ("3x10 this morning", log(sets(3, 10), day="today")),
    ("tonight 3x10", log(sets(3, 10), day="today")),
    ("on tuesday 3x10", log(sets(3, 10), day=1)),
    ("3x10 last friday", log(sets(3, 10), day=4)),
    ("Mon: 3x10", log(sets(3, 10), day=0)),
    ("3x10 tue", log(sets(3, 10), day=1)),
    ("sunday 3x10", log(sets(3, 10), day=6)),
    ("3x10 on sat", log(sets(3, 10), day=5)),
    (
        "3x10 felt easy yesterday after work",
        log(sets(3, 10), note="felt easy after work", day="yesterday"),
    ),
    ("3x10 in the sun", log(sets(3, 10), note="sun")),  # "sun" alone is not a day
    # dates the log can't be stored for
    ("2 days ago 3x10", DATE),
    ("3x10 a couple of days ago", DATE),
    ("3x10 last week", DATE),
    ("3x10 this week", DATE),
    ("3x10 tomorrow", DATE),
    ("3x10 the day before yesterday", DATE),
    ("on the 3rd 3x10", DATE),
    ("Dec 3 3x10", DATE),
    ("3rd of December: 3x10", DATE),
    ("3x10 3/12", DATE),
    ("03.12 3x10", DATE),
    ("3x10 on 3/12/2024", DATE),
    ("2024-12-03 3x10", DATE),
    ("3x10 next monday", DATE),
    ("yesterday and today 3x10", DATE),  # two days in one log
    ("3/12", DATE),
    ("did it 2 days ago", DATE),
    ("did it yesterday", NotALog()),  # "done" stands for today's target only
    # times of day stay note text; close pairs stay reps
    ("3x10 at 7pm", log(sets(3, 10), note="at 7pm")),
    ("3x10 at 7:30", log(sets(3, 10), note="at 7:30")),
    ("3x10 18:30", log(sets(3, 10), note="18:30")),
    ("3x10 at 6", log(sets(3, 10), note="at 6")),
    ("3x10, the 3rd set was hard", log(sets(3, 10), note="3rd set was hard")),
    ("10/9", Ambiguous("sets_or_sides", (log(each(10, 9)), log(lr(10, 9))))),
]

TABLES = {
    "chains": CHAINS,
    "decimals and units": DECIMALS_AND_UNITS,
    "keyboards": KEYBOARDS,
    "lists": LISTS,
    "asked first": ASKED_FIRST,
    "days": DAYS,
}
ROWS = [row for table in TABLES.values() for row in table]


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[repr(text) for text, _ in ROWS])
def test_phrasing(text: str, expected: object) -> None:
    """Each phrasing reads to exactly the expected result, every number accounted for."""
    result = parse_log(text)
    assert result == expected
    if isinstance(result, Parsed):
        assert_every_number_accounted(text, result)


def test_each_class_has_a_table() -> None:
    """At least five rows per class, no text listed twice, only documented codes."""
    assert all(len(rows) >= 5 for rows in TABLES.values())
    texts = [text for text, _ in ROWS]
    assert len(set(texts)) == len(texts)
    assert {r.code for _, r in ROWS if isinstance(r, Ambiguous | Rejected)} <= set(CODES)


def test_the_typed_weight_is_kept_exactly() -> None:
    """A weight in pounds is kept as typed, with its unit, next to its value in kg."""
    result = parse_log("3x12 @ 12.5 lbs")
    assert isinstance(result, Parsed)
    assert (result.weight_as_typed, result.original_unit) == (12.5, "lb")
    assert {(s.weight_as_typed, s.weight_unit) for s in result.sets} == {(12.5, "lb")}
    assert result.weight_kg is not None
    assert math.isclose(result.weight_kg, 12.5 * 0.45359237)


# ---- properties ----------------------------------------------------------------------------

_TIMES = st.sampled_from(["x", "X", "×", "*", " x ", "х", "✕", "⨯"])


@PROPERTY
@given(
    st.integers(1, 40),
    st.integers(1, 40),
    st.integers(1, 40),
    _TIMES,
    st.sampled_from(["", "kg", " lb"]),
)
def test_a_chain_is_never_an_invented_set(a: int, b: int, c: int, times: str, unit: str) -> None:
    """ "a x b x c" is sets x reps x weight or (without a unit) weight x sets x reps: every
    reading offered is one of those two, with a unit only the first; never more sets."""
    text = f"{a}{times}{b}{times}{c}{unit}"
    result = parse_log(text)
    first = (a, b, float(c))
    allowed = {first} if unit else {first, (b, c, float(a))}
    offered = [result] if isinstance(result, Parsed) else getattr(result, "options", ())
    for parsed in offered:
        reps = {s.reps for s in parsed.sets}
        assert len(reps) == 1
        assert (len(parsed.sets), reps.pop(), parsed.weight_as_typed) in allowed, (text, parsed)
    if isinstance(result, Parsed):
        assert_every_number_accounted(text, result)


@PROPERTY
@given(st.integers(1, 60), st.integers(0, 99), st.sampled_from(["@", "@ ", "with ", "w/ "]))
def test_a_decimal_comma_after_a_weight_marker_is_a_decimal(whole: int, part: int, at: str) -> None:
    """ "3x10 @2,5" is 2.5 kg, never 2 kg and a set of 5."""
    result = parse_log(f"3x10 {at}{whole},{part}")
    assert isinstance(result, Parsed)
    assert result.weight_as_typed == float(f"{whole}.{part}")
    assert len(result.sets) == 3


_ZEROS = [0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xFF10]


def in_script(number: int, zero: int) -> str:
    """`number` written with the digits that start at code point `zero`."""
    return "".join(chr(zero + int(d)) for d in str(number))


@PROPERTY
@given(
    st.integers(1, 6),
    st.integers(2, 30),
    st.integers(1, 20),
    st.sampled_from(_ZEROS),
    _TIMES,
    st.sampled_from(["kg", "кг", "公斤", "lb", "фунтов"]),
)
def test_any_keyboard_reads_like_ascii(
    count: int, reps: int, weight: int, zero: int, times: str, unit: str
) -> None:
    """Digits of any script, look-alike times signs and units in other scripts read the same
    as the ASCII log."""
    ascii_unit = "lb" if unit in ("lb", "фунтов") else "kg"
    expected = parse_log(f"{count}x{reps} {weight}{ascii_unit}")
    typed = (
        f"{in_script(count, zero)}{times}{in_script(reps, zero)} {in_script(weight, zero)} {unit}"
    )
    assert parse_log(typed) == expected
    assert isinstance(expected, Parsed)


_LABELS = [
    "Set {n}: ",
    "Set {n} - ",
    "Set #{n} ",
    "#{n} ",
    "{n}. ",
    "{n}) ",
    "S{n}: ",
    "Round {n}: ",
]


@PROPERTY
@given(
    st.lists(st.integers(2, 30), min_size=2, max_size=6),
    st.sampled_from(_LABELS),
    st.one_of(st.none(), st.integers(1, 40)),
    st.sampled_from(["kg", " kg", " lb", "lbs"]),
    st.sampled_from([" x ", "x", " × "]),
)
def test_a_pasted_list_reads_one_set_per_line(
    reps: list[int], label: str, weight: int | None, unit: str, times: str
) -> None:
    """Lines "Set n: w kg x r" (or "r reps") are one set each: labels are never reps."""
    lines = [
        label.format(n=n) + (f"{r} reps" if weight is None else f"{weight}{unit}{times}{r}")
        for n, r in enumerate(reps, 1)
    ]
    text = "\n".join(lines)
    w = None if weight is None else (lb(weight) if "lb" in unit else kg(weight))
    assert parse_log(text) == log(each(*reps, w=w))


@PROPERTY
@given(
    st.integers(1, 99), st.sampled_from("oOlI"), st.booleans(), st.sampled_from(["3x", "", "did "])
)
def test_digit_look_alikes_are_asked_again(
    number: int, glyph: str, after: bool, before: str
) -> None:
    """A look-alike letter glued to digits is never read as the digits alone."""
    digits = str(number)
    text = before + (digits + glyph if after else glyph + digits)
    assert parse_log(text) == TYPO


_DAY_WORDS: list[tuple[str, object]] = [
    ("yesterday", "yesterday"),
    ("today", "today"),
    ("tonight", "today"),
    ("this morning", "today"),
    ("last night", "yesterday"),
    *((f"on {name}", day) for name, day in WEEKDAYS.items()),
    *((name, day) for name, day in WEEKDAYS.items() if name not in ("sat", "sun")),
]
_BAD_DATES = [
    "2 days ago", "a week ago", "last week", "this week", "tomorrow", "on the 3rd", "Dec 3",
    "3 March", "3/12", "03.12", "2024-12-03", "the day before yesterday", "next friday",
]  # fmt: skip


@PROPERTY
@given(st.sampled_from(_DAY_WORDS), st.booleans(), st.integers(1, 6), st.integers(2, 30))
def test_a_day_in_the_text_is_returned(
    day: tuple[str, object], first: bool, n: int, r: int
) -> None:
    """A day named before or after the log is the log's day, never note text or sets."""
    words, expected = day
    text = f"{words} {n}x{r}" if first else f"{n}x{r} {words}"
    assert parse_log(text) == log(sets(n, r), day=expected)  # type: ignore[arg-type]


@PROPERTY
@given(st.sampled_from(_BAD_DATES), st.booleans(), st.integers(1, 6), st.integers(2, 30))
def test_a_date_that_cannot_be_honoured_is_refused(words: str, first: bool, n: int, r: int) -> None:
    """A date the log can't be stored for is refused, never ignored and never read as sets."""
    text = f"{words} {n}x{r}" if first else f"{n}x{r} {words}"
    assert parse_log(text) == DATE


@PROPERTY
@given(st.integers(1, MAX_REPS_PER_SET), st.sampled_from(["", "!", ".", " 💪"]))
def test_a_lone_number_is_confirmed_first(number: int, tail: str) -> None:
    """A message that is just one number is one set of that many, to confirm."""
    assert parse_log(f"{number}{tail}") == Ambiguous("lone_number", (log(each(number)),))
