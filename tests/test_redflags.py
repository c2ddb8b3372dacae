"""Red flags in user messages: emergencies, joint pain, muscle soreness, negation, bad files."""

from __future__ import annotations

import timeit
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.redflags import (
    KEYS,
    MAX_TEXT_CHARS,
    RedFlagVocabulary,
    compile_phrase,
    detect,
    load_vocabulary,
)

VOCABULARY_PATH = Path(__file__).parents[1] / "content" / "red_flags.yaml"


@pytest.fixture(scope="module")
def vocab() -> RedFlagVocabulary:
    """The shipped vocabulary."""
    return load_vocabulary(VOCABULARY_PATH)


CASES: list[tuple[str, str | None]] = [
    # emergency
    ("I have chest pain", "emergency"),
    ("pain in my chest", "emergency"),
    ("my chest feels tight", "emergency"),
    ("I fainted", "emergency"),
    ("I passed out after set 2", "emergency"),
    ("blacked out for a second", "emergency"),
    ("feeling dizzy", "emergency"),
    ("DIZZINESS!!", "emergency"),
    ("a bit light-headed", "emergency"),
    ("felt light headed", "emergency"),
    ("short of breath", "emergency"),
    ("shortness of breath", "emergency"),
    ("I can't breathe", "emergency"),
    ("I can’t breathe", "emergency"),
    ("totally breathless", "emergency"),
    ("3x10 then got dizzy", "emergency"),
    ("knee hurts and I feel dizzy", "emergency"),
    ("no pain but dizzy", "emergency"),
    # joint pain
    ("my knee hurts", "joint_pain"),
    ("knee pain", "joint_pain"),
    ("KNEE PAIN!!!", "joint_pain"),
    ("sore hip", "joint_pain"),
    ("my hip is a bit sore", "joint_pain"),
    ("lower back aches", "joint_pain"),
    ("my ankle is sore", "joint_pain"),
    ("it hurts", "joint_pain"),
    ("pain", "joint_pain"),
    ("sharp twinge in my knee", "joint_pain"),
    ("3x10 knee hurts a bit", "joint_pain"),
    ("3x10, knee pain on the left", "joint_pain"),
    ("no pain but my knee hurts", "joint_pain"),
    ("my legs hurt and my knee hurts", "joint_pain"),
    ("knee gave way on the last rep", "joint_pain"),
    ("I don't have any knee pain", "joint_pain"),  # negation too far back: flagged, to be safe
    # not red flags
    ("3x10 easy", None),
    ("3x10 felt easy", None),
    ("my legs are sore", None),
    ("glutes burn", None),
    ("quads burning, legs sore", None),
    ("my legs hurt", None),
    ("no pain", None),
    ("no knee pain", None),
    ("didn't hurt", None),
    ("it didn’t hurt at all", None),
    ("pain-free", None),
    ("pain free today", None),
    ("not dizzy at all", None),
    ("no chest pain", None),
    ("sore legs but knee fine", None),
    ("3x10, legs sore, knee ok", None),
    ("kneepain", None),
    ("painting the fence later", None),
    ("hello", None),
    ("", None),
    ("<b>&amp;</b>", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_detect(vocab: RedFlagVocabulary, text: str, expected: str | None) -> None:
    """Each message gives exactly the expected flag."""
    assert detect(text, vocab) == expected


def test_table_covers_many_phrasings() -> None:
    """The table holds at least 30 phrasings, with no text listed twice."""
    texts = [text for text, _ in CASES]
    assert len(texts) >= 30
    assert len(set(texts)) == len(texts)


def test_zero_width_characters_do_not_hide_a_flag(vocab: RedFlagVocabulary) -> None:
    """Invisible characters inside a word are ignored."""
    assert detect("my kn\u200bee hu\u200brts", vocab) == "joint_pain"


def test_only_a_telegram_sized_message_is_read(vocab: RedFlagVocabulary) -> None:
    """Text past MAX_TEXT_CHARS is ignored."""
    assert detect("a" * MAX_TEXT_CHARS + " chest pain", vocab) is None
    assert detect("a " * 100 + "chest pain", vocab) == "emergency"


def test_long_messages_are_fast(vocab: RedFlagVocabulary) -> None:
    """A full-length message is checked in a few milliseconds at most."""
    text = ("3x10 legs sore but fine, " * 200)[:MAX_TEXT_CHARS]
    best = min(timeit.repeat(lambda: detect(text, vocab), number=3, repeat=3)) / 3
    assert best < 0.05


@settings(database=None, max_examples=300)
@given(
    st.one_of(
        st.text(max_size=500),
        st.text(max_size=60).map(lambda s: (s * 100)[:MAX_TEXT_CHARS]),
        st.lists(
            st.sampled_from(
                [
                    "no",
                    "not",
                    "knee",
                    "pain",
                    "sore",
                    "...",
                    "but",
                    ",",
                    "-",
                    "'",
                    "dizzy",
                    "(",
                    "|",
                ]
            ),
            max_size=30,
        ).map(" ".join),
    )
)
def test_detect_never_raises(vocab: RedFlagVocabulary, text: str) -> None:
    """Any text gives a flag or None."""
    assert detect(text, vocab) in ("emergency", "joint_pain", None)


# ---- the vocabulary file -------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    """A vocabulary file with `text`."""
    path = tmp_path / "red_flags.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = "emergency: [dizzy]\njoint_pain: [pain]\nnegations: ['no']\nnot_red_flags: []\n"


def test_a_minimal_file_loads(tmp_path: Path) -> None:
    """The four lists are all a file needs; negations and not_red_flags may be empty."""
    vocab = load_vocabulary(write(tmp_path, GOOD))
    assert detect("so dizzy", vocab) == "emergency"
    assert detect("no pain", vocab) is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("emergency: [dizzy\n", "not valid YAML"),
        ("- just a list\n", "expected a mapping"),
        (GOOD.replace("negations: ['no']\n", ""), "'negations'"),
        (GOOD + "extra: [x]\n", "'extra'"),
        (GOOD.replace("[pain]", "pain"), "'joint_pain'"),
        (GOOD.replace("[dizzy]", "[]"), "'emergency'"),
        (GOOD.replace("[pain]", "[42]"), "joint_pain[0]"),
        (GOOD.replace("[pain]", "['(knee pain']"), "joint_pain[0]"),
        (GOOD.replace("[dizzy]", "['... dizzy']"), "emergency[0]"),
        (GOOD.replace("[]", "['']"), "not_red_flags[0]"),
    ],
    ids=[
        "bad-yaml",
        "not-a-mapping",
        "missing-key",
        "unknown-key",
        "not-a-list",
        "empty-list",
        "not-text",
        "bad-group",
        "leading-gap",
        "empty-phrase",
    ],
)
def test_malformed_files_name_the_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    """A malformed file raises ValueError naming the file and what is wrong where."""
    path = write(tmp_path, text)
    with pytest.raises(ValueError, match="red_flags.yaml") as caught:
        load_vocabulary(path)
    assert key in str(caught.value)


def test_the_shipped_file_has_every_list() -> None:
    """content/red_flags.yaml fills the four lists."""
    vocab = load_vocabulary(VOCABULARY_PATH)
    assert all(getattr(vocab, key) for key in KEYS)


@pytest.mark.parametrize(
    ("phrase", "text", "matches"),
    [
        ("light headed", "light-headed", True),
        ("dizz*", "dizziness", True),
        ("dizz*", "a dizz", True),
        ("(knee|hip) ... sore", "my hip is really very sore", True),
        ("(knee|hip) ... sore", "my hip is not at all very sore", False),
        ("(knee|hip) ... sore", "knee fine, legs sore", False),
        ("(knee|hip) ... sore", "knee fine and legs sore", False),
        ("can't breathe", "cant breathe", True),
        ("pain", "painting", False),
    ],
)
def test_phrase_syntax(phrase: str, text: str, matches: bool) -> None:
    """Wildcards, groups, gaps within a clause, and whole-word matching."""
    assert bool(compile_phrase(phrase).search(text.replace("'", ""))) is matches
