"""What a library logs while it works for us (mkdocs, WeasyPrint), captured to report it.

Both libraries only log some failures (a strict mkdocs warning, an image WeasyPrint
could not load): the build collects what they say at WARNING and above, and fails on it.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator


class LogCapture(logging.Handler):
    """The records of WARNING and above one logger emitted while captured."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self) -> list[str]:
        """Every record as "LEVEL: message"."""
        return [f"{record.levelname}: {record.getMessage()}" for record in self.records]

    def first_lines(self, errors: bool) -> list[str]:
        """The first line of each error's message (errors=True), or of each warning's."""
        return [_first_line(r) for r in self.records if (r.levelno >= logging.ERROR) == errors]


def _first_line(record: logging.LogRecord) -> str:
    message = record.getMessage().strip()
    return message.splitlines()[0] if message else ""


@contextmanager
def captured(name: str, level: int = logging.WARNING) -> Iterator[LogCapture]:
    """Capture logger `name`; while captured it lets records of `level` and above through."""
    logger = logging.getLogger(name)
    capture = LogCapture()
    logger.addHandler(capture)
    old_level = logger.level
    if logger.getEffectiveLevel() > level:
        logger.setLevel(level)
    try:
        yield capture
    finally:
        logger.removeHandler(capture)
        logger.setLevel(old_level)
