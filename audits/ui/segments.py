"""The sections of the segments page: the ABC-XYZ matrix with the reading of a chosen cell, the RFM
clusters (scatter plots, profiles, what to do), the members of any cell or group with downloads, and
whether effort follows value.

Every section reads the session's AuditResult: the metrics of the matrix and of check 25, and
`result.segmentation` (audits.segments) for the clients and the clusters; nothing is recomputed here."""
from __future__ import annotations

import pandas as pd
import polars as pl
import streamlit as st

from audits import drilldown
from audits import segments as seg
from audits.charts import segments as charts
from audits.charts.checks import fmt
from audits.i18n import t
from audits.ui.calls import num, pct
from audits.ui.widgets import audit_chart, audit_spec, draw, fmt_int, md

CELLS = tuple(a + x for a in seg.ABC for x in (*seg.XYZ, "N"))
MEMBER_COLUMNS = ("client_id", "name", "abc", "xyz", "cluster", "recency_days", "frequency", "monetary",
                  "products", "margin", "last_order_at")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def orders_loaded(result) -> bool:
    s = getattr(result, "segmentation", None)
    return bool(s is not None and s.message != seg.MSG_NO_ORDERS)


def no_orders(lang: str) -> None:
    st.info(t("segments.no_orders", lang))


# --- members of a cell or a group ------------------------------------------------------------------

