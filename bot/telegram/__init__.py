"""The Telegram front end (python-telegram-bot). The only package that imports telegram."""

import os

# Ask python-telegram-bot for `retry_after` as a timedelta: its integer form is deprecated and
# warns on every 429. Must be set before telegram is imported.
os.environ.setdefault("PTB_TIMEDELTA", "true")
