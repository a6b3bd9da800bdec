"""audits.coverage on tiny tables, every number worked out by hand: each table's period, checks whose
joined tables' periods do not overlap (or only in part), columns the checks need that a table lacks."""
import datetime as dt
import re
from pathlib import Path

from audits import audit, coverage
from audits.checks import REGISTRY
from audits.memdb import memory_db
from audits.scope import Scope

ROOT = Path(__file__).resolve().parents[1]
D = dt.date


def calls(*days, manager="A", duration=60):
    return [{"call_id": f"{manager}{i}", "started_at": d, "duration_s": duration, "manager": manager}
            for i, d in enumerate(days)]


def deals(*days, manager="A"):
    return [{"deal_id": str(i), "stage": "New", "status": "open", "manager": manager, "created_at": d}
            for i, d in enumerate(days)]


def orders(*days):
    return [{"client_id": f"c{i}", "ordered_at": d, "amount": 10} for i, d in enumerate(days)]


def plans(*months):
    return [{"manager": "A", "month": m, "plan_amount": 100} for m in months]


def test_periods_run_from_the_first_to_the_last_event_and_plans_to_the_end_of_their_last_month():
    con = memory_db({"calls": calls("2025-01-10 09:00", "2025-03-31 23:59", None),
                     "plans": plans("2025-01-01", "2025-02-01"),
                     "clients": [{"client_id": "1", "created_at": "2010-01-01"}]})
    p = coverage.periods(con)
    assert list(p) == ["calls", "plans"]                 # clients: a card is not "in" a period
    assert (p["calls"].start, p["calls"].end, p["calls"].rows, p["calls"].dated) == (D(2025, 1, 10), D(2025, 3, 31), 3, 2)
    assert (p["plans"].start, p["plans"].end) == (D(2025, 1, 1), D(2025, 2, 28))
    assert p["calls"].to_json() == {"from": "2025-01-10", "to": "2025-03-31"}


def test_calls_and_deals_that_share_no_day_limit_the_check_that_joins_them():
    con = memory_db({"calls": calls("2021-01-01", "2021-03-31"), "deals": deals("2016-10-20", "2017-12-27")})
    limits = coverage.check_limits(con)
    # the checks joining calls and deals: 1 (the funnel in contacts), 17 (deals per call)
    assert list(limits) == [1, 17]
    [lim] = limits[17]
    assert (lim.kind, lim.blocking) == ("periods_disjoint", False)
    body = lim.to_json("en")
    assert {k: body[k] for k in ("a_table", "b_table", "a_from", "a_to", "b_from", "b_to")} == {
        "a_table": "calls", "b_table": "deals", "a_from": "2021-01-01", "a_to": "2021-03-31",
        "b_from": "2016-10-20", "b_to": "2017-12-27"}
    assert (body["a_key"], body["b_key"]) == ("table.calls", "table.deals")
    assert "calls from 2021-01-01 to 2021-03-31, deals from 2016-10-20 to 2017-12-27" in body["text"]
    assert "звонки — с 2021-01-01 по 2021-03-31, сделки — с 2016-10-20 по 2017-12-27" in lim.text("ru")


def test_a_partial_overlap_gives_the_common_days_and_each_tables_share_inside_them():
    # calls 01-10 .. 04-10, deals 03-01 .. 06-01: common days 03-01 .. 04-10.
    # Calls inside: 03-10, 04-10 = 2 of 4; deals inside: 03-01, 03-20 = 2 of 4.
    con = memory_db({"calls": calls("2025-01-10", "2025-02-10", "2025-03-10", "2025-04-10"),
                     "deals": deals("2025-03-01", "2025-03-20", "2025-05-15", "2025-06-01")})
    [lim] = coverage.check_limits(con)[17]
    assert (lim.kind, lim.blocking) == ("periods_partial", False)
    assert {k: lim.params[k] for k in ("from", "to", "a_share", "b_share")} == {
        "from": "2025-03-01", "to": "2025-04-10", "a_share": 0.5, "b_share": 0.5}
    assert "measured over the shared days 2025-03-01 to 2025-04-10 only, which hold 50% of the rows of calls " \
        "and 50% of deals" in lim.text("en")


