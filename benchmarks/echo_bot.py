"""The baseline for the load benchmark: a minimal python-telegram-bot echo bot.

Text -> the same text back, with one inline button; a button press -> answer the callback
and edit the message. Default Application settings, nothing else: what any PTB bot costs.
"""

from __future__ import annotations

import os
import signal
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

BUTTON = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("◀ Back", callback_data="back"),
            InlineKeyboardButton("Next ▶", callback_data="next"),
        ]
    ]
)


async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text(f"echo {update.message.text}", reply_markup=BUTTON)


async def press(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"pressed {update.update_id}", reply_markup=BUTTON)


def main() -> None:
    app: Any = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(CallbackQueryHandler(press))
    app.run_polling(poll_interval=0, timeout=10, stop_signals=(signal.SIGTERM, signal.SIGINT))


if __name__ == "__main__":
    main()
