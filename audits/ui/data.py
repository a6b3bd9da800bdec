"""Sections of the Data page: what each file became and its mapping, saved mappings, coverage,
set-aside rows and manager spellings. Every Store call is guarded: a failure becomes a plain message."""
from __future__ import annotations

import hashlib
import logging

import polars as pl
import streamlit as st

from audits import hosted, model
from audits.i18n import t
from audits.logs import failure
from audits.ui import mapping as mp
from audits.ui import state, widgets

log = logging.getLogger(__name__)
FLASH_KEY = "_data_flash"
PREVIEW_ROWS = 200
MAPPING_MAX_BYTES = 1 << 20


def flash(kind: str, text: str) -> None:
    """A message to show after the rerun that follows a change."""
    st.session_state[FLASH_KEY] = (kind, text)


def show_flash() -> None:
    kind, text = st.session_state.pop(FLASH_KEY, (None, None))
    if kind:
        {"success": st.success, "error": st.error, "warning": st.warning}.get(kind, st.info)(text)


def _records(obj) -> list[dict]:
    if hasattr(obj, "to_dicts"):
        return obj.to_dicts()
    if hasattr(obj, "to_dict"):
        return obj.to_dict("records")
    return list(obj)


def coverage(lang: str) -> None:
    """Each table's rows and period, then warnings: tables whose periods do not overlap, and columns
    the checks need that a table lacks (audits.coverage)."""
    from audits import coverage as cov
    st.subheader(t("data.coverage_title", lang))
    store = state.store()
    # Each is a scan of every table: made once per version of the data.
    periods = state.per_store("periods", lambda: cov.periods(store.con))   # plans: to the end of the last month
    tables = state.per_store("coverage", store.coverage)

    def period(c) -> tuple[str, str]:
        p = periods.get(c.table)
        if p is None:
            return c.date_from or "—", c.date_to or "—"
        return (p.start.isoformat() if p.start else "—"), (p.end.isoformat() if p.end else "—")

    rows = [{t("data.col.table", lang): widgets.cap(widgets.table_name(c.table, lang)),
             t("data.col.rows", lang): c.rows,
             t("data.col.from", lang): period(c)[0],
             t("data.col.to", lang): period(c)[1],
             t("data.col.managers", lang): "—" if c.managers is None else str(c.managers),
             t("data.col.files", lang): ", ".join(c.files)}
            for c in tables]
    if rows:
        st.dataframe(pl.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.info(t("data.no_tables", lang))
    for text in state.per_store(("coverage_warnings", lang), lambda: cov.warnings(store.con, lang)):
        st.warning(text)


def date_order(lang: str) -> None:
    """Shown only when some file has dates that read as well day-first as month-first: a choice of the
    order; changing it reads those files again."""
    store = state.store()
    files = store.date_order_files()
    if not files:
        return
    current = _date_order_now(files)
    st.subheader(t("data.date_order_title", lang))
    st.caption(t("data.date_order_text", lang, files=widgets.md(", ".join(mp.display_name(f) for f in files))))
    # Keyed by the files and the order in force: a new upload or a change starts from what is read now.
    stamp = hashlib.sha1(f"{[f.id for f in files]}{current}".encode()).hexdigest()[:10]
    options = [True, False]
    choice = st.radio(t("data.date_order_choice", lang), options, index=options.index(current), horizontal=True,
                      format_func=lambda d: t("dates.dayfirst" if d else "dates.monthfirst", lang),
                      key=f"date_order_{stamp}")
    if choice == current:
        return
    try:
        for f in files:
            store.set_dayfirst(f.id, choice)
        flash("success", t("data.date_order_applied", lang, order=t("dates.dayfirst" if choice else "dates.monthfirst", lang)))
    except Exception as e:
        failure(log, "reading dates in another order failed", e)
        flash("error", t("data.apply_failed", lang, file=widgets.md(", ".join(mp.display_name(f) for f in files))))
    st.rerun()


def _date_order_now(files) -> bool:
    """The order the files' ambiguous dates are read in: the one chosen, else the one assumed."""
    for f in files:
        if f.dayfirst is not None:
            return f.dayfirst
    for f in files:
        for m in f.messages:
            if m.params.get("order_key") in ("dates.dayfirst", "dates.monthfirst"):
                return m.params["order_key"] == "dates.dayfirst"
    return True


def choose_file(lang: str):
    files = state.store().files
    if not files:
        return None
    by_id = {f.id: f for f in files}
    fid = st.selectbox(t("data.file", lang), list(by_id), key="data_file",
                       format_func=lambda i: f"{mp.display_name(by_id[i])} → {widgets.table_name(by_id[i].table, lang)}")
    return by_id.get(fid)


def files(lang: str) -> None:
    info = choose_file(lang)
    if info is not None:
        file_panel(info, lang)


def file_panel(info, lang: str) -> None:
    """The file's result, its table and the editable mapping with an Apply button."""
    widgets.show_file(info, lang)
    options = mp.table_options()
    stamp = mp.editor_key(info, info.table, "")
    table = st.selectbox(t("data.table", lang), options, index=options.index(info.table),
                         format_func=lambda x: widgets.table_name(x, lang), key=f"table_{stamp}")
    if table is None:
        st.info(t("data.choose_table", lang))
        edited_rows = []
    else:
        st.caption(t("data.required", lang, columns=", ".join(mp.target_label(c, lang) for c in model.required(table))))
        rows = mp.mapping_rows(info, table, lang)
        edited = st.data_editor(
            pl.DataFrame(rows, schema={"header": pl.String, "examples": pl.String, "target": pl.String}),
            key=mp.editor_key(info, table, lang), hide_index=True, width="stretch", disabled=["header", "examples"],
            column_config={
                "header": st.column_config.TextColumn(t("data.col.header", lang)),
                "examples": st.column_config.TextColumn(t("data.col.examples", lang)),
                "target": st.column_config.SelectboxColumn(t("data.col.target", lang), required=True,
                                                           options=mp.target_options(table, lang)),
            })
        edited_rows = _records(edited)
    apply_col, remove_col = st.columns(2)
    if apply_col.button(t("data.apply", lang), type="primary", key=f"apply_{info.id}"):
        try:
            new = state.store().remap(info.id, table, mp.rows_to_mapping(edited_rows, lang))
            flash("success", t("data.applied", lang, file=widgets.md(mp.display_name(new)),
                               rows=widgets.fmt_int(new.rows, lang)))
        except Exception as e:
            failure(log, "remap failed", e)
            flash("error", t("data.apply_failed", lang, file=widgets.md(mp.display_name(info))))
        st.rerun()
    if remove_col.button(t("data.remove", lang), key=f"remove_{info.id}"):
        try:
            state.store().remove(info.id)
            flash("success", t("data.removed", lang, file=widgets.md(mp.display_name(info))))
        except Exception as e:
            failure(log, "remove failed", e)
            flash("error", t("data.apply_failed", lang, file=widgets.md(mp.display_name(info))))
        st.rerun()


def saved_mapping(lang: str) -> None:
    """Download the current mapping as JSON; upload a saved one to apply it again."""
    st.subheader(t("data.mapping_title", lang))
    st.caption(t("data.mapping_text", lang))
    store = state.store()
    st.download_button(t("data.mapping_download", lang), data=mp.mapping_json(store.mapping_file()),
                       file_name="mapping.json", mime="application/json", key="mapping_download")
    n = st.session_state.setdefault("_data_mapup_n", 0)
    up = st.file_uploader(t("data.mapping_upload", lang), type=["json"], key=f"mapping_upload_{n}")
    if up is None:
        return
    st.session_state["_data_mapup_n"] = n + 1
    if up.size > MAPPING_MAX_BYTES:        # a mapping file is a few KB: a big one is a wrong file
        flash("error", t("hosted.mapping_too_big", lang, file=widgets.md(up.name), size=hosted.size_mb(up.size),
                         limit=hosted.size_mb(MAPPING_MAX_BYTES)))
        st.rerun()
    try:
        saved = mp.read_mapping_file(up.getvalue())
        updates = mp.saved_mapping_updates(saved, store.files)
        aliases = mp.saved_aliases(saved)
        for fid, table, mapping in updates:
            store.remap(fid, table, mapping)
        if aliases:
            store.merge_managers(aliases)
        choices = store.apply_choices(saved)      # the order of the funnel stages, the funnel's pipeline
        if updates or aliases or choices:
            flash("success", t("data.mapping_applied", lang, count=len(updates)))
        else:
            flash("warning", t("data.mapping_no_match", lang, file=widgets.md(up.name)))
    except mp.BadMappingFile:
        flash("error", t("data.mapping_bad", lang, file=widgets.md(up.name)))
    except Exception as e:
        failure(log, "applying a saved mapping failed", e)
        flash("error", t("data.mapping_bad", lang, file=widgets.md(up.name)))
    st.rerun()


def _set_aside_rows(lang: str) -> tuple[int, pl.DataFrame, bytes]:
    """The rows set aside: how many, the first PREVIEW_ROWS with people's column names, all as CSV."""
    df = state.store().set_aside_rows(lang=lang)
    shown = df.drop("reason_key", strict=False)
    labels = {c: t(f"data.aside.{c}", lang) for c in shown.columns if f"data.aside.{c}" in _aside_keys()}
    return df.height, shown.head(PREVIEW_ROWS).rename(labels), mp.safe_csv(shown.rename(labels)) if df.height else b""


def set_aside(lang: str) -> None:
    st.subheader(t("data.aside_title", lang))
    count, preview, csv = state.per_store(("set_aside", lang), lambda: _set_aside_rows(lang))
    if count == 0:
        st.success(t("data.aside_none", lang))
        return
    st.markdown(t("data.aside_count", lang, count=widgets.fmt_int(count, lang)))
    st.dataframe(preview, hide_index=True, width="stretch")
    if count > PREVIEW_ROWS:
        st.caption(t("data.aside_preview", lang, shown=PREVIEW_ROWS))
    st.download_button(t("data.aside_download", lang), data=csv,
                       file_name="set_aside_rows.csv", mime="text/csv", key="aside_download")


def _aside_keys() -> set[str]:
    from audits.i18n import catalogue
    return {k for k in catalogue() if k.startswith("data.aside.")}


def managers(lang: str) -> None:
    st.subheader(t("data.managers_title", lang))
    suggestions = state.per_store("manager_suggestions", state.store().manager_suggestions)
    if not suggestions:
        st.caption(t("data.managers_none", lang))
        return
    st.caption(t("data.managers_text", lang))
    chosen = []
    for s in suggestions:
        key = "merge_" + hashlib.sha1("\n".join(s.names).encode()).hexdigest()[:10]
        label = t("data.merge_label", lang, names=widgets.md(", ".join(s.names)), canonical=widgets.md(s.canonical))
        if st.checkbox(label, value=True, key=key, help=t(s.reason, lang)):
            chosen.append(s)
    if st.button(t("data.merge", lang), key="merge_button", disabled=not chosen):
        try:
            state.store().merge_managers({n: s.canonical for s in chosen for n in s.names if n != s.canonical})
            flash("success", t("data.merged", lang, count=len(chosen)))
        except Exception as e:
            failure(log, "merge failed", e)
            flash("error", t("data.merge_failed", lang))
        st.rerun()
