"""Charts of a comparison of two audits (audits.compare): pure builders to Altair charts, or None when
there is nothing to draw. No Streamlit here."""
from __future__ import annotations

import altair as alt
import pandas as pd

from audits.charts.checks import BLUE, GREY, VERDICT_COLORS, _band_layer, fmt_score
from audits.i18n import t

UP, DOWN, SAME = VERDICT_COLORS["ok"], VERDICT_COLORS["critical"], GREY


def _delta_text(delta: float | None, lang: str) -> str:
    if delta is None:
        return "—"
    return ("+" if delta > 0 else "") + fmt_score(delta, lang) if delta else "0"


def category_chart(cmp, lang: str):
    """A dumbbell per area on 0-100 over the verdict bands: the score before (grey), after (blue)
    and a line between them, coloured by the direction of the change."""
    rows = [c for c in cmp.categories if c.before is not None or c.after is not None]
    if not rows:
        return None
    area, before, after, delta = (t("chart.category", lang), t("chart.before", lang), t("chart.after", lang),
                                  t("chart.delta", lang))
    df = pd.DataFrame({
        "area": [t(f"category.{c.key}", lang) for c in rows], "order": list(range(len(rows))),
        "before": [c.before for c in rows], "after": [c.after for c in rows],
        "delta": [_delta_text(c.delta, lang) for c in rows],
        "color": [UP if c.status == "improved" else DOWN if c.status == "worse" else SAME for c in rows],
    })
    height = max(140, 40 * len(df))
    y = alt.Y("area:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelLimit=240))
    x = alt.X("before:Q", scale=alt.Scale(domain=[0, 100]), title=t("chart.score", lang))
    tips = [alt.Tooltip("area:N", title=area), alt.Tooltip("before:Q", title=before),
            alt.Tooltip("after:Q", title=after), alt.Tooltip("delta:N", title=delta)]
    bands = _band_layer().encode(y=alt.value(0), y2=alt.value(height), tooltip=alt.value(None))
    line = alt.Chart(df).mark_rule(strokeWidth=4).encode(x=x, x2="after:Q", y=y,
                                                         color=alt.Color("color:N", scale=None), tooltip=tips)
    long = df.melt(id_vars=["area", "order", "delta"], value_vars=["before", "after"], var_name="when",
                   value_name="score").dropna(subset=["score"])
    long["label"] = [before if w == "before" else after for w in long["when"]]
    dots = alt.Chart(long).mark_circle(size=220, opacity=1).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100])), y=y,
        color=alt.Color("label:N", scale=alt.Scale(domain=[before, after], range=["#8c8c8c", BLUE]),
                        legend=alt.Legend(title=None, orient="top")),
        tooltip=[alt.Tooltip("area:N", title=area), alt.Tooltip("label:N", title=" "),
                 alt.Tooltip("score:Q", title=t("chart.score", lang))])
    text = alt.Chart(df).mark_text(align="left", dx=10, fontSize=13, fontWeight="bold").encode(
        x=alt.X("after:Q"), y=y, text="delta:N", color=alt.Color("color:N", scale=None))
    return (bands + line + dots + text).properties(height=height, width="container")


def delta_chart(cmp, lang: str, only_changed: bool = False):
    """Per item, the change of its score as a bar left (worse, red) or right (better, green) of zero."""
    rows = [c for c in cmp.items if c.delta is not None and (c.status in ("improved", "worse") or not only_changed)]
    if not rows:
        return None
    item, delta = t("chart.item", lang), t("chart.delta", lang)
    df = pd.DataFrame({
        "item": [f"{c.key}. {c.title}" for c in rows], "order": list(range(len(rows))),
        "delta": [c.delta for c in rows], "label": [_delta_text(c.delta, lang) for c in rows],
        "before": [c.before for c in rows], "after": [c.after for c in rows],
        "color": [UP if c.status == "improved" else DOWN if c.status == "worse" else SAME for c in rows],
        "align": ["left" if c.delta >= 0 else "right" for c in rows],
    })
    reach = max(5.0, max(abs(d) for d in df["delta"]) * 1.15)
    y = alt.Y("item:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelLimit=320))
    x = alt.X("delta:Q", scale=alt.Scale(domain=[-reach, reach]), title=delta)
    bars = alt.Chart(df).mark_bar(height=14).encode(
        x=x, y=y, color=alt.Color("color:N", scale=None),
        tooltip=[alt.Tooltip("item:N", title=item), alt.Tooltip("before:Q", title=t("chart.before", lang)),
                 alt.Tooltip("after:Q", title=t("chart.after", lang)), alt.Tooltip("label:N", title=delta)])
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#555").encode(x="x:Q")
    right = alt.Chart(df[df["delta"] >= 0]).mark_text(align="left", dx=4).encode(x=x, y=y, text="label:N")
    left = alt.Chart(df[df["delta"] < 0]).mark_text(align="right", dx=-4).encode(x=x, y=y, text="label:N")
    return (bars + zero + right + left).properties(height=max(140, 22 * len(df)), width="container")
