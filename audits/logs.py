"""Logging that never carries a user's data.

Engine errors quote raw input lines and exception messages can hold values from an upload, so a
failure is logged as what failed, the exception's type and where in our code it was raised:
enough to find the bug, nothing of the data.
"""
from __future__ import annotations

import logging
import traceback


def failure(log: logging.Logger, what: str, exc: BaseException) -> None:
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames[-4:]))
    log.error("%s: %s at %s", what, type(exc).__name__, where or "?")
