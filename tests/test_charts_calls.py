"""The chart builders of the calls page (pure: metrics in, Altair chart out) and the list behind it."""
import datetime as dt

import pytest

from audits.charts import calls as charts
from audits.checks import defaults

TALK = {"Анна": 130.0, "Борис": 45.5}
HIST = [{"minute": 0, "calls": 5}, {"minute": 1, "calls": 4}, {"minute": 2, "calls": 3}, {"minute": 30, "calls": 1}]
KIND = [{"manager": "Анна", "client_kind": "new", "answered": 4, "lt1": 2, "1to3": 1, "gt3": 1},
        {"manager": "Борис", "client_kind": "new", "answered": 4, "lt1": 0, "1to3": 2, "gt3": 2},
        {"manager": "Анна", "client_kind": "existing", "answered": 2, "lt1": 0, "1to3": 0, "gt3": 2}]
HEAT = [{"manager": "Анна", "weekday": 1, "hour": 9, "calls": 3, "answered": 2},
        {"manager": "Борис", "weekday": 1, "hour": 9, "calls": 2, "answered": 2},
        {"manager": "Борис", "weekday": 5, "hour": 17, "calls": 1, "answered": 0}]
MISSED = [{"hour": 8, "incoming": 10, "missed": 3, "missed_rate": 0.3},
          {"hour": 12, "incoming": 20, "missed": 1, "missed_rate": 0.05},
          {"hour": 19, "incoming": 10, "missed": 5, "missed_rate": 0.5}]


def data_of(chart) -> list[dict]:
    """The rows of the first layer that carries data (charts are built from pandas frames)."""
    spec = chart.to_dict()
    datasets = spec.get("datasets", {})
    return [row for rows in datasets.values() for row in rows]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_builder_makes_a_valid_chart_in_both_languages(lang):
    built = [charts.talk_minutes(TALK, 120, lang), charts.length_histogram(HIST, 120, lang),
             charts.bucket_shares({"lt1": 0.2, "1to3": 0.3, "gt3": 0.5}, KIND, lang), charts.heatmap(HEAT, lang),
             charts.missed_by_hour(MISSED, 9, 18, lang), charts.out_calls({"Анна": 25.0, "Борис": 60.0}, 20, 50, lang)]
    for chart in built:
        assert chart is not None
        assert chart.to_dict()["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_nothing_to_draw_gives_no_chart():
    assert charts.talk_minutes(None, 120, "en") is None
    assert charts.length_histogram([], 120, "en") is None
    assert charts.bucket_shares(None, None, "en") is None
    assert charts.bucket_shares({"lt1": None, "1to3": None, "gt3": None}, [], "en") is None
    assert charts.heatmap(HEAT, "en", manager="Нет такого") is None
    assert charts.missed_by_hour(None, 9, 18, "en") is None
    assert charts.out_calls({}, 20, 50, "en") is None


def test_talk_bars_mark_who_reaches_the_target():
    rows = data_of(charts.talk_minutes(TALK, 120, "en"))
    flags = {r["manager"]: r["ok"] for r in rows if "manager" in r}
    assert flags == {"Анна": True, "Борис": False}


def test_minutes_under_the_short_call_limit_are_marked():
    rows = data_of(charts.length_histogram(HIST, 120, "en"))
    assert {r["minute"]: r["short"] for r in rows} == {0: True, 1: True, 2: False, 30: False}


def test_buckets_split_new_and_existing_clients():
    groups = dict(charts.bucket_groups({"lt1": 0.2, "1to3": 0.3, "gt3": 0.5}, KIND))
    assert list(groups) == ["all", "new", "existing"]
    assert groups["new"] == {"lt1": 2 / 8, "1to3": 3 / 8, "gt3": 3 / 8}
    assert groups["existing"] == {"lt1": 0.0, "1to3": 0.0, "gt3": 1.0}


def test_the_heatmap_sums_managers_or_shows_one():
    everyone = {(r["day"], r["hour"]): r["calls"] for r in data_of(charts.heatmap(HEAT, "ru"))}
    assert everyone == {("Пн", 9): 5, ("Пт", 17): 1}
    one = {(r["day"], r["hour"]): r["calls"] for r in data_of(charts.heatmap(HEAT, "en", manager="Анна"))}
    assert one == {("Mon", 9): 3}


def test_hours_outside_the_working_day_and_managers_outside_the_band_are_marked():
    rows = data_of(charts.missed_by_hour(MISSED, 9, 18, "en"))
    assert {r["hour"]: r["in_hours"] for r in rows} == {8: False, 12: True, 19: False}
    rows = data_of(charts.out_calls({"Анна": 25.0, "Борис": 60.0, "Вера": 5.0}, 20, 50, "en"))
    assert {r["manager"]: r["in_band"] for r in rows if "manager" in r} == {"Анна": True, "Борис": False, "Вера": False}


def test_the_list_of_short_calls_with_new_clients():
    # c1 bought on 2025-01-10: its short call is with an existing client and stays off the list. The
    # long call and the missed one are not short answered calls. The rest: latest first.
    from audits import metrics as M
    from audits.memdb import memory_db
    con = memory_db({
        "orders": [{"order_id": "o1", "client_id": "c1", "ordered_at": "2025-01-10", "amount": 100}],
        "calls": [
            {"started_at": "2025-03-03 10:00", "manager": "Анна", "phone": "p1", "client_id": "c1", "duration_s": 30},
            {"started_at": "2025-03-03 11:00", "manager": "Анна", "phone": "p2", "client_id": "c2", "duration_s": 40,
             "recording_url": "r2.mp3"},
            {"started_at": "2025-03-04 09:00", "manager": "Борис", "phone": "p3", "duration_s": 119},
            {"started_at": "2025-03-04 10:00", "manager": "Борис", "phone": "p4", "duration_s": 600},
            {"started_at": "2025-03-04 11:00", "manager": "Борис", "phone": "p5", "duration_s": 0},
        ]})
    rows = M.run_list(con, "short_calls_new_clients", {**defaults(), "as_of": dt.date(2025, 3, 5)})
    assert rows == [
        {"started_at": "2025-03-04T09:00:00", "manager": "Борис", "phone": "p3", "client_id": None,
         "duration_s": 119, "recording_url": None},
        {"started_at": "2025-03-03T11:00:00", "manager": "Анна", "phone": "p2", "client_id": "c2",
         "duration_s": 40, "recording_url": "r2.mp3"},
    ]
