"""An exercise as data (content/exercises/*.yaml), and step-by-step navigation over it.

A second exercise is a new YAML file that validates against `Exercise`; no code changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Adaptation = Literal["supported", "shallow"]
CAPTION_LIMIT = 1024  # Telegram's limit for a photo caption


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Mistake(_Frozen):
    """A common mistake on a movement step: what goes wrong and the fix."""

    text: str = Field(min_length=10)
    picture: str | None = None


class Adapted(_Frozen):
    """How a step changes for an adapted plan: an added note, optionally another picture (on a
    step with a picture) or another animation (on a step with an animation)."""

    note: str = Field(min_length=10)
    picture: str | None = None
    animation: str | None = None


class Step(_Frozen):
    """One message of the lesson."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,15}$")
    title: str = Field(min_length=2, max_length=60)
    text: str = Field(min_length=10, max_length=800)
    picture: str | None = None
    animation: str | None = None
    mistake: Mistake | None = None
    adapted: Mapping[Adaptation, Adapted] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_visual(self) -> Step:
        if self.picture and self.animation:
            raise ValueError("a step shows either a picture or an animation, not both")
        for kind, adapted in self.adapted.items():
            if (adapted.picture and self.animation) or (adapted.animation and not self.animation):
                raise ValueError(
                    f"adapted.{kind}: a picture replaces a picture, an animation an animation"
                )
        return self


class Prescription(_Frozen):
    """The training numbers the plan, the workout and progression start from."""

    sets: int = Field(ge=1, le=10)
    reps: int = Field(ge=1, le=50)
    max_reps: int = Field(ge=1, le=50)
    rep_step: int = Field(ge=1, le=10)
    rest_seconds: int = Field(ge=10, le=300)
    dumbbell_kg: float = Field(gt=0, le=50)
    days_per_week_min: int = Field(ge=1, le=7)
    days_per_week_max: int = Field(ge=1, le=7)


class Exercise(_Frozen):
    """A whole exercise: its lesson steps, a cheat sheet, cautions and its training numbers."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]{0,30}$")
    name: str
    version: str = Field(pattern=r"^[A-Za-z0-9.]{1,8}$")
    steps: tuple[Step, ...] = Field(min_length=1, max_length=30)
    cheatsheet: str = Field(min_length=10, max_length=3500)
    doctor_caution: str = Field(min_length=10, max_length=200)
    prescription: Prescription

    @model_validator(mode="after")
    def _unique_step_ids(self) -> Exercise:
        ids = [step.id for step in self.steps]
        if len(set(ids)) != len(ids):
            raise ValueError("step ids must be unique")
        return self

    def index_of(self, step_id: str) -> int | None:
        return next((i for i, step in enumerate(self.steps) if step.id == step_id), None)
