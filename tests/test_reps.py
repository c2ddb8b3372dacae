"""Rep logs typed in chat: the phrasings users write, the bounds, and properties for any text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.coach.reps import (
    AMBIGUOUS_CODES,
    CODES,
    LB_TO_KG,
    MAX_INPUT_CHARS,
    MAX_PLAUSIBLE_REPS,
    MAX_PLAUSIBLE_SETS,
    MAX_REPS_PER_SET,
    MAX_SETS,
    MAX_WEIGHT_KG,
    MIN_PLAUSIBLE_REPS,
    REJECTED_CODES,
    Ambiguous,
    Done,
    NotALog,
    Parsed,
    Rejected,
    SetEntry,
    parse_log,
)
from bot.coach.reps_lexer import NUMBER_WORDS
from bot.content import Content
from tests.reps_cases import (
    THREE_TENS,
    assert_every_number_accounted,
    assert_nothing_invented,
    each,
    kg,
    lb,
    log,
    lr,
    sets,
)

PROPERTY = settings(database=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])

CASES: list[tuple[str, object]] = [
    # sets x reps
    ("3x10", THREE_TENS),
    ("3 x 10", THREE_TENS),
    ("3×10", THREE_TENS),
    ("3X10", THREE_TENS),
    ("3*10", THREE_TENS),
    ("3 by 10", THREE_TENS),
    ("3 times 10", THREE_TENS),
    ("3 sets of 10", THREE_TENS),
    ("3 sets of 10 reps", THREE_TENS),
    ("3 sets x 10", THREE_TENS),
    ("3 sets, 10 reps", THREE_TENS),
    ("three sets of ten", THREE_TENS),
    ("Three sets of ten reps each leg", THREE_TENS),
    # a number word glued to the times sign is still a number, never a note
    ("3xten", THREE_TENS),
    ("3xTen", THREE_TENS),
    ("threex10", THREE_TENS),
    ("three x ten", THREE_TENS),
    ("10 reps x 3 sets", THREE_TENS),
    ("10x3 sets", THREE_TENS),
    ("10 reps x 3", THREE_TENS),
    ("10 per leg x 3", THREE_TENS),
    ("3 sets 10 reps", THREE_TENS),
    ("2x15 each leg", log(sets(2, 15))),
    ("3x10 each leg", THREE_TENS),
    ("one set of twenty", log(sets(1, 20))),
    ("3x10 and 2x8", log(sets(3, 10), sets(2, 8))),
    ("3x10, 10, 8", log(sets(3, 10), each(10, 8))),
    # lists of sets
    ("10 10 8", log(each(10, 10, 8))),
    ("10,10,8", log(each(10, 10, 8))),
    ("10, 10, 8", log(each(10, 10, 8))),
    ("10/10/8", log(each(10, 10, 8))),
    ("10-10-8", log(each(10, 10, 8))),
    ("10 - 10 - 8", log(each(10, 10, 8))),
    ("12, 10 and 8", log(each(12, 10, 8))),
    ("10 reps, 8 reps, 8 reps", log(each(10, 8, 8))),
    ("10 10 each leg", log(each(10, 10))),
    # single sets
    ("12 each leg", log(each(12))),
    ("12 per leg", log(each(12))),
    ("12 reps each side", log(each(12))),
    ("12 a side", log(each(12))),
    ("12 each", log(each(12))),
    ("did 30", log(each(30))),
    ("30 reps", log(each(30))),
    ("10 reps", log(each(10))),
    ("30", Ambiguous("lone_number", (log(each(30)),))),
    ("did 20 lunges", log(each(20))),
    ("did it 10 times", log(each(10))),
    ("30 felt easy", log(each(30), note="felt easy")),
    # legs
    ("left 10 right 9", log(lr(10, 9))),
    ("L10 R9", log(lr(10, 9))),
    ("l10 r9", log(lr(10, 9))),
    ("10L 9R", log(lr(10, 9))),
    ("10 left, 9 right", log(lr(10, 9))),
    ("left leg 10, right leg 9", log(lr(10, 9))),
    ("left: 10 / right: 9", log(lr(10, 9))),
    ("right 12, left 11", log([SetEntry(12, "right", None), SetEntry(11, "left", None)])),
    ("left 10 10 right 9 9", log(sets(2, 10, "left"), sets(2, 9, "right"))),
    ("left 3x10 right 3x9", log(sets(3, 10, "left"), sets(3, 9, "right"))),
    ("left 12", log(sets(1, 12, "left"))),
    ("12 left", log(sets(1, 12, "left"))),
    ("left 10, the other 9", log(lr(10, 9))),
    # weights
    ("3x12 @2kg", log(sets(3, 12, w=kg(2)))),
    ("3x12 @ 2 kg", log(sets(3, 12, w=kg(2)))),
    ("3x12 with 2 kg", log(sets(3, 12, w=kg(2)))),
    ("3x12 with 2kg dumbbells", log(sets(3, 12, w=kg(2)))),
    ("3x12 w/ 2kg", log(sets(3, 12, w=kg(2)))),
    ("3x12 @ 2", log(sets(3, 12, w=kg(2)))),
    ("3x12 2.5kg", log(sets(3, 12, w=kg(2.5)))),
    ("3x12 2,5 kg", log(sets(3, 12, w=kg(2.5)))),
    ("3x12 with 4kg each hand", log(sets(3, 12, w=kg(4)))),
    ("4kg 3x12", log(sets(3, 12, w=kg(4)))),
    ("3x12 @ 5lb", log(sets(3, 12, w=lb(5)))),
    ("3x12 with 5 lbs", log(sets(3, 12, w=lb(5)))),
    ("3x12 five pounds", log(sets(3, 12, w=lb(5)))),
    ("3x10 @2kg, 2x8 @4kg", log(sets(3, 10, w=kg(2)), sets(2, 8, w=kg(4)))),
    ("3x10 bodyweight", THREE_TENS),
    ("3x10 no weight", THREE_TENS),
    ("10, 10, 8 @ 3kg", log(each(10, 10, 8, w=kg(3)))),
    # notes and noise
    ("3x10 felt easy", log(sets(3, 10), note="felt easy")),
    ("3x10, felt EASY!", log(sets(3, 10), note="felt EASY")),
    ("3x10 felt easy after 2 days off", log(sets(3, 10), note="felt easy after 2 days off")),
    ("I did 3x10 today!", log(sets(3, 10), day="today")),
    ("Today: 3x10.", log(sets(3, 10), day="today")),
    ("/log 3x10", THREE_TENS),
    ("3x10 💪💪", THREE_TENS),
    ("  3X10  ", THREE_TENS),
    ("3x10\u200b", THREE_TENS),
    ("done 3x10", THREE_TENS),
    ("reverse lunges 3x10", THREE_TENS),
    # done
    ("done", Done()),
    ("Done!", Done()),
    ("did it", Done()),
    ("I did it!", Done()),
    ("finished", Done()),
    ("all done for today ✅", Done()),
    # not a log
    ("hello", NotALog()),
    ("what should I do today?", NotALog()),
    ("can I do 3x10 today", NotALog()),
    ("3x10?", NotALog()),
    ("not done yet", NotALog()),
    ("I'm 45", NotALog()),
    ("at 7pm", NotALog()),
    ("", NotALog()),
    ("💪", NotALog()),
    ("<b>&amp;</b>", NotALog()),
    ("'; DROP TABLE sets; --", NotALog()),
    # ambiguous
    ("10 10", Ambiguous("sets_or_sides", (log(each(10, 10)), log(lr(10, 10))))),
    ("10-9", Ambiguous("sets_or_sides", (log(each(10, 9)), log(lr(10, 9))))),
    ("10 reps, 8 reps", Ambiguous("sets_or_sides", (log(each(10, 8)), log(lr(10, 8))))),
    (
        "3 10",
        Ambiguous("sets_or_sides", (log(each(3, 10)), log(lr(3, 10)), log(sets(3, 10)))),
    ),
    ("30 in total", Ambiguous("total_or_sets", (log(each(30)),))),
    ("did 30 total", Ambiguous("total_or_sets", (log(each(30)),))),
    ("10 left 9", Ambiguous("which_leg", (log(lr(10, 9)),))),
    (
        "one leg 12, the other 10",
        Ambiguous(
            "which_leg",
            (
                log([SetEntry(12, "left", None), SetEntry(10, "right", None)]),
                log([SetEntry(12, "right", None), SetEntry(10, "left", None)]),
            ),
        ),
    ),
    ("left 10, 9 right", Ambiguous("which_leg", ())),
    ("did 3 sets", Ambiguous("missing_reps", ())),
    ("3x", Ambiguous("unclear", ())),
    ("@ 2kg", Ambiguous("missing_reps", ())),
    # rejected
    ("0x10", Rejected("zero_sets", 0, 1)),
    ("-3x10", Rejected("negative_sets", -3, 1)),
    ("2.5x10", Rejected("fractional_sets", 2.5, None)),
    ("25x10", Rejected("too_many_sets", 25, MAX_SETS)),
    ("15x10 and 10x10", Rejected("too_many_sets", 25, MAX_SETS)),
    ("3x0", Rejected("zero_reps", 0, 1)),
    ("0 reps", Rejected("zero_reps", 0, 1)),
    ("did -5", Rejected("negative_reps", -5, 1)),
    ("3x-5", Rejected("negative_reps", -5, 1)),
    ("10.5 reps", Rejected("fractional_reps", 10.5, None)),
    ("3x150", Rejected("too_many_reps", 150, MAX_REPS_PER_SET)),
    ("101 reps", Rejected("too_many_reps", 101, MAX_REPS_PER_SET)),
    ("3x10 @ 150kg", Rejected("weight_too_heavy", 150, MAX_WEIGHT_KG)),
    ("3x10 @ 250 lb", Rejected("weight_too_heavy", 250 * LB_TO_KG, MAX_WEIGHT_KG)),
    ("3x10 @0kg", Rejected("weight_not_positive", 0, 0)),
    ("3x10 @ -2kg", Rejected("weight_not_positive", -2, 0)),
    ("0 0", Rejected("zero_reps", 0, 1)),
    ("10 150", Rejected("too_many_reps", 150, MAX_REPS_PER_SET)),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_phrasing(text: str, expected: object) -> None:
    """Each phrasing reads to exactly the expected result."""
    assert parse_log(text) == expected


def test_table_covers_many_phrasings() -> None:
    """The table holds at least 70 phrasings, with no text listed twice."""
    texts = [text for text, _ in CASES]
    assert len(texts) >= 70
    assert len(set(texts)) == len(texts)


def test_bounds_are_the_documented_ones() -> None:
    """The bounds the friendly texts quote."""
    assert (MAX_REPS_PER_SET, MAX_SETS, MAX_WEIGHT_KG) == (100, 20, 100)


def test_every_code_in_the_table_is_documented() -> None:
    """Codes used by the table are keys of CODES, each with a one-line meaning."""
    used = {r.code for _, r in CASES if isinstance(r, Ambiguous | Rejected)}
    assert used <= set(CODES)
    assert all(meaning and "\n" not in meaning for meaning in CODES.values())


def test_every_rejection_has_a_message(content: Content) -> None:
    """The logbook answers a rejection with the message named after its code: each exists."""
    assert set(CODES) == set(AMBIGUOUS_CODES) | set(REJECTED_CODES)
    assert "unsupported_date" in REJECTED_CODES
    assert [c for c in REJECTED_CODES if not content.texts.has(f"log.rejected.{c}")] == []


def test_bounds_are_inclusive() -> None:
    """The largest allowed numbers are accepted: as a reading to confirm, since that many sets
    is more than a person plausibly did (the swap, 100 sets of 20, is past the bounds)."""
    result = parse_log(f"{MAX_SETS}x{MAX_REPS_PER_SET} @ {MAX_WEIGHT_KG}kg")
    expected = log(sets(MAX_SETS, MAX_REPS_PER_SET, w=kg(MAX_WEIGHT_KG)))
    assert result == Ambiguous("many_sets", (expected,))


def test_only_the_head_of_a_long_message_is_read() -> None:
    """Text past MAX_INPUT_CHARS is ignored, and a number cut at the limit is dropped whole."""
    padding = "3x10 " + "a" * (MAX_INPUT_CHARS - 7)
    assert parse_log(padding + " 2x8 @ 99kg") == log(sets(3, 10), note="a" * (MAX_INPUT_CHARS - 7))
    cut = "3x10, " + " " * (MAX_INPUT_CHARS - 7) + "100"
    assert parse_log(cut) == THREE_TENS


@pytest.mark.parametrize(
    "text",
    [
        "3x10 " * 1000,
        "x" * 4096,
        "9" * 4096,
        "\u200b" * 4096,
        "שלום 3x10 " * 400,
        "🏋️" * 2048,
        "-" * 4096,
        "1," * 2048,
    ],
    ids=["repeated-log", "x", "digits", "zero-width", "rtl", "emoji", "dashes", "commas"],
)
def test_long_messages_are_handled(text: str) -> None:
    """4096-character messages give a result without raising."""
    assert isinstance(parse_log(text), Parsed | Ambiguous | Rejected | Done | NotALog)


# ---- properties ----------------------------------------------------------------------------


def readings(result: object) -> list[Parsed]:
    """The Parsed readings in a result: itself, or an Ambiguous result's options."""
    if isinstance(result, Parsed):
        return [result]
    return list(result.options) if isinstance(result, Ambiguous) else []