def test_a_check_with_two_joins_gets_a_limit_for_each():
    # Check 25: C clients' share of calls and of meetings. Calls share no day with orders (blocking);
    # meetings 2025-01-05, 2025-02-05, 2025-07-05 against orders 2025-01-01 .. 2025-03-01: common days
    # 2025-01-05 .. 2025-03-01 hold 2 of 3 meetings and 2 of 3 orders (01-01 falls before).
    con = memory_db({"orders": orders("2025-01-01", "2025-02-01", "2025-03-01"),
                     "calls": calls("2020-01-01"),
                     "meetings": [{"manager": "A", "client_id": "c1", "held_at": d}
                                  for d in ("2025-01-05", "2025-02-05", "2025-07-05")]})
    limits = coverage.check_limits(con)
    assert sorted(limits) == [2, 14, 25]                 # 2: meetings x orders, 14: calls x orders
    # Meetings are read against their clients' orders after them (history, not side by side): the
    # figure keeps all rows and says it mixes periods.
    assert [(x.kind, x.params["a_table"], x.params["b_table"]) for x in limits[25]] == [
        ("periods_disjoint", "calls", "orders"), ("periods_mixed", "meetings", "orders")]
    part = limits[25][1].params
    assert (part["from"], part["to"], part["a_share"], part["b_share"]) == (
        "2025-01-05", "2025-03-01", round(2 / 3, 4), round(2 / 3, 4))
    assert limits[2] == [limits[25][1]]


def test_periods_that_differ_by_at_most_five_percent_of_rows_are_the_same_period():
    days = [f"2025-01-{d:02d}" for d in range(1, 21)]                  # 20 calls, 01-01 .. 01-20
    same = memory_db({"calls": calls(*days), "deals": deals("2025-01-01", "2025-01-20")})
    assert coverage.check_limits(same) == {}
    # Deals from 01-02: the call of 01-01 is 1 of 20 outside (5 %, not more): still the same period.
    one_out = memory_db({"calls": calls(*days), "deals": deals("2025-01-02", "2025-01-20")})
    assert coverage.check_limits(one_out) == {}
    # Deals from 01-03: 2 of 20 calls outside (10 %): partial, 18 / 20 = 0.9 of the calls inside.
    two_out = memory_db({"calls": calls(*days), "deals": deals("2025-01-03", "2025-01-20")})
    [lim] = coverage.check_limits(two_out)[17]
    assert (lim.kind, lim.params["a_share"], lim.params["b_share"]) == ("periods_partial", 0.9, 1.0)


def test_plans_set_ahead_of_the_orders_are_the_future_not_a_partial_overlap():
    # Orders 2025-01-05 .. 2025-06-20, plans for every month of 2025: the months after June are ahead.
    months = [f"2025-{m:02d}-01" for m in range(1, 13)]
    con = memory_db({"orders": orders("2025-01-05", "2025-06-20"), "plans": plans(*months)})
    assert coverage.check_limits(con) == {}
    # Plans of 2024 as well: 12 of 24 plan months fall before the orders' first day.
    earlier = memory_db({"orders": orders("2025-01-05", "2025-06-20"),
                         "plans": plans(*months, *[m.replace("2025", "2024") for m in months])})
    limits = coverage.check_limits(earlier)
    assert sorted(limits) == [20, 23]
    lim = limits[20][0]
    # Common days: 2025-01-05 (first order) .. 2025-06-20 (last order); plan months Jan..Jun 2025 touch
    # them: 6 of 24.
    assert (lim.kind, lim.params["from"], lim.params["to"], lim.params["a_share"], lim.params["b_share"]) == (
        "periods_partial", "2025-01-05", "2025-06-20", 0.25, 1.0)


