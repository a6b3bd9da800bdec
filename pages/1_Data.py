"""Data: what each uploaded file became, its column mapping (editable), coverage per table,
the order of the funnel stages, rows set aside and manager spellings to merge."""
import streamlit as st

from audits.i18n import t
from audits.ui import data, frame, stage_order
from audits.ui.widgets import guarded

lang = frame.page("data.page_title")
st.title(t("data.title", lang))
if frame.no_data_guard(lang):
    st.stop()

data.show_flash()
guarded(data.coverage, lang)
guarded(data.date_order, lang)

st.divider()
st.subheader(t("data.files_title", lang))
st.caption(t("data.files_text", lang))
guarded(data.files, lang)

st.divider()
guarded(stage_order.control, lang)

st.divider()
guarded(data.saved_mapping, lang)

st.divider()
guarded(data.set_aside, lang)

st.divider()
guarded(data.managers, lang)
