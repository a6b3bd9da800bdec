"""Tables whose periods do not overlap, and columns the checks need that a file lacks, on real exports
loaded together with no mapping: the Maven CRM deals (engage dates 2016-10-20 .. 2017-12-27, 500
Prospecting deals without one; no loss reason, no discount: SOURCE.md) beside the PwC call centre
(2021-01-01 .. 2021-03-31; no number, no direction, no recording, so no link to a client)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.real.conftest import real_path

MAVEN = "maven-crm-sales-opportunities/original_zip_extracted/sales_pipeline.csv"
PWC = "pwc-call-center-dataset/01 Call-Center-Dataset.xlsx"


@pytest.fixture(scope="module")
def store():
    from audits.store import Input, Store
    paths = [real_path(MAVEN), real_path(PWC)]
    s = Store(memory_limit=None, threads=2)
    s.add([Input(name=p.name, path=p) for p in paths])
    yield s
    s.close()


def test_each_table_has_its_period(store):
    from audits import coverage
    p = coverage.periods(store.con)
    assert (p["deals"].start, p["deals"].end, p["deals"].rows, p["deals"].dated) == (
        dt.date(2016, 10, 20), dt.date(2017, 12, 27), 8800, 8300)
    assert (p["calls"].start, p["calls"].end, p["calls"].rows, p["calls"].dated) == (
        dt.date(2021, 1, 1), dt.date(2021, 3, 31), 5000, 5000)


def test_the_check_joining_calls_and_deals_is_limited_and_says_why(store):
    from audits import coverage
    limits = coverage.check_limits(store.con)
    # the checks joining these two tables: 1 (the funnel in contacts), 17 (deals per call), 29 (speed to lead)
    assert list(limits) == [1, 17]
    [lim] = limits[17]
    assert (lim.kind, lim.blocking) == ("periods_disjoint", False)
    assert (lim.params["a_from"], lim.params["a_to"], lim.params["b_from"], lim.params["b_to"]) == (
        "2021-01-01", "2021-03-31", "2016-10-20", "2017-12-27")


def test_the_missing_columns_are_named_with_the_checks_they_serve(store):
    from audits import coverage
    assert coverage.missing_columns(store.con) == {
        "deals": [{"column": "lost_reason", "checks": [3]}, {"column": "discount", "checks": [15]}],
        "calls": [{"column": "direction", "checks": [6, 29]}, {"column": "phone", "checks": [3, 14, 29]},
                  {"column": "recording_url", "checks": [18]}, {"column": "client_id", "checks": [3, 25]}],
    }
    warnings = coverage.warnings(store.con, "en")
    assert warnings[0] == (
        "The periods of two tables do not overlap: deals from 2016-10-20 to 2017-12-27, calls from 2021-01-01 "
        "to 2021-03-31. Items 1, 17 compare these tables; those figures are left out, the rest of the items "
        "still count. Upload both exports for the same period.")
    assert warnings[1].startswith("The table “deals” lacks columns that the checks need: lost reason (item 3); "
                                  "discount (item 15).")


def test_results_json_carries_the_periods_the_missing_columns_and_the_withheld_metric(store):
    from audits import audit
    result = audit.run_store(store, lang="en", as_of=dt.date(2021, 4, 1))
    out = audit.to_json(result)
    assert out["tables"]["deals"]["period"] == {"from": "2016-10-20", "to": "2017-12-27"}
    assert out["tables"]["calls"]["period"] == {"from": "2021-01-01", "to": "2021-03-31"}
    assert [m["column"] for m in out["tables"]["deals"]["missing_columns"]] == ["lost_reason", "discount"]
    c17 = next(c for c in out["checks"] if c["id"] == 17)
    # Deals per call is withheld (calls of 2021, deals of 2016-17); the call lengths still count.
    assert c17["metrics"]["calls_deal_conversion"] is None and c17["metrics"]["calls_by_manager"]
    assert [s["key"] for s in c17["signals"]] == ["signal.scripts.length_spread"]
    assert [(x["kind"], x["blocking"]) for x in c17["limits"]] == [("periods_disjoint", False)]
    others = [c["id"] for c in out["checks"] if any(x["kind"].startswith("periods_") for x in c["limits"])]
    assert others == [1, 17]


def test_load_json_warns_about_both(capsys):
    from audits.cli import main
    code = main(["load", str(real_path(MAVEN)), str(real_path(PWC)), "--json", "--lang", "en"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert any(w.startswith("The periods of two tables do not overlap: deals from 2016-10-20") for w in out["warnings"])
    assert any("“deals” lacks columns" in w and "lost reason" in w for w in out["warnings"])
    assert out["tables"]["calls"]["period"] == {"from": "2021-01-01", "to": "2021-03-31"}
    assert [m["column"] for m in out["tables"]["deals"]["missing_columns"]] == ["lost_reason", "discount"]
