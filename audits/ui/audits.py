"""The Audits page's pieces: save this audit as one file, open a saved one (after a confirmation, with
a progress bar), and compare two audits (this one and a saved one, or two saved ones)."""
from __future__ import annotations

import hashlib
import json
import logging

import streamlit as st

from audits import audit, compare, savefile
from audits.charts import checks as check_charts
from audits.charts import compare as charts
from audits.i18n import t
from audits.logs import failure
from audits.ui import checklist, state
from audits.ui.widgets import chart as show_chart, md

log = logging.getLogger(__name__)

_SAVE_CACHE = "_aud_save"
_OPEN_N = "_aud_open_n"
_FLASH = "_aud_flash"
_COMPARE_CACHE = "_aud_compare"
_COMPANY_WIDGET = "_aud_company"
# Widget states of other pages that must not outlive the audit they showed.
_WIDGET_PREFIXES = ("q_", "wsq_", "note_", "ovv_", "ovr_", "cl_jump_", "set_")


def session() -> savefile.Session:
    """What this app session holds besides the data."""
    return savefile.Session(settings=dict(state.settings()), answers=state.answers(),
                            as_of=st.session_state.get(state.AS_OF_KEY), scope=st.session_state.get(state.SCOPE_KEY),
                            lang=state.lang(), company=state.company())


def _size(n: int, lang: str) -> str:
    mb = n / (1 << 20)
    text = f"{mb:.1f}" if mb >= 0.1 else f"{n / 1024:.0f}"
    unit = ("МБ" if lang == "ru" else "MB") if mb >= 0.1 else ("КБ" if lang == "ru" else "KB")
    return (text.replace(".", ",") if lang == "ru" else text) + "\u00a0" + unit


def save_bytes() -> bytes:
    """The save file of this session, made again only when something in it changed."""
    s, sess = state.store(), session()
    key = json.dumps([s.version, len(s.uploads()), s.mapping_file(), sess.settings, sess.answers, str(sess.as_of),
                      repr(sess.scope), sess.lang, sess.company], sort_keys=True, default=str)
    cached = st.session_state.get(_SAVE_CACHE)
    if cached and cached[0] == key:
        return cached[1]
    data = savefile.save(s, sess)
    st.session_state[_SAVE_CACHE] = (key, data)
    return data


def _company_changed() -> None:
    st.session_state[state.COMPANY_KEY] = st.session_state.get(_COMPANY_WIDGET) or ""


def save(lang: str) -> None:
    st.subheader(t("audits.save_title", lang))
    if not (state.has_store() and state.store().files):
        st.info(t("audits.save_nothing", lang))
        return
    st.session_state[_COMPANY_WIDGET] = state.company()
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    left.text_input(t("audits.company", lang), key=_COMPANY_WIDGET, on_change=_company_changed, max_chars=120)
    data = save_bytes()
    res = checklist.audit_result(lang)
    name = savefile.file_name(state.company(), res.as_of if res else None)
    right.download_button(t("audits.save_button", lang), data, file_name=name, mime="application/zip",
                          key="audit_save", icon=":material/save:", type="primary", on_click="ignore",
                          width="stretch")
    st.caption(t("audits.save_size", lang, name=md(name), size=_size(len(data), lang)))


# --- opening ------------------------------------------------------------------------------------

def _forget_widgets() -> None:
    ss = st.session_state
    for key in [k for k in ss if isinstance(k, str) and k.startswith(_WIDGET_PREFIXES)]:
        del ss[key]
    from audits.ui import filters, settings
    for gen in (filters._GEN, settings._GEN):           # fresh widgets, set from the opened audit
        ss[gen] = ss.get(gen, 0) + 1
    for key in (state._RESULT_KEY, checklist._LISTS_KEY, filters._OPTIONS_KEY, _SAVE_CACHE, checklist.CURRENT_KEY):
        ss.pop(key, None)


def adopt(opened: savefile.Opened) -> None:
    """Make an opened save this session's audit: its store, answers, settings, date, scope, language."""
    state.reset()
    ss = st.session_state
    ss[state.STORE_KEY] = opened.store
    sess = opened.session
    ss[state.ANSWERS_KEY] = dict(sess.answers)
    ss[state.SETTINGS_KEY] = dict(sess.settings)
    ss[state.AS_OF_KEY] = sess.as_of
    ss[state.SCOPE_KEY] = sess.scope
    ss[state.COMPANY_KEY] = sess.company
    state.set_lang(sess.lang)
    _forget_widgets()


def _open(data: bytes, name: str, lang: str) -> None:
    bar = st.progress(0.0, text=t("audits.opening", lang))

    def progress(fraction: float, file: str) -> None:
        text = t("audits.opening_file", lang, file=md(file)) if file else t("audits.opening", lang)
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=text)

    opened = savefile.open_audit(data, lang, progress=progress)
    bar.empty()
    if not opened.ok:
        st.session_state[_FLASH] = ("error", "\n".join(
            [t("audits.open_bad", lang, file=md(name))] + [f"- {md(e)}" for e in opened.errors]))
        return
    adopt(opened)
    new_lang = state.lang()
    created = str(opened.manifest.get("created") or "—")[:16].replace("T", " ")
    answered = sum(1 for v in opened.session.answers.values() if v)
    msg = t("audits.open_ok", new_lang, files=len(opened.store.uploads()), answered=answered, created=md(created))
    st.session_state[_FLASH] = ("success", "\n\n".join([msg, *opened.warnings]))


def _flash() -> None:
    msg = st.session_state.pop(_FLASH, None)
    if msg:
        (st.success if msg[0] == "success" else st.error)(msg[1])


