"""Home: what the audit is, load the demo company or upload exports, and what is loaded."""
import streamlit as st

from audits.demo import demo_inputs
from audits.i18n import t
from audits.store import Input
from audits.ui import frame, state, widgets

UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods", "parquet", "zip"]

lang = frame.page("home.page_title")
st.title(t("home.title", lang))
st.markdown(t("home.intro", lang))

demo_col, upload_col = st.columns(2, gap="large")
with demo_col:
    st.subheader(t("home.demo_title", lang))
    st.markdown(t("home.demo_text", lang))
    if st.button(t("home.demo_button", lang), type="primary", key="demo_button"):
        inputs = demo_inputs()
        if inputs:
            widgets.load(inputs, lang)
            st.rerun()
        else:
            st.warning(t("home.demo_missing", lang))

with upload_col:
    st.subheader(t("home.upload_title", lang))
    # A new key after each batch empties the uploader: a file is loaded once, not on every rerun.
    n = st.session_state.setdefault("_home_uploader_n", 0)
    uploaded = st.file_uploader(t("home.upload_label", lang), type=UPLOAD_TYPES, accept_multiple_files=True,
                                key=f"uploader_{n}", help=t("home.upload_help", lang))
    if uploaded:
        widgets.load([Input(name=f.name, data=f.getvalue()) for f in uploaded], lang)
        st.session_state["_home_uploader_n"] = n + 1
        st.rerun()

widgets.guarded(widgets.show_last_load, lang)

st.divider()
st.subheader(t("home.status_title", lang))
widgets.guarded(widgets.data_metrics, lang)
if state.has_store() and state.store().files:
    st.page_link("pages/5_Summary.py", label=t("home.to_summary", lang), icon=":material/assessment:")
    st.page_link("pages/2_Checklist.py", label=t("home.to_checklist", lang), icon=":material/checklist:")
    st.page_link("pages/1_Data.py", label=t("home.to_data", lang), icon=":material/table_view:")
    if st.button(t("home.clear", lang), key="clear_button"):
        state.reset()
        st.rerun()
