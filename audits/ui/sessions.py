"""Closing the Store of a session the server has forgotten.

Streamlit keeps a session whose tab is gone for `server.disconnectedSessionTTL` seconds, so that a
dropped connection can resume it, and then lets go of it. Letting go is not closing: the session's
objects sit in reference cycles until Python's cycle collector happens to run, and until then the
uploads stay on disk and the DuckDB in memory. Streamlit offers no hook for that moment (session-
scoped cache_resource is released on every disconnect, even one that will resume), so a sweeper
thread asks the runtime every few seconds which sessions it still knows, and closes the Stores of
the others. A Store is closed only after its session was missing at two sweeps in a row, so its
script has long stopped when the connection goes.
"""
from __future__ import annotations

import threading
import weakref

_lock = threading.Lock()
_watched: "weakref.WeakKeyDictionary[object, list]" = weakref.WeakKeyDictionary()   # Store -> [session id, misses]
_sweeper: threading.Thread | None = None


def watch(store, session_id: str | None = None) -> None:
    """Close `store` once the server no longer knows `session_id` (default: the session running this
    script). Without a server (AppTest, the command line) there is no session to lose: nothing to do."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    ctx = get_script_run_ctx()
    if session_id is None and ctx is not None and runtime.exists():
        session_id = ctx.session_id
    if session_id is None:
        return
    with _lock:
        _watched[store] = [session_id, 0]
    _start()


def known(session_id: str) -> bool:
    """The server still holds the session: connected, or disconnected within the TTL (the storage
    lookup drops an expired one)."""
    from streamlit import runtime
    if not runtime.exists():
        return False
    return runtime.get_instance()._session_mgr.get_session_info(session_id) is not None


def sweep() -> int:
    """One pass: close the Stores whose session was missing twice in a row; how many were closed."""
    with _lock:
        entries = list(_watched.items())
    gone = []
    for store, entry in entries:
        entry[1] = 0 if known(entry[0]) else entry[1] + 1
        if entry[1] >= 2:
            gone.append(store)
    for store in gone:
        with _lock:
            _watched.pop(store, None)
        store.close()
    if gone:
        release_memory()
    return len(gone)


def release_memory() -> None:
    """Give the memory of forgotten sessions back to the system: their frames, charts and query
    results sit in reference cycles until the cycle collector runs, and malloc keeps freed memory
    until it is asked to trim (audits.malloc)."""
    import gc

    from audits import malloc
    gc.collect()
    malloc.trim()


def interval() -> float:
    """Seconds between sweeps: a quarter of the TTL, between 1 and 30."""
    from streamlit import config
    return min(30.0, max(1.0, config.get_option("server.disconnectedSessionTTL") / 4))


def _start() -> None:
    global _sweeper
    with _lock:
        if _sweeper is not None:
            return
        _sweeper = threading.Thread(target=_run, name="audit-session-sweeper", daemon=True)
    _sweeper.start()


def _run() -> None:
    import logging
    import time

    from audits.logs import failure
    while True:
        time.sleep(interval())
        try:
            sweep()
        except Exception as e:        # a failed pass must not end the sweeping
            failure(logging.getLogger(__name__), "session sweep", e)
