"""Client segments: ABC, XYZ and the cells of the matrix pinned on small hand-computed tables; the RFM
table; the clusters (deterministic, sensibly named, tiny, empty and large bases); results.json on the
demo company."""
from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from audits import audit
from audits import segments as S
from audits.memdb import memory_db

AS_OF = dt.date(2025, 7, 1)

# Order lines, January to June 2025; April has no order at all. Without an order_id an order is a
# client and a day, and an "order" whose lines sum to 0 or less (a return) is not an order.
#   a: Jan (order A1: two lines 100 + 75), Feb 175, Mar 175, Jun 175 (the data's last line) -> net 700
#   b: Jan 40, Mar 30, May 30                                                                 -> net 100
#   c: Feb 50, May 50                                                                         -> net 100
#   d: Jan 130, a return of 30 in Feb                                                         -> net 100
#   e: May 100, a return of 150 ten days later                                                -> net -50
#   g: Jun 40 (one month of history)                                                          -> net 40
#   f: only a return of 20 in March: never ordered, so not an ordering client at all
LINES = [
    ("A1", "a", "2025-01-10", 100, "box"), ("A1", "a", "2025-01-10", 75, "tape"),
    (None, "a", "2025-02-12", 175, "box"), (None, "a", "2025-03-14", 175, "box"),
    (None, "a", "2025-06-20", 175, "tape"),
    (None, "b", "2025-01-15", 40, None), (None, "b", "2025-03-15", 30, None), (None, "b", "2025-05-15", 30, None),
    (None, "c", "2025-02-03", 50, None), (None, "c", "2025-05-03", 50, None),
    (None, "d", "2025-01-15", 130, None), (None, "d", "2025-02-20", -30, None),
    (None, "e", "2025-05-10", 100, None), (None, "e", "2025-05-20", -150, None),
    (None, "g", "2025-06-05", 40, None),
    (None, "f", "2025-03-01", -20, None),
]


def hand_db():
    rows = [{"order_id": o, "client_id": c, "ordered_at": d, "amount": a, "product": p} for o, c, d, a, p in LINES]
    clients = [{"client_id": c, "name": f"Client {c.upper()}"} for c in "abcdefg"]
    return memory_db({"orders": rows, "clients": clients})


@pytest.fixture(scope="module")
def hand():
    return audit.run(hand_db(), as_of=AS_OF, lang="en")


def test_abc_ranks_net_revenue_with_ties_by_client_id_and_negative_clients_last(hand):
    # Net revenue of the ordering clients: a 700, b 100, c 100, d 100 (130 - 30), g 40, e -50 (100 - 150);
    # f never ordered. Total 990: A while the revenue above < 0.8 x 990 = 792, B while < 0.95 x 990 = 940.5.
    # Ranked a 700 (above 0: A), b 100 (above 700: A), c 100 (above 800: B; the tie with b is broken by
    # client_id), d 100 (above 900: B), g 40 (above 1000: C), e -50 (above 1040: C).
    assert hand.metrics["segments_abc"] == {"A": 2, "B": 2, "C": 2}
    classes = dict(hand.segmentation.clients.select("client_id", "abc").iter_rows())
    assert classes == {"a": "A", "b": "A", "c": "B", "d": "B", "g": "C", "e": "C"}


def test_xyz_counts_calendar_months_even_a_month_without_any_order(hand):
    # The data's last line is in June; April holds no order at all but is still a calendar month.
    # a: months Jan..Jun = 6, with an order in Jan, Feb, Mar, Jun = 4 -> 0.67 -> X
    # b: 6 months, orders in Jan, Mar, May = 3 -> 0.50 -> X (the limit itself is X)
    # c: Feb..Jun = 5 months, orders in Feb, May = 2 -> 0.40 -> Y (0.50 -> X if April were skipped)
    # d: 6 months, an order in Jan only (the February return is no order) = 1 -> 0.17 -> Z
    # e: May..Jun = 2 months < 3 -> N;  g: June only, one month of history -> N
    assert hand.metrics["segments_xyz"] == {"X": 2, "Y": 1, "Z": 1, "N": 2}
    classes = dict(hand.segmentation.clients.select("client_id", "xyz").iter_rows())
    assert classes == {"a": "X", "b": "X", "c": "Y", "d": "Z", "e": "N", "g": "N"}


