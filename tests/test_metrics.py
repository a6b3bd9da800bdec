"""The reference metrics of results.md, each pinned on a small table computed by hand."""
import datetime as dt

import pytest

from audits import metrics as M
from audits.memdb import memory_db

AS_OF = dt.date(2026, 1, 1)
PARAMS = {"as_of": AS_OF, "stale_days": 30, "short_call_s": 120, "lost_after_days": 180}


def compute(tables, names=M.REFERENCE, **params):
    return M.compute(memory_db(tables), list(names), {**PARAMS, **params})


def rows(columns, *values):
    return [dict(zip(columns.split(), v, strict=True)) for v in values]


DEALS = rows(
    "deal_id status stage manager amount created_at closed_at",
    ("1", "won", "Won", "A", 100, "2025-01-01", "2025-01-11"),              # 10 days
    ("2", "won", "Won", "A", 300, "2025-02-01", "2025-02-21 12:00"),        # 20.5 days
    ("3", "won", "Won", "B", 100, "2025-03-01", "2025-03-31"),              # 30 days
    ("4", "won", "Won", None, 500, "2025-03-01", None),                     # no manager, no close date
    ("5", "lost", "Lost", "B", None, "2025-04-01", "2025-04-02"),
    ("6", "lost", "Lost", "A", 50, "2025-04-01", "2025-04-02"),
    ("7", "open", "Offer", "A", 1000, "2025-12-20", None),                  # 12 days old: fresh
    ("8", "open", "Offer", "B", None, "2025-10-01", None),                  # 92 days, no history: stale
    ("9", "open", "Offer", "B", None, "2025-11-01", None),                  # moved 2025-12-15: fresh
    ("10", "open", "Offer", "B", None, "2025-12-02", None),                 # exactly 30 days: not more
)
HISTORY = rows("deal_id stage entered_at", ("9", "New", "2025-11-01"), ("9", "Offer", "2025-12-15"))


def test_deal_metrics():
    m = compute({"deals": DEALS, "stage_history": HISTORY})
    assert m["deals_total"] == 10
    assert (m["deals_won"], m["deals_lost"], m["open_deals"]) == (4, 2, 4)
    assert m["win_rate"] == pytest.approx(4 / 6)
    assert m["avg_won_amount"] == 250.0                          # (100 + 300 + 100 + 500) / 4
    assert m["median_cycle_days"] == 20.5                        # median of 10, 20.5, 30
    assert m["stale_deals"] == 1                                 # deal 8 only


def test_manager_concentration_counts_won_revenue_of_deals_with_a_manager():
    m = compute({"deals": DEALS})
    assert m["top1_manager_share"] == pytest.approx(0.8)        # A 400 of 500
    assert m["hhi_managers"] == pytest.approx(0.8 ** 2 + 0.2 ** 2)


def test_funnel_follows_the_uploaded_stage_order_and_counts_skipped_stages_as_reached():
    deals = rows("deal_id stage status", ("x", "C", "open"), ("y", "A", "open"), ("z", "C", "open"))
    history = rows("deal_id stage entered_at", ("z", "A", "2025-01-01"), ("z", "C", "2025-01-02"))
    stages = rows("stage position", ("B", 2), ("A", 1), ("C", 3))
    m = compute({"deals": deals, "stage_history": history, "stages": stages}, ["funnel"])
    assert m["funnel"] == [{"stage": "A", "reached": 3, "conversion": None},
                           {"stage": "B", "reached": 2, "conversion": pytest.approx(2 / 3)},
                           {"stage": "C", "reached": 2, "conversion": 1.0}]


