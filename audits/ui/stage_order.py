"""The order of the funnel stages (the Data page) and the pipeline the funnel is about (the checklist).

The user numbers the open stages of each pipeline; the order is kept in the Store (`stage_order`),
written in the mapping file and the saved audit, and beats the stage history and every guess
(audits/stages.py). An uploaded stages table still decides when there is one.
"""
from __future__ import annotations

import streamlit as st

from audits import stages
from audits.i18n import t
from audits.ui import state, widgets

_PIPE_KEY = "_stage_order_pipeline"
_EDIT_KEY = "_stage_order_editor"
_CHOICE_KEY = "_funnel_pipeline_choice"
_FLASH_KEY = "_stage_order_flash"


def _preset(store) -> str | None:
    presets = {f.preset for f in store.files if f.table == "deals" and f.preset}
    return presets.pop() if len(presets) == 1 else None


def _pipelines(store) -> list[dict]:
    cur = store.con.cursor()
    try:
        return stages.pipelines(cur)
    finally:
        cur.close()


def _read(store, pipeline: str | None):
    """The pipeline's order of stages, its deals per stage, and its won stages."""
    cur = store.con.cursor()
    try:
        order = stages.read(cur, pipeline, store.stage_order, _preset(store))
        counts = dict(cur.execute("select stage, count(*) from deals where pipeline is not distinct from $p "
                                  "group by stage", {"p": order.pipeline}).fetchall())
    finally:
        cur.close()
    won = [s for s in order.stages if _is_won(s, store, order.pipeline)]
    return order, counts, won


def _label(name: str | None, lang: str) -> str:
    return name if name is not None else t("stages.no_pipeline", lang)


def ordered_from(rows: list[dict], lang: str) -> list[str] | None:
    """The stages by the positions the user typed (ties keep the shown order); None when a position is
    missing or not a whole number from 1."""
    pos_col, stage_col = t("stages.col_position", lang), t("stages.col_stage", lang)
    keyed = []
    for i, r in enumerate(rows):
        p = r.get(pos_col)
        try:
            value = float(p)
        except (TypeError, ValueError):
            return None
        if value != value or value < 1 or value != int(value):
            return None
        keyed.append((int(value), i, str(r.get(stage_col))))
    return [s for _, _, s in sorted(keyed)]


def control(lang: str) -> None:
    """The Data page section: put each pipeline's stages in order."""
    store = state.store()
    if "deals" not in state.tables():
        return
    st.subheader(t("stages.title", lang))
    st.caption(t("stages.intro", lang))
    kind, text = st.session_state.pop(_FLASH_KEY, (None, None))
    if kind:
        st.success(text)
    # Reading the stage history takes seconds on a large company: once per version of the data.
    found = state.per_store("pipelines", lambda: _pipelines(store))
    names = [p["name"] for p in found]
    pipeline = names[0] if names else None
    if len(names) > 1:
        pipeline = st.selectbox(t("stages.pipeline", lang), names, key=_PIPE_KEY,
                                format_func=lambda n: _label(n, lang))
    order, counts, won = state.per_store(("stage_order", pipeline), lambda: _read(store, pipeline))
    st.caption(widgets.md(t("stages.current", lang, basis=t(f"stages.basis.{order.basis}", lang))))
    if order.basis == "stages_table":
        st.info(t("stages.from_table", lang))
        return
    open_ = [s for s in order.stages if s not in won]
    if not open_:
        st.caption(t("stages.no_stages", lang))
        return
    rows = [{t("stages.col_position", lang): i, t("stages.col_stage", lang): s,
             t("stages.col_deals", lang): int(counts.get(s, 0))} for i, s in enumerate(open_, 1)]
    key = editor_key(order.pipeline, store.version)
    edited = st.data_editor(rows, key=key, hide_index=True, width="stretch", num_rows="fixed",
                            disabled=[t("stages.col_stage", lang), t("stages.col_deals", lang)],
                            column_config={t("stages.col_position", lang): st.column_config.NumberColumn(
                                min_value=1, step=1, format="%d")})
    left, right = st.columns(2)
    if left.button(t("stages.save", lang), key=save_key(order.pipeline), type="primary"):
        chosen = ordered_from(_as_rows(edited), lang)
        if chosen is None:
            st.error(t("stages.bad_positions", lang))
            return
        store.set_stage_order(order.pipeline, chosen + won)
        st.session_state[_FLASH_KEY] = ("success", t("stages.saved", lang))
        st.rerun()
    if stages.key_of(order.pipeline) in store.stage_order and right.button(
            t("stages.reset", lang), key=f"stage_order_reset_{stages.key_of(order.pipeline)}"):
        store.set_stage_order(order.pipeline, None)
        st.rerun()


def editor_key(pipeline: str | None, version: int) -> str:
    """The editor's widget key: per pipeline, and new once the data (or the order) changed."""
    return f"{_EDIT_KEY}_{stages.key_of(pipeline)}_{version}"


def save_key(pipeline: str | None) -> str:
    return f"stage_order_save_{stages.key_of(pipeline)}"


def _is_won(stage: str, store, pipeline: str | None) -> bool:
    cur = store.con.cursor()
    try:
        n, w = cur.execute("select count(*), count(*) filter (where status = 'won') from deals "
                           "where stage = $s and pipeline is not distinct from $p", {"s": stage, "p": pipeline}
                           ).fetchone()
    finally:
        cur.close()
    return stages.stage_class(stage, n, w) == "won"


def _as_rows(edited) -> list[dict]:
    if hasattr(edited, "to_dicts"):
        return edited.to_dicts()
    if hasattr(edited, "to_dict"):
        return edited.to_dict("records")
    return list(edited)


def pipeline_choice(result, lang: str) -> None:
    """On the funnel's item: which pipeline it is about, when the deals have several."""
    order = (result.metrics or {}).get("funnel_order") or {}
    found = order.get("pipelines") or []
    if len(found) < 2:
        return
    store = state.store()
    names = [p["name"] for p in found]
    deals = {p["name"]: p["deals"] for p in found}
    current = order.get("pipeline")
    index = names.index(current) if current in names else 0
    chosen = st.selectbox(t("stages.choose_pipeline", lang), names, index=index, key=_CHOICE_KEY,
                          format_func=lambda n: t("stages.pipeline_option", lang, name=_label(n, lang),
                                                  deals=deals.get(n, 0)))
    if chosen != current:
        store.set_funnel_pipeline(chosen)
        st.rerun()
