"""Client segments: ABC-XYZ classes, RFM per client and clusters named in plain words. Pure: no Streamlit.

One SQL query (queries/segments/rfm.sql: two grouped reads of the order lines) gives one row per
ordering client: its ABC class (as the staging macro client_abc ranks, so margin instead of revenue
when the user picked it), its XYZ class (as client_xyz and segments_matrix.sql count them), recency
(days from its last order to as_of), frequency (orders), monetary (net revenue), product breadth and
margin. The counts per class and cell come from the
metrics (segments_matrix.sql); this module adds the clusters.

Clustering, the way it is done here and why:
- features: recency in days; log1p of frequency, of monetary (net revenue below 0 counts as 0) and of
  product breadth (when the orders name products); a signed log of the margin (when the orders carry
  one); each standardised (mean 0, standard deviation 1), so no unit dominates the distance;
- KMeans (n_init and random_state fixed) for every k in K_RANGE (2..6), capped by the number of
  distinct clients (points); the highest silhouette score decides, except that 2 groups give way
  to 3 when 3 keep at least SILHOUETTE_TOLERANCE (90 %) of the score of 2;
- more than LARGE clients: the model is fitted on a fixed-seed sample of FIT_SAMPLE clients (of the
  clients ordered by client_id, so the same data gives the same sample) and then assigns every client
  to the nearest centre (predict); the silhouette is measured on a fixed-seed sample as well;
- clusters are ordered by the monetary value of their centre (largest first, then the most recent) and
  named from the centre against the medians of all clients (`name_of`), so the same data always gives
  the same clusters in the same order with the same names;
- fewer than MIN_CLIENTS clients, or all of them alike: no clusters, and a message key says why.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from audits import metrics as M
from audits.i18n import t

if TYPE_CHECKING:
    import numpy as np
    import polars as pl

# numpy and polars are imported where they are used, not here: an audit without orders (a call log
# alone) never needs them, and the command line starts faster without them.

RFM_QUERY = M.QUERIES / "segments" / "rfm.sql"
K_RANGE = (2, 6)            # the numbers of clusters tried
N_INIT = 4                  # KMeans restarts per k
SEED = 0                    # every random choice (KMeans starts, samples)
MIN_CLIENTS = 10            # below this a clustering says nothing
LARGE = 5_000               # above this many clients the model is fitted on a sample ...
FIT_SAMPLE = 5_000          # ... of this many clients (20 fits on 5,000 clients: about 0.1 s)
SILHOUETTE_SAMPLE = 2_000   # the silhouette of larger bases is measured on a sample of this size
# The silhouette of client bases often peaks at 2 groups ("big and recent" against "the rest"), which
# tells an owner little: when 3 groups keep at least 90 % of that score they are taken instead (the
# demo company: 0.46 for 2, 0.42 for 3). 1.0 would take the plain maximum.
SILHOUETTE_TOLERANCE = 0.9

# Plain-word names, in the order `name_of` tries them; i18n segments.cluster.<name> and segments.action.<name>.
NAMES = ("lost_large", "lost", "at_risk", "new", "large_regular", "regular", "occasional_small")

MSG_NO_ORDERS = "segments.msg.no_orders"
MSG_TOO_FEW = "segments.msg.too_few"
MSG_ALIKE = "segments.msg.alike"


@cache
def _columns() -> dict:
    """The columns of a segmentation's client frame and their polars types (`COLUMNS`)."""
    import polars as pl
    return {"client_id": pl.String, "name": pl.String, "abc": pl.String, "xyz": pl.String,
            "recency_days": pl.Float64, "frequency": pl.Int64, "monetary": pl.Float64, "products": pl.Int64,
            "margin": pl.Float64, "first_order_at": pl.Datetime, "last_order_at": pl.Datetime,
            "tenure_days": pl.Float64, "cluster": pl.String}


