"""Loads content/ into typed, frozen models once at startup, and says exactly what is wrong.

Every text a user sees lives in content/ (messages.yaml, screening.yaml, exercises/*.yaml).
A broken file stops startup with the file, the place in it, and the problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.coach.lesson import Exercise
from bot.coach.redflags import RedFlagVocabulary, load_vocabulary
from bot.coach.timeparse import load_aliases, load_country_aliases
from bot.texts import Html, Texts, TextsError  # noqa: F401 (Html: re-exported)

Outcome = Literal["cleared", "modified", "not_today", "doctor"]
Adaptation = Literal["supported", "shallow"]
LiftedBy = Literal["doctor", "feeling_better"]


# libyaml's safe loader when PyYAML was built with it (several times faster at start-up).
FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(Exception):
    """A content file is missing or invalid: the message names the file, the place and the fault."""


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Question(Frozen):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,19}$")
    section: Literal["general", "lunge"]
    text: str = Field(min_length=5)
    if_yes: Outcome
    adapt: Adaptation | None = None
    lifted_by: LiftedBy | None = None
    label: str = Field(min_length=3)

    @model_validator(mode="after")
    def _adapt_only_when_modified(self) -> Question:
        if (self.if_yes == "modified") != (self.adapt is not None):
            raise ValueError("`adapt` is needed exactly when if_yes is `modified`")
        holds_back = self.if_yes in ("doctor", "not_today")
        if holds_back != (self.lifted_by is not None):
            raise ValueError("`lifted_by` is needed exactly when a yes holds the user back")
        return self


class Screening(Frozen):
    version: str
    valid_days: int = Field(gt=0)
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Screening:
        ids = [q.id for q in self.questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"question ids repeat: {', '.join(duplicates)}")
        return self

    def index_of(self, question_id: str) -> int | None:
        """The position of a question, or None for an id this version does not have."""
        for index, question in enumerate(self.questions):
            if question.id == question_id:
                return index
        return None


@dataclass(frozen=True)
class Content:
    """All content, validated. Built once by `load_content` and shared read-only."""

    directory: Path
    screening: Screening
    texts: Texts
    exercises: Mapping[str, Exercise]
    red_flags: RedFlagVocabulary = field(default_factory=lambda: RedFlagVocabulary((), (), (), ()))
    timezone_aliases: Mapping[str, str] = field(default_factory=dict)
    country_aliases: Mapping[str, str] = field(default_factory=dict)
    pictures: Mapping[str, Path] = field(default_factory=dict)

    @property
    def exercise(self) -> Exercise:
        """The exercise the coach teaches (the first by file name)."""
        return next(iter(self.exercises.values()))

    def picture_names(self) -> set[str]:
        """Every picture or animation the exercises refer to."""
        names: set[str] = set()
        for exercise in self.exercises.values():
            for step in exercise.steps:
                names.update(n for n in (step.picture, step.animation) if n)
                if step.mistake and step.mistake.picture:
                    names.add(step.mistake.picture)
                for adapted in step.adapted.values():
                    names.update(n for n in (adapted.picture, adapted.animation) if n)
        return names

    def with_pictures(self, pictures: Mapping[str, Path]) -> Content:
        """The same content with rendered picture files; every name used must be there."""
        missing = sorted(self.picture_names() - set(pictures))
        if missing:
            raise ContentError(
                f"{self.directory / 'exercises'}: unknown pictures: {', '.join(missing)}"
            )
        return replace(self, pictures=dict(pictures))


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_SAFE_LOADER)  # noqa: S506
    except FileNotFoundError:
        raise ContentError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(f"{path}: {where}: {problem}") from None


M = TypeVar("M", bound=BaseModel)


def _validated(model: type[M], path: Path) -> M:
    data = _read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        place = ".".join(str(part) for part in error["loc"]) or "top level"
        raise ContentError(f"{path}: at {place}: {error['msg']}") from None


def _load_texts(path: Path) -> Texts:
    data = _read_yaml(path)
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise ContentError(f"{path}: expected a mapping of message keys to texts")
    try:
        return Texts(messages=dict(data))
    except TextsError as exc:
        raise ContentError(f"{path}: {exc}") from None


def load_content(directory: Path) -> Content:
    """Load and validate every content file in `directory`."""
    exercises_dir = directory / "exercises"
    files = sorted(exercises_dir.glob("*.yaml"))
    if not files:
        raise ContentError(f"{exercises_dir}: no exercise files (*.yaml)")
    exercises = {}
    for file in files:
        exercise = _validated(Exercise, file)
        exercises[exercise.id] = exercise
    return Content(
        directory=directory,
        screening=_validated(Screening, directory / "screening.yaml"),
        texts=_load_texts(directory / "messages.yaml"),
        exercises=exercises,
        timezone_aliases=_load_aliases(directory / "timezones.yaml"),
        country_aliases=_load_country_aliases(directory / "timezones.yaml"),
        red_flags=_load_red_flags(directory / "red_flags.yaml"),
    )


def _load_red_flags(path: Path) -> RedFlagVocabulary:
    try:
        return load_vocabulary(path)
    except (OSError, ValueError) as exc:
        raise ContentError(f"{path}: {exc}") from None


def _load_aliases(path: Path) -> dict[str, str]:
    try:
        return load_aliases(path)
    except (OSError, ValueError) as exc:
        raise ContentError(f"{path}: {exc}") from None


def _load_country_aliases(path: Path) -> dict[str, str]:
    try:
        return load_country_aliases(path)
    except (OSError, ValueError) as exc:
        raise ContentError(f"{path}: {exc}") from None
