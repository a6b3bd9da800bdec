"""The analysis date comes from moments that have happened; the overall score carries its coverage;
a window longer than the history is "not enough history", never "fine"."""
from __future__ import annotations

import datetime as dt

import pytest

from audits import audit
from audits import metrics as M
from audits.memdb import memory_db

TODAY = dt.date(2026, 12, 4)


def test_planned_moments_never_move_the_analysis_date():
    # The latest call is 2025-03-10 14:00; a task due in 2027, a plan for 2027-06, an open deal whose
    # expected close is 2027-01-31 and a manager hired next month are plans, not events.
    con = memory_db({
        "calls": [{"started_at": dt.datetime(2025, 3, 10, 14), "duration_s": 60}],
        "tasks": [{"task_id": "t1", "due_at": dt.datetime(2027, 2, 1)}],
        "plans": [{"manager": "Анна", "month": dt.date(2027, 6, 1), "plan_amount": 100}],
        "deals": [{"deal_id": "d1", "stage": "КП", "status": "open", "created_at": dt.datetime(2025, 1, 5),
                   "closed_at": dt.datetime(2027, 1, 31)}],
        "managers": [{"manager": "Анна", "hired_at": dt.date(2027, 1, 1)}],
    })
    assert M.default_as_of(con, TODAY) == dt.date(2025, 3, 11)
    assert M.future_rows(con, TODAY) == []


def test_a_closed_deal_dates_the_audit_and_rows_after_today_are_reported():
    # d2 was won on 2025-04-02: that happened, so the date is 2025-04-03. An order dated 2031 (a typo)
    # lies after today: left out of the date, reported with its count and latest day.
    con = memory_db({
        "deals": [{"deal_id": "d2", "stage": "Оплачено", "status": "won", "created_at": dt.datetime(2025, 3, 1),
                   "closed_at": dt.datetime(2025, 4, 2, 9)}],
        "orders": [{"client_id": "c1", "ordered_at": dt.datetime(2025, 3, 20), "amount": 10},
                   {"client_id": "c1", "ordered_at": dt.datetime(2031, 1, 5), "amount": 10},
                   {"client_id": "c2", "ordered_at": dt.datetime(2031, 2, 7), "amount": 10}],
    })
    assert M.default_as_of(con, TODAY) == dt.date(2025, 4, 3)
    assert M.future_rows(con, TODAY) == [{"table": "orders", "column": "ordered_at", "rows": 2,
                                          "latest": "2031-02-07"}]
    result = audit.run(con, lang="en", today=TODAY)
    assert result.as_of == "2025-04-03"
    (limit,) = result.limits
    assert limit.kind == "future_rows" and limit.params["rows"] == 2
    assert "2 rows of orders" in limit.text("en") and "2031-02-07" in limit.text("en")


def test_a_survey_without_dates_still_gives_its_nps():
    # 8 answers: promoters 10, 10, 9, 10 (4 = 50 %), detractors 3, 0 (2 = 25 %): NPS 25.
    con = memory_db({"nps": [{"score": s} for s in (10, 10, 9, 8, 7, 3, 0, 10)]})
    result = audit.run(con, lang="en", today=TODAY)
    assert result.as_of is None
    assert result.metrics["nps"] == 25.0
    # Issue 13: check 7 scores how NPS is measured (response rate, recency of the latest answer);
    # without dates or clients neither is known, so the item waits for answers, while the NPS
    # itself is still shown beside it (unscored) with its band.
    nps = next(s for s in result.check(7).signals if s.key == "signal.nps.score")
    assert nps.value == 25.0 and result.metrics["nps_band"] == "moderate"
    assert result.check(7).data_score is None
    assert [lim.kind for lim in result.limits] == ["no_dates"]
    out = audit.to_json(result)
    assert out["metrics"]["nps"] == 25.0 and out["limits"][0]["kind"] == "no_dates"


def test_below_half_of_the_items_assessed_there_is_no_overall_score():
    # Only the NPS survey: 1 item of 30 has a score, so there is no overall score, only the item.
    con = memory_db({"nps": [{"score": 10, "answered_at": dt.datetime(2025, 5, 1)}]})
    result = audit.run(con, lang="en", today=TODAY)
    assert (result.assessed, result.total) == (1, 30)
    assert result.score is None
    out = audit.to_json(result)
    assert (out["score"], out["assessed"], out["total"]) == (None, 1, 30)


def test_from_half_of_the_items_assessed_the_overall_score_is_their_mean():
    # 15 self-assessed items, each with one "yes" (100) or "no" (0): items 1..10 yes, 11..15 no.
    # 15 of 30 is half: the score is the mean of the 15, (10 x 100 + 5 x 0) / 15 = 66.7.
    answers = {str(i): {"q1": i <= 10} for i in range(1, 16)}
    result = audit.run(memory_db(), answers=answers, lang="en", today=TODAY)
    assert (result.assessed, result.total) == (15, 30)
    assert result.score == 66.7
    fewer = audit.run(memory_db(), answers={k: v for k, v in answers.items() if k != "15"}, lang="en", today=TODAY)
    assert fewer.assessed == 14 and fewer.score is None


