"""2. Target audience not defined: the ABC-XYZ matrix of the clients, win rate by segment, and meetings
that bring no order."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold
from audits.checks.norms import signal

CELLS = ("AX", "AY", "AZ", "BX", "BY", "BZ", "CX", "CY", "CZ")


def cz_share(matrix: dict | None) -> float | None:
    """Share of the classified clients (the nine cells, not the too-new N ones) that sit in CZ: small,
    irregular buyers, the least interesting cell of the seed's reading."""
    if not matrix:
        return None
    classified = sum(matrix.get(c) or 0 for c in CELLS)
    return (matrix.get("CZ") or 0) / classified if classified else None


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.target_audience.cz_share", cz_share(metrics.get("segments_abc_xyz")), "ta_cz_share", settings),
        signal("signal.target_audience.idle_meetings", metrics.get("meetings_no_order_share"),
               "ta_idle_meetings", settings),
    ]


CHECK = Check(
    id=2, slug="target_audience", category="clients",
    needs=(Need("orders", ("client_id", "ordered_at", "amount")), Need("meetings", ("client_id", "held_at"))),
    metrics=("segments_abc", "segments_xyz", "segments_abc_xyz", "segments_abc_xyz_revenue",
             "segments_win_rate", "meetings_no_order_share"),
    thresholds=(Threshold("abc_a_share", 0.8, "share"), Threshold("abc_b_share", 0.95, "share"),
                Threshold("xyz_x_share", 0.5, "share"), Threshold("xyz_y_share", 0.25, "share"),
                Threshold("xyz_min_months", 3, "count"), Threshold("abc_by_margin", 0, "flag")),
    norms=("ta_cz_share", "ta_idle_meetings"),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
