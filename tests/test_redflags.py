"""Red flags in user messages, graded: emergency, injury, joint pain, unclear, effort or nothing;
negations, typos, qualifiers, quoting, and the vocabulary file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.coach.redflag_phrases import one_typo_apart
from bot.coach.redflags import (
    KEYS,
    KINDS,
    MAX_TEXT_CHARS,
    Grade,
    Kind,
    RedFlagVocabulary,
    Sign,
    compile_phrase,
    detect,
    grade,
    load_vocabulary,
)

VOCABULARY_PATH = Path(__file__).parents[1] / "content" / "red_flags.yaml"
PROPERTY = settings(database=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def vocab() -> RedFlagVocabulary:
    """The shipped vocabulary."""
    return load_vocabulary(VOCABULARY_PATH)


# ---- grade: the table ----------------------------------------------------------------------
# Each row pins the grade both ways: an emergency read as anything milder fails, and so does
# normal effort read as anything more serious.

EMERGENCY = [
    "I have chest pain",
    "pain in my chest",
    "my chest feels tight",
    "chest pressure after the second set",
    "tightness in my chest",
    "3x10 then chest pain",
    "dizzy and my chest hurts",
    "I fainted",
    "nearly fainted after set 2",
    "I passed out after set 2",
    "blacked out for a second",
    "almost passed out",
    "felt faint and had to sit",
    "my vision went black",
    "I collapsed",
    "I can't breathe",
    "I can’t breathe",
    "can't catch my breath even sitting down",
    "still can't breathe properly after resting",
    "out of breath and it's not easing",
    "breathless even at rest",
    "breathlessness that does not ease with rest",
    "out of breath for 20 minutes now, not getting better",
    "still dizzy after sitting down for ten minutes",
    "heart racing and won't slow down",
    "my heart won't slow down",
    "heart skipping beats",
    "palpitations",
    "irregular heartbeat",
    "sudden severe pain in my leg",
    "severe headache",
    "pain spreading to my left arm",
    # typos
    "chest pian",
    "chets pain",
    "feel fiant",
    "cant breath",
    "palpatations since the last set",
    "hart racing and wont slow down",
    "brething hard even at rest",
    # odd word orders
    "pain chest",
    "tight, my chest. really tight chest",
    "racing heart that won't slow down",
    "passed out I think",
]

INJURY = [
    "sharp pain in my knee",
    "sharp twinge in my knee",
    "pain was sharp",
    "stabbing pain in my hip",
    "shooting pain down my leg",
    "knee gave way on the last rep",
    "felt a pop in my knee",
    "heard a snap and now it hurts",
    "knee clicked and it hurts",
    "twisted my ankle",
    "rolled my ankle on the last rep",
    "I fell over on the third set",
    "fell and hit my knee",
    "pulled a muscle in my hamstring",
    "my knee is swollen",
    "sprained ankle",
    "sharp pian in my hip",
]

JOINT_PAIN = [
    "my knee hurts",
    "knee pain",
    "KNEE PAIN!!!",
    "sore hip",
    "my hip is a bit sore",
    "lower back aches",
    "my ankle is sore",
    "it hurts",
    "pain",
    "3x10 knee hurts a bit",
    "3x10, knee pain on the left",
    "no pain but my knee hurts",
    "my legs hurt and my knee hurts",
    "knee hurts and I feel dizzy",
    "achy knees today",
    "pain at the front of my knee",
    "back is a bit stiff and sore",
    "feeling a bit sore in the back of my knee",
    "kneee hurts",
    "my knees hurst",
]

UNCLEAR = [
    "out of breath",
    "short of breath",
    "shortness of breath",
    "totally breathless",
    "feeling dizzy",
    "DIZZINESS!!",
    "a bit light-headed",
    "felt light headed",
    "3x10 then got dizzy",
    "no pain but dizzy",
    "chest feels weird",
    "heart pounding",
    "my heart is racing",
    "feel sick",
    "never been this dizzy",
    "is it normal to be this out of breath?",
    "headache after the workout",
    "want to throw up",
    "legs numb",
    "out of breath but my knee is fine",
    "still a bit out of breath but fine",
    "dizy",
    "breathles",
    "so dizzzy",
]

EFFORT = [
    "3x10 a bit breathless but fine",
    "breathing hard",
    "breathing hard but ok",
    "out of breath but ok",
    "out of breath but fine now",
    "bit out of breath, easing already",
    "short of breath but recovered quickly",
    "winded but all good",
    "dizzy for a second but fine now",
    "heart pounding but settling",
    "burn in my glutes",
    "glutes burn",
    "quads burning, legs sore",
    "sore legs",
    "my legs are sore",
    "legs are jelly",
    "jelly legs after 3x12",
    "tired",
    "so tired after that",
    "sweating buckets",
    "heart pumping",
    "heart pumping, feels great",
    "panting a bit",
    "huffing and puffing but good",
    "my legs hurt",
    "thighs on fire",
    "DOMS today",
    "legs shaking on the last set",
    "a faint burn in my glutes",
    "sore legs but knee fine",
    "3x10, legs sore, knee ok",
    "breathles but fine",
    "cramp in my calf",
]

NEGATED = [
    "no chest pain",
    "didn't hurt",
    "it didn’t hurt at all",
    "without any dizziness",
    "never felt faint",
    "not dizzy at all",
    "no pain",
    "no knee pain",
    "I don't have any knee pain",
    "wasn't short of breath",
    "no dizziness, no chest pain",
    "nothing hurts",
    "didn't pass out or anything",
    "zero knee pain today",
    "no pain or dizziness",
    "not out of breath at all",
    "neither dizzy nor breathless",
    "no sharp pain",
    "pain-free",
    "pain free today",
    "no chest pian",
    "my chest doesn't hurt",
    "my knee doesn't hurt",
    "heart isn't racing",
    "knee no longer hurts",
    "clicked and didn't hurt",
]

NOTHING = [
    "3x10",
    "3x10 easy",
    "3x10 felt easy",
    "felt great",
    "hello",
    "",
    "<b>&amp;</b>",
    "painting the fence later",
    "kneepain",
    # "chest" alone is no sign: a chest day is a workout, not a symptom
    "my chest day was yesterday",
    "chest day tomorrow, chest press felt heavy",
    "my chess club is tonight",
    "chess is tight",
    "heat is killing me",
    "I fell asleep early",
    "what a pain in the neck this app is",
    "I hear you",
    "done, 12 each leg",
]

GRADE_CASES: list[tuple[str, Kind | None]] = [
    *((text, "emergency") for text in EMERGENCY),
    *((text, "injury") for text in INJURY),
    *((text, "joint_pain") for text in JOINT_PAIN),
    *((text, "unclear") for text in UNCLEAR),
    *((text, "effort") for text in EFFORT),
    *((text, None) for text in NEGATED),
    *((text, None) for text in NOTHING),
]


@pytest.mark.parametrize(
    ("text", "expected"), GRADE_CASES, ids=[c[0] or "<empty>" for c in GRADE_CASES]
)
def test_grade(vocab: RedFlagVocabulary, text: str, expected: Kind | None) -> None:
    """Each message gets exactly the expected grade."""
    assert grade(text, vocab).kind == expected


def test_the_grade_table_covers_each_class() -> None:
    """Enough phrasings of each class, and no text listed twice."""
    assert len(EMERGENCY) >= 20
    assert len(EFFORT) >= 20
    assert len(JOINT_PAIN) >= 10
    assert len(INJURY) >= 10
    assert len(UNCLEAR) >= 10
    assert len(NEGATED) >= 10
    assert len(GRADE_CASES) >= 80
    texts = [text for text, _ in GRADE_CASES]
    assert len(set(texts)) == len(texts)


# ---- grade: what a sign carries ------------------------------------------------------------


def test_a_sign_quotes_the_words_as_written(vocab: RedFlagVocabulary) -> None:
    """The text and span are those of the message, typos, case and apostrophes included."""
    text = "3x10, then CHEST PIAN!"
    sign = grade(text, vocab).sign
    assert sign == Sign("emergency", "CHEST PIAN", (11, 21))
    assert text[11:21] == "CHEST PIAN"
    assert grade("I can’t breathe", vocab).text == "can’t breathe"
    assert grade("Straße, chest pain", vocab).text == "chest pain"


def test_the_body_part_of_a_pain(vocab: RedFlagVocabulary) -> None:
    """Joint pain and injuries name the part when the message does."""
    assert grade("my knee hurts", vocab).part == "knee"
    assert grade("kneee hurts", vocab).part == "knee"
    assert grade("pain in my lower back", vocab).part == "lower back"
    assert grade("my back is sore", vocab).part == "back"
    assert grade("sharp pain in my hip", vocab).part == "hip"
    assert grade("rolled my ankle", vocab).part == "ankle"
    assert grade("it hurts", vocab).part is None
    assert grade("sore legs", vocab).part == "leg"
    assert grade("sore at the back of my knee", vocab).part == "knee"


def test_the_qualifier_that_settled_it(vocab: RedFlagVocabulary) -> None:
    """An unclear sign made an emergency or effort carries the words that did it."""
    worse = grade("out of breath and it's not easing", vocab).sign
    assert worse is not None
    assert (worse.kind, worse.text, worse.qualifier) == ("emergency", "out of breath", "not easing")
    better = grade("a bit breathless but fine", vocab).sign
    assert better is not None
    assert (better.kind, better.text, better.qualifier) == ("effort", "breathless", "but fine")
    plain = grade("out of breath", vocab).sign
    assert plain is not None
    assert plain.qualifier is None


def test_several_signs_most_serious_first(vocab: RedFlagVocabulary) -> None:
    """Every sign is listed, most serious first; the grade is the most serious."""
    result = grade("legs sore, knee hurts, a bit dizzy and my chest feels tight", vocab)
    assert [s.kind for s in result.signs] == ["emergency", "joint_pain", "unclear", "effort"]
    assert result.kind == "emergency"
    assert result.has("unclear")
    assert not result.has("injury")
    assert [s.text for s in result.of("joint_pain")] == ["knee hurts"]


def test_one_sign_in_overlapping_phrases_is_quoted_once(vocab: RedFlagVocabulary) -> None:
    """Phrases that overlap tell one sign; a milder reading of the same words is dropped."""
    assert grade("heart skipping beats", vocab).signs == (
        Sign("emergency", "heart skipping beats", (0, 20)),
    )
    assert [s.kind for s in grade("sharp pain in my knee", vocab).signs] == ["injury"]
    assert [s.kind for s in grade("no pain, chest pain", vocab).signs] == ["emergency"]


def test_an_empty_vocabulary_finds_nothing() -> None:
    """The vocabulary Content starts with before loading: nothing found, nothing raised."""
    empty = RedFlagVocabulary((), (), (), ())
    assert grade("chest pain", empty) == Grade()
    assert detect("chest pain", empty) is None


def test_nothing_gives_an_empty_grade(vocab: RedFlagVocabulary) -> None:
    """No sign: kind, sign, text and part are None."""
    result = grade("3x10", vocab)
    assert result == Grade()
    assert (result.kind, result.sign, result.text, result.part) == (None, None, None, None)


# ---- qualifiers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("out of breath", "unclear"),
        ("out of breath but fine", "effort"),
        ("out of breath but ok", "effort"),
        ("out of breath, easing now", "effort"),
        ("out of breath but recovered", "effort"),
        ("out of breath and it's not easing", "emergency"),
        ("out of breath even resting", "emergency"),
        ("still out of breath", "emergency"),
        ("still out of breath but fine", "unclear"),  # both: ask
        ("out of breath. Fine otherwise", "unclear"),  # another sentence
        ("out of breath but is that ok?", "unclear"),  # a question is no reassurance
        ("out of breath, the last set was really long and hard but fine", "unclear"),  # too far
        ("out of breath, not fine", "unclear"),  # negated reassurance
        ("breathing hard", "effort"),
        ("breathing hard and it won't ease", "emergency"),
        ("heart pumping even at rest", "emergency"),
        ("legs tired even at rest", "effort"),  # muscles are no heart or lungs
        ("dizzy but still did 3x10", "unclear"),  # "still" of the action, not of the dizziness
    ],
)
def test_qualifiers_decide_unclear_signs(
    vocab: RedFlagVocabulary, text: str, expected: Kind
) -> None:
    """Easing words make effort, not-easing words an emergency, both or neither: ask."""
    assert grade(text, vocab).kind == expected


# ---- negations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no pain, just dizzy", "unclear"),  # the negation stays in its clause
        ("not sure if it's chest pain", "emergency"),  # doubt is no negation
        ("no idea why my knee hurts", "joint_pain"),
        ("never felt so faint", "emergency"),
        ("I don't know, kind of dizzy", "unclear"),
        ("didn't stop, chest pain", "emergency"),
        ("no chest pain but my chest feels tight", "emergency"),
        ("not for the faint hearted", None),
        ("knee pain not gone", "joint_pain"),  # "not" undoes "pain ... gone", not the pain
        ("out of breath but not fine", "unclear"),
        ("it wouldn't hurt to try", None),
    ],
)
def test_negations_stay_in_their_place(
    vocab: RedFlagVocabulary, text: str, expected: Kind | None
) -> None:
    """A negation covers the words right after it, not the next clause; doubt is not denial."""
    assert grade(text, vocab).kind == expected


# ---- typos ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("chest pian", "emergency"),
        ("chets pain", "emergency"),
        ("cheest pain", "emergency"),
        ("dizy", "unclear"),
        ("dizzyness", "unclear"),
        ("breathles", "unclear"),
        ("brethless", "unclear"),
        ("short of breth", "unclear"),
        ("kneee hurts", "joint_pain"),
        ("my ankel hurts", "joint_pain"),
        ("I feinted", "emergency"),
        ("palpitatoins", "emergency"),
        ("irregualr heartbeat", "emergency"),
    ],
)
def test_typos_of_listed_words_are_caught(
    vocab: RedFlagVocabulary, text: str, expected: Kind
) -> None:
    """One typo in a word of 5+ letters, and listed short misspellings, still count."""
    assert grade(text, vocab).kind == expected


@pytest.mark.parametrize(
    "text",
    [
        "chess pain",  # chess is no chest: "pain" alone is joint pain, nothing more
        "cheat day hurt",
        "crest pain",
        "the heat is racing",
        "I heard it racing",
        "kneel down, sore",
        "bad angle, sore",
        "hunting pain",
        "paint chest",
    ],
)
def test_real_words_are_no_typos(vocab: RedFlagVocabulary, text: str) -> None:
    """Real words one letter off a listed word are not read as it: no emergency from them."""
    assert grade(text, vocab).kind not in ("emergency", "injury", "unclear")


SHIPPED = yaml.safe_load(VOCABULARY_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize("word", SHIPPED["typo_tolerant"])
def test_one_typo_of_each_tolerant_word_is_read_as_it(vocab: RedFlagVocabulary, word: str) -> None:
    """A letter dropped, doubled, or two swapped: read as the word (or one as near), where the
    rule allows."""
    typos = vocab.typos
    assert typos is not None
    variants = {
        word[:-1],
        word + word[-1],
        word[0] + word[2] + word[1] + word[3:],
        word[:2] + word[3:],
    }
    checked = 0
    for variant in variants - {word}:
        if (
            variant[0] == word[0]
            and len(variant) >= 4
            and max(len(variant), len(word)) >= 5
            and variant not in typos.known
            and not variant.startswith(typos.known_prefixes)
        ):
            fixed = typos.fix(variant)
            # another listed word just as near may win ("fainte": faint), or a misspelling
            assert fixed == word or (fixed and one_typo_apart(variant, fixed)), variant
            checked += 1
    assert checked or len(word) < 5


@pytest.mark.parametrize("word", SHIPPED["real_words"])
def test_listed_real_words_stay_themselves(vocab: RedFlagVocabulary, word: str) -> None:
    """A real word one letter off a tolerant word is never read as it."""
    assert vocab.typos is not None
    assert vocab.typos.fix(word) is None


def test_short_words_need_a_listed_misspelling(vocab: RedFlagVocabulary) -> None:
    """Words shorter than 5 letters on both sides are not corrected on their own."""
    assert grade("knew pain", vocab).part is None  # "knew" is not "knee"
    assert grade("hat racing", vocab).kind is None  # 3 letters: not "heart"


# ---- detect: the older two-flag reading ----------------------------------------------------

DETECT_CASES: list[tuple[str, str | None]] = [
    # emergency (unclear signs count as emergencies here, until the caller asks first)
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
    # joint pain (injuries too)
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
    # not red flags
    ("I don't have any knee pain", None),  # was joint_pain: "don't" is within three words now
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
    # effort is no flag: the cry-wolf case
    ("3x10 a bit breathless but fine", None),
    ("out of breath but ok", None),
]


@pytest.mark.parametrize(
    ("text", "expected"), DETECT_CASES, ids=[c[0] or "<empty>" for c in DETECT_CASES]
)
def test_detect(vocab: RedFlagVocabulary, text: str, expected: str | None) -> None:
    """The two-flag reading that today's flow uses."""
    assert detect(text, vocab) == expected