@pytest.fixture(scope="module")
def short_company():
    """A 3-month, 3-manager company: orders, deals and calls from 2025-01-06 to 2025-03-31.

    Each of 12 clients orders once a month in each of the 3 months; 9 deals per manager, one
    opened every 10 days, the last ones still open; a call per deal."""
    managers = ("Анна", "Борис", "Вера")
    orders, deals, calls = [], [], []
    for c in range(12):
        for month in (1, 2, 3):
            orders.append({"client_id": f"c{c}", "ordered_at": dt.datetime(2025, month, 6 + c),
                           "amount": 1000 + 100 * c, "manager": managers[c % 3]})
    for i in range(27):
        created = dt.datetime(2025, 1, 6) + dt.timedelta(days=3 * i)
        status = "won" if i % 3 == 0 else "lost" if i % 3 == 1 else "open"
        deals.append({"deal_id": f"d{i}", "manager": managers[i % 3], "client_id": f"c{i % 12}",
                      "stage": {"won": "Оплачено", "lost": "Отказ", "open": "КП"}[status], "status": status,
                      "amount": 5000, "created_at": created,
                      "closed_at": created + dt.timedelta(days=5) if status != "open" else None})
        calls.append({"started_at": created + dt.timedelta(hours=10), "manager": managers[i % 3],
                      "direction": "out", "duration_s": 240})
    return memory_db({"orders": orders, "deals": deals, "calls": calls})


def test_on_three_months_the_long_windows_say_not_enough_history(short_company):
    # The latest moment is deal 25's loss: created Jan 6 + 75 days = Mar 22, closed 5 days later on
    # Mar 27 (later than deal 26's call, Mar 25 10:00, and the last order, Mar 17), so the analysis
    # date is 2025-03-28. The first order is 2025-01-06: the orders go back 81 days = 2.7 months.
    result = audit.run(short_company, lang="en", today=TODAY)
    assert result.as_of == "2025-03-28"
    lost = result.check(11)
    assert lost.verdict == "not_assessed" and lost.money_at_stake is None
    assert [(lim.kind, lim.params["needs_months"], lim.params["has_months"]) for lim in lost.limits] == [
        ("short_history", 5.9, 2.7)]
    # XYZ needs 3 months of orders: both checks reading it say so and do not score it.
    for number in (2, 9):
        check = result.check(number)
        assert [lim.kind for lim in check.limits if lim.kind != "periods_mixed"] == ["short_history"], number
        assert check.metrics.get("segments_abc_xyz") is None
    # 2's win rate by segment reads deals (to Mar 27) against the orders' segments (to Mar 17): a caveat.
    assert [lim.kind for lim in result.check(2).limits if lim.kind != "short_history"] == ["periods_mixed"]
    # Deals go back 81 days too, more than the 30-day stale window: check 28 is measured.
    assert not result.check(28).limits
    # What the short history cannot tell is not scored; what it can still is (every client of check 9
    # ordered in each of the 3 months: its returning-revenue signal stands).
    assert "signal.existing_clients.irregular_a" not in [s.key for s in result.check(9).signals]
    assert "signal.existing_clients.returning_revenue" in [s.key for s in result.check(9).signals]
    assert "signal.target_audience.cz_share" not in [s.key for s in result.check(2).signals]
    limits = audit.to_json(result)["checks"][10]["limits"]
    assert limits[0]["kind"] == "short_history" and "not enough history" in limits[0]["text"].lower()


def test_most_clients_too_new_for_xyz_is_said(short_company):
    # With a 2-month minimum the history (2.7 months) is long enough, and every client first bought in
    # January with the latest order in March: a 3-month window each, so none is N. With
    # xyz_min_months 4 (longer than the 2.7 months of data) the window itself is too short.
    result = audit.run(short_company, settings={"xyz_min_months": 2}, lang="en", today=TODAY)
    assert [lim.kind for lim in result.check(2).limits] == ["periods_mixed"]      # deals vs orders, a caveat
    result = audit.run(short_company, settings={"xyz_min_months": 4}, lang="en", today=TODAY)
    assert [lim.kind for lim in result.check(2).limits] == ["short_history", "periods_mixed"]


def test_xyz_with_most_clients_new_is_not_scored():
    # 4 clients: c1 ordered every month Jan..Jun (window 6 months, X); c2, c3, c4 first ordered in
    # June (window 1 month < 3: N). N share 3 / 4 = 0.75 > 0.5: XYZ says nothing of this base.
    orders = [{"client_id": "c1", "ordered_at": dt.datetime(2025, m, 10), "amount": 100} for m in range(1, 7)]
    orders += [{"client_id": c, "ordered_at": dt.datetime(2025, 6, 12), "amount": 50} for c in ("c2", "c3", "c4")]
    result = audit.run(memory_db({"orders": orders}), lang="en", today=TODAY)
    assert result.metrics["segments_xyz"] == {"X": 1, "Y": 0, "Z": 0, "N": 3}
    (limit,) = result.check(2).limits
    assert limit.kind == "xyz_mostly_new" and limit.params == {"share": 0.75, "months": 3}
    assert result.check(2).metrics["segments_abc_xyz"] is None


def test_a_plan_a_year_past_the_last_order_leaves_the_demo_date_alone(demo_store, tmp_path):
    from audits.demo import demo_inputs
    from audits.store import Input, Store
    before = audit.run_store(demo_store, lang="en")
    last_order = demo_store.sql("SELECT max(ordered_at)::DATE AS d FROM orders")["d"][0]
    ahead = dt.date(last_order.year + 1, last_order.month, 1)
    plan = f"Менеджер;Месяц;План продаж\nИванов Иван;{ahead:%d.%m.%Y};1500000\n".encode()
    store = Store(workdir=tmp_path / "s", memory_limit=None, threads=2)
    try:
        report = store.add([*demo_inputs(), Input("план_на_год_вперёд.csv", data=plan)])
        added = next(f for f in report.files if f.file == "план_на_год_вперёд.csv")
        assert (added.table, added.rows) == ("plans", 1)
        assert store.sql("SELECT max(month) AS m FROM plans")["m"][0] == ahead
        after = audit.run_store(store, lang="en")
    finally:
        store.close()
    assert after.as_of == before.as_of
    assert not after.limits         # a plan ahead is not a future-dated event: nothing to report