def test_without_orders_plans_are_compared_with_the_won_deals_by_their_closing_date():
    won = [{"deal_id": "1", "stage": "Won", "status": "won", "manager": "A", "created_at": "2024-01-01",
            "closed_at": "2024-02-10"}]
    con = memory_db({"deals": won, "plans": plans("2025-01-01")})
    limits = coverage.check_limits(con)
    assert sorted(limits) == [20, 23, 28]       # 28: open deals' value against this month's plan
    [lim] = limits[20]
    assert (lim.kind, lim.params["b_table"], lim.params["b_from"], lim.params["b_to"]) == (
        "periods_disjoint", "deals", "2024-02-10", "2024-02-10")
    assert "won deals (by closing date) from 2024-02-10" in lim.text("en")
    assert limits[28][0].params["a_from"] == "2024-01-01"          # deals by their creation date


def test_a_table_without_dates_or_without_rows_limits_nothing():
    undated = [{"deal_id": "1", "stage": "New", "manager": "A"}]
    assert coverage.check_limits(memory_db({"calls": calls("2025-01-01"), "deals": undated})) == {}
    assert coverage.check_limits(memory_db({"calls": calls("2025-01-01")})) == {}


def test_a_period_filter_measures_the_overlap_on_the_slice():
    # All: common days 03-10 .. 03-20 hold 2 of 3 calls and 2 of 3 deals.
    con = memory_db({"calls": calls("2025-01-10", "2025-03-10", "2025-03-20"),
                     "deals": deals("2025-03-10", "2025-03-20", "2025-06-01")})
    assert coverage.check_limits(con)[17][0].params["a_share"] == round(2 / 3, 4)
    # March 10-20 only: the same two days on both sides.
    assert coverage.check_limits(con, Scope(start=D(2025, 3, 10), end=D(2025, 3, 20))) == {}
    # Up to March 15: calls 01-10 and 03-10, deals 03-10: one call of two inside.
    [lim] = coverage.check_limits(con, Scope(end=D(2025, 3, 15)))[17]
    assert (lim.params["from"], lim.params["to"], lim.params["a_share"], lim.params["b_share"]) == (
        "2025-03-10", "2025-03-10", 0.5, 1.0)


def test_the_page_warning_names_both_tables_their_periods_and_the_checks():
    con = memory_db({"calls": calls("2021-01-01", "2021-03-31"), "deals": deals("2016-10-20", "2017-12-27"),
                     "nps": [{"score": 9, "answered_at": "2021-02-01"}]})
    pairs = coverage.disjoint_tables(con)
    assert [(p["a"], p["b"], p["checks"]) for p in pairs] == [("deals", "calls", [1, 17]), ("deals", "nps", [])]
    assert coverage.disjoint_text(pairs[0], "en") == (
        "The periods of two tables do not overlap: deals from 2016-10-20 to 2017-12-27, calls from 2021-01-01 "
        "to 2021-03-31. Items 1, 17 compare these tables; those figures are left out, the rest of the items "
        "still count. Upload both exports for the same period.")
    assert "Пункты 1, 17 сравнивают эти таблицы" in coverage.disjoint_text(pairs[0], "ru")


def test_missing_columns_are_those_no_row_fills_with_the_checks_that_need_them():
    # Deals with an id, a stage, a status, an amount and a client, a blank manager and nothing else.
    con = memory_db({"deals": [{"deal_id": "1", "stage": "New", "status": "open", "amount": 5, "client_id": "c",
                                "manager": "  "}]})
    assert coverage.missing_columns(con) == {"deals": [
        {"column": "manager", "checks": [3, 5, 12, 15, 16, 17, 19, 26, 28]},
        {"column": "created_at", "checks": [8, 26, 28]},
        {"column": "closed_at", "checks": [19]},
        {"column": "lost_reason", "checks": [3]},
        {"column": "discount", "checks": [15]},
    ]}
    text = coverage.missing_text("deals", coverage.missing_columns(con)["deals"], "en")
    assert text.startswith("The table “deals” lacks columns that the checks need: manager (items 3, 5, 12, "
                           "15, 16, 17, 19, 26, 28); created (items 8, 26, 28); ")
    assert "closed (item 19); lost reason (item 3); discount (item 15)." in text
    [lim] = coverage.table_limits(con)["deals"]
    assert lim.to_json("en")["missing_columns"] == ["manager", "created_at", "closed_at", "lost_reason", "discount"]
    assert lim.text("en").startswith("The table lacks columns the checks need: manager (manager), created "
                                     "(created_at), closed (closed_at), lost reason (lost_reason), discount "
                                     "(discount) (items 3, 5, 8, 12, 15, 16, 17, 19, 26, 28 cannot use them).")


