"""Filters: an audit of one period, team or manager sees only that slice, everywhere."""
import datetime as dt

import pytest

from audits import audit
from audits.memdb import memory_db
from audits.scope import Scope
from tests.test_metrics import rows

DEALS = rows("deal_id status stage manager amount created_at",
             ("1", "won", "Won", "Anna", 100, "2025-01-10"), ("2", "won", "Won", "Boris", 300, "2025-02-10"),
             ("3", "lost", "Lost", "Boris", 50, "2025-02-11"), ("4", "won", "Won", "Vera", 600, "2025-03-01"))
MANAGERS = rows("manager team", ("Anna", "T1"), ("Boris", "T1"), ("Vera", "T2"))
HISTORY = rows("deal_id stage entered_at", ("1", "Won", "2025-01-10"), ("4", "Won", "2025-03-01"))


def metrics(scope, **tables):
    con = memory_db({"deals": DEALS, "managers": MANAGERS, "stage_history": HISTORY, **tables})
    return audit.run(con, scope=scope, lang="en").metrics, con


def test_a_team_keeps_its_managers_deals_only():
    m, _ = metrics(Scope(teams=("T1",)))
    assert (m["deals_total"], m["deals_won"]) == (3, 2)
    assert m["top1_manager_share"] == pytest.approx(0.75)     # Boris 300 of 400


def test_a_manager_within_a_team():
    m, _ = metrics(Scope(teams=("T1",), managers=("Anna", "Vera")))
    assert m["deals_total"] == 1                               # Vera is not in T1


def test_a_period_includes_both_ends_and_sets_the_analysis_date():
    m, _ = metrics(Scope(start=dt.date(2025, 2, 1), end=dt.date(2025, 2, 11)))
    assert (m["deals_total"], m["deals_won"], m["deals_lost"]) == (2, 1, 1)
    result = audit.run(memory_db({"deals": DEALS}), scope=Scope(end=dt.date(2025, 2, 10)), lang="en")
    assert result.as_of == "2025-02-11"


def test_the_history_follows_the_deals_in_scope_and_the_filter_is_gone_afterwards():
    m, con = metrics(Scope(managers=("Vera",)))
    assert [s["reached"] for s in m["funnel"]] == [1]
    assert con.execute("select count(*) from deals").fetchall()[0][0] == 4
    assert con.execute("select count(*) from stage_history").fetchall()[0][0] == 2


def test_a_team_filter_on_the_demo_company_store(demo_store):
    whole = audit.run_store(demo_store, lang="en")
    team2 = audit.run_store(demo_store, lang="en", scope=Scope(teams=("Отдел продаж 2",)))
    assert team2.metrics["deals_total"] < whole.metrics["deals_total"]
    assert team2.metrics["top1_manager_share"] < 0.35           # the README: Новикова 29 % of team 2
    assert demo_store.tables()["deals"] == whole.metrics["deals_total"]


def test_the_filter_offers_the_span_of_the_data_its_teams_and_managers():
    from audits.scope import options
    found = options(memory_db({"deals": DEALS, "managers": MANAGERS}))
    assert (found["start"], found["end"]) == (dt.date(2025, 1, 10), dt.date(2025, 3, 1))
    assert found["teams"] == ["T1", "T2"] and found["managers"] == ["Anna", "Boris", "Vera"]
