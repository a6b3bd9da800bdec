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
    """The converted checks' settings, as they were declared as Threshold pairs before the norms."""
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
    got = defaults()
    assert {k: got[k] for k in before} == before
    assert len(got) == 126


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


def test_converted_checks_name_their_norms_and_borrowed_ones_are_found():
    assert check(15).norms == ("vl_depth", "vl_won_disc", "vl_top_ratio")
    assert [c.id for c in N.users("vl_top_ratio")] == [15, 16]       # 16 reads it through check 15's helper
    assert [c.id for c in N.users("short_manager")] == [14, 18]      # 18 still declares nothing: found as read
    assert N.home("short_manager") is check(14)
    assert [n.name for n in N.borrowed(check(18))] == ["short_manager"]
    assert [th.name for th in N.singles(check(12))] == ["skill_min_closed"]
    for number in (9, 10, 11, 12, 13, 15, 19, 20, 21, 22, 24, 25, 26, 27, 30):
        assert not any(th.name in N.BY_SETTING for th in check(number).thresholds), number


def test_every_norm_is_declared_once_and_used():
    names = [n.name for n in N.NORMS]
    assert len(names) == len(set(names))
    assert reference.norm_problems() == []
    assert {n.source for n in N.NORMS} <= set(N.SOURCES)


def test_an_unconverted_pair_that_disagrees_with_its_norm_is_reported(monkeypatch):
    c1 = check(1)
    changed = dataclasses.replace(c1, thresholds=(Threshold("funnel_step_good", 0.7, "share"),
                                                  *c1.thresholds[1:]))
    monkeypatch.setattr(reference, "REGISTRY", tuple(changed if c is c1 else c for c in REGISTRY))
    assert "check 1 (funnel): funnel_step_good = 0.7, the norm 'funnel_step' says 0.6" in reference.norm_problems()
