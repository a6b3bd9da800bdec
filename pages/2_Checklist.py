"""Checklist: the 30 items one by one: verdict and score, the measured values and their norms, the
data that is missing, the self-assessment, what to do, money at stake, lists to act on, notes and
the consultant's verdict."""
import streamlit as st

from audits.i18n import t
from audits.ui import checklist, frame
from audits.ui.widgets import guarded

lang, result = frame.audit_page("checklist.page_title", "checklist.title")
if not result.checks:
    st.info(t("checklist.empty", lang))
    st.stop()

number = checklist.navigator(result, lang)
st.divider()
guarded(lambda lg: checklist.item(result, number, lg), lang)

st.divider()
st.page_link("pages/5_Summary.py", label=t("checklist.to_summary", lang), icon=":material/summarize:")
