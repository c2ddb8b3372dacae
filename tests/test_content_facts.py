"""The reverse-lunge lesson carries every fact mapped in docs/content-sources.md, and fits Telegram.

The fact table is parsed from the doc itself, so the doc and this test cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot.coach.lesson import CAPTION_LIMIT, Exercise, Step
from tests.fakes.html_check import parse_html, utf16_len

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "content" / "exercises" / "reverse-lunge.yaml"
SECOND_EXERCISE = ROOT / "tests" / "data" / "exercises" / "wall-sit.yaml"
SOURCES_DOC = ROOT / "docs" / "content-sources.md"

# The pictures and animations the project draws.
EXPECTED_PICTURES = frozenset(
    {
        "stand",
        "step_back",
        "bottom",
        "return",
        "stand_supported",
        "step_back_supported",
        "bottom_supported",
        "bottom_shallow",
        "mistake_knee",
        "mistake_posture",
        "mistake_step",
        "warmup",
        "warmup_supported",
        "cooldown",
        "cooldown_gentle",
    }
)
# Steps done on the floor: nothing to hold on to, so no supported version is needed.
FLOOR_STEPS = frozenset({"cooldown"})
EXPECTED_ANIMATIONS = frozenset({"lunge", "lunge_supported"})
ALLOWED_TAGS = frozenset({"b", "i", "u", "code"})
MIN_FACTS = 35
SOURCES = frozenset({"article 1", "article 2", "both"})
CHEATSHEET = "cheatsheet"


@dataclass(frozen=True)
class Fact:
    """One row of the fact table: what the lesson must say, and where."""

    number: int
    fact: str
    source: str
    step_id: str
    key_term: str


def _cells(line: str) -> list[str]:
    """The cells of one markdown table row, stripped."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_fact_table(markdown: str) -> list[Fact]:
    """The rows of the first table whose header has a `key term` column."""
    lines = markdown.splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line.lstrip().startswith("|") and "key term" in line.lower()
    )
    header = [cell.lower() for cell in _cells(lines[start])]
    header = ["key term" if cell.startswith("key term") else cell for cell in header]
    facts = []
    for line in lines[start + 2 :]:  # skip the header and the |---| row
        if not line.lstrip().startswith("|"):
            break
        row = dict(zip(header, _cells(line), strict=True))
        facts.append(
            Fact(
                number=int(row["#"]),
                fact=row["fact"],
                source=row["source"],
                step_id=row["step id"].strip("`"),
                key_term=row["key term"].strip("`"),
            )
        )
    return facts


def load_exercise(path: Path) -> Exercise:
    """An exercise file, validated the way the bot loads it."""
    return Exercise.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def plain(html_text: str) -> str:
    """What the user sees: tags stripped, entities decoded (fails on broken HTML)."""
    return parse_html(html_text).text


def step_texts(step: Step) -> list[str]:
    """The step's text, its mistake text and its adapted notes."""
    texts = [step.text]
    if step.mistake is not None:
        texts.append(step.mistake.text)
    texts.extend(adapted.note for adapted in step.adapted.values())
    return texts


def all_texts(exercise: Exercise) -> dict[str, str]:
    """Every text the exercise sends, by a name for error messages."""
    texts = {"name": exercise.name, "cheatsheet": exercise.cheatsheet}
    texts["doctor_caution"] = exercise.doctor_caution
    for step in exercise.steps:
        texts[f"{step.id}.title"] = step.title
        texts[f"{step.id}.text"] = step.text
        if step.mistake is not None:
            texts[f"{step.id}.mistake"] = step.mistake.text
        for kind, adapted in step.adapted.items():
            texts[f"{step.id}.adapted.{kind}"] = adapted.note
    return texts


FACTS = parse_fact_table(SOURCES_DOC.read_text(encoding="utf-8"))