_FRAGMENTS = [
    "x", "X", "×", "*", "sets", "set of", "of", "reps", "rep", "each leg", "per side", "left",
    "right", "L", "R", "@", "kg", "lb", "lbs", "with", "bodyweight", "total", "in total", "did",
    "done", "I did", "today", "felt easy", "one leg", "the other", "-", ",", "/", "and", "times",
    "💪", "?", "!", "\u200b", "2 days", "7pm", "each", "three", "ten", "twenty", "one", "2,5",
    "yesterday", "on friday", "2 days ago", "3/12", "at 7:30", "\n", "Set 1:", "#2", "3.", "1)",
    "kg x", "x20", "х", "кг", "٣", "１０", "1o", "l0", "@2,5", "with", "lb x", "#", "w/",
]  # fmt: skip
_NUMBER_TEXT = st.one_of(
    st.integers(-5, 250).map(str),
    st.sampled_from(sorted(NUMBER_WORDS)),
    st.decimals(0, 150, places=1).map(str),
)
_LOG_LIKE = st.lists(
    st.one_of(_NUMBER_TEXT, st.sampled_from(_FRAGMENTS)), min_size=1, max_size=14
).flatmap(lambda parts: st.sampled_from(["", " ", ", "]).map(lambda sep: sep.join(parts)))
_ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from("0123456789 xX×*,-/@.kglbLR\u200b\u202e"), max_size=300),
    st.text(max_size=60).map(lambda s: (s * 100)[:4096]),
)


