"""The Summary page's pieces: the overall score, the areas, the principal problem, the action plan,
every item at a glance, and the answers file (download and upload)."""
from __future__ import annotations

import streamlit as st

from audits import answers as answers_file
from audits import money as MONEY
from audits.audit import score_coverage
from audits.charts import checks as charts
from audits.i18n import t
from audits.ui import state
from audits.ui.checklist import BADGE_COLOR, verdict_label
from audits.ui.widgets import audit_chart, audit_spec, draw, md

_UPLOAD_N = "_sum_upload_n"
_FLASH = "_sum_flash"


def _col(name: str, lang: str) -> str:
    return t(f"summary.col.{name}", lang)


def _date(iso: str | None, lang: str) -> str:
    if not iso:
        return "—"
    y, m, d = iso[:10].split("-")
    return f"{d}.{m}.{y}" if lang == "ru" else iso[:10]


def overall(result, lang: str) -> None:
    st.caption(t("summary.as_of", lang, date=_date(result.as_of, lang)))
    for limit in result.limits:
        st.warning(limit.text(lang), icon=":material/event_busy:")
    total = len(result.checks)
    assessed = sum(c.verdict != "not_assessed" for c in result.checks)
    totals = result.money or {}
    verdict = charts.band(result.score)
    cols = st.columns([1, 1, 1, 2], vertical_alignment="center")
    cols[0].metric(t("summary.score", lang), charts.fmt_score(result.score, lang), help=t("summary.of_100", lang))
    cols[1].metric(t("summary.assessed", lang), f"{assessed} / {total}")
    # The yearly flows of the items that need work; a stock (stale deals) is said apart, never added.
    cols[2].metric(t("money.headline_flow", lang), charts.fmt(totals.get("flow_per_year"), "money", lang),
                   help=t("money.headline_flow_help", lang,
                          items=MONEY.headline_items(totals.get("flow_checks") or [])))
    if totals.get("stock") is not None:
        cols[2].caption(t("money.headline_stock", lang, amount=charts.fmt(totals["stock"], "money", lang),
                          items=MONEY.headline_items(totals["stock_checks"])))
    with cols[3]:
        if result.score is None and assessed:
            st.info(score_coverage(result, lang), icon=":material/rule:")
            return
        st.badge(verdict_label(verdict, lang), color=BADGE_COLOR[verdict])
        st.caption(score_coverage(result, lang))
        audit_chart(result, "gauge", lambda: charts.score_gauge(result.score, lang))


def categories(result, lang: str) -> None:
    st.subheader(t("summary.categories", lang))
    spec = audit_spec(result, "categories", lambda: charts.category_chart(result.categories, lang))
    if spec is None:
        st.caption(t("summary.principal_none", lang))
    else:
        draw(spec)


def principal(result, lang: str) -> None:
    st.subheader(t("summary.principal", lang))
    if not result.principal:
        st.success(t("summary.principal_none", lang))
        return
    # Stage names come from the uploads: inert Markdown.
    st.error(md(result.principal["text"]), icon=":material/priority_high:")


def plan_rows(result, lang: str) -> list[dict]:
    return [{_col("rank", lang): i, _col("item", lang): f"{p['id']}. {p['title']}",
             _col("verdict", lang): verdict_label(p["verdict"], lang),
             _col("score", lang): charts.fmt_score(p["score"], lang),
             _col("money", lang): MONEY.amount_text(p["money_at_stake"], p.get("money_kind"), lang),
             _col("first_step", lang): p["first_step"]} for i, p in enumerate(result.plan, 1)]


def plan(result, lang: str) -> None:
    st.subheader(t("summary.plan", lang))
    if not result.plan:
        st.caption(t("summary.plan_empty", lang))
        return
    st.caption(t("summary.plan_text", lang))
    # A table, not a grid: the titles and first steps are sentences and must wrap, not be cut.
    st.table(plan_rows(result, lang), hide_index=True, border="horizontal")
    money_how(result, lang)


def money_how_rows(result, lang: str) -> list[str]:
    """Beside each figure of the plan: its arithmetic and basis (or why an item has none)."""
    by_id = {c.id: c for c in result.checks}
    out = []
    for p in result.plan:
        c = by_id[p["id"]]
        if c.money_basis or c.money_formula:
            out.append(f"**{c.id}. {c.title} — {MONEY.amount_text(c.money_at_stake, c.money_kind, lang)}.** "
                       + MONEY.how_text(c, lang))
    return out


def money_how(result, lang: str) -> None:
    rows = money_how_rows(result, lang)
    if rows:
        with st.expander(t("money.how_title", lang), expanded=True):
            st.markdown("\n\n".join(rows))     # catalogue texts and numbers only: no upload text


def glance_rows(result, lang: str) -> list[dict]:
    return [{_col("item", lang): f"{c.id}. {c.title}", _col("category", lang): t(f"category.{c.category}", lang),
             _col("verdict", lang): verdict_label(c.verdict, lang), _col("score", lang): charts.fmt_score(c.score, lang),
             _col("evidence", lang): t(f"cl.evidence.{c.evidence}", lang),
             _col("override", lang): verdict_label(c.measured_verdict, lang) + " → " + verdict_label(c.verdict, lang)
             if c.override else ""} for c in result.checks]


def glance(result, lang: str) -> None:
    st.subheader(t("summary.glance", lang))
    st.dataframe(glance_rows(result, lang), hide_index=True, width="stretch",
                 height=min(36 * (len(result.checks) + 1) + 4, 1100))


def _flash(lang: str) -> None:
    msg = st.session_state.pop(_FLASH, None)
    if msg:
        st.success(msg)


def answers(lang: str) -> None:
    """Download what this session holds; load a file instead (checked first, never half-taken)."""
    st.subheader(t("summary.answers", lang))
    st.caption(t("summary.answers_text", lang))
    _flash(lang)
    left, right = st.columns(2, gap="large")
    left.download_button(t("summary.download", lang), answers_file.dump(state.answers()),
                         file_name="answers.json", mime="application/json", key="answers_download",
                         icon=":material/download:", on_click="ignore")
    n = st.session_state.setdefault(_UPLOAD_N, 0)
    uploaded = right.file_uploader(t("summary.upload", lang), type=["json"], key=f"answers_upload_{n}")
    if uploaded is None:
        return
    parsed = answers_file.read(uploaded.getvalue(), lang)
    if not parsed.ok:
        right.error("\n".join([t("summary.upload_bad", lang, file=md(uploaded.name))]
                              + [f"- {md(e)}" for e in parsed.errors]))
        return
    held = state.answers()
    held.clear()
    held.update(parsed.answers)
    st.session_state[_UPLOAD_N] = n + 1
    st.session_state[_FLASH] = t("summary.upload_ok", lang, count=len(parsed.answers))
    st.rerun()
