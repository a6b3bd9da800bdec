"""Checklist: the 30 items one by one: verdict and score, the measured values and their norms, the
data that is missing, the self-assessment, what to do, money at stake, lists to act on, notes and
the consultant's verdict."""
import streamlit as st

from audits.i18n import t
from audits.ui import checklist, filters, frame
from audits.ui.widgets import guarded

lang = frame.page("checklist.page_title")
st.title(t("checklist.title", lang))
if frame.no_data_guard(lang):
    st.stop()

filters.sidebar(lang)
result = checklist.audit_result(lang)
if result is None:
    st.stop()
if not result.checks:
    st.info(t("checklist.empty", lang))
    st.stop()

number = checklist.navigator(result, lang)
st.divider()
guarded(lambda lg: checklist.item(result, number, lg), lang)

st.divider()
st.page_link("pages/5_Summary.py", label=t("checklist.to_summary", lang), icon=":material/summarize:")
