"""How values sit in columns: instants as ISO 8601 text or as Unix seconds (UTC)."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(moment: datetime) -> str:
    """An aware instant as ISO 8601 text (`created_at`, `logged_at`, outbox `not_before`)."""
    return moment.isoformat()


def unix(moment: datetime) -> int:
    """An aware instant as whole Unix seconds (plan slots, snoozes, timers, reminders)."""
    return int(moment.timestamp())


def from_unix(seconds: int | None) -> datetime | None:
    """Unix seconds as an aware UTC instant; None stays None."""
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


def parse_time(text: str | None) -> datetime | None:
    """ISO 8601 text as an instant; None or "" is None."""
    return datetime.fromisoformat(text) if text else None
