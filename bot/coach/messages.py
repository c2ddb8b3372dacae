"""What the engine hears and says, independent of any transport.

Adapters (Telegram, console, tests) turn their input into an `Event` and render each `Reply`.
All reply text is HTML (Telegram's HTML parse mode): values from users are escaped by the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Text:
    """A plain message from the user; `forwarded` when it is someone else's message passed on
    (Telegram's `forward_origin`, or sent through a bot), not typed by the user."""

    text: str
    forwarded: bool = False


@dataclass(frozen=True, slots=True)
class Command:
    """A slash command, `/log 3x10` -> Command("log", "3x10")."""

    name: str
    args: str = ""


@dataclass(frozen=True, slots=True)
class Press:
    """An inline button was pressed; `data` is its callback data (bot/coach/callbacks.py)."""

    data: str


@dataclass(frozen=True, slots=True)
class Location:
    """The user shared a location."""

    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A sticker, photo, voice note or anything else that is not text."""

    kind: str


@dataclass(frozen=True, slots=True)
class Tick:
    """A timer or a reminder slot went off; `name` is its packed payload (`RestOver`,
    `ReminderDue` in bot/coach/callbacks.py), as stored in `timers.name`."""

    name: str


Event = Text | Command | Press | Location | Unsupported | Tick


@dataclass(frozen=True, slots=True)
class ChartData:
    """A progress chart to draw when sending: sessions and weekly adherence, plus its labels."""

    title: str
    labels: tuple[tuple[str, str], ...]
    sessions: tuple[tuple[str, int, float | None], ...]  # (local date ISO, reps per leg, kg)
    adherence: tuple[tuple[str, int, int | None], ...]  # (week start ISO, done, planned)


@dataclass(frozen=True, slots=True)
class FileData:
    """A text file to attach (e.g. the CSV export)."""

    filename: str
    text: str


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button. `data` must fit Telegram's 64-byte callback_data limit."""

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to the user.

    `edit` asks the adapter to replace the message whose button was pressed instead of sending a
    new one (when the event was a Press). `image`/`animation` attach a picture and make `text`
    its caption. `document` attaches a file from disk, `file` one made in memory, `chart` a
    progress chart the transport draws. `ask_location` shows a one-time reply keyboard with
    a location-sharing button, `remove_keyboard` hides such a keyboard.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    edit: bool = False
    image: Path | None = None
    animation: Path | None = None
    document: Path | None = None
    ask_location: str | None = None
    remove_keyboard: bool = False
    chart: ChartData | None = None
    file: FileData | None = None
