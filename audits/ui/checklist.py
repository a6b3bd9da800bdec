"""The Checklist page's pieces: walking the items in order and one item in full.

Answers, notes and overrides are written to state.answer_entry(id) by the widgets' callbacks; every
widget takes its value from there, so what the page shows is always what the audit used (also after
a change of page or an answers file loaded on the Summary page).
"""
from __future__ import annotations

import json
import logging

import streamlit as st

from audits import drilldown
from audits import money as MONEY
from audits.charts import checks as charts
from audits.charts import details
from audits.checks import REGISTRY
from audits.i18n import catalogue, t
from audits.logs import failure
from audits.ui import state
from audits.ui.widgets import audit_chart, cap, guarded, md

log = logging.getLogger(__name__)
CURRENT_KEY = "_cl_current"
VERDICT_ICON = {"ok": "🟢", "warning": "🟠", "critical": "🔴", "not_assessed": "⚪"}
BADGE_COLOR = {"ok": "green", "warning": "orange", "critical": "red", "not_assessed": "gray"}
OVERRIDE_CHOICES = ("", "ok", "warning", "critical")
ANSWER_CHOICES = ("none", "yes", "no")
LIST_PREVIEW = 200
_LISTS_KEY = "_cl_lists"


def audit_result(lang: str):
    """This session's AuditResult, or None after telling the user it could not be computed."""
    try:
        return state.result()
    except Exception as e:      # st.rerun / st.stop are BaseExceptions and pass through
        failure(log, "audit", e)
        st.error(t("common.section_failed", lang))
        return None


def check_of(number: int):
    return next(c for c in REGISTRY if c.id == number)


def verdict_label(verdict: str, lang: str) -> str:
    return f"{VERDICT_ICON[verdict]} {t(f'verdict.{verdict}', lang)}"


def item_label(c, lang: str) -> str:
    return f"{c.id}. {c.title} · {verdict_label(c.verdict, lang)}"


def current(result) -> int:
    ids = [c.id for c in result.checks]
    cur = st.session_state.get(CURRENT_KEY)
    if cur not in ids:
        cur = ids[0]
        st.session_state[CURRENT_KEY] = cur
    return cur


def _go(number: int) -> None:
    st.session_state[CURRENT_KEY] = number


def _jumped(key: str) -> None:
    st.session_state[CURRENT_KEY] = st.session_state[key]


# --- walking the list -----------------------------------------------------------------------------

def progress(result, lang: str) -> None:
    total = len(result.checks)
    assessed = sum(c.verdict != "not_assessed" for c in result.checks)
    answered = sum(bool(c.answers) for c in result.checks)
    st.progress(assessed / total if total else 0.0,
                text=t("checklist.progress", lang, assessed=assessed, total=total, answered=answered))


def navigator(result, lang: str) -> int:
    """Progress, the jump list and previous/next; returns the number of the item to show."""
    progress(result, lang)
    ids = [c.id for c in result.checks]
    cur = current(result)
    i = ids.index(cur)
    by_id = {c.id: c for c in result.checks}
    left, mid, right = st.columns([1, 6, 1], vertical_alignment="bottom")
    # The key follows the current item, so the list always opens on it (also after previous/next).
    key = f"cl_jump_{cur}"
    mid.selectbox(t("checklist.jump", lang), ids, index=i, key=key, on_change=_jumped, args=(key,),
                  format_func=lambda n: item_label(by_id[n], lang))
    left.button(t("checklist.prev", lang), key="cl_prev", icon=":material/arrow_back:", disabled=i == 0,
                on_click=_go, args=(ids[max(i - 1, 0)],), width="stretch")
    right.button(t("checklist.next", lang), key="cl_next", icon=":material/arrow_forward:",
                 disabled=i == len(ids) - 1, on_click=_go, args=(ids[min(i + 1, len(ids) - 1)],),
                 width="stretch")
    return cur


# --- one item ---------------------------------------------------------------------------------

def header(c, lang: str) -> None:
    st.header(f"{c.id}. {c.title}")
    st.caption(t("checklist.category", lang, category=t(f"category.{c.category}", lang)))
    cols = st.columns(4)
    cols[0].metric(t("checklist.score", lang), charts.fmt_score(c.score, lang))
    with cols[1]:
        st.caption(t("checklist.verdict", lang))       # set like the metric labels beside it
        st.badge(verdict_label(c.verdict, lang), color=BADGE_COLOR[c.verdict])
        if c.override:
            st.caption(t("checklist.override_title", lang) + " ✎")
    cols[2].metric(t("checklist.evidence", lang), t(f"cl.evidence.{c.evidence}", lang))
    cols[3].metric(t("checklist.money", lang), MONEY.amount_text(c.money_at_stake, c.money_kind, lang))


def explanation(c, lang: str) -> None:
    key = check_of(c.id).key
    left, right = st.columns(2, gap="large")
    left.markdown(f"**{t('checklist.what', lang)}**  \n{t(f'{key}.what', lang)}")
    right.markdown(f"**{t('checklist.why', lang)}**  \n{t(f'{key}.why', lang)}")


