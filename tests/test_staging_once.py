"""Staging built once per audit: the heavy staging views become tables on the audit's cursor, made
for its scope and gone when it ends; a scope never reads staging made for another."""
import datetime as dt

import pytest

from audits import audit, staging
from audits import metrics as M
from audits.memdb import memory_db
from audits.scope import Scope, applied

TEAM = Scope(teams=("Отдел продаж 2",))
PERIOD = Scope(start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31))
# Metrics that read every materialised staging table (calls, missed calls, speed to lead, orders, ABC
# and XYZ, deals, plans).
NAMES = ("calls_total", "callback_24h_rate", "lead_deals", "lead_1d_share", "revenue_total", "repeat_rate",
         "segments_abc", "segments_xyz", "median_cycle_days", "plan_manager_months", "deals_total")


def _through_views(con, scope, as_of):
    """The metrics as the staging views give them (nothing materialised)."""
    cur = con.cursor()
    try:
        with applied(cur, scope):
            return M.compute(cur, NAMES, {**audit.settings_with(), "as_of": as_of})
    finally:
        cur.close()


def test_scoped_and_unscoped_audits_in_a_row_each_get_their_own_numbers(demo_store):
    team = audit.run_store(demo_store, lang="en", scope=TEAM)
    whole = audit.run_store(demo_store, lang="en")
    period = audit.run_store(demo_store, lang="en", scope=PERIOD)
    again = audit.run_store(demo_store, lang="en", scope=TEAM)
    for result, scope in ((team, TEAM), (whole, None), (period, PERIOD), (again, TEAM)):
        as_of = dt.date.fromisoformat(result.as_of)
        assert {n: result.metrics[n] for n in NAMES} == _through_views(demo_store.con, scope, as_of)
    assert team.metrics["calls_total"] < whole.metrics["calls_total"]
    assert period.metrics["revenue_total"] < whole.metrics["revenue_total"]


class _KeptCursors:
    """A connection whose cursors stay open after the audit closes them, to look at what is left."""

    def __init__(self, con):
        self._con, self.cursors = con, []

    def cursor(self):
        cur = self._con.cursor()
        self.cursors.append(cur)
        return _NoClose(cur)

    def __getattr__(self, name):
        return getattr(self._con, name)


class _NoClose:
    def __init__(self, cur):
        self._cur = cur

    def close(self):
        pass

    def __getattr__(self, name):
        return getattr(self._cur, name)


@pytest.mark.parametrize("scope", [None, PERIOD])
def test_the_staging_tables_are_built_during_the_audit_and_gone_after_it(demo_store, monkeypatch, scope):
    seen = []
    compute = M.compute

    def watched(cur, names, params):
        seen.append(staging.present(cur))
        return compute(cur, names, params)

    monkeypatch.setattr(M, "compute", watched)
    con = _KeptCursors(demo_store.con)
    audit.run(con, lang="en", scope=scope)
    assert seen[0] == sorted(staging.MATERIALISED)
    for cur in con.cursors:
        assert staging.present(cur) == []
        left = cur.execute("select table_name from duckdb_tables() where temporary union all "
                           "select view_name from duckdb_views() where temporary and not internal").fetchall()
        assert not {r[0] for r in left} & ({"_scope_managers"} | set(staging.MATERIALISED) | set(M.model.TABLES))
        cur.close()


def test_a_scope_is_never_applied_over_staging_tables():
    con = memory_db({"deals": [{"deal_id": "1", "status": "won", "created_at": "2025-01-10"}]})
    cur = con.cursor()
    with staging.built(cur):
        with pytest.raises(RuntimeError, match="staging tables"):
            with applied(cur, PERIOD):
                pass
    assert staging.present(cur) == []
    with applied(cur, PERIOD), staging.built(cur, {"stg_orders_placed", "stg_orders"}):
        assert staging.present(cur) == ["stg_orders_placed"]


def test_staging_names_what_a_query_reads_through_other_staging_objects():
    used = staging.used_by(M.providers()["segments_abc"].sql)
    assert {"stg_orders", "stg_orders_placed", "client_abc"} <= used
    assert "stg_calls" not in used