def test_detect_table_has_no_repeats() -> None:
    """At least 30 phrasings, no text listed twice."""
    texts = [text for text, _ in DETECT_CASES]
    assert len(texts) >= 30
    assert len(set(texts)) == len(texts)


# ---- robustness and speed ------------------------------------------------------------------


def test_zero_width_characters_do_not_hide_a_flag(vocab: RedFlagVocabulary) -> None:
    """Invisible characters inside a word are ignored, and kept in the quote."""
    assert detect("my kn\u200bee hu\u200brts", vocab) == "joint_pain"
    assert grade("my kn\u200bee hu\u200brts", vocab).text == "kn\u200bee hu\u200brts"


def test_only_a_telegram_sized_message_is_read(vocab: RedFlagVocabulary) -> None:
    """Text past MAX_TEXT_CHARS is ignored."""
    assert detect("a" * MAX_TEXT_CHARS + " chest pain", vocab) is None
    assert detect("a " * 100 + "chest pain", vocab) == "emergency"
    assert grade("a " * 100 + "chest pain", vocab).sign == Sign(
        "emergency", "chest pain", (200, 210)
    )


def test_a_full_length_message_of_training_talk_raises_no_flag(vocab: RedFlagVocabulary) -> None:
    """Soreness talk repeated to the full length of a message is read without a flag (how long
    that takes: `python -m benchmarks cpu`)."""
    text = ("3x10 legs sore but fine, " * 200)[:MAX_TEXT_CHARS]
    assert len(text) == MAX_TEXT_CHARS
    assert detect(text, vocab) is None


