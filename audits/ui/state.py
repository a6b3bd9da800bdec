"""Per-session state. Everything derived from a user's uploads lives in st.session_state, never in
st.cache_data / st.cache_resource (those are shared by every session of the server)."""
from __future__ import annotations

import streamlit as st

from audits.i18n import DEFAULT_LANG, LANGS

STORE_KEY = "store"
LANG_KEY = "lang"


def lang() -> str:
    value = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def set_lang(value: str) -> None:
    if value in LANGS:
        st.session_state[LANG_KEY] = value


def store():
    """This session's Store, created on first use with its own temporary folder."""
    if STORE_KEY not in st.session_state:
        from audits.store import Store
        st.session_state[STORE_KEY] = Store()
    return st.session_state[STORE_KEY]


def has_store() -> bool:
    return STORE_KEY in st.session_state


def tables() -> dict[str, int]:
    """Canonical tables holding rows (empty when nothing was loaded in this session)."""
    return store().tables() if has_store() else {}


def reset() -> None:
    """Forget this session's data (the Store's folder is removed when it closes)."""
    s = st.session_state.pop(STORE_KEY, None)
    if s is not None:
        s.close()
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("_home_")]:
        del st.session_state[key]
