"""Calls: talk time per manager, call length, calls by hour and weekday, missed calls and callbacks,
outgoing calls per day, and the short calls with new clients to listen to first."""
from functools import partial

import streamlit as st

from audits.i18n import t
from audits.ui import calls, frame
from audits.ui.widgets import guarded

lang, result = frame.audit_page("calls.page_title", "calls.title")
if not calls.calls_loaded(result):
    calls.no_calls(lang)
    st.stop()

st.caption(t("calls.intro", lang))
for section in (calls.summary, calls.talk, calls.length, calls.day_map, calls.missed, calls.outgoing,
                calls.short_calls):
    st.divider()
    guarded(partial(section, result), lang)
