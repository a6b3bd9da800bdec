"""Calls: talk time per manager, call length, calls by hour and weekday, missed calls and callbacks,
outgoing calls per day, and the short calls with new clients to listen to first."""
from functools import partial

import streamlit as st

from audits.i18n import t
from audits.ui import calls, filters, frame, state
from audits.ui.widgets import guarded

lang = frame.page("calls.page_title")
st.title(t("calls.title", lang))
if frame.no_data_guard(lang):
    st.stop()
filters.sidebar(lang)

result = state.result()
if not calls.calls_loaded(result):
    calls.no_calls(lang)
    st.stop()

st.caption(t("calls.intro", lang))
for section in (calls.summary, calls.talk, calls.length, calls.day_map, calls.missed, calls.outgoing,
                calls.short_calls):
    st.divider()
    guarded(partial(section, result), lang)