@PROPERTY
@given(_ANY_TEXT | _LOG_LIKE)
def test_never_raises(text: str) -> None:
    """Any text gives one of the five results, with only documented codes."""
    result = parse_log(text)
    assert isinstance(result, Parsed | Ambiguous | Rejected | Done | NotALog)
    if isinstance(result, Ambiguous | Rejected):
        assert result.code in CODES


@PROPERTY
@given(_LOG_LIKE | _ANY_TEXT)
def test_never_invents_a_number(text: str) -> None:
    """Every reps value and weight in any reading is written in the text, as digits or a word."""
    for parsed in readings(parse_log(text)):
        assert_nothing_invented(text, parsed)


@PROPERTY
@given(_LOG_LIKE | _ANY_TEXT)
def test_readings_are_within_bounds(text: str) -> None:
    """Readings offered are always valid: reps, set count and weight inside the bounds."""
    for parsed in readings(parse_log(text)):
        assert 1 <= len(parsed.sets) <= MAX_SETS
        assert all(1 <= s.reps <= MAX_REPS_PER_SET for s in parsed.sets)
        assert all(s.weight_kg is None or 0 < s.weight_kg <= MAX_WEIGHT_KG for s in parsed.sets)


@PROPERTY
@given(_LOG_LIKE | _ANY_TEXT)
def test_every_number_is_accounted_for(text: str) -> None:
    """A Parsed result uses every number of the read text exactly once, as a set count, reps,
    a weight, a set label, "one" of "one leg" or note text, and its sets are the ones those
    numbers build: no number is silently ignored, and none is reused as a set."""
    result = parse_log(text)
    if isinstance(result, Parsed):
        assert_every_number_accounted(text, result)