def signal_rows(c, lang: str) -> list[dict]:
    """The measured values next to their norms, formatted by unit."""
    col = lambda name: t(f"checklist.col.{name}", lang)   # noqa: E731
    return [{col("signal"): s.label, col("value"): charts.fmt(s.value, s.unit, lang),
             col("bad"): charts.fmt(s.bad, s.unit, lang), col("good"): charts.fmt(s.good, s.unit, lang),
             col("score"): charts.fmt_score(s.score, lang)} for s in c.signals]


def measured(c, result, lang: str) -> None:
    st.subheader(t("checklist.measured", lang))
    if not c.signals:
        st.caption(t("checklist.no_signals", lang))
    else:
        st.dataframe(signal_rows(c, lang), hide_index=True, width="stretch")
    for line in charts.detail_lines(c, lang):
        st.caption(line)
    for title, rows in charts.detail_tables(c, lang):
        with st.expander(title):
            st.dataframe(rows, hide_index=True, width="stretch")
    audit_chart(result, ("item", c.id), lambda: charts.chart_of(c, result, lang))
    shown(c, result, lang)


def shown(c, result, lang: str) -> None:
    """Numbers of the check that are shown, not scored (audits/charts/details.py). Cells may hold
    stage or channel names from the uploads: tables, never Markdown."""
    for block in details.blocks(c, result.settings, lang):
        st.markdown(f"**{block['title']}**")
        if block["rows"]:
            st.dataframe(block["rows"], hide_index=True, width="stretch")
        for line in block["lines"]:
            st.caption(line)


def limits(c, lang: str) -> None:
    """What keeps the data from speaking fully here (audits.limits), above the numbers it qualifies.
    Texts may quote stage or table names from the uploads: inert Markdown."""
    for limit in c.limits:
        st.warning(md(limit.text(lang)), icon=":material/report:")


def missing(c, lang: str) -> None:
    if not c.missing:
        return
    lines = [t("checklist.missing_text", lang)]
    for table in c.missing:
        key = f"export.{table}"
        lines.append(f"- **{cap(t(f'table.{table}', lang))}**: {t(key, lang) if key in catalogue() else table}")
    st.subheader(t("checklist.missing_title", lang))
    st.warning("\n".join(lines), icon=":material/upload_file:")


# --- answers ------------------------------------------------------------------------------------

def entry_of(number: int) -> dict:
    """The answers of one check, read only: visiting an item must not change the answers (the
    cached audit is keyed on them)."""
    return state.answers().get(str(number)) or {}


def _tidy(number: int) -> None:
    """Forget a check's entry once nothing is left in it."""
    if not state.answers().get(str(number)):
        state.answers().pop(str(number), None)


def _answered(number: int, qid: str, key: str) -> None:
    entry = state.answer_entry(number)
    choice = st.session_state.get(key)
    if choice in ("yes", "no"):
        entry[qid] = choice == "yes"
    else:
        entry.pop(qid, None)
    _tidy(number)


def questions(c, lang: str) -> None:
    check = check_of(c.id)
    if not check.questions:
        return
    st.subheader(t("checklist.questions", lang))
    st.caption(t("checklist.questions_help", lang))
    entry = entry_of(c.id)
    for qid in check.questions:
        given = entry.get(qid)
        index = 0 if given is None else 1 if given else 2
        key = f"q_{c.id}_{qid}"
        st.radio(t(f"{check.key}.{qid}", lang), ANSWER_CHOICES, index=index, key=key, horizontal=True,
                 format_func=lambda a: t(f"checklist.answer.{a}", lang), on_change=_answered,
                 args=(c.id, qid, key))


def remedies(c, lang: str) -> None:
    check = check_of(c.id)
    texts = c.recommendations or [t(f"{check.key}.remedy{i}", lang) for i in range(1, check.remedies + 1)]
    if not texts:
        return
    st.subheader(t("checklist.remedies" if c.recommendations else "checklist.remedies_keep", lang))
    st.markdown("\n".join(f"{i}. {text}" for i, text in enumerate(texts, 1)))


def money(c, lang: str) -> None:
    """The money at stake (also in the header), its arithmetic and its basis (audits/money.py)."""
    if c.money_kind is None and c.money_at_stake is None:
        return
    st.subheader(t("checklist.money", lang))
    if c.money_at_stake is None:
        st.caption(c.money_basis or t("checklist.money_none", lang))
        return
    st.markdown(f"**{MONEY.amount_text(c.money_at_stake, c.money_kind, lang)}**")
    if c.money_formula:
        st.markdown(t("money.formula_label", lang, formula=c.money_formula))
    if c.money_basis:
        st.caption(t("money.basis_label", lang, basis=c.money_basis))


# --- drill-down lists ---------------------------------------------------------------------------

