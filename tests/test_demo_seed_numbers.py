"""The seed numbers of items 1 and 3 on the demo company (issue 13): warm and cold leads, the funnel
in contacts, days in each stage, slices, losses written down late. Values measured on the committed
files of sample_data/."""
import pytest

from audits import audit
from audits.checks.m01_funnel import lead_kinds


@pytest.fixture(scope="module")
def result(demo_store):
    return audit.run_store(demo_store, lang="en")


def test_warm_and_cold_leads(result):
    m = result.check(1).metrics
    kinds = lead_kinds(m["funnel_slices"], result.settings["slice_min_closed"])
    # warm: Входящий звонок 237 / 1,785, Сайт 169 / 1,570, Рекомендация 67 / 534 closed; Выставка is neither
    assert kinds["warm"]["channels"] == ["Входящий звонок", "Сайт", "Рекомендация"]
    assert (kinds["warm"]["won"], kinds["warm"]["won"] + kinds["warm"]["lost"]) == (473, 3889)
    assert (kinds["cold"]["won"], kinds["cold"]["won"] + kinds["cold"]["lost"]) == (100, 1065)
    signals = {s.key: s for s in result.check(1).signals}
    assert signals["signal.funnel.warm_win_rate"].score == pytest.approx(21.6)      # 12.2 % against 10-20 %
    assert signals["signal.funnel.cold_win_rate"].score == 100.0                    # 9.4 % against 0-1 %


def test_funnel_in_contacts_and_days_in_stages(result):
    m = result.check(1).metrics
    assert [s["contacts"] for s in m["funnel_contacts"]] == [11584, 1248, 1234, 354]
    assert m["contact_to_deal_rate"] == pytest.approx(0.2304, abs=1e-4)
    days = {s["stage"]: s["median_days"] for s in m["stage_time"]}
    assert round(days["КП отправлено"], 1) == 7.0 and round(days["Думает"], 1) == 8.3
    assert round(m["median_cycle_days"], 1) == 41.6
    kinds = {s["value"]: s["deals"] for s in m["funnel_slices"] if s["dimension"] == "client_kind"}
    assert kinds == {"new": 2870, "existing": 2377, None: 861}


def test_losses_written_down_late(result):
    m = result.check(3).metrics
    assert m["crm_late_close"] == 180 and m["crm_late_close_share"] == pytest.approx(180 / 4740)
    assert result.check(3).verdict in ("warning", "critical")