def plausible(parsed: Parsed) -> bool:
    """Within the ranges a person plausibly did in one log."""
    reps_ok = all(MIN_PLAUSIBLE_REPS <= s.reps <= MAX_PLAUSIBLE_REPS for s in parsed.sets)
    return reps_ok and len(parsed.sets) <= MAX_PLAUSIBLE_SETS


@PROPERTY
@given(_LOG_LIKE | _ANY_TEXT)
def test_what_is_stored_is_plausible(text: str) -> None:
    """A Parsed result is always plausible; anything else is asked about first."""
    result = parse_log(text)
    if isinstance(result, Parsed):
        assert plausible(result), (text, result)


@PROPERTY
@given(st.integers(1, MAX_SETS), st.integers(1, MAX_REPS_PER_SET), st.sampled_from("xX×*"))
def test_set_count_expands(count: int, reps: int, times: str) -> None:
    """ "NxM" gives N sets of M on each leg: stored when plausible, else offered to confirm
    first (with the swap, M sets of N, when that is plausible)."""
    expected = log(sets(count, reps))
    result = parse_log(f"{count}{times}{reps}")
    if plausible(expected):
        assert result == expected
    else:
        assert isinstance(result, Ambiguous)
        assert result.options[0] == expected
        assert result.options[1:] in ((), (log(sets(reps, count)),))


@PROPERTY
@given(st.integers(1, MAX_REPS_PER_SET), st.integers(1, MAX_REPS_PER_SET))
def test_left_then_right(left: int, right: int) -> None:
    """ "left a right b" gives one set on each named leg, in order (to confirm if implausible)."""
    expected = log(lr(left, right))
    result = parse_log(f"left {left} right {right}")
    assert result == (expected if plausible(expected) else Ambiguous(result.code, (expected,)))