def parse_choice_table(markdown: str) -> list[tuple[str, str, str]]:
    """(choice, step id, term checked) for each row of the coach's own choices table."""
    lines = markdown.splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line.lstrip().startswith("|") and "| choice |" in line.lower()
    )
    header = [cell.lower() for cell in _cells(lines[start])]
    rows = []
    for line in lines[start + 2 :]:
        if not line.lstrip().startswith("|"):
            break
        row = dict(zip(header, _cells(line), strict=True))
        rows.append((row["choice"], row["step id"].strip("`"), row["term checked"].strip("`")))
    return rows


CHOICES = parse_choice_table(SOURCES_DOC.read_text(encoding="utf-8"))
EXERCISES = [LESSON, SECOND_EXERCISE]


@pytest.fixture(scope="module")
def lesson() -> Exercise:
    """The reverse-lunge lesson."""
    return load_exercise(LESSON)


def test_fact_table_is_complete() -> None:
    """The doc lists at least 35 facts, numbered 1..n, each from a known source."""
    assert len(FACTS) >= MIN_FACTS
    assert [fact.number for fact in FACTS] == list(range(1, len(FACTS) + 1))
    assert {fact.source for fact in FACTS} <= SOURCES
    assert all(fact.key_term and fact.fact for fact in FACTS)


def test_fact_table_names_real_steps(lesson: Exercise) -> None:
    """Every step id in the table exists, and every step carries at least one fact."""
    step_ids = {step.id for step in lesson.steps}
    named = {fact.step_id for fact in FACTS}
    assert named - step_ids - {CHEATSHEET} == set()
    assert step_ids - named == set()


@pytest.mark.parametrize(
    "fact", FACTS, ids=[f"{fact.number:02d}-{fact.step_id}-{fact.key_term}" for fact in FACTS]
)
def test_fact_is_in_its_step(lesson: Exercise, fact: Fact) -> None:
    """The fact's key term appears in the step the doc maps it to."""
    if fact.step_id == CHEATSHEET:
        texts = [lesson.cheatsheet]
    else:
        index = lesson.index_of(fact.step_id)
        assert index is not None, f"no step {fact.step_id!r}"
        texts = step_texts(lesson.steps[index])
    seen = "\n".join(plain(text) for text in texts).lower()
    assert fact.key_term.lower() in seen, f"fact {fact.number} ({fact.fact}) missing"


@pytest.mark.parametrize("path", EXERCISES, ids=lambda path: path.stem)
def test_exercise_file_is_valid(path: Path) -> None:
    """The exercise validates against the schema and uses the reverse-lunge numbers if it is one."""
    exercise = load_exercise(path)
    assert exercise.id == path.stem
    if exercise.id == "reverse-lunge":
        numbers = exercise.prescription
        assert (numbers.sets, numbers.reps, numbers.max_reps, numbers.rep_step) == (3, 10, 15, 2)
        assert 30 <= numbers.rest_seconds <= 60
        assert numbers.dumbbell_kg == 2
        assert (numbers.days_per_week_min, numbers.days_per_week_max) == (3, 4)


@pytest.mark.parametrize("path", EXERCISES, ids=lambda path: path.stem)
def test_step_captions_fit(path: Path) -> None:
    """Title, text, the longest adapted note and the doctor banner fit one photo caption."""
    exercise = load_exercise(path)
    for step in exercise.steps:
        notes = [adapted.note for adapted in step.adapted.values()]
        longest = max(notes, key=lambda note: utf16_len(plain(note)), default="")
        parts = [f"<b>{step.title}</b>", step.text, longest, exercise.doctor_caution]
        caption = plain("\n\n".join(part for part in parts if part))
        assert utf16_len(caption) <= CAPTION_LIMIT, f"{step.id}: {utf16_len(caption)}"
        if step.mistake is not None:
            mistake = plain(f"<b>{step.title}</b>\n\n{step.mistake.text}")
            assert utf16_len(mistake) <= CAPTION_LIMIT, f"{step.id} mistake"


