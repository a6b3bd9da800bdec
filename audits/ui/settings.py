"""The Settings page's pieces: the analysis date and every threshold of the checks, grouped by check.

Only the values that differ from the defaults are kept in state.settings(). Widget state is
dropped when the user changes page, so every widget takes its value from the stored settings; a
reset starts a new generation of widget keys, so they come back at their defaults.
"""
from __future__ import annotations

import streamlit as st

from audits import metrics as M
from audits.charts.checks import fmt
from audits.checks import COMMON, REGISTRY
from audits.checks.base import Threshold
from audits.i18n import t
from audits.ui import state

_GEN = "_set_gen"


def _gen() -> int:
    return st.session_state.get(_GEN, 0)


def widget_key(name: str) -> str:
    return f"set_{name}_{_gen()}"


def groups(lang: str) -> list[tuple[str, tuple[Threshold, ...]]]:
    """(heading, thresholds): the shared ones first, then each check that has any, in order."""
    out = [(t("settings.common", lang), COMMON)]
    out += [(f"{c.id}. {t(f'{c.key}.title', lang)}", c.thresholds) for c in REGISTRY if c.thresholds]
    return out


def _step(th: Threshold) -> tuple[float, str]:
    if th.unit == "share":
        return 0.01, "%.2f"
    if float(th.default) == int(th.default):
        return 1.0, "%.0f"
    return 0.1, "%.1f"


def _on_change(name: str, default: float) -> None:
    value = st.session_state.get(widget_key(name))
    chosen = state.settings()
    if value is None or float(value) == float(default):
        chosen.pop(name, None)
    else:
        chosen[name] = float(value)


def threshold_input(th: Threshold, lang: str) -> None:
    value = float(state.settings().get(th.name, th.default))
    if th.unit == "flag":             # a choice, not a number
        st.toggle(t(f"setting.{th.name}", lang), value=bool(value), key=widget_key(th.name),
                  help=t(f"setting.{th.name}.help", lang), on_change=_on_change, args=(th.name, float(th.default)))
        default = t("settings.flag.on" if th.default else "settings.flag.off", lang)
        st.caption(("✎ " if th.name in state.settings() else "") + t("settings.default", lang, value=default))
        return
    step, fmt_ = _step(th)
    default = fmt(th.default, th.unit, lang)
    if th.unit == "share":            # the input holds the fraction: show both
        default = f"{th.default:g} ({default})"
    st.number_input(t(f"setting.{th.name}", lang), value=value, step=step, format=fmt_, key=widget_key(th.name),
                    help=t(f"setting.{th.name}.help", lang), on_change=_on_change, args=(th.name, float(th.default)))
    changed = th.name in state.settings()
    st.caption(("✎ " if changed else "") + t("settings.default", lang, value=default))


def thresholds(lang: str) -> None:
    """Every threshold, grouped: the shared ones open, each check's in its own expander."""
    for i, (heading, items) in enumerate(groups(lang)):
        n_changed = sum(th.name in state.settings() for th in items)
        with st.expander(heading + (f"  ·  ✎ {n_changed}" if n_changed else ""), expanded=i == 0):
            cols = st.columns(3)
            for j, th in enumerate(items):
                with cols[j % 3]:
                    threshold_input(th, lang)


def _reset() -> None:
    state.settings().clear()
    st.session_state[_GEN] = _gen() + 1


def reset_button(lang: str) -> None:
    n = len(state.settings())
    st.caption(t("settings.changed", lang, count=n) if n else t("settings.unchanged", lang))
    st.button(t("settings.reset", lang), key="settings_reset", on_click=_reset, disabled=not n)


def default_as_of():
    """The day after the latest data of this session (None without dated rows)."""
    if not state.has_store():
        return None
    cur = state.store().con.cursor()
    try:
        return M.default_as_of(cur)
    finally:
        cur.close()


def _on_as_of() -> None:
    st.session_state[state.AS_OF_KEY] = st.session_state.get(f"set_as_of_{_gen()}")


def _as_of_reset() -> None:
    st.session_state[state.AS_OF_KEY] = None
    st.session_state[_GEN] = _gen() + 1


def as_of(lang: str) -> None:
    """The analysis date: empty means the default, the day after the latest data."""
    default = default_as_of()
    chosen = st.session_state.get(state.AS_OF_KEY)
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    left.date_input(t("settings.as_of", lang), value=chosen, key=f"set_as_of_{_gen()}", on_change=_on_as_of,
                    help=t("settings.as_of_help", lang), format="DD.MM.YYYY" if lang == "ru" else "YYYY-MM-DD")
    if chosen is not None:
        right.button(t("settings.as_of_reset", lang), key="as_of_reset", on_click=_as_of_reset)
    if default is not None:
        st.caption(t("settings.as_of_default", lang,
                     date=default.strftime("%d.%m.%Y") if lang == "ru" else default.isoformat()))
    else:
        st.caption(t("settings.as_of_none", lang))
