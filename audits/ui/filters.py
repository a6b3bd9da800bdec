"""The slice of the data an audit looks at, chosen in the sidebar: a period, teams, managers.

The choice lives as an `audits.scope.Scope` in st.session_state[state.SCOPE_KEY] (None for all
data); audit.run applies it. Widget state is dropped when the user changes page, so each run the
widgets are set from the stored Scope before they are drawn, and their callbacks write it back.
"""
from __future__ import annotations

import streamlit as st

from audits.i18n import t
from audits.scope import Scope
from audits.scope import options as scope_options
from audits.ui import state

_PERIOD, _TEAMS, _MANAGERS = "_flt_period", "_flt_teams", "_flt_managers"
_OPTIONS_KEY = "_flt_options"
_GEN = "_flt_gen"


def _options() -> dict:
    s = state.store()
    cached = st.session_state.get(_OPTIONS_KEY)
    if cached and cached[0] == s.version:
        return cached[1]
    cur = s.con.cursor()
    try:
        found = scope_options(cur)
    finally:
        cur.close()
    st.session_state[_OPTIONS_KEY] = (s.version, found)
    return found


def scope_from(period, teams, managers) -> Scope | None:
    """The Scope of the widgets' values (None when nothing narrows the data)."""
    period = tuple(period or ())
    start = period[0] if len(period) >= 1 else None
    end = period[1] if len(period) >= 2 else None
    scope = Scope(start=start, end=end, teams=tuple(teams or ()), managers=tuple(managers or ()))
    return None if scope.empty else scope


def _keys() -> tuple[str, str, str]:
    n = st.session_state.get(_GEN, 0)
    return f"{_PERIOD}_{n}", f"{_TEAMS}_{n}", f"{_MANAGERS}_{n}"


def _on_change() -> None:
    ss = st.session_state
    k_period, k_teams, k_managers = _keys()
    period = ss.get(k_period) or ()
    if len(period) == 1:          # the second day not picked yet: keep what was there
        return
    ss[state.SCOPE_KEY] = scope_from(period, ss.get(k_teams), ss.get(k_managers))


def _clear() -> None:
    st.session_state[state.SCOPE_KEY] = None
    st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1     # fresh, empty widgets


def sidebar(lang: str) -> Scope | None:
    """Draw the filters in the sidebar (only when there is data) and return the Scope in force."""
    scope: Scope | None = st.session_state.get(state.SCOPE_KEY)
    if not state.tables():
        return scope
    found = _options()
    k_period, k_teams, k_managers = _keys()
    period = tuple(d for d in ((scope.start, scope.end) if scope else ()) if d is not None)
    lo, hi = found["start"], found["end"]
    with st.sidebar:
        st.subheader(t("filters.title", lang))
        st.date_input(t("filters.period", lang), value=period, key=k_period, on_change=_on_change,
                      min_value=min([lo, *period]) if lo else None, max_value=max([hi, *period]) if hi else None,
                      help=t("filters.period_help", lang), format="DD.MM.YYYY" if lang == "ru" else "YYYY-MM-DD")
        if found["teams"]:
            st.multiselect(t("filters.team", lang), found["teams"], key=k_teams, on_change=_on_change,
                           default=[x for x in (scope.teams if scope else ()) if x in found["teams"]],
                           placeholder=t("filters.all", lang))
        if found["managers"]:
            st.multiselect(t("filters.manager", lang), found["managers"], key=k_managers, on_change=_on_change,
                           default=[x for x in (scope.managers if scope else ()) if x in found["managers"]],
                           placeholder=t("filters.all", lang))
        if scope is not None:
            st.caption(t("filters.active", lang))
            st.button(t("filters.clear", lang), key="_flt_clear", on_click=_clear)
    return scope


