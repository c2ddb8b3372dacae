"""Logging: one line per event, and the bot token never appears, whatever logs it."""

from __future__ import annotations

import logging
import sys
import traceback


class RedactSecrets(logging.Filter):
    """Replaces each secret in a record's message (after formatting) with `[redacted]`."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = message
        for secret in self.secrets:
            redacted = redacted.replace(secret, "[redacted]")
        if record.exc_info and any(
            s in "".join(traceback.format_exception(*record.exc_info)) for s in self.secrets
        ):
            record.exc_info = None
            redacted += " (traceback withheld: it contained a secret)"
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def setup_logging(level: str, secrets: list[str]) -> None:
    """Plain one-line records on stderr; libraries' request logs only at WARNING."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
    )
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler", "telegram.ext.Updater"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    # "maximum number of running instances reached": a long dispatcher tick, by design.
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)


def describe(error: BaseException | None) -> str:
    """`TypeName: message (file.py:line)`, the innermost frame of the project if any."""
    if error is None:
        return "unknown error"
    where = ""
    frames = traceback.extract_tb(error.__traceback__) if error.__traceback__ else []
    ours = [f for f in frames if "/bot/" in f.filename.replace("\\", "/")]
    if ours or frames:
        frame = (ours or frames)[-1]
        where = f" ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})"
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}{where}"
