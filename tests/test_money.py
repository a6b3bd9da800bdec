"""The rules behind every money estimate (audits/money.py): one basis per year, the target as the
best quartile or the norm (whichever asks less), and stocks kept apart from flows."""
import datetime as dt
from types import SimpleNamespace

import pytest

from audits import money as MONEY
from audits.checks import REGISTRY, defaults


def test_a_period_is_scaled_to_a_year():
    assert MONEY.per_year(1000, 365) == pytest.approx(1000)
    assert MONEY.per_year(1000, 730) == pytest.approx(500)        # two years of data: half a year's worth each
    assert MONEY.per_year(2500, 30) == pytest.approx(2500 * 365 / 30)


def test_a_period_shorter_than_the_minimum_is_not_scaled_up():
    assert MONEY.per_year(1000, MONEY.MIN_PERIOD_DAYS - 1) is None
    assert MONEY.per_year(1000, MONEY.MIN_PERIOD_DAYS) is not None
    assert MONEY.per_year(1000, None) is None


def test_a_period_counts_its_first_and_last_day():
    assert MONEY.Period("calls", dt.date(2025, 3, 3), dt.date(2025, 4, 1)).days == 30
    assert MONEY.Period("deals", dt.date(2025, 1, 1), dt.date(2025, 1, 1)).days == 1


def test_best_quartile_interpolates_between_ranks():
    # (0.1, 0.2, 0.4): rank (3 - 1) x 0.75 = 1.5 -> 0.2 + 0.5 x 0.2 = 0.3; lower is better: rank 0.5 -> 0.15
    assert MONEY.best_quartile([0.4, 0.1, 0.2]) == pytest.approx(0.3)
    assert MONEY.best_quartile([0.4, 0.1, 0.2], higher_is_better=False) == pytest.approx(0.15)
    assert MONEY.best_quartile([1, 2, 3, 4, 5]) == pytest.approx(4)


def test_one_person_is_no_benchmark():
    assert MONEY.best_quartile([0.5]) is None
    assert MONEY.best_quartile([]) is None
    assert MONEY.best_quartile([None, 0.3]) is None


def test_the_target_is_whichever_asks_less():
    assert MONEY.target(0.3, 0.2) == 0.2                            # higher is better: the lower one
    assert MONEY.target(0.15, 0.2) == 0.15
    assert MONEY.target(0.1667, 0.2, higher_is_better=False) == 0.2  # lower is better: the higher one
    assert MONEY.target(0.3, 0.2, higher_is_better=False) == 0.3
    assert MONEY.target(None, 0.2) == 0.2                           # no benchmark: the norm


def test_stocks_are_never_added_to_flows():
    c = lambda i, amount, kind, verdict="critical": SimpleNamespace(id=i, money_at_stake=amount, money_kind=kind,
                                                                    verdict=verdict)
    checks = [c(1, 100.0, "flow"), c(6, 50.0, "flow"), c(28, 1000.0, "stock"), c(29, 7.0, "flow", "ok"),
              c(18, None, "flow")]
    assert MONEY.totals(checks) == {"flow_per_year": 150.0, "flow_checks": [1, 6], "stock": 1000.0,
                                    "stock_checks": [28]}
    assert MONEY.totals([]) == {"flow_per_year": None, "flow_checks": [], "stock": None, "stock_checks": []}


def test_items_without_an_honest_figure_say_why():
    ctx = MONEY.Context({}, defaults(), {}, "en")
    for number in (18, 23):
        est = MONEY.estimate(number, ctx)
        assert est.amount is None and est.reason and est.basis
    assert MONEY.estimate(1, ctx).reason == "no_won_amount"
    assert MONEY.estimate(29, ctx).reason == "no_call_orders"
    assert MONEY.estimate(30, ctx) is None                          # no money rule


def test_every_estimate_belongs_to_a_check():
    ids = {c.id for c in REGISTRY}
    assert set(MONEY.ESTIMATES) <= ids
    assert len([i for i in MONEY.ESTIMATES if i not in (18, 23)]) > 4


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_estimates_read_in_both_languages(lang):
    m = {"pipeline_stale_value": 3000.0, "win_rate": 0.25}
    est = MONEY.estimate(28, MONEY.Context(m, defaults(), {}, lang))
    assert est.kind == MONEY.STOCK and est.amount == 750.0
    assert "750" in est.formula and est.basis
