"""glibc's allocator, asked to give freed memory back (a long-running server only).

glibc's malloc gives every thread that allocates under contention an arena of its own, up to eight per
core, and keeps what is freed in those arenas for reuse; and once a large block has been freed it raises
the size from which blocks get their own mapping (returned to the system on free) up to 32 MB, so the
frames of later sessions land in the arenas instead. A Streamlit server runs each session's script on a
new thread and DuckDB runs queries on threads of its own, so its memory grows with the sessions it has
served, although their data is released. The soak benchmark (benchmarks/bench_soak.py, the demo
company loaded and audited by 30 sessions one after another), server memory after the last session
against after the first:

    glibc's defaults                                         +35 to +48 %  (+74 % after 200 sessions)
    MALLOC_ARENA_MAX=2                                       +8.9 %
    MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=131072        +1.3 %

scripts/start.sh and the Dockerfile set both. They must be in the environment when the process starts:
set from inside (mallopt) once the server's threads exist, the arena limit did not help.

`trim()` is called when the sessions of a sweep are closed (audits.ui.sessions). Elsewhere than glibc
(musl, macOS, Windows) it does nothing.
"""
from __future__ import annotations

import ctypes
import ctypes.util

_libc: object = False      # False: not looked up yet; None: not glibc


def _glibc():
    global _libc
    if _libc is False:
        try:
            lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _libc = lib if hasattr(lib, "malloc_trim") else None
        except OSError:
            _libc = None
    return _libc


def trim() -> bool:
    """Return the free memory of every arena to the system; whether any was returned."""
    lib = _glibc()
    return bool(lib.malloc_trim(0)) if lib is not None else False