def __getattr__(name: str):
    """`COLUMNS`, made on first use (it needs polars)."""
    if name == "COLUMNS":
        return _columns()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class Cluster:
    key: str                       # the plain-word name's key (NAMES)
    name: str                      # the name in the result's language ("2", "3" added when names repeat)
    clients: int
    revenue: float                 # net revenue of its clients
    revenue_share: float | None    # of all ordering clients' net revenue (None when that is not positive)
    median_recency: float          # days
    median_frequency: float        # orders
    median_order_value: float      # the median over its clients of net revenue / orders
    action: str                    # what to do with these clients, in the result's language
    centre: dict                   # recency_days, frequency, monetary of the cluster centre


@dataclass
class Segmentation:
    frame: pl.DataFrame | None = None   # one row per ordering client (`clients`); None: no orders read
    clusters: list[Cluster] = field(default_factory=list)
    k: int | None = None
    silhouette: float | None = None
    scores: dict[int, float] = field(default_factory=dict)     # silhouette of every k tried
    features: tuple[str, ...] = ()
    sampled: bool = False          # fitted on a sample (a large base)
    message: str | None = None     # i18n key when there are no clusters
    medians: dict = field(default_factory=dict)                # of all clients: recency, frequency, monetary

    @property
    def clients(self) -> pl.DataFrame:
        """One row per ordering client (COLUMNS; name/products/margin when known), empty without orders."""
        return self.frame if self.frame is not None else empty_frame()

    def results(self) -> list[dict] | None:
        """results.json `segments.clusters`: [{name, clients, revenue}], None without orders."""
        if self.message == MSG_NO_ORDERS:
            return None
        return [{"name": c.name, "clients": c.clients, "revenue": M.plain(c.revenue)} for c in self.clusters]


# --- reading -----------------------------------------------------------------------------------------

def empty_frame() -> pl.DataFrame:
    import polars as pl
    return pl.DataFrame(schema=_columns())


def rfm(con, params: dict) -> pl.DataFrame:
    """One row per ordering client (rfm.sql), empty when no orders are loaded."""
    import polars as pl
    q = M.parse(RFM_QUERY)
    if any(tbl not in M.filled_tables(con) for tbl in q.needs) or params.get("as_of") is None:
        return empty_frame().drop("cluster")
    # numpy arrays (masked where null) into the frame's types: no pyarrow, which .pl() would import, and
    # no pandas. (A polars frame read from the relation's Arrow stream makes DuckDB 2.0 print leak
    # warnings at exit.)
    data = con.execute(q.sql, {p: params[p] for p in q.params}).fetchnumpy()
    frame = pl.DataFrame(data, schema={c: _columns()[c] for c in data})
    return frame if frame.height else empty_frame().drop("cluster")


def segment(con, params: dict, lang: str = "ru") -> Segmentation:
    """RFM and clusters of the ordering clients on `con` (a cursor with the audit's scope applied),
    `params` holding as_of and the settings (abc_*, xyz_*, lost_after_days). Without orders or as_of
    (no recency without a date): no clusters, the message says there are no orders."""
    if params.get("as_of") is None or "orders" not in M.filled_tables(con):
        return Segmentation(message=MSG_NO_ORDERS)
    return cluster(rfm(con, params), lang, lost_after_days=float(params.get("lost_after_days", 180)))


def may_cluster(con) -> bool:
    """Whether segmenting `con` (a loaded database, no scope) may come to clustering: at least
    MIN_CLIENTS clients with an order line above 0. A cheap check, not the decision: `cluster` decides."""
    return con.execute("select count(distinct client_id) >= $n from orders where amount > 0",
                       {"n": MIN_CLIENTS}).fetchone()[0]


def import_clustering() -> None:
    """Import what clustering needs (scikit-learn: about 1.5 s of CPU, mostly scipy.stats and pandas it
    imports itself); for a background thread that overlaps the import with the audit's queries."""
    import sklearn.cluster  # noqa: F401
    import sklearn.metrics  # noqa: F401


