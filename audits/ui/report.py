"""The Report page's pieces: the language and the company name of the report, an optional saved audit
to compare with, preparing it (with a progress indicator) and the three downloads. The report is
rendered by audits.report from this session's AuditResult and kept in session_state until the audit,
the language, the name or the audit compared with changes."""
from __future__ import annotations

import hashlib
import json
import logging
import time

import streamlit as st

from audits import audit, compare
from audits import report as R
from audits.i18n import LANGS, t
from audits.logs import failure
from audits.ui import state
from audits.ui.widgets import md

log = logging.getLogger(__name__)
_KEY = "_report_files"          # (key, {fmt: bytes}, seconds)
_LANG_NAMES = {"ru": "Русский", "en": "English"}


def options(lang: str) -> tuple[str, str]:
    """The language of the report (the app's, unless chosen) and the company name on the cover."""
    left, right = st.columns(2, gap="large")
    report_lang = left.radio(t("report.page_lang", lang), LANGS, index=LANGS.index(lang), horizontal=True,
                             format_func=_LANG_NAMES.get, key="report_lang")
    company = right.text_input(t("report.page_company", lang), value=state.company(), key="report_company",
                               help=t("report.page_company_help", lang), max_chars=200)
    return report_lang, company.strip()


def compare_with(lang: str) -> tuple[str | None, dict | None]:
    """An optional saved audit (.zip) to compare this one with: (the file's hash, its results dict),
    or (None, None) when none is given or it cannot be opened (then a plain message says why)."""
    from audits.ui import audits as saved
    f = st.file_uploader(t("report.page_compare", lang), type=["zip"], key="report_compare",
                         help=t("report.page_compare_help", lang))
    if f is None:
        return None, None
    data = f.getvalue()
    with st.spinner(t("audits.compare_working", lang)):
        try:
            res, errors = saved.saved_results(data, lang)
        except Exception as e:          # the last guard: never a traceback
            failure(log, "report comparison", e)
            res, errors = None, [t("common.section_failed", lang)]
    if res is None:
        st.error("\n".join([t("audits.open_bad", lang, file=md(f.name))] + [f"- {md(e)}" for e in errors]))
        return None, None
    st.caption(t("report.page_compare_ok", lang, file=md(f.name)))
    return hashlib.sha256(data).hexdigest(), res


def comparison_of(result, saved: dict | None):
    """compare(before=the saved audit, after=this one), or None without a saved audit."""
    if saved is None:
        return None
    current = json.loads(json.dumps(audit.to_json(result), default=str))
    return compare.compare(before=saved, after=current)


def _key(result, report_lang: str, company: str, compared: str | None = None) -> tuple:
    return (id(result), report_lang, company, compared)


def prepare(result, report_lang: str, company: str, lang: str, compared: tuple = (None, None)) -> None:
    """The button that renders the three formats, with a progress bar while it works. `compared` is
    what compare_with returned."""
    sig, saved = compared
    held = st.session_state.get(_KEY)
    if held and held[0] != _key(result, report_lang, company, sig):
        st.info(t("report.page_stale", lang))
    if not st.button(t("report.page_make", lang), type="primary", key="report_make", icon=":material/description:"):
        return
    bar = st.progress(0.0, text=t("report.page_rendering", lang, fmt="…"))
    done = {"n": 0}

    def step(fmt: str) -> None:
        bar.progress(min(0.1 + done["n"] / len(R.FORMATS), 0.95), text=t("report.page_rendering", lang, fmt=fmt.upper()))
        done["n"] += 1

    start = time.perf_counter()
    store = state.store() if state.has_store() else None
    try:
        files = R.render_all(result, R.FORMATS, report_lang, store=store, company=company, on_format=step,
                             comparison=comparison_of(result, saved))
    except Exception as e:
        bar.empty()
        failure(log, "report", e)
        st.error(t("report.page_failed", lang, fmt="HTML, PDF, XLSX"))
        return
    bar.empty()
    st.session_state[_KEY] = (_key(result, report_lang, company, sig), files, time.perf_counter() - start)


def downloads(result, report_lang: str, company: str, lang: str, compared: tuple = (None, None)) -> None:
    held = st.session_state.get(_KEY)
    if not held or held[0] != _key(result, report_lang, company, compared[0]):
        return
    _, files, seconds = held
    st.success(t("report.page_ready", lang, seconds=f"{seconds:.1f}"))
    cols = st.columns(len(R.FORMATS))
    for col, fmt in zip(cols, R.FORMATS):
        col.download_button(t(f"report.download_{fmt}", lang), files[fmt], file_name=f"report.{fmt}",
                            mime=R.MIME[fmt], key=f"report_download_{fmt}", icon=":material/download:",
                            on_click="ignore", width="stretch")
