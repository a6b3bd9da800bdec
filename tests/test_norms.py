"""Norms declared once (audits/checks/norms.py): a norm's settings, the Signal built from it, the
earlier names that still read, which checks use which norm, and the defaults the audit starts from."""
import dataclasses

import pytest

from audits import audit, reference
from audits.checks import REGISTRY, defaults
from audits.checks import norms as N
from audits.checks.base import Signal, Threshold
from audits.memdb import memory_db


def check(number: int):
    return next(c for c in REGISTRY if c.id == number)


def test_a_norm_names_its_two_settings_and_declares_them():
    n = N.Norm("ec_second_order", 0.6, 0.3)
    assert n.setting_names == ("ec_second_order_good", "ec_second_order_bad")
    assert n.thresholds() == (Threshold("ec_second_order_good", 0.6, "share"),
                              Threshold("ec_second_order_bad", 0.3, "share"))
    irregular = N.norm("talk_min")
    assert irregular.setting_names == ("talk_min_target", "talk_min_low")
    assert (irregular.good, irregular.bad, irregular.unit, irregular.source) == (120, 60, "minutes", "seed_002")


def test_aliases_map_earlier_setting_names_to_todays():
    assert N.Norm("x", 1, 0, aliases=("old_x", ("x_high", "x_low"))).old_names() == {
        "old_x_good": "x_good", "old_x_bad": "x_bad", "x_high": "x_good", "x_low": "x_bad"}
    assert N.canonical("cv_c_effort_good") == "c_effort_good"
    assert N.canonical("cv_c_effort_bad") == "c_effort_bad"
    assert N.canonical("stale_days") == "stale_days"


def test_a_signal_from_a_norm_is_the_signal_written_out_by_hand():
    settings = defaults()
    assert N.signal("signal.value.top_ratio", 1.5, "vl_top_ratio", settings) == \
        Signal("signal.value.top_ratio", 1.5, 2.0, 1.25, "ratio")
    settings["hr_tenure_good"] = 3
    s = N.signal("signal.hiring.tenure", 1.75, "hr_tenure", settings)
    assert (s.bad, s.good, s.unit, s.score) == (0.5, 3, "years", 50.0)     # (1.75 - 0.5) / (3 - 0.5)