def test_the_cells_count_clients_and_net_revenue(hand):
    # a AX, b AX, c BY, d BZ, e CN, g CN.  Revenue: AX 700 + 100, BY 100, BZ 100, CN 40 - 50.
    cells = hand.metrics["segments_abc_xyz"]
    assert {k: v for k, v in cells.items() if v} == {"AX": 2, "BY": 1, "BZ": 1, "CN": 2}
    revenue = hand.metrics["segments_abc_xyz_revenue"]
    assert {k: v for k, v in revenue.items() if v} == {"AX": 800.0, "BY": 100.0, "BZ": 100.0, "CN": -10.0}
    rows = S.cell_table(cells, revenue)
    assert len(rows) == 12 and sum(r["clients"] for r in rows) == 6
    ax = next(r for r in rows if r["cell"] == "AX")
    assert ax["revenue_share"] == pytest.approx(800 / 990)


def test_rfm_counts_orders_not_lines_and_days_to_the_analysis_date(hand):
    f = {r["client_id"]: r for r in hand.segmentation.clients.to_dicts()}
    assert set(f) == {"a", "b", "c", "d", "e", "g"}                      # f only returned goods
    # a: order A1 has two lines: 4 orders; the last on 20 June, 11 days before 1 July; 2 products.
    assert (f["a"]["frequency"], f["a"]["recency_days"], f["a"]["monetary"], f["a"]["products"]) == (4, 11.0, 700.0, 2)
    # e: its return is no order, so its last order is 10 May: 22 days to 1 June + 30 of June = 52 days.
    assert (f["e"]["frequency"], f["e"]["recency_days"], f["e"]["monetary"]) == (1, 52.0, -50.0)
    # d: 15 January to 1 July = 17 (to 1 Feb) + 28 + 31 + 30 + 31 + 30 = 167 days; net 130 - 30.
    assert (f["d"]["frequency"], f["d"]["recency_days"], f["d"]["monetary"]) == (1, 167.0, 100.0)
    assert f["b"]["name"] == "Client B"
    # Six clients are too few to group: the message says so and results.json has no clusters.
    assert hand.segmentation.message == S.MSG_TOO_FEW and hand.segments["clusters"] == []


def test_the_segmentation_agrees_with_the_matrix_counts(hand):
    got = hand.segmentation.clients.group_by("abc", "xyz").len()
    cells = {a + x: n for a, x, n in got.iter_rows()}
    assert {k: v for k, v in hand.metrics["segments_abc_xyz"].items() if v} == cells


# --- clustering on constructed bases ----------------------------------------------------------------

def base(groups: list[tuple[int, float, float, float, float]], seed: int = 1) -> pl.DataFrame:
    """An rfm frame: per group (clients, orders, money, recency days, tenure days), with a little noise."""
    rng = np.random.default_rng(seed)
    rows, n = [], 0
    for count, orders, money, recency, tenure in groups:
        for _ in range(count):
            n += 1
            f = max(1, int(round(orders * rng.uniform(0.85, 1.15))))
            r = recency * rng.uniform(0.8, 1.2)
            rows.append({"client_id": f"c{n:05d}", "name": f"Client {n}", "abc": "A", "xyz": "X",
                         "recency_days": r, "frequency": f, "monetary": money * rng.uniform(0.8, 1.2),
                         "products": None, "margin": None, "first_order_at": None, "last_order_at": None,
                         "tenure_days": max(tenure * rng.uniform(0.9, 1.1), r)})
    return pl.DataFrame(rows, schema={k: v for k, v in S.COLUMNS.items() if k != "cluster"}, strict=False)


