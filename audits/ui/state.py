"""Per-session state. Everything derived from a user's uploads lives in st.session_state, never in
st.cache_data / st.cache_resource (those are shared by every session of the server)."""
from __future__ import annotations

import weakref

import streamlit as st

from audits.i18n import DEFAULT_LANG, LANGS
from audits.ui import sessions

STORE_KEY = "store"
LANG_KEY = "lang"


def lang() -> str:
    value = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def set_lang(value: str) -> None:
    if value in LANGS:
        st.session_state[LANG_KEY] = value


def store():
    """This session's Store, created on first use with its own temporary folder and the host's limits
    (audits.hosted). It is closed, and its folder removed, on "clear" or once the server has
    forgotten the session (audits.ui.sessions)."""
    if STORE_KEY not in st.session_state:
        from audits import hosted
        from audits.store import Store
        new = Store(memory_limit=hosted.memory_limit(), database=hosted.session_database(),
                    max_upload_bytes=hosted.max_upload_bytes(), max_session_bytes=hosted.max_session_bytes())
        st.session_state[STORE_KEY] = new
        sessions.watch(new)
    return st.session_state[STORE_KEY]


def has_store() -> bool:
    return STORE_KEY in st.session_state


def tables() -> dict[str, int]:
    """Canonical tables holding rows (empty when nothing was loaded in this session)."""
    return per_store("tables", lambda: store().tables()) if has_store() else {}


# --- what the pages derive from the data, computed once --------------------------------------------
_MEMO_KEY = "_memo"


def memo(anchor, key, compute, stamp=None):
    """`compute()` once per `key` for as long as `anchor` (this session's Store at the version `stamp`,
    or its AuditResult) is the one in use; a new anchor or stamp forgets what the old one gave. Kept in
    session_state, never in a cache shared between sessions."""
    slots = st.session_state.setdefault(_MEMO_KEY, {})
    kind = type(anchor).__name__
    slot = slots.get(kind)
    if slot is None or slot[0]() is not anchor or slot[1] != stamp:
        slot = slots[kind] = (weakref.ref(anchor), stamp, {})
    if key not in slot[2]:
        slot[2][key] = compute()
    return slot[2][key]


def per_store(key, compute):
    """`compute()` once per `key` and version of this session's data (the Store's version changes
    with every load, mapping, merge and choice of stage order)."""
    s = store()
    return memo(s, key, compute, stamp=s.version)


def reset() -> None:
    """Forget this session's data (the Store's folder is removed when it closes)."""
    s = st.session_state.pop(STORE_KEY, None)
    if s is not None:
        s.close()
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("_home_")]:
        del st.session_state[key]


# --- the audit of this session -------------------------------------------------------------------
ANSWERS_KEY = "answers"        # {"3": {"q1": True, "note": "...", "override": {...}}}: the answers file
SETTINGS_KEY = "settings"      # threshold overrides {name: value}
AS_OF_KEY = "as_of"            # datetime.date or None (the default: the day after the latest data)
SCOPE_KEY = "scope"            # audits.audit.Scope or None (period, teams, managers)
_RESULT_KEY = "_audit_result"


def answers() -> dict:
    return st.session_state.setdefault(ANSWERS_KEY, {})


def answer_entry(check_id: int) -> dict:
    """The mutable answers/notes/override of one check."""
    return answers().setdefault(str(check_id), {})


def settings() -> dict:
    return st.session_state.setdefault(SETTINGS_KEY, {})


def result():
    """The AuditResult of this session's data, answers, settings and language; recomputed only when
    one of them changed (kept in session_state, never in a cache shared between sessions)."""
    import json

    from audits import audit
    if not has_store():
        return None
    s = store()
    as_of = st.session_state.get(AS_OF_KEY)
    scope = st.session_state.get(SCOPE_KEY)
    given = {k: v for k, v in answers().items() if v}     # an item merely opened is not an answer
    key = (s.version, json.dumps(given, sort_keys=True, default=str),
           json.dumps(settings(), sort_keys=True), str(as_of), repr(scope), lang())
    cached = st.session_state.get(_RESULT_KEY)
    if cached and cached[0] == key:
        return cached[1]
    res = audit.run_store(s, settings=settings(), answers=given, as_of=as_of, lang=lang(), scope=scope)
    st.session_state[_RESULT_KEY] = (key, res)
    return res


COMPANY_KEY = "company"        # the company's name, for file names (saved with the audit)


def company() -> str:
    return str(st.session_state.get(COMPANY_KEY) or "")