def test_needed_columns_are_the_union_of_the_checks_needs():
    needed = coverage.needed_columns()
    for check in REGISTRY:
        for need in check.needs:
            for col in need.columns:
                assert check.id in needed[need.table][col]


def test_tables_info_gives_each_tables_period_and_missing_columns():
    con = memory_db({"nps": [{"score": 9}, {"score": 10}]})
    assert coverage.tables_info(con) == {"nps": {"period": {"from": None, "to": None}, "missing_columns": []}}


def test_every_join_is_documented_by_a_query_that_reads_both_tables_and_returns_its_metrics():
    declared = [m for j in coverage.JOINS for m in j.metrics]
    assert len(declared) == len(set(declared))                     # a metric is in one join at most
    for j in coverage.JOINS:
        sql = (ROOT / "queries" / "metrics" / f"{j.query}.sql").read_text(encoding="utf-8")
        returns = re.search(r"^-- returns: (.+)$", sql, re.M).group(1).replace(",", " ").split()
        assert set(j.metrics) <= set(returns), j
        for table in (j.a, j.b):
            word = "plan_fact" if table == coverage.REVENUE else table
            assert re.search(rf"\b(stg_)?{word}", sql), (j.query, table)


def test_every_metric_reading_two_dated_tables_is_a_join_or_says_why_not():
    from audits import metrics as M, model
    declared = {m for j in coverage.JOINS for m in j.metrics}
    for q in M.queries().values():
        if len([t for t in q.needs if t in model.PERIOD_TABLES]) >= 2 and q.name not in coverage.NOT_JOINS:
            assert set(q.returns) <= declared, (q.name, set(q.returns) - declared)


def test_the_checks_take_the_joins_of_the_metrics_they_read():
    joins = coverage.check_joins()
    assert sorted(joins) == [1, 2, 3, 8, 14, 17, 20, 23, 25, 28]
    assert [(j.a, j.b) for j in joins[25]] == [("calls", "orders"), ("meetings", "orders")]
    assert [j.query for j in joins[28]] == ["crm_tasks", "pipeline_coverage"]


JANUARY = [f"2021-01-{d:02d} 10:00" for d in range(1, 32)]           # 31 calls a manager
TALK = calls(*JANUARY, manager="A", duration=60) + calls(*JANUARY, manager="B", duration=300)


def test_disjoint_periods_withhold_only_the_metrics_that_join_those_tables():
    def check17(deal_days):
        con = memory_db({"calls": TALK, "deals": deals(*deal_days, manager="A") + deals(*deal_days, manager="B")})
        result = audit.run(con, as_of=D(2021, 2, 1), lang="en")
        return result, result.check(17)

    # Same time: call length spread 5 min / 1 min = 5.0 (score 0, at or past the bad 3.0); deals per
    # call 2 / 31 against 2 / 31 = 1.0 (score 100, at or below the good 1.5): data score (0 + 100) / 2.
    _, same_time = check17(["2021-01-01", "2021-01-31"])
    assert [(s.key, s.value, s.score) for s in same_time.signals] == [
        ("signal.scripts.length_spread", 5.0, 0.0), ("signal.scripts.deal_spread", 1.0, 100.0)]
    assert same_time.data_score == 50.0 and same_time.limits == []
    # Deals of 2016-17 beside calls of 2021: deals per call is withheld, the call lengths still count:
    # the data score is the length spread's alone, 0.
    result, apart = check17(["2016-10-20", "2017-12-27"])
    assert [(s.key, s.value, s.score) for s in apart.signals] == [("signal.scripts.length_spread", 5.0, 0.0)]
    assert apart.data_score == 0.0 and apart.verdict == "critical"
    assert apart.metrics["calls_deal_conversion"] is None and apart.metrics["calls_by_manager"] is not None
    assert [(lim.kind, lim.blocking) for lim in apart.limits] == [("periods_disjoint", False)]
    [lim17] = next(c for c in audit.to_json(result)["checks"] if c["id"] == 17)["limits"]
    assert (lim17["kind"], lim17["blocking"], lim17["a_from"], lim17["b_to"]) == (
        "periods_disjoint", False, "2021-01-01", "2017-12-27")
    assert "they are left out of this item; the rest of it still counts" in lim17["text"]


