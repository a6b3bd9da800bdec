"""The Settings page's pieces: the analysis date and every setting of the checks, grouped by check.
A norm (a good and a bad value, audits/checks/norms.py) is shown once, under the first check that
uses it, with its unit, source and every check using it; a check borrowing it points there; a table
lists every norm at once.

Only the values that differ from the defaults are kept in state.settings(). Widget state is
dropped when the user changes page, so every widget takes its value from the stored settings; a
reset starts a new generation of widget keys, so they come back at their defaults.
"""
from __future__ import annotations

from functools import cache

import streamlit as st

from audits import metrics as M
from audits.charts.checks import fmt
from audits.checks import COMMON, REGISTRY
from audits.checks import norms as N
from audits.checks import thresholds as all_thresholds
from audits.checks.base import Threshold
from audits.checks.norms import Norm
from audits.i18n import t
from audits.ui import state

_GEN = "_set_gen"


def _gen() -> int:
    return st.session_state.get(_GEN, 0)


def widget_key(name: str) -> str:
    return f"set_{name}_{_gen()}"


def check_title(check, lang: str) -> str:
    return f"{check.id}. {t(f'{check.key}.title', lang)}"


# The checks and their settings are fixed: their layout on the page is worked out once per process.
@cache
def _layout() -> tuple:
    """(check, or None for the shared settings; single settings; norms shown here; norms borrowed)."""
    out = [(None, COMMON, (), ())]
    for c in REGISTRY:
        singles, own, borrowed = N.singles(c), N.own(c), N.borrowed(c)
        if singles or own or borrowed:
            out.append((c, singles, own, borrowed))
    return tuple(out)


@cache
def _by_name() -> dict[str, Threshold]:
    return {th.name: th for th in all_thresholds()}


@cache
def _users(name: str) -> tuple:
    return N.users(name)


def groups(lang: str) -> list[tuple[str, tuple[Threshold, ...], tuple[Norm, ...], tuple[Norm, ...]]]:
    """(heading, single settings, norms shown here, norms borrowed from an earlier check): the shared
    settings first, then each check that has any, in order. Every norm is shown once, under the
    first check that uses it."""
    return [(t("settings.common", lang) if c is None else check_title(c, lang), singles, own, borrowed)
            for c, singles, own, borrowed in _layout()]


def used_by(norm: Norm, lang: str) -> str:
    return ", ".join(check_title(c, lang) for c in _users(norm.name))


def norm_rows(lang: str) -> list[dict]:
    """Every norm once: its values as set now (defaults unless changed), unit, source, checks."""
    values = {name: th.default for name, th in _by_name().items()} | state.settings()
    return [{t("settings.norm.col.norm", lang): n.name,
             t("settings.norm.col.what", lang): t(f"setting.{n.good_setting}", lang),
             t("settings.norm.col.good", lang): fmt(values[n.good_setting], n.unit, lang),
             t("settings.norm.col.bad", lang): fmt(values[n.bad_setting], n.unit, lang),
             t("settings.norm.col.unit", lang): t(f"norm.unit.{n.unit}", lang),
             t("settings.norm.col.source", lang): t(f"norm.source.{n.source}", lang),
             t("settings.norm.col.checks", lang): ", ".join(str(c.id) for c in _users(n.name))}
            for n in N.NORMS if _users(n.name)]


def norms_table(lang: str) -> None:
    """Every norm on one table, for a look at all of them at once."""
    with st.expander(t("settings.norms_table", lang), expanded=False):
        st.caption(t("settings.norms_table.help", lang))
        st.dataframe(norm_rows(lang), hide_index=True, width="stretch")


def norm_inputs(norm: Norm, lang: str, chosen: dict) -> None:
    """A norm's good and bad value side by side, with its unit, source and the checks using it."""
    good, bad, about = st.columns(3)
    with good:
        threshold_input(_by_name()[norm.good_setting], lang, chosen)
    with bad:
        threshold_input(_by_name()[norm.bad_setting], lang, chosen)
    about.caption(t("settings.norm.about", lang, name=norm.name, unit=t(f"norm.unit.{norm.unit}", lang),
                    source=t(f"norm.source.{norm.source}", lang), checks=used_by(norm, lang)))


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


def threshold_input(th: Threshold, lang: str, chosen: dict) -> None:
    """The input of one setting; `chosen` is state.settings() (the values that differ from the defaults)."""
    value = float(chosen.get(th.name, th.default))
    if th.unit == "flag":             # a choice, not a number
        st.toggle(t(f"setting.{th.name}", lang), value=bool(value), key=widget_key(th.name),
                  help=t(f"setting.{th.name}.help", lang), on_change=_on_change, args=(th.name, float(th.default)))
        default = t("settings.flag.on" if th.default else "settings.flag.off", lang)
        st.caption(("✎ " if th.name in chosen else "") + t("settings.default", lang, value=default))
        return
    step, fmt_ = _step(th)
    default = fmt(th.default, th.unit, lang)
    if th.unit == "share":            # the input holds the fraction: show both
        default = f"{th.default:g} ({default})"
    st.number_input(t(f"setting.{th.name}", lang), value=value, step=step, format=fmt_, key=widget_key(th.name),
                    help=t(f"setting.{th.name}.help", lang), on_change=_on_change, args=(th.name, float(th.default)))
    changed = th.name in chosen
    st.caption(("✎ " if changed else "") + t("settings.default", lang, value=default))


OPEN_KEY = "_set_open"         # {group index: open}, for the groups the user opened or closed


def group_key(i: int) -> str:
    """The key of the i-th group's expander (0 is the shared settings)."""
    return f"set_open_{i}"


def is_open(i: int) -> bool:
    """Whether the i-th group is open: as the user left it, else only the shared settings. Kept apart
    from the expander's own state, which Streamlit drops whenever the heading (its count of changes)
    changes or the user leaves the page."""
    return st.session_state.get(OPEN_KEY, {}).get(i, i == 0)


def _on_group(i: int) -> None:
    st.session_state.setdefault(OPEN_KEY, {})[i] = bool(st.session_state.get(group_key(i)))


def thresholds(lang: str) -> None:
    """Every threshold, grouped: the shared ones open, each check's in its own expander. A group's
    inputs are built only while it is open (opening one reruns the page): 159 inputs at once made
    the page the slowest of the app."""
    chosen = state.settings()
    for i, (heading, items, own, borrowed) in enumerate(groups(lang)):
        names = [th.name for th in items] + [s for n in own for s in n.setting_names]
        n_changed = sum(name in chosen for name in names)
        box = st.expander(heading + (f"  ·  ✎ {n_changed}" if n_changed else ""), expanded=is_open(i),
                          key=group_key(i), on_change=_on_group, args=(i,))
        if not box.open:
            continue
        with box:
            if items:
                cols = st.columns(3)
                for j, th in enumerate(items):
                    with cols[j % 3]:
                        threshold_input(th, lang, chosen)
            for norm in own:
                norm_inputs(norm, lang, chosen)
            for norm in borrowed:
                st.caption(t("settings.norm.borrowed", lang, name=norm.name,
                             where=check_title(_users(norm.name)[0], lang)))


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
    return state.per_store("default_as_of", _default_as_of)


def _default_as_of():
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
