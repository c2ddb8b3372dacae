"""Logs: the token never appears, failures are one line."""

from __future__ import annotations

import logging

import pytest

from bot.logs import RedactSecrets, describe

TOKEN = "123456789:AAsecret-token-value"


def test_token_is_redacted_from_messages_and_arguments(caplog: pytest.LogCaptureFixture) -> None:
    """A URL with the token, logged by any library, shows [redacted] instead."""
    logger = logging.getLogger("test.redact")
    logger.addFilter(RedactSecrets([TOKEN]))
    with caplog.at_level(logging.INFO, logger="test.redact"):
        logger.info("POST https://api.telegram.org/bot%s/getUpdates", TOKEN)
        logger.info(f"error at bot{TOKEN}/sendMessage")
    assert TOKEN not in caplog.text
    assert caplog.text.count("[redacted]") == 2


def test_traceback_with_token_is_withheld(caplog: pytest.LogCaptureFixture) -> None:
    """An exception whose text holds the token is logged without it."""
    logger = logging.getLogger("test.redact.tb")
    logger.addFilter(RedactSecrets([TOKEN]))
    with caplog.at_level(logging.INFO, logger="test.redact.tb"):
        try:
            raise RuntimeError(f"connect to bot{TOKEN} failed")
        except RuntimeError:
            logger.exception("sending failed")
    assert TOKEN not in caplog.text


def test_describe_is_one_line_with_the_place() -> None:
    """describe(): type, message on one line, and the file:line where it happened."""
    try:
        raise ValueError("bad\nvalue")
    except ValueError as exc:
        line = describe(exc)
    assert line.startswith("ValueError: bad value (test_logs.py:")
    assert "\n" not in line
