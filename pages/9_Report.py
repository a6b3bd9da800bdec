"""Report: the whole audit as a document (HTML, PDF, XLSX) in the chosen language, to download."""
import streamlit as st

from audits.i18n import t
from audits.ui import frame
from audits.ui import report as ui

lang, result = frame.audit_page("report.page_title", "report.page_heading")

st.caption(t("report.page_intro", lang))
report_lang, company = ui.options(lang)
compared = ui.compare_with(lang)
ui.prepare(result, report_lang, company, lang, compared)
ui.downloads(result, report_lang, company, lang, compared)