PACKED_TEXTS = [
    "out of breath but ok. knee pain, chest pian, dizy ",
    "pain ",
    "dizzy ",
    "knee pain ",
    "breathles ",
    "abcdefgh ",
    "no ",
    "ßtraße’s ",
]


def packed(unit: str) -> str:
    """`unit` repeated to the full length of a message."""
    return (unit * MAX_TEXT_CHARS)[:MAX_TEXT_CHARS]


@pytest.mark.parametrize("unit", PACKED_TEXTS)
def test_messages_packed_with_signs_are_graded(vocab: RedFlagVocabulary, unit: str) -> None:
    """A full-length message packed with signs, typos or negations is graded without raising,
    the same way twice (how long it takes: `python -m benchmarks cpu`)."""
    first = grade(packed(unit), vocab)
    assert isinstance(first, Grade)
    assert grade(packed(unit), vocab) == first


def test_a_plain_message_has_no_sign(vocab: RedFlagVocabulary) -> None:
    """The usual message, a log, has no sign at all (how long it takes: `python -m benchmarks
    cpu`)."""
    assert grade("3x10 felt easy", vocab) == Grade()


SOUP = """no not knee pain sore ... but , . ? - ' dizzy ( | chest tight fine still out of
    breath easing never this legs hurt sharp fell faint ß ’ kneee pian \u200b"""