def test_the_defaults_are_those_of_the_thresholds_the_norms_replace():
    """Every check's settings, as they were declared as Threshold pairs before the norms (the checks
    converted first, then the rest after the merges); the numbers written into checks 1, 5 and 6 are
    settings now, with the same values."""
    before = {
        "ec_second_order_good": 0.6, "ec_second_order_bad": 0.3, "ec_returning_good": 0.6, "ec_returning_bad": 0.3,
        "ec_irregular_a_good": 0.1, "ec_irregular_a_bad": 0.4, "sw_penetration_good": 0.5, "sw_penetration_bad": 0.2,
        "sw_coverage_good": 0.9, "sw_coverage_bad": 0.5, "sw_breadth_good": 0.3, "sw_breadth_bad": 0.1,
        "lc_lost_share_good": 0.1, "lc_lost_share_bad": 0.3, "lc_lost_a_good": 0, "lc_lost_a_bad": 5,
        "skill_min_closed": 20, "sk_win_cv_good": 0.15, "sk_win_cv_bad": 0.4, "sk_deal_cv_good": 0.25,
        "sk_deal_cv_bad": 0.6, "discount_min_deals": 10, "vl_depth_good": 0.03, "vl_depth_bad": 0.1,
        "vl_won_disc_good": 0.2, "vl_won_disc_bad": 0.6, "vl_top_ratio_good": 1.25, "vl_top_ratio_bad": 2.0,
        "hr_turnover_good": 0.15, "hr_turnover_bad": 0.4, "hr_tenure_good": 2, "hr_tenure_bad": 0.5,
        "hr_first_win_good": 60, "hr_first_win_bad": 180, "mv_below80_good": 0.1, "mv_below80_bad": 0.3,
        "mv_below100_good": 0.3, "mv_below100_bad": 0.7, "op_single_good": 0.2, "op_single_bad": 0.5,
        "c_effort_good": 0.1, "c_effort_bad": 0.3, "hd_activity_good": 0.2, "hd_activity_bad": 0.0,
        "stale_days": 30, "short_call_s": 120, "lost_after_days": 180}
    after_merge = {
        "funnel_step_good": 0.6, "funnel_step_bad": 0.2, "win_rate_good": 0.2, "win_rate_bad": 0.05,
        "warm_win_rate_good": 0.2, "warm_win_rate_bad": 0.1, "cold_win_rate_good": 0.01, "cold_win_rate_bad": 0.0,
        "slice_min_closed": 20, "ta_cz_share_good": 0.2, "ta_cz_share_bad": 0.5, "ta_idle_meetings_good": 0.2,
        "ta_idle_meetings_bad": 0.5, "crm_no_task_good": 0.1, "crm_no_task_bad": 0.5, "crm_overdue_good": 0.05,
        "crm_overdue_bad": 0.3, "crm_missing_good": 0.01, "crm_missing_bad": 0.1, "crm_reason_good": 0.05,
        "crm_reason_bad": 0.3, "crm_unmatched_good": 0.15, "crm_unmatched_bad": 0.4, "crm_no_deal_good": 0.2,
        "crm_no_deal_bad": 0.6, "crm_late_close_days": 14, "crm_late_close_good": 0.1, "crm_late_close_bad": 0.3,
        "st_both_good": 0.25, "st_both_bad": 0.75, "st_span_good": 6, "st_span_bad": 10,
        "both_hunter_share": 0.5, "both_farmer_share": 0.1, "cp_top1_good": 0.3, "cp_top1_bad": 0.6,
        "cp_team_top1_good": 0.4, "cp_team_top1_bad": 0.7, "talk_min_target": 120, "talk_min_low": 60,
        "out_calls_min": 20, "out_calls_max": 50, "meet_client_good": 0.5, "meet_client_bad": 0.2,
        "nps_good": 50, "nps_bad": 10, "nps_rate_good": 0.2, "nps_rate_bad": 0.05, "nps_recency_good": 120,
        "nps_recency_bad": 365, "nc_win_rate_good": 0.2, "nc_win_rate_bad": 0.05, "nc_both_good": 0.25,
        "nc_both_bad": 0.75, "spin_short_first_good": 0.2, "spin_short_first_bad": 0.5, "short_manager_good": 0.35,
        "short_manager_bad": 0.6, "spin_talk_new_good_min": 5, "spin_talk_new_bad_min": 2,
        "negotiation_min_deals": 10, "ng_late_good": 0.8, "ng_late_bad": 0.5, "ng_late_min_good": 0.8,
        "ng_late_min_bad": 0.5, "scripts_spread_good": 1.5, "scripts_spread_bad": 3.0,
        "listen_recorded_good": 0.95, "listen_recorded_bad": 0.5, "pe_first_half_good": 0.5,
        "pe_first_half_bad": 0.3, "pe_cv_good": 0.1, "pe_cv_bad": 0.3, "pl_stale_good": 0.2, "pl_stale_bad": 0.6,
        "pl_no_task_good": 0.1, "pl_no_task_bad": 0.5, "pl_coverage_good": 3.0, "pl_coverage_bad": 1.0,
        "pl_no_deal_days": 14, "pl_no_deal_good": 0.0, "pl_no_deal_bad": 0.25, "touch_missed_good": 0.05,
        "touch_missed_bad": 0.2, "touch_callback_good": 0.9, "touch_callback_bad": 0.5,
        "touch_delay_good_min": 15, "touch_delay_bad_min": 240, "touch_wait_good_s": 20, "touch_wait_bad_s": 60,
        "calls_order_window_days": 30, "lead_1d_good": 0.9, "lead_1d_bad": 0.5, "lead_median_good_min": 60,
        "lead_median_bad_min": 1440}
    # once numbers in the code: vague stage names (1), SAME_JOB and TEAM (5), the calls-a-day band (6)
    were_constants = {"vague_stages_good": 0, "vague_stages_bad": 2, "cp_same_job_good": 3, "cp_same_job_bad": 1,
                      "cp_team_size_good": 6, "cp_team_size_bad": 9, "out_calls_in_band_good": 0.9,
                      "out_calls_in_band_bad": 0.5}
    got = defaults()
    assert {k: got[k] for k in before} == before
    assert {k: got[k] for k in after_merge} == after_merge
    assert {k: got[k] for k in were_constants} == were_constants
    assert len(got) == 160          # 152 before the last conversion, and the 8 that were constants


def test_an_earlier_name_still_reads_in_the_audit_and_on_the_command_line():
    assert audit.settings_with({"cv_c_effort_bad": 0.4})["c_effort_bad"] == 0.4
    with pytest.raises(KeyError, match="no_such"):
        audit.settings_with({"no_such": 1})
    from audits.cli import _settings
    assert _settings(["cv_c_effort_good=0.05"], "en") == {"cv_c_effort_good": 0.05}
    result = audit.run(memory_db({}), settings={"cv_c_effort_good": 0.05}, lang="en")
    assert result.settings["c_effort_good"] == 0.05 and "cv_c_effort_good" not in result.settings


