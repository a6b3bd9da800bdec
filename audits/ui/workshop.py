"""The Workshop page's pieces: one item per screen in large type for a live session with the client's
team: where we are, the verdict and score, what the data shows against the norms, the chart, the
questions as big yes/no buttons, the note and the consultant's verdict.

The item shown is the Checklist page's current item (the two pages walk the same list), and answers,
notes and overrides go through the Checklist page's callbacks into the same answers.
"""
from __future__ import annotations

import streamlit as st

from audits.charts import checks as charts
from audits.i18n import t
from audits.ui import checklist
from audits.ui.widgets import audit_chart, guarded

ANSWERS = ("yes", "no")

# Only this page: larger type for a room watching a projector. Constant text, nothing from uploads.
_CSS = """
<style>
section.main .block-container, [data-testid="stMainBlockContainer"] { max-width: 1200px; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li,
[data-testid="stMainBlockContainer"] label p { font-size: 1.35rem; line-height: 1.5; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.6rem; line-height: 1.2; }
[data-testid="stMainBlockContainer"] h3 { font-size: 1.8rem; }
[data-testid="stMetricValue"] { font-size: 3rem; }
[data-testid="stMetricLabel"] p { font-size: 1.2rem; }
[data-testid="stMainBlockContainer"] .stButton button { min-height: 3.6rem; font-size: 1.4rem; }
[data-testid="stMainBlockContainer"] .stButton button p { font-size: 1.4rem; }
[data-testid="stMainBlockContainer"] [data-testid="stButtonGroup"] button { min-height: 3rem; min-width: 7rem; }
[data-testid="stMainBlockContainer"] [data-testid="stButtonGroup"] button p { font-size: 1.35rem; }
[data-testid="stMainBlockContainer"] textarea, [data-testid="stMainBlockContainer"] input { font-size: 1.25rem; }
</style>
"""


def style() -> None:
    st.markdown(_CSS, unsafe_allow_html=True)


def navigator(result, lang: str) -> int:
    """Big previous/next (keys ← and →) around the position; returns the number of the item to show."""
    ids = [c.id for c in result.checks]
    cur = checklist.current(result)
    i = ids.index(cur)
    left, mid, right = st.columns([1, 3, 1], vertical_alignment="center")
    # No arrow icons: Streamlit shows each button's key (← or →) beside its label.
    left.button(t("workshop.prev", lang), key="ws_prev", disabled=i == 0,
                on_click=checklist._go, args=(ids[max(i - 1, 0)],), width="stretch", shortcut="Left")
    right.button(t("workshop.next", lang), key="ws_next", type="primary",
                 disabled=i == len(ids) - 1, on_click=checklist._go, args=(ids[min(i + 1, len(ids) - 1)],),
                 width="stretch", shortcut="Right")
    mid.progress((i + 1) / len(ids), text=t("workshop.position", lang, index=i + 1, total=len(ids)))
    return cur


def measured(c, result, lang: str) -> None:
    """The key measured values against their norms, in words, and the item's chart."""
    st.subheader(t("workshop.measured", lang))
    if not c.signals:
        st.info(t("workshop.no_data", lang))
        return
    lines = []
    for s in c.signals:
        icon = checklist.VERDICT_ICON[charts.band(s.score)]
        text = t("workshop.norms", lang, value=f"**{charts.fmt(s.value, s.unit, lang)}**",
                 good=charts.fmt(s.good, s.unit, lang), bad=charts.fmt(s.bad, s.unit, lang))
        lines.append(f"- {icon} {s.label}: {text}")
    st.markdown("\n".join(lines))
    audit_chart(result, ("item", c.id), lambda: charts.chart_of(c, result, lang))


def questions(c, lang: str) -> None:
    """Each question with two big buttons, Yes and No (pressing the chosen one again clears it)."""
    check = checklist.check_of(c.id)
    if not check.questions:
        return
    st.subheader(t("workshop.questions", lang))
    entry = checklist.entry_of(c.id)
    for qid in check.questions:
        given = entry.get(qid)
        key = f"wsq_{c.id}_{qid}"
        st.segmented_control(t(f"{check.key}.{qid}", lang), ANSWERS, key=key,
                             default=None if given is None else ("yes" if given else "no"),
                             format_func=lambda a: ("👍 " if a == "yes" else "👎 ") + t(f"workshop.{a}", lang),
                             on_change=checklist._answered, args=(c.id, qid, key))


def item(result, number: int, lang: str) -> None:
    c = result.check(number)
    checklist.header(c, lang)
    st.divider()
    guarded(lambda lg: measured(c, result, lg), lang)
    questions(c, lang)
    st.divider()
    st.subheader(t("workshop.notes", lang))
    checklist.notes(c, lang)
    checklist.override(c, lang)