@pytest.mark.parametrize("path", EXERCISES, ids=lambda path: path.stem)
def test_pictures_are_known(path: Path) -> None:
    """Every picture and animation the exercise names is one the project draws."""
    exercise = load_exercise(path)
    for step in exercise.steps:
        pictures = [step.picture]
        pictures.append(step.mistake.picture if step.mistake else None)
        pictures.extend(adapted.picture for adapted in step.adapted.values())
        assert {p for p in pictures if p} <= EXPECTED_PICTURES, step.id
        animations = [step.animation, *(adapted.animation for adapted in step.adapted.values())]
        assert {a for a in animations if a} <= EXPECTED_ANIMATIONS, step.id


@pytest.mark.parametrize("path", EXERCISES, ids=lambda path: path.stem)
def test_html_is_telegram_safe(path: Path) -> None:
    """Every text parses as Telegram HTML and uses only <b>, <i>, <u> and <code>."""
    for name, text in all_texts(load_exercise(path)).items():
        plain(text)  # raises on a bare & or <, or an unclosed tag
        tags = {tag.lower() for tag in re.findall(r"</?([a-zA-Z0-9-]+)", text)}
        assert tags <= ALLOWED_TAGS, name


def _is_emoji(char: str) -> bool:
    """A pictograph (not a plain symbol like ° or •)."""
    return ord(char) >= 0x2600 and unicodedata.category(char) == "So"


@pytest.mark.parametrize("path", EXERCISES, ids=lambda path: path.stem)
def test_at_most_one_emoji_per_step(path: Path) -> None:
    """A step, with its mistake and notes, uses one emoji at most."""
    for step in load_exercise(path).steps:
        text = "".join([step.title, *step_texts(step)])
        assert sum(map(_is_emoji, text)) <= 1, step.id


def test_supported_users_see_the_support_wherever_there_is_a_picture(lesson: Exercise) -> None:
    """Every step with a picture or animation, but for the floor stretches, has a supported
    version showing the support (its own `*_supported` visual) and a note naming the wall or
    chair."""
    for step in lesson.steps:
        if not (step.picture or step.animation) or step.id in FLOOR_STEPS:
            continue
        adapted = step.adapted.get("supported")
        assert adapted is not None, step.id
        visual = adapted.animation or adapted.picture
        assert visual is not None, step.id
        assert visual.endswith("_supported"), step.id
        assert "wall or" in plain(adapted.note), step.id


def test_an_adapted_visual_replaces_one_of_its_own_kind(lesson: Exercise) -> None:
    """An adapted animation belongs on a step with an animation, an adapted picture on one
    without: the step keeps showing one kind of thing."""
    with_animation = next(step for step in lesson.steps if step.animation)
    with_picture = next(step for step in lesson.steps if step.picture)
    for step, adapted in (
        (with_animation, {"note": "A note of ten.", "picture": "stand_supported"}),
        (with_picture, {"note": "A note of ten.", "animation": "lunge_supported"}),
    ):
        data = step.model_dump()
        data["adapted"] = {"supported": adapted}
        with pytest.raises(ValueError, match="replaces"):
            Step.model_validate(data)


def test_knee_pain_gets_a_gentler_hip_stretch(lesson: Exercise) -> None:
    """The adaptation for sore knees ("shallow", see content/screening.yaml) swaps pigeon pose,
    which loads a bent knee, for a figure-four lying on the back, with its own picture."""
    index = lesson.index_of("cooldown")
    assert index is not None
    cooldown = lesson.steps[index]
    assert cooldown.picture == "cooldown"
    gentle = cooldown.adapted["shallow"]
    assert gentle.picture == "cooldown_gentle"
    note = plain(gentle.note).lower()
    assert "figure-four" in note
    assert "on your back" in note
    assert "20-30 seconds" in note


@pytest.mark.parametrize("choice", CHOICES, ids=[f"{c[1]}-{c[2]}" for c in CHOICES])
def test_coach_choice_is_in_its_step(lesson: Exercise, choice: tuple[str, str, str]) -> None:
    """Each of the coach's own choices (not from the articles) is in the step the doc names."""
    what, step_id, term = choice
    index = lesson.index_of(step_id)
    assert index is not None, f"no step {step_id!r}"
    seen = "\n".join(plain(text) for text in step_texts(lesson.steps[index])).lower()
    assert term.lower() in seen, what
