"""Workshop: one item per screen in large type for a live session: verdict and score, what the data
shows against the norms, the chart, the questions as big yes/no buttons, the note and the
consultant's verdict; big previous/next buttons (keys ← and →)."""
import streamlit as st

from audits.i18n import t
from audits.ui import frame, workshop
from audits.ui.widgets import guarded

lang, result = frame.audit_page("workshop.page_title", before_audit=workshop.style)
if not result.checks:
    st.info(t("checklist.empty", lang))
    st.stop()

number = workshop.navigator(result, lang)
guarded(lambda lg: workshop.item(result, number, lg), lang)

st.divider()
st.caption(t("workshop.keys", lang))
st.page_link("pages/2_Checklist.py", label=t("workshop.to_checklist", lang), icon=":material/checklist:")