def test_a_partial_overlap_measures_the_joined_metrics_over_the_shared_days():
    # Calls 2021-01-01 .. 01-31 (31 a manager); deals of A on 01-10, 01-20, 05-01, 05-02, 05-04 and of
    # B on 01-15, 05-03. Common days 01-10 .. 01-31: calls 10..31 = 22 a manager (44 of 62 = 0.7097),
    # deals 01-10, 01-20, 01-15 = 3 of 7 (0.4286).
    a_days = ["2021-01-10", "2021-01-20", "2021-05-01", "2021-05-02", "2021-05-04"]
    con = memory_db({"calls": TALK, "deals": deals(*a_days, manager="A") + deals("2021-01-15", "2021-05-03", manager="B")})
    result = audit.run(con, settings={"calls_manager_min": 10}, as_of=D(2021, 6, 1), lang="en")
    # Over the shared days: A 2 deals / 22 answered calls, B 1 / 22 (over all rows it would be
    # 5 / 31 and 2 / 31, a spread of 2.5).
    assert result.metrics["calls_deal_conversion"] == [
        {"manager": "A", "answered": 22, "deals": 2, "deals_per_call": float(f"{2 / 22:.12g}")},
        {"manager": "B", "answered": 22, "deals": 1, "deals_per_call": float(f"{1 / 22:.12g}")}]
    c17 = result.check(17)
    assert c17.metrics["calls_deal_conversion"] == result.metrics["calls_deal_conversion"]
    # Deal spread (2 / 22) / (1 / 22) = 2.0: score 100 * (3.0 - 2.0) / (3.0 - 1.5) = 66.7. Call lengths
    # stay over all rows (5.0, score 0).
    assert [(s.key, round(s.value, 9), s.score) for s in c17.signals] == [
        ("signal.scripts.length_spread", 5.0, 0.0), ("signal.scripts.deal_spread", 2.0, 66.7)]
    [lim] = c17.limits
    assert (lim.kind, lim.params["from"], lim.params["to"], lim.params["a_share"], lim.params["b_share"]) == (
        "periods_partial", "2021-01-10", "2021-01-31", round(44 / 62, 4), round(3 / 7, 4))
    assert "measured over the shared days 2021-01-10 to 2021-01-31 only, which hold 71% of the rows of calls " \
           "and 43% of deals" in lim.text("en")
    assert "посчитаны только по общим дням — с 2021-01-10 по 2021-01-31" in lim.text("ru")
    # The calls' own metrics still count all 62 calls.
    assert result.metrics["calls_total"] == 62


