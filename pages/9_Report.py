"""Report: the whole audit as a document (HTML, PDF, XLSX) in the chosen language, to download."""
import streamlit as st

from audits.i18n import t
from audits.ui import checklist, filters, frame
from audits.ui import report as ui

lang = frame.page("report.page_title")
st.title(t("report.page_heading", lang))
if frame.no_data_guard(lang):
    st.stop()

filters.sidebar(lang)
result = checklist.audit_result(lang)
if result is None:
    st.stop()

st.caption(t("report.page_intro", lang))
report_lang, company = ui.options(lang)
compared = ui.compare_with(lang)
ui.prepare(result, report_lang, company, lang, compared)
ui.downloads(result, report_lang, company, lang, compared)
