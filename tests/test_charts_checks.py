"""Charts of the checklist and the summary: built from plain values, None when there is nothing to
draw, valid Vega-Lite otherwise; values formatted by their unit."""
import pytest

from audits.audit import SignalResult
from audits.charts import checks as C

SIGNALS = [SignalResult("signal.funnel.weakest_step", "weakest step", 0.29, 0.2, 0.6, "share", 22.5),
           SignalResult("signal.funnel.vague_stages", "vague stages", 2, 2, 0, "count", 0.0),
           SignalResult("x", "delay", 1437.0, 240, 15, "minutes", 0.0),
           SignalResult("y", "flat", 0.0, 0.0, 0.0, "share", 100.0)]
FUNNEL = [{"stage": "Новая", "reached": 100, "conversion": None},
          {"stage": "КП отправлено", "reached": 60, "conversion": 0.6},
          {"stage": "Думает", "reached": 18, "conversion": 0.3},
          {"stage": "Успешно", "reached": 12, "conversion": 0.667}]


def spec(chart):
    assert chart is not None
    return chart.to_dict()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_builder_makes_a_valid_chart(lang):
    spec(C.signals_chart(SIGNALS, lang))
    spec(C.funnel_chart(FUNNEL, lang))
    spec(C.manager_share_chart({"Анна": 300.0, "Иван": 100.0}, lang))
    spec(C.category_chart({"funnel": 21.6, "crm": None, "calls": 80.0}, lang))
    spec(C.score_gauge(31.9, lang))


def test_nothing_to_draw_gives_none():
    assert C.signals_chart([], "en") is None
    assert C.signals_chart([SignalResult("k", "l", None, 0, 1, "share", None)], "en") is None
    assert C.funnel_chart(None, "en") is None and C.funnel_chart([], "en") is None
    assert C.manager_share_chart({}, "en") is None and C.manager_share_chart({"a": 0}, "en") is None
    assert C.category_chart({"funnel": None}, "en") is None
    assert C.score_gauge(None, "en") is None


def test_the_weakest_funnel_step_is_marked_and_stages_keep_their_order():
    d = spec(C.funnel_chart(FUNNEL, "en"))
    values = next(iter(d["datasets"].values()))
    assert [v["stage"] for v in values] == [s["stage"] for s in FUNNEL]
    assert [v["weak"] for v in values] == [False, False, True, False]


def test_manager_shares_add_up_to_one():
    d = spec(C.manager_share_chart({"Анна": 300.0, "Иван": 100.0, "Нет": None}, "en"))
    values = next(iter(d["datasets"].values()))
    assert {v["manager"]: v["share"] for v in values} == {"Анна": 0.75, "Иван": 0.25}


def test_category_bars_are_coloured_by_verdict_band():
    d = spec(C.category_chart({"funnel": 21.6, "clients": 50.0, "calls": 80.0}, "en"))
    rows = [v for vals in d["datasets"].values() for v in vals if "category" in v]
    assert [r["color"] for r in rows] == [C.VERDICT_COLORS[v] for v in ("critical", "warning", "ok")]


@pytest.mark.parametrize("value, unit, lang, text", [
    (0.2917, "share", "en", "29\u00a0%"),
    (0.0073, "share", "en", "0.7\u00a0%"),
    (1.0, "share", "ru", "100\u00a0%"),
    (106389196.84, "money", "ru", "106\u00a0389\u00a0197"),
    (106389196.84, "money", "en", "106,389,197"),
    (12.5, "days", "en", "12.5\u00a0days"),
    (12.5, "days", "ru", "12,5\u00a0дн."),
    (57.8, "minutes", "en", "57.8\u00a0min"),
    (13, "seconds", "ru", "13\u00a0с"),
    (7, "count", "en", "7"),
    (5.1, "ratio", "en", "5.1×"),
    (None, "share", "en", "—"),
    (float("nan"), "money", "en", "—"),
])
def test_values_read_in_their_unit(value, unit, lang, text):
    assert C.fmt(value, unit, lang) == text


def test_scores_and_bands():
    assert C.fmt_score(None, "en") == "—" and C.fmt_score(75.0, "en") == "75" and C.fmt_score(54.8, "ru") == "54,8"
    assert [C.band(s) for s in (None, 0, 39.9, 40, 74.9, 75, 100)] == [
        "not_assessed", "critical", "critical", "warning", "warning", "ok", "ok"]