def member_frame(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The clients as the page shows and downloads them: people's column names, days and money rounded."""
    cols = [c for c in MEMBER_COLUMNS if c in frame.columns]
    out = frame.select(cols).with_columns(
        pl.col("recency_days").round(0), pl.col("monetary").round(2),
        *([pl.col("margin").round(2)] if "margin" in cols else []))
    return out.rename({c: t(f"segments.col.{c}", lang) for c in cols})


SHOWN = 1000                # rows of a member list shown on the page; the downloads hold them all


def members(frame: pl.DataFrame, lang: str, key: str, title: str) -> None:
    st.caption(t("segments.members_count", lang, count=fmt_int(frame.height, lang)))
    if frame.height == 0:
        return
    table = member_frame(frame, lang)
    st.dataframe(table.head(SHOWN).to_pandas(), hide_index=True, width="stretch")
    if table.height > SHOWN:
        st.caption(t("checklist.list_shown", lang, shown=fmt_int(SHOWN, lang)))
    # The files are made when a button is pressed (the members of a big cell fill a large workbook).
    buttons = st.container(horizontal=True)
    buttons.download_button(t("segments.download_csv", lang), lambda: drilldown.to_csv_bytes(table),
                            file_name=f"{key}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore")
    buttons.download_button("XLSX", lambda: drilldown.to_xlsx_bytes(table, title), file_name=f"{key}.xlsx",
                             mime=XLSX, key=f"{key}_xlsx", on_click="ignore")


# --- the ABC-XYZ matrix ----------------------------------------------------------------------------

def matrix(result, lang: str) -> None:
    st.subheader(t("segments.matrix_title", lang))
    m, s = result.metrics, result.settings
    counts, revenue = m.get("segments_abc_xyz") or {}, m.get("segments_abc_xyz_revenue") or {}
    rows = seg.cell_table(counts, revenue)
    abc, xyz = m.get("segments_abc") or {}, m.get("segments_xyz") or {}
    total = sum(r["revenue"] for r in rows)
    a_revenue = sum(r["revenue"] for r in rows if r["abc"] == "A")
    st.markdown(t("segments.matrix_reading", lang, clients=fmt_int(sum(abc.values()), lang),
                  a_clients=fmt_int(abc.get("A"), lang), a_share=pct(a_revenue / total if total > 0 else None, lang),
                  regular=fmt_int(xyz.get("X"), lang), new=fmt_int(xyz.get("N"), lang)))
    if s.get("abc_by_margin"):
        st.caption(t("segments.by_margin", lang))
    audit_chart(result, "matrix", lambda: charts.matrix_heat(rows, lang))
    st.caption(t("segments.matrix_caption", lang, months=num(s.get("xyz_min_months"), lang)))
    by_cell = {r["cell"]: r for r in rows}
    cell = st.selectbox(t("segments.cell_pick", lang), CELLS, key="segments_cell",
                        format_func=lambda c: t("segments.cell_label", lang, cell=c,
                                                clients=fmt_int(by_cell[c]["clients"], lang)))
    st.markdown(t(f"segments.cell.{cell}", lang))
    st.markdown(f"**{t('segments.cell_members', lang, cell=cell)}**")
    chosen = seg.members(result.segmentation, cell=cell)
    if chosen.height == 0:
        st.caption(t("segments.none_in_cell", lang))
        return
    members(chosen, lang, f"segment_{cell}", t("segments.cell_members", lang, cell=cell))


# --- RFM clusters ----------------------------------------------------------------------------------

def profiles_frame(clusters: list, lang: str) -> pd.DataFrame:
    col = lambda c: t(f"segments.col.{c}", lang)     # noqa: E731
    return pd.DataFrame({
        col("cluster"): [c.name for c in clusters],
        col("clients"): [c.clients for c in clusters],
        col("revenue"): [fmt(c.revenue, "money", lang) for c in clusters],
        col("revenue_share"): [pct(c.revenue_share, lang, 1) for c in clusters],
        col("median_recency"): [round(c.median_recency) for c in clusters],
        col("median_frequency"): [c.median_frequency for c in clusters],
        col("median_order_value"): [fmt(c.median_order_value, "money", lang) for c in clusters],
        col("action"): [c.action for c in clusters],
    })


def clusters(result, lang: str) -> None:
    st.subheader(t("segments.rfm_title", lang))
    s = result.segmentation
    if s.message:
        st.info(t(s.message, lang, clients=fmt_int(s.clients.height, lang), min=seg.MIN_CLIENTS))
        members(s.clients, lang, "segment_clients", t("segments.rfm_title", lang))
        return
    st.markdown(t("segments.rfm_reading", lang, k=s.k, silhouette=num(s.silhouette, lang, 2)))
    if s.sampled:
        st.caption(t("segments.rfm_sampled", lang, sample=fmt_int(seg.FIT_SAMPLE, lang)))
    names = [c.name for c in s.clusters]
    left, right = st.columns(2)
    with left:
        audit_chart(result, "rfm_recency", lambda: charts.rfm_scatter(s.clients, "recency_days", names, lang))
    with right:
        audit_chart(result, "rfm_frequency", lambda: charts.rfm_scatter(s.clients, "frequency", names, lang))
    st.subheader(t("segments.profiles_title", lang))
    st.dataframe(profiles_frame(s.clusters, lang), hide_index=True, width="stretch")
    i = st.selectbox(t("segments.cluster_pick", lang), range(len(s.clusters)), key="segments_cluster",
                     format_func=lambda j: f"{s.clusters[j].name} ({fmt_int(s.clusters[j].clients, lang)})")
    picked = s.clusters[min(int(i or 0), len(s.clusters) - 1)]
    st.markdown(f"**{t('segments.cluster_members', lang, name=md(picked.name))}** — {picked.action}")
    members(seg.members(s, cluster_name=picked.name), lang, f"segment_group_{min(int(i or 0), 9)}",
            t("segments.cluster_members", lang, name=picked.name))


# --- effort against value ----------------------------------------------------------------------------

def effort(result, lang: str) -> None:
    st.subheader(t("segments.effort_title", lang))
    m = result.metrics
    spec = audit_spec(result, "effort", lambda: charts.effort_bars(m, lang))
    if spec is None:
        st.caption(t("segments.effort_none", lang))
        return
    st.markdown(t("segments.effort_reading", lang, clients=pct(m.get("segments_c_client_share"), lang),
                  revenue=pct(m.get("segments_c_revenue_share"), lang),
                  calls=pct(m.get("segments_c_call_share"), lang),
                  talk=pct(m.get("segments_c_talk_share"), lang),
                  meetings=pct(m.get("segments_c_meeting_share"), lang)))
    draw(spec)
