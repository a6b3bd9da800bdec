"""Audits: save this audit as one file, open a saved one, and compare two audits (before and after)."""
import streamlit as st

from audits.i18n import t
from audits.ui import audits, frame
from audits.ui.widgets import guarded

lang = frame.page("audits.page_title")
st.title(t("audits.title", lang))
st.caption(t("audits.intro", lang))

guarded(audits.save, lang)
st.divider()
guarded(audits.open_saved, lang)
st.divider()
guarded(audits.compare_section, lang)
