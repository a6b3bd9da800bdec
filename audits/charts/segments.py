"""Charts of the segments page: pure builders from an AuditResult's pieces (the metrics of the ABC-XYZ
matrix, the per-client RFM table of audits.segments) to Altair charts, or None when there is nothing to
draw. No Streamlit here.
"""
from __future__ import annotations

import altair as alt
import pandas as pd
import polars as pl

from audits.i18n import t

# One colour per cluster, in the clusters' order (largest centre money first).
PALETTE = ("#2e7d32", "#4c78a8", "#f58518", "#e45756", "#9e9e9e", "#72b7b2")
HEAT = "blues"
MAX_POINTS = 2_500            # Altair embeds the data: larger bases are drawn from a fixed sample
SEED = 0


def _tip(field: str, title: str, fmt: str | None = None):
    return alt.Tooltip(field, title=title, format=fmt) if fmt else alt.Tooltip(field, title=title)


def matrix_heat(rows: list[dict] | None, lang: str):
    """The ABC-XYZ matrix as a heat table: rows A, B, C; columns X, Y, Z and, set apart, N (too new);
    each cell coloured by its share of the net revenue and labelled with its clients and that share.
    `rows` as audits.segments.cell_table returns them."""
    if not rows or not any(r["clients"] for r in rows):
        return None
    clients, share = t("segments.clients_col", lang), t("segments.revenue_col", lang)
    df = pd.DataFrame(rows)
    df["share"] = df["revenue_share"].fillna(0.0)
    df["label"] = [f"{c} · {s:.0%}" for c, s in zip(df["clients"], df["share"])]
    df["dark"] = df["share"] > 0.25

    def panel(data: pd.DataFrame, columns: list[str], width: int):
        base = alt.Chart(data).encode(
            x=alt.X("xyz:N", sort=columns, title=None, axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=14)),
            y=alt.Y("abc:N", sort=["A", "B", "C"], title=None, axis=alt.Axis(labelFontSize=14)))
        rect = base.mark_rect(stroke="white", strokeWidth=2).encode(
            color=alt.Color("share:Q", scale=alt.Scale(scheme=HEAT, domain=[0, max(0.5, df["share"].max())]),
                            legend=None),
            tooltip=[_tip("cell:N", "ABC-XYZ"), _tip("clients:Q", clients), _tip("share:Q", share, ".1%")])
        text = base.mark_text(fontSize=13).encode(
            text="label:N", color=alt.condition(alt.datum.dark, alt.value("white"), alt.value("#222222")))
        return (rect + text).properties(width=width, height=210)

    main = panel(df[df["xyz"] != "N"], ["X", "Y", "Z"], 330)
    new = panel(df[df["xyz"] == "N"], ["N"], 110)
    return alt.hconcat(main, new, spacing=24).resolve_scale(color="shared")


def _points(clients: pl.DataFrame) -> pd.DataFrame:
    frame = clients.filter(pl.col("cluster").is_not_null())
    if frame.height > MAX_POINTS:
        frame = frame.sample(n=MAX_POINTS, seed=SEED, shuffle=False)
    cols = ["client_id", "recency_days", "frequency", "monetary", "cluster"] + (
        ["name"] if "name" in frame.columns else [])
    out = frame.select(cols).to_pandas()
    if "name" not in out:
        out["name"] = out["client_id"]
    return out


def rfm_scatter(clients: pl.DataFrame | None, x: str, cluster_names: list[str], lang: str):
    """Clients as dots, `x` (recency_days or frequency) against net revenue, coloured by cluster; log
    scales (symmetric log where a value can be 0 or below)."""
    if clients is None or clients.height == 0 or clients["cluster"].null_count() == clients.height:
        return None
    df = _points(clients)
    titles = {"recency_days": t("segments.chart.recency", lang), "frequency": t("segments.chart.frequency", lang),
              "monetary": t("segments.chart.monetary", lang)}
    scales = {"recency_days": alt.Scale(type="symlog"), "frequency": alt.Scale(type="log"),
              "monetary": alt.Scale(type="symlog")}
    group = t("segments.chart.group", lang)
    return alt.Chart(df).mark_circle(size=28, opacity=0.7).encode(
        x=alt.X(f"{x}:Q", scale=scales[x], title=titles[x]),
        y=alt.Y("monetary:Q", scale=scales["monetary"], title=titles["monetary"], axis=alt.Axis(format="~s")),
        color=alt.Color("cluster:N", title=group,
                        scale=alt.Scale(domain=cluster_names, range=list(PALETTE[:len(cluster_names)]))),
        tooltip=[_tip("name:N", t("segments.chart.client", lang)), _tip("cluster:N", group),
                 _tip("recency_days:Q", titles["recency_days"], ".0f"),
                 _tip("frequency:Q", titles["frequency"]), _tip("monetary:Q", titles["monetary"], ",.0f")],
    ).properties(height=320)


def effort_bars(metrics: dict, lang: str):
    """Class C clients: their share of the clients and of the net revenue beside their share of the
    calls and meetings held with ordering clients (the metrics segments_c_* of check 25)."""
    keys = (("segments_c_client_share", "share_clients"), ("segments_c_revenue_share", "share_revenue"),
            ("segments_c_call_share", "share_calls"), ("segments_c_meeting_share", "share_meetings"))
    rows = [{"measure": t(f"segments.chart.{label}", lang), "share": metrics.get(key),
             "effort": key in ("segments_c_call_share", "segments_c_meeting_share")}
            for key, label in keys if metrics.get(key) is not None]
    if not any(r["effort"] for r in rows):
        return None
    df = pd.DataFrame(rows)
    measure, share = t("segments.chart.measure", lang), t("segments.chart.share", lang)
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("share:Q", title=share, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("measure:N", sort=list(df["measure"]), title=None),
        color=alt.condition(alt.datum.effort, alt.value("#e45756"), alt.value("#4c78a8")),
        tooltip=[_tip("measure:N", measure), _tip("share:Q", share, ".1%")]).properties(height=46 * len(df) + 30)