THREE = [(20, 22, 1_000_000, 6, 700),       # big, frequent, recent
         (20, 1, 1_000, 450, 450),          # small one-off orders long ago
         (20, 5, 50_000, 45, 350)]          # in between


def test_three_obvious_groups_are_found_and_named_sensibly():
    seg = S.cluster(base(THREE), "en")
    assert seg.k == 3 and seg.message is None
    assert [c.key for c in seg.clusters] == ["large_regular", "regular", "lost"]
    assert [c.clients for c in seg.clusters] == [20, 20, 20]
    assert [c.name for c in seg.clusters] == ["large regular", "regular", "lost"]
    first = seg.clients.filter(pl.col("client_id") <= "c00020")["cluster"].unique().to_list()
    assert first == ["large regular"]
    assert seg.silhouette > 0.5 and set(seg.scores) == {2, 3, 4, 5, 6}
    big = seg.clusters[0]
    assert big.revenue_share > 0.9 and big.median_frequency >= 19 and big.action


def test_the_same_data_gives_the_same_clusters_in_any_row_order():
    frame = base(THREE + [(15, 2, 20_000, 10, 40)], seed=7)
    one, two = S.cluster(frame, "ru"), S.cluster(frame.sample(fraction=1.0, shuffle=True, seed=3), "ru")
    assert [c.name for c in one.clusters] == [c.name for c in two.clusters]
    assert [c.clients for c in one.clusters] == [c.clients for c in two.clusters]
    assert one.clients.select("client_id", "cluster").equals(two.clients.select("client_id", "cluster"))
    assert (one.k, one.silhouette) == (two.k, two.silhouette)


@pytest.mark.parametrize("centre, tenure, name", [
    ({"recency_days": 400, "frequency": 2, "monetary": 1_000}, 500, "lost"),
    ({"recency_days": 400, "frequency": 20, "monetary": 900_000}, 700, "lost_large"),
    ({"recency_days": 150, "frequency": 12, "monetary": 500_000}, 700, "at_risk"),
    ({"recency_days": 150, "frequency": 2, "monetary": 5_000}, 700, "occasional_small"),
    ({"recency_days": 10, "frequency": 2, "monetary": 30_000}, 40, "new"),
    ({"recency_days": 20, "frequency": 15, "monetary": 900_000}, 700, "large_regular"),
    ({"recency_days": 30, "frequency": 9, "monetary": 200_000}, 600, "regular"),
    ({"recency_days": 40, "frequency": 3, "monetary": 20_000}, 600, "occasional_small"),
])
def test_a_cluster_is_named_from_its_centre_against_the_medians(centre, tenure, name):
    medians = {"recency_days": 60, "frequency": 8, "monetary": 300_000, "tenure_days": 600}
    assert S.name_of(centre, tenure, medians, 180) == name


def test_ten_clients_are_enough_to_group_and_nine_are_not():
    ten = base([(5, 20, 500_000, 5, 700), (5, 1, 2_000, 400, 400)])
    seg = S.cluster(ten, "en")
    assert seg.message is None and seg.k is not None and 2 <= seg.k <= 6
    assert seg.clients["cluster"].null_count() == 0 and sum(c.clients for c in seg.clusters) == 10
    nine = S.cluster(ten.head(9), "en")
    assert nine.message == S.MSG_TOO_FEW and not nine.clusters and nine.results() == []
    assert nine.clients.height == 9 and nine.clients["cluster"].null_count() == 9


def test_clients_that_all_look_alike_make_no_clusters():
    same = base([(12, 3, 10_000, 30, 300)]).with_columns(
        pl.lit(30.0).alias("recency_days"), pl.lit(3).cast(pl.Int64).alias("frequency"),
        pl.lit(10_000.0).alias("monetary"))
    seg = S.cluster(same, "en")
    assert seg.message == S.MSG_ALIKE and seg.results() == []


