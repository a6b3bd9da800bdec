"""Shared widgets: loading with a progress bar, per-file results, messages and data status."""
from __future__ import annotations

import logging
import os
import re

import streamlit as st

from audits.charts import localized
from audits.i18n import t
from audits.logs import failure
from audits.ui import state

log = logging.getLogger(__name__)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>$|~#!{}])")
_MD_LEAD = re.compile(r"^(\d*)([.)+\-=])", re.M)
LAST_LOAD_KEY = "_home_last_load"
_AUTOLOADED_KEY = "_demo_autoloaded"


def md(text: str) -> str:
    """Text from uploads (file names, values) made inert for Markdown: no links, images, HTML,
    and no list or heading when a name starts with "1." or "-"."""
    text = _MD_SPECIAL.sub(r"\\\1", str(text))
    return _MD_LEAD.sub(r"\1\\\2", text)


def fmt_int(n: int | None, lang: str) -> str:
    if n is None:
        return "—"
    s = f"{int(n):,}"
    return s.replace(",", "\u00a0") if lang == "ru" else s


def table_name(table: str | None, lang: str) -> str:
    return t(f"table.{table}", lang) if table else t("common.unknown_table", lang)


def cap(text: str) -> str:
    """First letter upper case, the rest as written ("ответы NPS" -> "Ответы NPS")."""
    return text[:1].upper() + text[1:]


def guarded(render, lang: str) -> None:
    """Draw one section, `render(lang)`; if it fails, say so plainly and go on with the page."""
    try:
        render(lang)
    except Exception as e:      # st.rerun / st.stop are BaseExceptions and pass through
        failure(log, f"section {getattr(render, '__name__', render)}", e)
        st.error(t("common.section_failed", lang))


def show_message(msg, lang: str) -> None:
    text = md(msg.text(lang))
    {"error": st.error, "warning": st.warning}.get(msg.level, st.info)(text)


def load(inputs: list, lang: str) -> None:
    """Add `inputs` to the session's Store with a progress bar; remember what happened for
    show_last_load(). Nothing loaded before is ever lost, and no traceback reaches the user."""
    if not inputs:
        return
    bar = st.progress(0.0, text=t("load.starting", lang))

    def progress(fraction: float, name: str) -> None:
        label = t("load.reading", lang, file=md(name)) if name else t("load.linking", lang)
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=label)

    try:
        report = state.store().add(inputs, progress=progress)
        result = {"ids": [f.id for f in report.files], "errors": list(report.errors), "failed": []}
    except Exception as e:       # the Store reports bad files itself; this is the last guard
        failure(log, "loading", e)
        result = {"ids": [], "errors": [], "failed": [i.name for i in inputs]}
    bar.empty()
    st.session_state[LAST_LOAD_KEY] = result


def autoload_demo(lang: str) -> None:
    """Load the demo company once per session when the server was started with AUDIT_DEMO=1."""
    if os.environ.get("AUDIT_DEMO") != "1" or st.session_state.get(_AUTOLOADED_KEY):
        return
    st.session_state[_AUTOLOADED_KEY] = True
    from audits.demo import demo_inputs
    inputs = demo_inputs()
    if inputs and not state.has_store():
        load(inputs, lang)
        st.rerun()


def file_summary(info, lang: str) -> str:
    name = md(info.file + (f" [{info.sheet}]" if info.sheet else ""))
    table = table_name(info.table, lang)
    preset = f" ({md(info.preset)})" if info.preset else ""
    return t("load.file_summary", lang, file=name, table=table, preset=preset,
             rows=fmt_int(info.rows, lang), set_aside=fmt_int(info.set_aside, lang))


def show_file(info, lang: str) -> None:
    st.markdown(file_summary(info, lang))
    for msg in info.messages:
        show_message(msg, lang)


def show_last_load(lang: str) -> None:
    """Per file of the last upload: detected table, rows loaded and set aside, and its messages."""
    result = st.session_state.get(LAST_LOAD_KEY)
    if not result or not state.has_store():
        return
    st.subheader(t("load.result_title", lang))
    by_id = {f.id: f for f in state.store().files}
    for fid in result["ids"]:
        if fid in by_id:
            show_file(by_id[fid], lang)
    for name, msg in result["errors"]:
        show_message(msg, lang)
    for name in result["failed"]:
        st.error(t("load.failed", lang, file=md(name)))


def data_status(lang: str, container=None) -> None:
    """Tables loaded in this session, with row counts."""
    box = container or st
    tables = state.tables()
    if not tables:
        box.caption(t("status.empty", lang))
        return
    lines = [f"**{table_name(tbl, lang)}**: {fmt_int(n, lang)}" for tbl, n in tables.items()]
    box.markdown("  \n".join(lines))


def data_metrics(lang: str) -> None:
    """The same status in large type, for the home page."""
    tables = state.tables()
    if not tables:
        st.info(t("status.empty", lang))
        return
    cols = st.columns(min(len(tables), 5))
    for i, (tbl, n) in enumerate(tables.items()):
        cols[i % len(cols)].metric(cap(table_name(tbl, lang)), fmt_int(n, lang))


def _spec(figure) -> dict | None:
    """The Vega-Lite spec st.altair_chart would draw for `figure` (its data as Arrow), numbers written the
    way the interface language writes them. Altair validates the whole chart against its schema to make
    it, which costs more than drawing it: the pages keep the spec of each chart of an audit."""
    if figure is None:
        return None
    # Streamlit's own conversion, the one st.altair_chart runs (private: streamlit is pinned in requirements.txt).
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec
    return _convert_altair_to_vega_lite_spec(localized(figure, state.lang()))


def draw(spec: dict | None) -> None:
    """A chart's spec (from audit_spec) across the page; nothing for None."""
    if spec is not None:
        st.vega_lite_chart(spec=dict(spec), width="stretch")     # a copy: Streamlit takes the data out


def chart(figure) -> None:
    """An Altair chart across the page, its numbers written the way the interface language writes them."""
    draw(_spec(figure))


def audit_spec(result, key, build) -> dict | None:
    """The spec of the chart `build()` makes (None for no chart), made once per AuditResult and `key`
    (what else the chart shows: a manager, an item)."""
    return state.memo(result, ("chart", key), lambda: _spec(build()))


def audit_chart(result, key, build) -> None:
    """chart(build()), made once per AuditResult and `key`."""
    draw(audit_spec(result, key, build))
