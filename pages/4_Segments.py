"""Segments: the ABC-XYZ matrix with the reading of each cell, RFM clusters named in plain words with
what to do with each, the members of any cell or group to download, and whether effort follows value."""
from functools import partial

import streamlit as st

from audits.i18n import t
from audits.ui import frame, segments
from audits.ui.widgets import guarded

lang, result = frame.audit_page("segments.page_title", "segments.title")
if not segments.orders_loaded(result):
    segments.no_orders(lang)
    st.stop()

st.caption(t("segments.intro", lang))
for section in (segments.matrix, segments.clusters, segments.effort):
    st.divider()
    guarded(partial(section, result), lang)
