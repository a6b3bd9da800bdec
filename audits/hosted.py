"""Settings of a shared host, read from the environment.

    AUDIT_MAX_UPLOAD_MB    largest single uploaded file, MB (default 200, as server.maxUploadSize)
    AUDIT_MAX_SESSION_MB   all files one session may upload together, MB (default 1000)
    AUDIT_MEMORY_LIMIT     DuckDB memory limit of one session (default 512MB); spills to the session folder
    AUDIT_PASSWORD         access password (the app's st.secrets["password"] wins when both are set)
    AUDIT_DB               where the data lives: unset = private in-memory DuckDB; a file path =
                           a DuckDB file; md:NAME = a MotherDuck database (see DEPLOY.md)

A value that cannot be read as a number falls back to the default: a typo in a deployment must not
turn a limit off.
"""
from __future__ import annotations

import hmac
import os
import re

MB = 1 << 20
DEFAULT_MAX_UPLOAD_MB = 200
DEFAULT_MAX_SESSION_MB = 1000
DEFAULT_MEMORY_LIMIT = "512MB"


def _mb(name: str, default: int) -> int:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default * MB
    return int(value * MB) if value > 0 else default * MB


def max_upload_bytes() -> int:
    return _mb("AUDIT_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)


def max_session_bytes() -> int:
    return _mb("AUDIT_MAX_SESSION_MB", DEFAULT_MAX_SESSION_MB)


def memory_limit() -> str:
    """AUDIT_MEMORY_LIMIT when DuckDB can read it ("300MB", "2 GiB"), else the default."""
    value = os.environ.get("AUDIT_MEMORY_LIMIT", "").strip()
    return value if re.fullmatch(r"\d+(\.\d+)?\s*([KMGT]i?B)", value, re.IGNORECASE) else DEFAULT_MEMORY_LIMIT


def size_mb(n: int) -> str:
    """A byte count as megabytes for messages: "12.5"."""
    return f"{n / MB:.1f}"


# --- the database location ---------------------------------------------------------------------------
def db_location(value: str | None = None) -> str | None:
    """The configured database: `value` (the CLI's --db), else AUDIT_DB; None = in memory."""
    chosen = value if value is not None else os.environ.get("AUDIT_DB", "")
    return chosen.strip() or None


def is_motherduck(location: str | None) -> bool:
    return bool(location) and location.startswith(("md:", "motherduck:"))


def session_database() -> str | None:
    """The database of one app session. The app never opens the configured location itself: every
    visitor would share it. A file path gives each session its own DuckDB file inside its private
    folder (tables on disk rather than in memory, removed with the folder); MotherDuck, one database
    for everybody, is left to the command line, and the session stays in memory."""
    from audits.store import SESSION_FILE
    location = db_location()
    if location and not is_motherduck(location):
        return SESSION_FILE
    return None


# --- the access password -------------------------------------------------------------------------------
def env_password() -> str | None:
    """AUDIT_PASSWORD; None = not set. (The app prefers st.secrets["password"]: audits/ui/frame.py.)"""
    return os.environ.get("AUDIT_PASSWORD", "") or None


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison: the time taken does not tell how much of the password was right."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
