"""What the engine knows about a user when an event arrives, and what it asks to change."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.coach.screening import Result


@dataclass(frozen=True, slots=True)
class Conversation:
    """The flow a user is in (e.g. "screening") and their place in it, as JSON-ready data."""

    flow: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class UserState:
    """A user as the engine sees them."""

    user_id: int
    chat_id: int
    first_name: str = ""
    conversation: Conversation | None = None
    screening: Result | None = None
    screening_id: int | None = None


@dataclass(frozen=True, slots=True)
class SaveScreening:
    """Store a finished screening."""

    result: Result


@dataclass(frozen=True, slots=True)
class ConfirmDoctorClearance:
    """Record, with its date, that a doctor cleared the user's latest screening."""


@dataclass(frozen=True, slots=True)
class EraseUser:
    """Delete every row of this user."""


Effect = SaveScreening | ConfirmDoctorClearance | EraseUser