def test_check_25_scores_with_a_value_given_under_the_earlier_name():
    c25 = check(25)
    metrics = {"segments_c_call_share": 0.2, "segments_c_meeting_share": 0.2}
    default = [s.score for s in c25.measure(metrics, audit.settings_with())]
    old = [s.score for s in c25.measure(metrics, audit.settings_with({"cv_c_effort_bad": 0.4}))]
    assert default == [50.0, 50.0] and old == [pytest.approx(200 / 3, abs=0.05)] * 2   # (0.4-0.2)/(0.4-0.1)


def test_every_check_names_its_norms_and_borrowed_ones_are_found():
    assert check(15).norms == ("vl_depth", "vl_won_disc", "vl_top_ratio")
    assert [c.id for c in N.users("vl_top_ratio")] == [15]            # 16 no longer reads the discounts
    assert [c.id for c in N.users("short_manager")] == [14, 18]
    assert N.home("short_manager") is check(14)
    assert [n.name for n in N.borrowed(check(18))] == ["short_manager"]
    assert [th.name for th in N.singles(check(12))] == ["skill_min_closed"]
    assert [th.name for th in N.singles(check(28))] == ["pl_no_deal_days"]
    for c in REGISTRY:
        assert not any(th.name in N.BY_SETTING for th in c.thresholds), c.id
        assert {s for s in N.read_settings(c) if s in N.BY_SETTING} <= \
            {s for n in N.uses(c) for s in n.setting_names}, c.id
    assert [c.id for c in REGISTRY if not c.norms] == [13, 21, 22, 27, 30]   # self-assessment only


def test_the_numbers_once_written_into_checks_1_5_and_6_are_norms_the_user_can_change():
    settings = defaults()
    funnel = [{"stage": "Думает", "reached": 10, "conversion": 0.5}]
    assert check(1).measure({"funnel": funnel}, settings)[2] == Signal("signal.funnel.vague_stages", 1, 2, 0, "count")
    settings["vague_stages_bad"] = 4
    assert check(1).measure({"funnel": funnel}, settings)[2].score == 75.0          # (4 - 1) / (4 - 0)
    metrics = {"team_same_job": 2, "team_largest": 8}
    same, *_, largest = check(5).measure(metrics, defaults())
    assert (same.score, largest.score) == (50.0, pytest.approx(33.3))           # (2-1)/(3-1); (9-8)/(9-6)
    settings = defaults() | {"cp_same_job_good": 2, "cp_team_size_good": 8}
    same, *_, largest = check(5).measure(metrics, settings)
    assert (same.score, largest.score) == (100.0, 100.0)
    out_calls = {"out_calls_per_day": {"A": 30, "B": 10}}                       # one of two in 20..50
    assert check(6).measure(out_calls, defaults())[1].score == 0.0               # 0.5 is the bad end
    assert check(6).measure(out_calls, defaults() | {"out_calls_in_band_bad": 0.0})[1].score == pytest.approx(55.6)


def test_check_5_scales_its_top_manager_norms_to_the_team_as_set():
    """Three managers: the top share cannot fall below 1/3, so 30 % becomes 1/3 + 10 points."""
    metrics = {"top1_manager_share": 0.5, "won_managers": 3}
    top = check(5).measure(metrics, defaults())[1]
    assert (top.good, top.bad) == (pytest.approx(1 / 3 + 0.1), pytest.approx(1 / 3 + 0.1 + 0.3))
    top = check(5).measure(metrics, defaults() | {"cp_top1_good": 0.5, "cp_top1_bad": 0.9})[1]
    assert (top.good, top.bad, top.score) == (0.5, 0.9, 100.0)


def test_every_norm_is_declared_once_and_used():
    names = [n.name for n in N.NORMS]
    assert len(names) == len(set(names)) == 68
    assert reference.norm_problems() == []
    assert reference.problems() == []
    assert {n.source for n in N.NORMS} <= set(N.SOURCES)
    assert N.norm("ng_late_min") == N.Norm("ng_late_min", 0.8, 0.5, "ratio")     # the check's own default
    assert N.norm("lead_median").setting_names == ("lead_median_good_min", "lead_median_bad_min")
    assert N.norm("spin_talk_new").setting_names == ("spin_talk_new_good_min", "spin_talk_new_bad_min")


def test_a_pair_declared_again_as_thresholds_or_read_without_naming_is_reported(monkeypatch):
    c1 = check(1)
    changed = dataclasses.replace(c1, thresholds=(Threshold("funnel_step_good", 0.7, "share"), *c1.thresholds),
                                  norms=c1.norms[1:])
    monkeypatch.setattr(reference, "REGISTRY", tuple(changed if c is c1 else c for c in REGISTRY))
    found = reference.norm_problems()
    assert "check 1 (funnel): setting 'funnel_step_good' is a norm's: name the norm in norms=" in found
    assert "check 1 (funnel): reads the setting 'funnel_step_bad' of norm 'funnel_step' without naming the norm" \
        in found
