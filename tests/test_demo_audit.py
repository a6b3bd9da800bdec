"""The audit finds every problem planted in the demo company (sample_data/README.md), with the
values the README measured on the files."""
import pytest

from audits import audit


@pytest.fixture(scope="module")
def result(demo_store):
    return audit.run_store(demo_store, lang="en")


def failing(result, number):
    return result.check(number).verdict in ("warning", "critical")


def test_the_weak_funnel_step_is_the_principal_problem(result):
    p = result.principal
    assert (p["from_stage"], p["to_stage"]) == ("КП отправлено", "Думает")
    assert p["conversion"] == pytest.approx(1037 / 3555)
    assert [s["reached"] for s in result.metrics["funnel"]] == [6108, 5512, 4482, 3555, 1037, 790, 690, 602]
    assert result.metrics["win_rate"] == pytest.approx(602 / 5342)
    assert result.check(1).verdict == "critical"
    assert result.plan[0]["id"] == 1                         # the largest money at stake


def test_vague_stage_names_are_flagged(result):
    from audits.checks.m01_funnel import vague_stages
    assert vague_stages(result.metrics["funnel"]) == ["Думает", "На согласовании"]


def test_crm_hygiene_gaps(result):
    m = result.check(3).metrics
    assert (m["crm_no_amount"], m["crm_no_manager"], m["crm_lost_no_reason"]) == (194, 123, 1179)
    assert (m["crm_open_no_task"], m["crm_open_overdue"], m["open_deals"]) == (522, 111, 766)
    assert failing(result, 3)


def test_stale_pipeline(result):
    assert result.metrics["stale_deals"] == 623
    assert result.check(28).verdict == "critical"
    assert result.check(28).money_at_stake > 0


def test_revenue_concentrated_in_one_person(result):
    m = result.check(5).metrics
    assert m["top1_manager_share"] == pytest.approx(0.458, abs=0.001)
    team1 = next(t for t in m["team_concentration"] if t["team"] == "Отдел продаж 1")
    assert (team1["top_manager"], round(team1["top_share"], 3)) == ("Иван Петров", 0.718)
    assert failing(result, 5)


def test_a_manager_with_mostly_short_calls_and_low_talk_time(result):
    by_manager = {r["manager"]: r for r in result.metrics["calls_by_manager"]}
    assert by_manager["Сергей Морозов"]["short_share"] == pytest.approx(0.802, abs=0.001)
    talk = result.metrics["talk_min_per_day"]
    assert round(talk["Сергей Морозов"]) == 33 and round(talk["Иван Петров"]) == 134
    assert round(talk["Екатерина Новикова"]) == 114
    for number in (6, 14, 18):
        assert failing(result, number), number


def test_missed_calls_in_the_evening_and_no_callbacks(result):
    m = result.metrics
    assert m["missed_in_rate"] == pytest.approx(2696 / 21351)
    assert round(m["calls_missed_work_rate"], 3) == 0.081 and round(m["calls_missed_evening_rate"], 3) == 0.443
    assert m["callback_24h_rate"] == pytest.approx(918 / 2696)
    assert result.check(29).verdict == "critical" and result.check(29).money_at_stake > 0


def test_recordings_only_in_the_mango_year(result):
    assert result.metrics["calls_recorded_share"] < 0.5 and failing(result, 18)


def test_lost_a_clients(result):
    m = result.check(11).metrics
    assert (m["lost_clients"], m["clients_lost_a"]) == (244, 7)
    assert result.check(11).verdict == "critical"
    assert result.segments["abc"] == {"A": 446, "B": 351, "C": 432}


def test_zigzag_plan_and_end_loaded_months(result):
    m = result.metrics
    assert round(m["plan_below80_share"], 2) == 0.26 and round(m["plan_below100_share"], 2) == 0.59
    assert round(m["plan_first_half_share"], 2) == 0.34
    assert round(m["plan_first_half_by_team"]["Отдел продаж 2"], 2) == 0.26
    assert result.check(20).verdict == "critical" and result.check(23).verdict == "critical"


def test_low_nps(result):
    assert result.metrics["nps"] == 4.25 and result.metrics["nps_responses"] == 400
    assert result.check(7).verdict == "critical"


def test_share_of_wallet_with_gaps_in_potential(result):
    assert round(result.metrics["wallet_potential_coverage"], 2) == 0.57
    assert failing(result, 10)


def test_self_assessment_only_checks_wait_for_answers(result):
    assert [c.id for c in result.checks if c.evidence == "none"] == [13, 21, 22, 27, 30]