def test_an_empty_base_gives_a_clear_message_and_no_clusters():
    seg = S.cluster(S.empty_frame().drop("cluster"), "en")
    assert seg.message == S.MSG_NO_ORDERS and seg.results() is None and seg.clients.height == 0
    res = audit.run(memory_db({"tasks": [{"due_at": "2025-01-01", "manager": "A"}]}), lang="en")
    assert res.segmentation.message == S.MSG_NO_ORDERS
    assert res.segments == {"abc": None, "xyz": None, "abc_xyz": None, "clusters": None}
    from audits.i18n import t
    assert t(S.MSG_NO_ORDERS, "ru") and t(S.MSG_TOO_FEW, "en", clients=3, min=S.MIN_CLIENTS)


def test_a_large_base_is_fitted_on_a_sample_and_every_client_assigned(monkeypatch):
    monkeypatch.setattr(S, "LARGE", 300)
    monkeypatch.setattr(S, "FIT_SAMPLE", 150)
    frame = base([(200, 22, 1_000_000, 6, 700), (200, 1, 1_000, 450, 450), (200, 5, 50_000, 45, 350)])
    seg = S.cluster(frame, "en")
    assert seg.sampled and seg.clients["cluster"].null_count() == 0
    assert sum(c.clients for c in seg.clusters) == 600
    assert [c.key for c in seg.clusters] == ["large_regular", "regular", "lost"]
    again = S.cluster(frame, "en")
    assert again.clients["cluster"].to_list() == seg.clients["cluster"].to_list()


def test_margin_and_product_breadth_join_the_features_when_the_orders_carry_them():
    frame = base(THREE).with_columns(pl.Series("products", [5] * 20 + [1] * 20 + [3] * 20),
                                     (pl.col("monetary") * 0.2).alias("margin"))
    seg = S.cluster(frame, "en")
    assert seg.features == ("recency_days", "frequency", "monetary", "products", "margin")
    assert S.cluster(base(THREE), "en").features == ("recency_days", "frequency", "monetary")


# --- the demo company ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(demo_store):
    return audit.run_store(demo_store, lang="en")


def test_results_json_holds_the_clusters_of_the_demo(demo, demo_store):
    segments = audit.to_json(demo)["segments"]
    assert segments["abc"] == {"A": 446, "B": 351, "C": 432}
    assert segments["xyz"] == {"X": 219, "Y": 607, "Z": 372, "N": 31}
    clusters = segments["clusters"]
    assert clusters and all(set(c) == {"name", "clients", "revenue"} for c in clusters)
    assert sum(c["clients"] for c in clusters) == 1229
    assert len({c["name"] for c in clusters}) == len(clusters)
    net = demo_store.sql("select sum(amount)::DOUBLE as r from stg_orders "
                         "where client_id in (select client_id from stg_orders_placed)")["r"][0]
    assert sum(c["revenue"] for c in clusters) == pytest.approx(net, rel=1e-9)
    seg = demo.segmentation
    assert seg.k is not None and seg.silhouette > 0.25 and seg.features[:3] == ("recency_days", "frequency", "monetary")
    by_cell = seg.clients.group_by("abc", "xyz").len()
    assert {a + x: n for a, x, n in by_cell.iter_rows()} == {k: v for k, v in demo.metrics["segments_abc_xyz"].items() if v}


def test_the_demo_is_clustered_the_same_way_twice(demo, demo_store):
    # (Its speed is measured in benchmarks/bench_segments.py, not here.)
    cur = demo_store.con.cursor()
    try:
        params = {**demo.settings, "as_of": dt.date.fromisoformat(demo.as_of)}
        again = S.segment(cur, params, "en")
    finally:
        cur.close()
    assert [(c.name, c.clients, c.revenue) for c in again.clusters] == \
        [(c.name, c.clients, c.revenue) for c in demo.segmentation.clusters]
    assert again.clients["cluster"].to_list() == demo.segmentation.clients["cluster"].to_list()