def open_saved(lang: str) -> None:
    """A saved audit replaces this session's after the user confirms (nothing changes before)."""
    st.subheader(t("audits.open_title", lang))
    _flash()
    n = st.session_state.setdefault(_OPEN_N, 0)
    uploaded = st.file_uploader(t("audits.open_label", lang), type=["zip"], key=f"audit_open_{n}")
    if uploaded is None:
        return
    has_data = state.has_store() and bool(state.store().files)
    if has_data:
        st.warning(t("audits.open_replace", lang, file=md(uploaded.name)))
        a, b, _ = st.columns([1, 1, 3])
        go = a.button(t("audits.open_confirm", lang), key="audit_open_confirm", type="primary", width="stretch")
        if b.button(t("audits.open_cancel", lang), key="audit_open_cancel", width="stretch"):
            st.session_state[_OPEN_N] = n + 1
            st.rerun()
        if not go:
            return
    _open(uploaded.getvalue(), uploaded.name, lang)
    st.session_state[_OPEN_N] = n + 1
    st.rerun()


# --- comparing ----------------------------------------------------------------------------------

def saved_results(data: bytes, lang: str) -> tuple[dict | None, list[str]]:
    """results.json of a saved audit (in `lang`), kept for the session by the file's hash."""
    key = hashlib.sha256(data).hexdigest() + lang
    cache = st.session_state.setdefault(_COMPARE_CACHE, {})
    if key in cache:
        return cache[key], []
    opened = savefile.open_audit(data, lang)
    if not opened.ok:
        return None, opened.errors
    try:
        s = opened.session
        res = audit.run_store(opened.store, settings=s.settings, answers=s.answers, as_of=s.as_of,
                              scope=s.scope, lang=lang)
        out = json.loads(json.dumps(audit.to_json(res), default=str))
    finally:
        opened.store.close()
    if len(cache) >= 4:
        cache.clear()
    cache[key] = out
    return out, []


def _saved_input(label: str, key: str, lang: str) -> dict | None:
    f = st.file_uploader(label, type=["zip"], key=key)
    if f is None:
        return None
    with st.spinner(t("audits.compare_working", lang)):
        try:
            res, errors = saved_results(f.getvalue(), lang)
        except Exception as e:          # the last guard: never a traceback
            failure(log, "comparing", e)
            res, errors = None, [t("common.section_failed", lang)]
    if res is None:
        st.error("\n".join([t("audits.open_bad", lang, file=md(f.name))] + [f"- {md(e)}" for e in errors]))
    return res


def compare_section(lang: str) -> None:
    st.subheader(t("audits.compare_title", lang))
    st.caption(t("audits.compare_text", lang, threshold=f"{compare.THRESHOLD:g}"))
    mode = st.radio(t("audits.compare_mode", lang), ("current", "two"), key="audit_compare_mode", horizontal=True,
                    format_func=lambda m: t(f"audits.compare_mode.{m}", lang))
    left, right = st.columns(2, gap="large")
    before = after = None
    with left:
        before = _saved_input(t("audits.compare_before", lang), "audit_compare_before", lang)
    with right:
        if mode == "two":
            after = _saved_input(t("audits.compare_after", lang), "audit_compare_after", lang)
        elif state.has_store() and state.store().files:
            st.caption(t("audits.compare_current_is_after", lang))
            res = checklist.audit_result(lang)
            after = json.loads(json.dumps(audit.to_json(res), default=str)) if res else None
        else:
            st.info(t("audits.compare_need_data", lang))
    if before is None or after is None:
        return
    show_comparison(compare.compare(before, after), lang)


def _fmt_delta(delta, lang: str) -> str:
    if delta is None:
        return "—"
    return ("+" if delta > 0 else "") + check_charts.fmt_score(delta, lang)


def item_rows(changes, lang: str) -> list[dict]:
    col = lambda n: t(f"audits.col.{n}", lang)   # noqa: E731
    return [{col("item"): f"{c.key}. {c.title}", col("area"): t(f"category.{c.category}", lang) if c.category else "",
             col("before"): check_charts.fmt_score(c.before, lang), col("after"): check_charts.fmt_score(c.after, lang),
             col("delta"): _fmt_delta(c.delta, lang),
             col("verdict_before"): checklist.verdict_label(c.verdict_before, lang),
             col("verdict_after"): checklist.verdict_label(c.verdict_after, lang)} for c in changes]


def show_comparison(cmp: compare.Comparison, lang: str) -> None:
    cols = st.columns(4)
    o = cmp.overall
    cols[0].metric(t("audits.overall", lang), check_charts.fmt_score(o.after, lang),
                   delta=None if o.delta is None else _fmt_delta(o.delta, lang))
    cols[1].metric(t("audits.improved", lang), len(cmp.improved))
    cols[2].metric(t("audits.worse", lang), len(cmp.worse))
    cols[3].metric(t("audits.unchanged", lang), len(cmp.unchanged))
    st.markdown(f"**{t('audits.by_category', lang)}**")
    chart = charts.category_chart(cmp, lang)
    if chart is not None:
        show_chart(chart)
    st.markdown(f"**{t('audits.by_item', lang)}**")
    chart = charts.delta_chart(cmp, lang)
    if chart is not None:
        show_chart(chart)
    for title, changes in (("improved", cmp.improved), ("worse", cmp.worse), ("unchanged", cmp.unchanged)):
        st.markdown(f"**{t(f'audits.{title}', lang)}** · {len(changes)}")
        if changes:
            st.dataframe(item_rows(changes, lang), hide_index=True, width="stretch", key=f"audit_cmp_{title}")
        else:
            st.caption(t("audits.none", lang))
