"""Logging set-up that cannot leak report content: tracebacks keep frames, drop messages.

An exception's message often quotes its input (``invalid literal for int(): '1101...'``),
and input here is a complainant's identity or report. The formatter keeps what operators
need to find a bug (exception types and the source lines of every frame) and withholds
messages, for the gateway's own code and every library alike. Log calls name ids only.

Some libraries log the data itself at DEBUG: aiosmtpd every DATA line and AUTH exchange
(names, ID numbers and phone numbers of a scanned letter's mail), Pillow every TIFF tag
(an ID number in ``PageName``), aiohttp's access log the query string. Those loggers are
held at WARNING whatever the configured level, so ``log_level = "DEBUG"`` debugs the
gateway without writing identity to its log.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

__all__ = ["DATA_ECHOING_LOGGERS", "WithholdingFormatter", "configure"]

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class WithholdingFormatter(logging.Formatter):
    def formatException(self, ei: ExcInfo) -> str:
        _, exc, tb = ei
        if exc is None:
            return ""
        parts: list[str] = []
        seen: set[int] = set()
        current: BaseException | None = exc
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            kind = type(current)
            frames = "".join(traceback.format_tb(current.__traceback__ if parts else tb))
            parts.append(
                f"Traceback (most recent call last):\n{frames}"
                f"{kind.__module__}.{kind.__qualname__} (message withheld)"
            )
            current = current.__cause__ or current.__context__
        return "\n\nwhich was raised while handling:\n\n".join(reversed(parts))


# Loggers of libraries that write request or file content at DEBUG or INFO.
DATA_ECHOING_LOGGERS = ("mail.log", "PIL", "aiohttp.access", "aiohttp.server", "multipart")


def configure(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(WithholdingFormatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    floor = max(logging.WARNING, logging.getLevelName(level.upper()))
    for name in DATA_ECHOING_LOGGERS:
        logging.getLogger(name).setLevel(floor)
