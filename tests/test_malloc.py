"""audits.malloc: trimming is safe to call at any time, and a server sweep calls it."""
import weakref

from audits import malloc
from audits.ui import sessions


def test_trim_runs_and_answers_a_bool():
    assert malloc.trim() in (True, False)
    assert malloc.trim() in (True, False)      # the second call reuses the looked-up function


def test_a_sweep_that_closes_stores_releases_memory(monkeypatch):
    calls = []

    class Dropped:
        def close(self):
            calls.append("close")

    # Only this test's store: stores that earlier tests in the same worker registered would be closed too
    monkeypatch.setattr(sessions, "_watched", weakref.WeakKeyDictionary())
    monkeypatch.setattr(sessions, "known", lambda sid: False)
    monkeypatch.setattr(malloc, "trim", lambda: calls.append("trim") or True)
    store = Dropped()
    sessions._watched[store] = ["gone-session", 1]
    assert sessions.sweep() == 1
    assert calls == ["close", "trim"]
    assert sessions.sweep() == 0 and calls == ["close", "trim"]     # nothing closed: no trim