def test_funnel_order_from_history_puts_won_last_and_leaves_lost_out():
    deals = rows("deal_id stage status", ("1", "Paid", "won"), ("2", "Refused", "lost"), ("3", "Call", "open"))
    history = rows("deal_id stage entered_at",
                   ("1", "Call", "2025-01-01"), ("1", "Offer", "2025-01-02"), ("1", "Paid", "2025-01-03"),
                   ("2", "Call", "2025-01-01"), ("2", "Offer", "2025-01-02"), ("2", "Refused", "2025-01-03"),
                   ("3", "Call", "2025-01-05"))
    m = compute({"deals": deals, "stage_history": history}, ["funnel"])
    assert [(s["stage"], s["reached"]) for s in m["funnel"]] == [("Call", 3), ("Offer", 2), ("Paid", 1)]


CALLS = rows(
    "call_id started_at manager direction phone duration_s",
    ("c1", "2025-03-03 10:00", "A", "out", "7001", 30),
    ("c2", "2025-03-03 11:00", "A", "in", "7002", 0),      # missed; c3 calls back within the hour
    ("c3", "2025-03-03 12:00", "A", "out", "7002", 200),
    ("c4", "2025-03-04 09:00", "B", "in", "7003", 0),      # missed; the client gets through at 10:00
    ("c5", "2025-03-04 10:00", "B", "in", "7003", 90),
    ("c6", "2025-03-05 09:00", "B", "in", "7004", 0),      # missed; called back after 25 hours: too late
    ("c7", "2025-03-06 10:00", "B", "out", "7004", 120),
    ("c8", "2025-03-06 11:00", "B", "in", None, 0),        # missed, no number
    ("c9", "2025-03-06 12:00", None, "out", "7005", 60),   # no manager
)


def test_call_metrics():
    m = compute({"calls": CALLS})
    assert (m["calls_total"], m["calls_answered"]) == (9, 5)
    assert m["missed_in_rate"] == 0.8                            # 4 of 5 incoming
    assert m["avg_call_min"] == pytest.approx(500 / 5 / 60)     # 30 + 200 + 90 + 120 + 60 seconds
    assert m["median_call_min"] == 1.5                           # 90 s
    assert m["short_call_share"] == 0.6                          # 30, 90, 60 are under 120 s
    assert m["call_buckets"] == {"lt1": 0.2, "1to3": 0.6, "gt3": 0.2}   # 60 and 180 s are "1to3"
    assert m["talk_min_per_day"] == {"A": pytest.approx(230 / 60), "B": pytest.approx(210 / 60 / 3)}
    assert m["out_calls_per_day"] == {"A": 2.0, "B": 1.0}
    assert m["callback_24h_rate"] == pytest.approx(2 / 3)


def test_a_callback_is_the_first_later_contact_within_7_days_for_every_missed_call_even_two_alike():
    calls = rows(
        "call_id started_at manager direction phone duration_s status",
        ("m1", "2025-03-03 10:00", "A", "in", "7001", 0, None),     # missed twice at the same minute:
        ("m2", "2025-03-03 10:00", "A", "in", "7001", 0, None),     # both wait 120 minutes (m3 is no contact)
        ("m3", "2025-03-03 11:00", "A", "in", "7001", 0, None),     # missed again; waits 60 minutes
        ("x1", "2025-03-03 12:00", "A", "in", "7001", 0, "answered"),   # answered with no talk time: a contact
        ("m4", "2025-03-04 09:00", "A", "in", "7002", 0, None),     # the only later call is 8 days on
        ("x2", "2025-03-12 09:00", "A", "out", "7002", 60, None),
        ("m5", "2025-03-05 09:00", "A", "in", "7003", 0, None),     # called back after 30 hours
        ("x3", "2025-03-06 15:00", "A", "out", "7003", 60, None),
    )
    m = compute({"calls": calls}, ["callback_24h_rate", "calls_callback_delay_min", "calls_missed_not_called_back",
                                   "calls_missed_with_number"])
    # delays 120, 120, 60 and 1800 minutes (m4: none) -> median 120; within 24 hours: m1, m2, m3
    assert m == {"callback_24h_rate": 3 / 5, "calls_callback_delay_min": 120.0,
                 "calls_missed_not_called_back": 2, "calls_missed_with_number": 5}


