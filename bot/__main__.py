"""Entry point: wires settings, logging, content and storage, then runs one front end.

python -m bot                 Telegram if TELEGRAM_BOT_TOKEN is set, else the console (`make run`)
python -m bot run             Telegram; without a token, one line naming it and exit status 2 (the
                              container's command: a server never falls back to a terminal chat)
python -m bot console         the console chat
python -m bot check-content   validate content/ and exit
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.config import ConfigError, Settings, load_settings
from bot.content import Content, ContentError, load_content
from bot.logs import setup_logging
from bot.media import PictureCache
from bot.storage.db import Database, StorageError

log = logging.getLogger("bot")
EXIT_CONFIG = 2
# Names the setting; holds no secret.
MISSING_TOKEN_LINE = (
    "error: TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in the environment "  # noqa: S105
    "or .env (`python -m bot console` chats in the terminal instead)\n"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.split("\n")[0])
    parser.add_argument(
        "mode", nargs="?", choices=["run", "console", "check-content"], default=None
    )
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        content = load_content(settings.content_dir)
    except (ConfigError, ContentError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_CONFIG
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    webhook = settings.webhook
    setup_logging(settings.log_level, [token, webhook[1] if webhook else ""])
    if args.mode == "check-content":
        sys.stdout.write(f"content OK: {content.directory}\n")
        return 0
    if args.mode == "run" and not token:
        sys.stderr.write(MISSING_TOKEN_LINE)
        return EXIT_CONFIG
    console = args.mode == "console" or not token
    if not console:
        logging.getLogger().info("starting the Telegram bot")
    try:
        asyncio.run(_serve(settings, content, console))
    except (StorageError, ContentError, ConfigError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_CONFIG
    except KeyboardInterrupt:
        pass
    return 0


async def _serve(settings: Settings, content: Content, console: bool) -> None:
    pictures = PictureCache(settings.cache_dir / "pictures")
    content = content.with_pictures(await asyncio.to_thread(pictures.render_all))
    db = await Database.open(settings.database_path)
    try:
        if console:
            from bot.console import run_console  # lazy: only the chosen shell is imported

            if settings.telegram_bot_token is None:
                sys.stdout.write(content.texts("console.no_token") + "\n")
            await run_console(db, content, sys.stdin, sys.stdout, settings.cache_dir)
        else:
            from bot.telegram.runner import Options, run_telegram  # lazy: PTB is heavy to import

            assert settings.telegram_bot_token is not None
            from bot.telegram.webhook import Webhook

            webhook = settings.webhook
            options = Options(
                cache=settings.cache_dir,
                admins=settings.admin_user_ids,
                http=settings.http_address,
                webhook=Webhook(*webhook) if webhook else None,
                global_rate=settings.outbox_messages_per_second,
                chat_rate=settings.outbox_chat_messages_per_second,
            )
            await run_telegram(
                settings.telegram_bot_token.get_secret_value(),
                settings.telegram_api_base_url,
                db,
                content,
                options,
            )
    finally:
        await db.close()


if __name__ == "__main__":
    sys.exit(main())