def test_plans_set_ahead_keep_their_future_months_over_the_shared_days():
    # Plans Jan 2024 .. Dec 2025 (100 a month), orders of A 2025-01-05 .. 2025-06-20 (10 each).
    # Common days 2025-01-05 .. 2025-06-20 (12 of 24 plan months before: partial). Over them the plan
    # months Jan .. Jun 2025 and the months after (set ahead) stay, 2024 goes. Complete months before
    # July with a plan and revenue data: Jan .. Jun 2025, 6 manager-months, each 10 / 100 = 0.1 of
    # plan: all below 80 %.
    months = [f"{y}-{m:02d}-01" for y in (2024, 2025) for m in range(1, 13)]
    order_rows = [{"client_id": "c", "ordered_at": f"2025-{m:02d}-{d}", "amount": 10, "manager": "A"}
                  for m, d in ((1, "05"), (2, "10"), (3, "10"), (4, "10"), (5, "10"), (6, "20"))]
    con = memory_db({"orders": order_rows, "plans": plans(*months)})
    result = audit.run(con, as_of=D(2025, 7, 1), lang="en")
    assert [lim.kind for lim in result.check(20).limits] == ["periods_partial"]
    assert (result.metrics["plan_manager_months"], result.metrics["plan_below80_share"]) == (6, 1.0)


def test_tasks_due_after_every_deal_was_opened_still_belong_to_those_deals():
    # Deals opened 01-10 .. 03-05, their tasks due 03-12: not disjoint (a task follows its deal).
    tasks = [{"deal_id": "0", "due_at": "2025-03-12"}]
    con = memory_db({"deals": deals("2025-01-10", "2025-03-05"), "tasks": tasks})
    assert coverage.check_limits(con) == {}
    assert coverage.disjoint_tables(con) == []
    # Tasks all due before the first deal was opened: they cannot be those deals' next steps.
    early = memory_db({"deals": deals("2025-01-10", "2025-03-05"), "tasks": [{"deal_id": "0", "due_at": "2024-12-01"}]})
    assert sorted(coverage.check_limits(early)) == [3, 28]
    assert coverage.check_limits(early)[3][0].kind == "periods_disjoint"
    # Tasks due 12-01 .. 03-12 against deals opened 01-10 .. 04-20: common days 01-10 (first deal) ..
    # 03-12 (last task). Tasks inside: 03-12 of (12-01, 03-12) = 1 / 2; deals inside: 01-10, 03-05 of
    # (01-10, 03-05, 04-20) = 2 / 3.
    both = memory_db({"deals": deals("2025-01-10", "2025-03-05", "2025-04-20"),
                      "tasks": [{"deal_id": "0", "due_at": d} for d in ("2024-12-01", "2025-03-12")]})
    [lim] = coverage.check_limits(both)[3]
    assert (lim.kind, lim.params["from"], lim.params["to"], lim.params["a_share"], lim.params["b_share"]) == (
        "periods_mixed", "2025-01-10", "2025-03-12", round(2 / 3, 4), 0.5)


def test_a_join_read_against_history_keeps_all_rows_and_says_it_mixes_periods():
    # Orders of c0 on 2024-06-01 and 2025-01-15, calls of 2025-01-10 .. 2025-03-10 with c0. Common days
    # 2025-01-10 .. 2025-01-15: 1 of 3 calls (0.3333), 1 of 2 orders (0.5). Cut to those days, the
    # order of 2024-06-01 would go and the call of 01-10 would be with a "new" client; over all rows
    # it is with an existing one (an order on a day before the call), as are the other two.
    order_rows = [{"client_id": "c0", "ordered_at": d, "amount": 10} for d in ("2024-06-01", "2025-01-15")]
    call_rows = [{"call_id": str(i), "started_at": d, "duration_s": 200, "manager": "A", "client_id": "c0",
                  "phone": "+79990000000", "direction": "in"}
                 for i, d in enumerate(("2025-01-10 10:00", "2025-02-10 10:00", "2025-03-10 10:00"))]
    con = memory_db({"orders": order_rows, "calls": call_rows})
    result = audit.run(con, as_of=D(2025, 3, 11), lang="en")
    [lim] = result.check(14).limits
    assert (lim.kind, lim.params["from"], lim.params["to"], lim.params["a_share"], lim.params["b_share"]) == (
        "periods_mixed", "2025-01-10", "2025-01-15", round(1 / 3, 4), 0.5)
    assert [(r["client_kind"], r["answered"]) for r in result.metrics["calls_client_kind"]] == [("existing", 3)]
    assert "mix periods: they use all rows" in lim.text("en") and "смешивают периоды" in lim.text("ru")