def test_a_short_call_threshold_from_the_settings_is_used():
    assert compute({"calls": CALLS}, ["short_call_share"], short_call_s=61)["short_call_share"] == 0.4


def test_nps_in_points():
    m = compute({"nps": rows("score", (10,), (9,), (9,), (8,), (7,), (6,), (2,))})
    assert m["nps"] == pytest.approx(100 * (3 - 2) / 7)
    assert m["nps_responses"] == 7


ORDERS = rows(
    "order_id client_id ordered_at amount product",
    ("o1", "K1", "2025-01-10", 100, "p1"), ("o1", "K1", "2025-01-10", 50, "p2"),
    ("o2", "K1", "2025-06-01", 200, "p1"),                              # K1: 2 orders, last 214 days ago
    ("o3", "K2", "2025-12-01", 80, "p1"), ("o4", "K2", "2025-12-05", -80, "p1"),   # a return is no order
    ("o5", "K3", "2025-11-01", -30, "p1"),                              # K3 only returned: not ordering
    (None, "K4", "2025-07-05 10:00", 40, "p3"), (None, "K4", "2025-07-05 15:00", 60, "p3"),  # one order
    (None, "K4", "2025-07-20", 10, "p3"),                               # K4: 2 orders, last 165 days ago
    ("o6", "K5", "2025-05-01", 500, None),                              # K5: no product, 245 days ago
)


def test_order_metrics():
    m = compute({"orders": ORDERS})
    assert m["revenue_total"] == 930.0
    assert m["clients_ordering"] == 4                            # K1, K2, K4, K5
    assert m["repeat_rate"] == 0.5                               # K1 and K4
    assert m["lost_clients"] == 2                                # K1 and K5
    assert m["single_product_share"] == pytest.approx(2 / 3)    # K2 and K4 of K1, K2, K4


def test_every_metric_of_a_missing_table_is_null():
    m = compute({})
    assert all(m[name] is None for name in M.REFERENCE), {k: v for k, v in m.items() if v is not None}


def test_as_of_is_the_day_after_the_latest_timestamp():
    assert M.default_as_of(memory_db({"orders": ORDERS, "calls": CALLS})) == dt.date(2025, 12, 6)
    assert M.default_as_of(memory_db({})) is None


def test_every_reference_metric_has_one_query():
    assert set(M.REFERENCE) <= set(M.providers())


def test_abc_ranks_by_margin_when_chosen_and_present():
    from audits.checks import defaults
    orders = rows("order_id client_id ordered_at amount margin",
                  ("1", "K1", "2025-01-01", 900, 10), ("2", "K2", "2025-01-01", 100, 90))
    params = {**defaults(), "as_of": AS_OF}
    by_revenue = M.compute(memory_db({"orders": orders}), ["segments_abc"], params)["segments_abc"]
    by_margin = M.compute(memory_db({"orders": orders}), ["segments_abc"], {**params, "abc_by_margin": 1})
    # revenue: K1 first (0 above it: A), K2 has 900 of 1000 = 90 % above it: B.
    # margin: K2 first (A), K1 has 90 of 100 above it: B. The counts are equal; the members differ.
    assert by_revenue == by_margin["segments_abc"] == {"A": 1, "B": 1, "C": 0}
    con = memory_db({"orders": orders})
    first = con.execute("select client_id from client_abc(0.8, 0.95, 1) where abc = 'A'").fetchall()
    assert first == [("K2",)]
    assert con.execute("select client_id from client_abc(0.8, 0.95) where abc = 'A'").fetchall() == [("K1",)]
    without = memory_db({"orders": [{k: v for k, v in o.items() if k != "margin"} for o in orders]})
    assert without.execute("select client_id from client_abc(0.8, 0.95, 1) where abc = 'A'").fetchall() == [("K1",)]