def _one_thread():
    """KMeans on one BLAS/OpenMP thread. The fits are small (at most FIT_SAMPLE points); on a busy host
    (a server, or DuckDB's own threads) a thread pool per fit made one fit 100x slower (5.6 s instead of
    0.05 s, benchmarks/bench_scale.py). One thread also makes the result independent of the core count.
    threadpoolctl limits only the libraries already loaded, so scikit-learn (and its OpenMP runtime) is
    imported first: imported inside the block, its pool kept both cores (the fits of the CLI 20x slower)."""
    import_clustering()
    from threadpoolctl import threadpool_limits
    return threadpool_limits(limits=1)


# --- clustering --------------------------------------------------------------------------------------

def _signed_log(x: np.ndarray) -> np.ndarray:
    import numpy as np
    return np.sign(x) * np.log1p(np.abs(x))


def features(frame: pl.DataFrame) -> tuple[np.ndarray, tuple[str, ...]]:
    """The matrix the clusters are found in (standardised) and the names of its columns."""
    import numpy as np
    cols = [frame["recency_days"].to_numpy().astype(float),
            np.log1p(frame["frequency"].to_numpy().astype(float)),
            np.log1p(np.clip(frame["monetary"].fill_null(0).to_numpy().astype(float), 0, None))]
    names = ["recency_days", "frequency", "monetary"]
    if "products" in frame.columns and (frame["products"].fill_null(0) > 0).any():
        cols.append(np.log1p(frame["products"].fill_null(0).to_numpy().astype(float)))
        names.append("products")
    if "margin" in frame.columns and frame["margin"].null_count() < frame.height:
        cols.append(_signed_log(frame["margin"].fill_null(0).to_numpy().astype(float)))
        names.append("margin")
    x = np.column_stack(cols) if frame.height else np.zeros((0, len(cols)))
    mean, std = x.mean(axis=0) if len(x) else 0, x.std(axis=0) if len(x) else 1
    std = np.where(std > 0, std, 1.0)
    return (x - mean) / std, tuple(names)


def _distinct(x: np.ndarray) -> int:
    import numpy as np
    import polars as pl
    return pl.DataFrame(np.round(x, 9)).n_unique() if len(x) else 0


def _silhouette(dist: np.ndarray, labels: np.ndarray) -> float:
    """The mean silhouette of `labels` from their pairwise distances, as sklearn's silhouette_score
    (metric "precomputed") computes it, with the per-cluster sums as one matrix product instead of a
    bincount per row (10x faster; equal up to the last bits of the sums)."""
    import numpy as np
    _, codes = np.unique(labels, return_inverse=True)
    freqs = np.bincount(codes)
    rows = np.arange(len(codes))
    sums = dist @ np.eye(len(freqs))[codes]               # distance of every point to every cluster
    with np.errstate(divide="ignore", invalid="ignore"):
        own = sums[rows, codes] / (freqs - 1)[codes]       # a: the mean distance within its own cluster
        sums[rows, codes] = np.inf
        nearest = (sums / freqs).min(axis=1)              # b: the mean distance to the nearest other one
        values = (nearest - own) / np.maximum(own, nearest)
    return float(np.nan_to_num(values).mean())             # a cluster of one point counts 0