WORDS = [*SOUP.split(), "\n"]


@PROPERTY
@given(
    st.one_of(
        st.text(max_size=500),
        st.text(max_size=60).map(lambda s: (s * 100)[:MAX_TEXT_CHARS]),
        st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
        st.lists(st.sampled_from(WORDS), max_size=40).map("".join),
    )
)
def test_grade_never_raises(vocab: RedFlagVocabulary, text: str) -> None:
    """Any text gives a grade whose signs quote the message where they say."""
    result = grade(text, vocab)
    assert result.kind in (*KINDS, None)
    severities = [KINDS.index(s.kind) for s in result.signs]
    assert severities == sorted(severities)
    for sign in result.signs:
        start, end = sign.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == sign.text
    assert detect(text, vocab) in ("emergency", "joint_pain", None)


# ---- the vocabulary file -------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    """A vocabulary file with `text`."""
    path = tmp_path / "red_flags.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
emergency: [chest pain]
injury: [sharp ... pain]
joint_pain: ["{joint} ... pain", pain]
unclear: [dizzy]
effort_cardio: [breathing hard]
effort: [sore]
worse: [not easing]
better: [fine]
negations: ['no']
negation_exceptions: []
not_red_flags: []
joints: {knee: [knee, knees]}
muscles: {leg: [leg, legs]}
typo_tolerant: [dizzy]
real_words: []
misspellings: {}
"""


def test_a_minimal_file_loads(tmp_path: Path) -> None:
    """Every key is needed; the lists other than the grades' may be empty."""
    vocab = load_vocabulary(write(tmp_path, GOOD))
    assert grade("so dizy, not easing", vocab).kind == "emergency"
    assert grade("dizzy but fine", vocab).kind == "effort"
    assert grade("no pain", vocab).kind is None
    assert grade("knee pain", vocab).part == "knee"
    assert detect("sharp pain", vocab) == "joint_pain"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("emergency: [dizzy\n", "not valid YAML"),
        ("- just a list\n", "expected a mapping"),
        (GOOD.replace("negations: ['no']\n", ""), "'negations'"),
        (GOOD + "extra: [x]\n", "'extra'"),
        (GOOD.replace("unclear: [dizzy]", "unclear: dizzy"), "'unclear'"),
        (GOOD.replace("[chest pain]", "[]"), "'emergency'"),
        (GOOD.replace("[sore]", "[42]"), "effort[0]"),
        (GOOD.replace("[sore]", "['(knee pain']"), "effort[0]"),
        (GOOD.replace("[dizzy]\neffort", "['... dizzy']\neffort"), "unclear[0]"),
        (GOOD.replace("not_red_flags: []", "not_red_flags: ['']"), "not_red_flags[0]"),
        (GOOD.replace("[sore]", "['{elbow} sore']"), "unknown list {elbow}"),
        (GOOD.replace("[sore]", "['!sore']"), "effort[0]"),
        (GOOD.replace("{knee: [knee, knees]}", "[knee]"), "'joints'"),
        (GOOD.replace("[knee, knees]", "[kn*ee]"), "joints.knee[0]"),
        (GOOD.replace("real_words: []", "real_words: [two words]"), "real_words[0]"),
        (GOOD.replace("misspellings: {}", "misspellings: {pian: [pain]}"), "misspellings.pian"),
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
        "unknown-list",
        "leading-not",
        "parts-not-a-mapping",
        "bad-part-word",
        "bad-real-word",
        "bad-misspelling",
    ],
)
def test_malformed_files_name_the_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    """A malformed file raises ValueError naming the file and what is wrong where."""
    path = write(tmp_path, text)
    with pytest.raises(ValueError, match="red_flags.yaml") as caught:
        load_vocabulary(path)
    assert key in str(caught.value)


def test_the_shipped_file_fills_every_section() -> None:
    """content/red_flags.yaml fills every list but the optional ones."""
    vocab = load_vocabulary(VOCABULARY_PATH)
    for key in KEYS:
        if key in ("joints", "muscles", "typo_tolerant", "real_words", "misspellings"):
            continue
        assert vocab.phrases(key), key
    assert {"knee", "hip", "ankle", "lower back"} <= set(vocab.part_names.values())


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
        ("faint !(burn|smell)", "i feel faint", True),
        ("faint !(burn|smell)", "a faint burn", False),
        ("faint !(burn*)", "a faint burning", False),
        ("chest !day ... pain", "chest day pain", False),
        ("chest !day ... pain", "chest really pain", True),
        ("{part} ... sore", "lower back is sore", True),
        ("{part} ... sore", "my back sore", True),
        ("{part} ... sore", "elbow sore", False),
    ],
)
def test_phrase_syntax(phrase: str, text: str, matches: bool) -> None:
    """Wildcards, groups, gaps within a clause, not-next words, lists, whole words only."""
    pattern = compile_phrase(phrase, {"part": r"(?:lower\W+back|back|knee)"})
    assert bool(pattern.search(text.replace("'", ""))) is matches
