"""The coach in a terminal: the same service and outbox, with print() as the transport.

Buttons show as numbered choices ([1] Yes  [2] No); typing the number presses one; a line
starting with "fwd:" is sent as a forwarded message. Reads a pipe
too, so a whole conversation can be scripted: `printf '/start\\nno\\n' | python -m bot console`.

`:as <name>` speaks as another person (each name is a user with a chat of its own), so a coach
and their clients can be tried in one terminal: `:as coach`, `/coach`, `:as ann`, `/start <code>`.
Once someone spoke with `:as`, each reply is headed with whose chat it lands in.
"""

from __future__ import annotations

import asyncio
import html
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.clock import SystemClock
from bot.coach.messages import Button, Command, Event, Press, Reply, Text
from bot.content import Content
from bot.core import Pace, build
from bot.dispatch import Dispatcher
from bot.media.attachments import chart_file, text_file
from bot.outbox import EditTarget, Outbox
from bot.service import Coach, Incoming
from bot.storage.db import Database

CONSOLE_USER_ID = 0  # Telegram user ids are positive: the console user never collides
CONSOLE_BOT = "your_coach_bot"  # the bot's username in invite links made in the console
# One person at a terminal: replies go out as fast as they come, no Telegram limits to keep.
UNPACED = Pace(global_rate=1000, chat_burst=1000)
FORWARD_MARK = "fwd:"  # a line starting with it plays a forwarded message

_TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Telegram HTML as terminal text: tags dropped, entities decoded."""
    return html.unescape(_TAGS.sub("", text))


@dataclass(frozen=True, slots=True)
class Person:
    """Who is typing: a name, and the user id (and chat id) it stands for."""

    name: str
    user_id: int


def person(name: str) -> Person:
    """The console user of `name`, the same id in every run (negative: never a Telegram id)."""
    return Person(name, -1 - zlib.crc32(name.lower().encode()))


class ConsoleTransport:
    """Prints replies; remembers each chat's newest buttons so a typed number can press one."""

    def __init__(self, out: TextIO, files: Path) -> None:
        self.out = out
        self.files = files
        self.buttons_by_chat: dict[int, list[Button]] = {}
        self.names: dict[int, str] = {}  # chat id -> name, once `:as` was used
        self.speaker = CONSOLE_USER_ID
        self.message_id = 0
        self.last_in_chat: dict[int, int] = {}

    @property
    def buttons(self) -> list[Button]:
        """The newest buttons in the chat of whoever is typing."""
        return self.buttons_by_chat.get(self.speaker, [])

    async def deliver(self, chat_id: int, reply: Reply, edit: EditTarget | None) -> int:
        self.message_id += 1
        self.last_in_chat[chat_id] = self.message_id
        lines = [plain(reply.text)]
        if self.names:
            lines.insert(0, f"--- to {self._whose(chat_id)} ---")
        lines += [f"[{kind}: {path}]" for path, kind in self._attachments(reply) if path]
        if reply.buttons:
            buttons = [button for row in reply.buttons for button in row]
            self.buttons_by_chat[chat_id] = buttons
            lines.append("  ".join(f"[{i}] {b.label}" for i, b in enumerate(buttons, 1)))
        if reply.ask_location:
            lines.append(f"({plain(reply.ask_location)}: type a city or a time zone instead)")
        self.out.write("\n" + "\n".join(lines) + "\n")
        self.out.flush()
        return self.message_id

    def _whose(self, chat_id: int) -> str:
        """The name of a chat's person, as typed after `:as` in this run."""
        if chat_id in self.names:
            return self.names[chat_id]
        return "you" if chat_id == CONSOLE_USER_ID else f"chat {chat_id} (not named in this run)"

    def _attachments(self, reply: Reply) -> list[tuple[Path | None, str]]:
        """Every file the reply carries, written to disk where it is made on the fly (the
        chart, an export), as (path or None, kind)."""
        found = [(reply.image, "picture"), (reply.animation, "animation"), (reply.document, "file")]
        if reply.chart is not None:
            found.append((chart_file(reply.chart, self.files / "charts"), "chart"))
        if reply.file is not None:
            path = self.files / "exports" / reply.file.filename
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text_file(reply.file))
            found.append((path, "file"))
        return found

    def event_for(self, line: str) -> Event:
        """A typed line as an event: a number presses a button, /x is a command."""
        stripped = line.strip()
        if stripped.isdigit() and 1 <= int(stripped) <= len(self.buttons):
            return Press(self.buttons[int(stripped) - 1].data)
        if stripped.startswith("/") and len(stripped) > 1:
            name, *args = stripped[1:].split(maxsplit=1)
            return Command(name.lower(), args[0] if args else "")
        text = line.rstrip("\n")
        if text.startswith(FORWARD_MARK):  # someone else's message, forwarded into the chat
            return Text(text.removeprefix(FORWARD_MARK).lstrip(), forwarded=True)
        return Text(text)


async def run_console(
    db: Database, content: Content, inp: TextIO, out: TextIO, files: Path
) -> None:
    """Chat until end of input; reminders and rest timers fire meanwhile."""
    transport = ConsoleTransport(out, files)
    core = build(db, content, SystemClock(), transport, pace=UNPACED, bot_username=CONSOLE_BOT)
    out.write(content.texts("console.intro") + "\n")
    out.flush()
    await core.outbox.recover()
    await core.outbox.drain()  # anything left from an earlier session
    background = [
        asyncio.create_task(core.outbox.run(), name="outbox"),
        asyncio.create_task(_tick_forever(core.dispatcher), name="dispatcher"),
    ]
    try:
        await _chat(core.coach, core.outbox, transport, inp, out)
    finally:
        await core.outbox.stop()
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)


async def _tick_forever(dispatcher: Dispatcher) -> None:
    """The console's stand-in for the JobQueue: a dispatcher tick every second."""
    while True:
        await dispatcher.tick()
        await asyncio.sleep(1)


async def _chat(
    coach: Coach, outbox: Outbox, transport: ConsoleTransport, inp: TextIO, out: TextIO
) -> None:
    loop = asyncio.get_running_loop()
    while True:
        if inp.isatty():
            out.write("> ")
            out.flush()
        line = await loop.run_in_executor(None, inp.readline)
        if not line:
            break
        if not line.strip():
            continue
        if line.startswith(":as ") and line[4:].strip():
            speaker = person(line[4:].strip())
            transport.speaker = speaker.user_id
            transport.names[speaker.user_id] = speaker.name
            out.write(f"(now typing as {speaker.name})\n")
            continue
        speaker_id = transport.speaker
        event = transport.event_for(line)
        pressed = transport.last_in_chat.get(speaker_id) if isinstance(event, Press) else None
        handled = await coach.handle(
            Incoming(
                speaker_id,
                speaker_id,
                transport.names.get(speaker_id, ""),
                event,
                message_id=pressed,
            )
        )
        if handled.notice:
            out.write(f"({plain(handled.notice)})\n")
        await outbox.drain()
