"""Settings: the analysis date and every norm the checks use, grouped by check, with a reset."""
import streamlit as st

from audits.i18n import t
from audits.ui import filters, frame, settings
from audits.ui.widgets import guarded

lang = frame.page("settings.page_title")
st.title(t("settings.title", lang))
st.markdown(t("settings.intro", lang))
filters.sidebar(lang)

guarded(settings.as_of, lang)
st.divider()
guarded(settings.reset_button, lang)
guarded(settings.norms_table, lang)
guarded(settings.thresholds, lang)
