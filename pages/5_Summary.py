"""Summary: the overall score, the areas, the principal problem, the action plan, every item at a
glance, and the answers file to save or load."""
import streamlit as st

from audits.i18n import t
from audits.ui import frame, summary
from audits.ui.widgets import guarded

lang, result = frame.audit_page("summary.page_title", "summary.title")

guarded(lambda lg: summary.overall(result, lg), lang)
st.divider()
left, right = st.columns(2, gap="large")
with left:
    guarded(lambda lg: summary.categories(result, lg), lang)
with right:
    guarded(lambda lg: summary.principal(result, lg), lang)
    st.page_link("pages/2_Checklist.py", label=t("summary.to_checklist", lang), icon=":material/checklist:")

st.divider()
guarded(lambda lg: summary.plan(result, lg), lang)
st.divider()
guarded(lambda lg: summary.glance(result, lg), lang)
st.divider()
guarded(summary.answers, lang)