def _kept(key: list, make):
    """`make()` kept in this session under `key` until the audit changes (a few at a time)."""
    full = json.dumps([state.store().version, *key], sort_keys=True, default=str)
    cache = st.session_state.setdefault(_LISTS_KEY, {})
    if full not in cache:
        if len(cache) > 8:
            cache.clear()
        cache[full] = make()
    return cache[full]


def list_rows(result, name: str) -> list[dict]:
    """The list's rows for this audit, run once per audit (a list can hold 100,000s of rows)."""
    return _kept([result.as_of, result.settings, repr(result.scope), name],
                 lambda: drilldown.rows(state.store().con, name, result))


def _list_frame(result, name: str, lang: str):
    return _kept([result.as_of, result.settings, repr(result.scope), name, lang],
                 lambda: drilldown.frame(list_rows(result, name), lang))


def one_list(c, result, name: str, lang: str) -> None:
    df = _list_frame(result, name, lang)
    title = drilldown.list_title(name, lang)
    st.markdown(f"**{title}** · {t('checklist.list_rows', lang, count=df.height)}")
    if not df.height:
        st.caption(t("checklist.list_empty", lang))
        return
    st.dataframe(df.head(LIST_PREVIEW), hide_index=True, width="stretch", height=260)
    if df.height > LIST_PREVIEW:
        st.caption(t("checklist.list_shown", lang, shown=LIST_PREVIEW))
    buttons = st.container(horizontal=True)
    buttons.download_button(t("checklist.download_csv", lang), lambda: drilldown.to_csv_bytes(df),
                      file_name=f"{name}.csv", mime="text/csv", key=f"dl_csv_{c.id}_{name}",
                      icon=":material/download:", on_click="ignore")
    buttons.download_button(t("checklist.download_xlsx", lang), lambda: drilldown.to_xlsx_bytes(df, title),
                      file_name=f"{name}.xlsx", key=f"dl_xlsx_{c.id}_{name}", icon=":material/download:",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")


def lists(c, result, lang: str) -> None:
    names = check_of(c.id).lists
    if not names:
        return
    st.subheader(t("checklist.lists", lang))
    for name in names:
        guarded(lambda lg, n=name: one_list(c, result, n, lg), lang)


# --- notes and the consultant's verdict -------------------------------------------------------

def _noted(number: int, key: str) -> None:
    text = st.session_state.get(key) or ""
    entry = state.answer_entry(number)
    if text.strip():
        entry["note"] = text
    else:
        entry.pop("note", None)
    _tidy(number)


def _overridden(number: int, verdict_key: str, reason_key: str) -> None:
    entry = state.answer_entry(number)
    verdict = st.session_state.get(verdict_key) or ""
    reason = st.session_state.get(reason_key) or ""
    if verdict:
        entry["override"] = {"verdict": verdict, "reason": reason}
    else:
        entry.pop("override", None)
    _tidy(number)


def notes(c, lang: str) -> None:
    entry = entry_of(c.id)
    key = f"note_{c.id}"
    st.text_area(t("checklist.notes", lang), value=entry.get("note", ""), key=key, height=100,
                 help=t("checklist.notes_help", lang), on_change=_noted, args=(c.id, key))


def override(c, lang: str) -> None:
    entry = entry_of(c.id)
    chosen = entry.get("override") or {}
    vkey, rkey = f"ovv_{c.id}", f"ovr_{c.id}"
    st.subheader(t("checklist.override_title", lang))
    left, right = st.columns([1, 2])
    choice = chosen.get("verdict") if chosen.get("verdict") in OVERRIDE_CHOICES else ""
    left.selectbox(t("checklist.override_verdict", lang), OVERRIDE_CHOICES, index=OVERRIDE_CHOICES.index(choice),
                   key=vkey, on_change=_overridden, args=(c.id, vkey, rkey),
                   help=t("checklist.override_help", lang),
                   format_func=lambda v: verdict_label(v, lang) if v else t("checklist.override_keep", lang))
    right.text_input(t("checklist.override_reason", lang), value=chosen.get("reason", ""), key=rkey,
                     on_change=_overridden, args=(c.id, vkey, rkey))
    if c.override:
        st.info(t("checklist.override_applied", lang, verdict=verdict_label(c.verdict, lang),
                  measured=f"{verdict_label(c.measured_verdict, lang)} ({charts.fmt_score(c.measured_score, lang)})",
                  reason=md(c.override.get("reason", ""))))
    elif choice:
        st.warning(t("checklist.override_needs_reason", lang))


def item(result, number: int, lang: str) -> None:
    """Everything about one item, top to bottom."""
    c = result.check(number)
    header(c, lang)
    explanation(c, lang)
    st.divider()
    if c.slug == "funnel":
        from audits.ui import stage_order
        guarded(lambda lg: stage_order.pipeline_choice(result, lg), lang)
    limits(c, lang)
    guarded(lambda lg: measured(c, result, lg), lang)
    missing(c, lang)
    questions(c, lang)
    st.divider()
    remedies(c, lang)
    money(c, lang)
    lists(c, result, lang)
    st.divider()
    notes(c, lang)
    override(c, lang)