def _choose_k(x: np.ndarray, distinct: int):
    """(k, model, silhouette, scores): KMeans for every k of K_RANGE (capped by the distinct points);
    the k of the best silhouette wins, except that 2 gives way to 3 when the silhouette of 3 is at
    least SILHOUETTE_TOLERANCE of it. The silhouette is measured on at most SILHOUETTE_SAMPLE clients
    (a fixed-seed sample), their distances computed once for every k."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.metrics import pairwise_distances

    n = len(x)
    k_max = min(K_RANGE[1], distinct, n - 1)
    idx = np.arange(n) if n <= SILHOUETTE_SAMPLE else \
        np.sort(np.random.default_rng(SEED).choice(n, size=SILHOUETTE_SAMPLE, replace=False))
    dist = pairwise_distances(x[idx])
    fits: dict[int, tuple] = {}
    for k in range(K_RANGE[0], k_max + 1):
        model = KMeans(n_clusters=k, n_init=N_INIT, random_state=SEED).fit(x)
        labels = model.labels_[idx]
        if len(set(labels.tolist())) < 2:
            continue
        fits[k] = (model, round(_silhouette(dist, labels), 4))
    if not fits:
        return None, None, None, {}
    k = max(fits, key=lambda k2: (fits[k2][1], -k2))           # the best score; ties: fewer groups
    if k == 2 and 3 in fits and fits[3][1] >= SILHOUETTE_TOLERANCE * fits[2][1]:
        k = 3
    return k, fits[k][0], fits[k][1], {k2: s for k2, (_, s) in fits.items()}


def name_of(centre: dict, tenure: float, medians: dict, lost_after_days: float) -> str:
    """The plain-word name of a cluster from its centre (recency_days, frequency, monetary), its
    clients' median tenure (days since the first order), the medians of all clients and the audit's
    `lost_after_days`. The usual gap between a cluster's orders is its tenure / its orders.
    - silent longer than lost_after_days: "lost_large" when it bought half as much again as the
      typical client (money or orders >= 1.5 x the median), else "lost";
    - silent longer than 1.5 x the typical recency and twice its own usual gap: "at_risk" when it buys
      about as often or as much as the typical client (>= 0.75 x the median), else "occasional_small";
    - first ordered less than half the typical tenure ago, no more orders than the typical client: "new";
    - >= 1.5 x the median money and at least the median number of orders: "large_regular";
    - about the median orders or money (>= 0.75 x the median): "regular"; else "occasional_small".
    The middle group of a base sits on the medians, hence "about": 0.75 x."""
    r, f, m = centre["recency_days"], centre["frequency"], centre["monetary"]
    mr, mf, mm = (max(medians[k], 1e-9) for k in ("recency_days", "frequency", "monetary"))
    gap = tenure / max(f, 1.0)
    if r > lost_after_days:
        return "lost_large" if m >= 1.5 * mm or f >= 1.5 * mf else "lost"
    if r > 1.5 * mr and r > 2 * gap:
        return "at_risk" if m >= 0.75 * mm or f >= 0.75 * mf else "occasional_small"
    if tenure < 0.5 * max(medians["tenure_days"], 1e-9) and f <= mf:
        return "new"
    if m >= 1.5 * mm and f >= mf:
        return "large_regular"
    if f >= 0.75 * mf or m >= 0.75 * mm:
        return "regular"
    return "occasional_small"


def _median(series: pl.Series) -> float:
    value = series.median()
    return float(value) if value is not None else 0.0


def cluster(frame: pl.DataFrame, lang: str = "ru", lost_after_days: float = 180.0) -> Segmentation:
    """Clusters of the clients of an rfm frame (see rfm.sql), named and ordered deterministically."""
    import numpy as np
    import polars as pl
    frame = frame.sort("client_id")
    if "name" in frame.columns and frame["name"].null_count() == frame.height:
        frame = frame.drop("name")
    if "margin" in frame.columns and frame["margin"].null_count() == frame.height:
        frame = frame.drop("margin")
    if "products" in frame.columns and not (frame["products"].fill_null(0) > 0).any():
        frame = frame.drop("products")
    if frame.height == 0:
        return Segmentation(frame=frame.with_columns(pl.lit(None, pl.String).alias("cluster")),
                            message=MSG_NO_ORDERS)
    medians = {c: _median(frame[c]) for c in ("recency_days", "frequency", "monetary", "tenure_days")}
    x, names = features(frame)
    distinct = _distinct(x)
    none = pl.lit(None, pl.String).alias("cluster")
    if frame.height < MIN_CLIENTS:
        return Segmentation(frame=frame.with_columns(none), features=names, message=MSG_TOO_FEW, medians=medians)
    if distinct < 2:
        return Segmentation(frame=frame.with_columns(none), features=names, message=MSG_ALIKE, medians=medians)

    sampled = frame.height > LARGE
    fit_x = x
    if sampled:
        idx = np.sort(np.random.default_rng(SEED).choice(frame.height, size=FIT_SAMPLE, replace=False))
        fit_x = x[idx]
        distinct = _distinct(fit_x)
    with _one_thread():
        k, model, score, scores = _choose_k(fit_x, distinct)
        if model is None:
            return Segmentation(frame=frame.with_columns(none), features=names, message=MSG_ALIKE, medians=medians)
        labels = model.predict(x) if sampled else model.labels_

    # Order the clusters: the largest centre money first, then the most recent, then the most frequent.
    raw = np.column_stack([frame["recency_days"].to_numpy().astype(float),
                           frame["frequency"].to_numpy().astype(float),
                           frame["monetary"].fill_null(0).to_numpy().astype(float)])
    centres = []
    for j in range(k):
        members = raw[labels == j]
        # The centre in the original units: recency as a mean, counts and money as the back-transformed
        # mean of their logs (a geometric-like mean, robust to a few huge clients).
        centres.append({"recency_days": float(members[:, 0].mean()),
                        "frequency": float(np.expm1(np.log1p(members[:, 1]).mean())),
                        "monetary": float(np.expm1(np.log1p(np.clip(members[:, 2], 0, None)).mean()))})
    order = sorted(range(k), key=lambda j: (-round(centres[j]["monetary"], 6), round(centres[j]["recency_days"], 6),
                                            -round(centres[j]["frequency"], 6), j))
    rank = np.empty(k, dtype=np.int64)
    rank[order] = np.arange(k)
    ranked = rank[labels]

    total = float(frame["monetary"].sum())
    frame = frame.with_columns(pl.Series("_c", ranked, dtype=pl.Int64))
    clusters: list[Cluster] = []
    seen: dict[str, int] = {}
    for new, old in enumerate(order):
        part = frame.filter(pl.col("_c") == new)
        key = name_of(centres[old], _median(part["tenure_days"]), medians, lost_after_days)
        seen[key] = seen.get(key, 0) + 1
        label = t(f"segments.cluster.{key}", lang) + (f" {seen[key]}" if seen[key] > 1 else "")
        revenue = float(part["monetary"].sum())
        clusters.append(Cluster(
            key=key, name=label, clients=part.height, revenue=revenue,
            revenue_share=revenue / total if total > 0 else None,
            median_recency=_median(part["recency_days"]), median_frequency=_median(part["frequency"]),
            median_order_value=_median(part["monetary"] / part["frequency"]),
            action=t(f"segments.action.{key}", lang),
            centre={k2: round(v, 6) for k2, v in centres[old].items()}))
    labels_text = pl.Series("cluster", [c.name for c in clusters], dtype=pl.String).gather(ranked)
    frame = frame.drop("_c").with_columns(labels_text)
    return Segmentation(frame=frame, clusters=clusters, k=k, silhouette=round(score, 4), scores=scores,
                        features=names, sampled=sampled, medians=medians)


# --- the ABC-XYZ matrix as the page reads it -----------------------------------------------------------

ABC = ("A", "B", "C")
XYZ = ("X", "Y", "Z")


def members(seg: Segmentation, cell: str | None = None, cluster_name: str | None = None) -> pl.DataFrame:
    """The clients of one ABC-XYZ cell ("AX", ..., "CN") and/or one cluster (by its name)."""
    import polars as pl
    frame = seg.clients
    if cell:
        frame = frame.filter((pl.col("abc") == cell[0]) & (pl.col("xyz") == cell[1:]))
    if cluster_name:
        frame = frame.filter(pl.col("cluster") == cluster_name)
    return frame.sort(["monetary", "client_id"], descending=[True, False])


def cell_table(counts: dict | None, revenue: dict | None) -> list[dict]:
    """The matrix as rows A, B, C with, per column X, Y, Z and N, the clients and the net revenue of the
    cell (from the metrics segments_abc_xyz and segments_abc_xyz_revenue)."""
    counts, revenue = counts or {}, revenue or {}
    total = sum(v or 0 for v in revenue.values())
    rows = []
    for a in ABC:
        for x in (*XYZ, "N"):
            cell = a + x
            rev = revenue.get(cell)
            rows.append({"abc": a, "xyz": x, "cell": cell, "clients": counts.get(cell) or 0,
                         "revenue": rev or 0.0, "revenue_share": (rev or 0.0) / total if total > 0 else None})
    return rows
