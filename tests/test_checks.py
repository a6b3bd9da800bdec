"""The check framework and each check's scoring, on metrics written by hand."""
import pytest

from audits.checks import REGISTRY, defaults
from audits.checks.base import assess, ramp, verdict
from audits.i18n import LANGS, catalogue

SETTINGS = defaults()
FUNNEL = [
    {"stage": "Первичный контакт", "reached": 100, "conversion": None},
    {"stage": "КП отправлено", "reached": 80, "conversion": 0.8},
    {"stage": "Думает", "reached": 24, "conversion": 0.3},
    {"stage": "Успешно реализовано", "reached": 20, "conversion": 20 / 24},
]


def test_the_registry_is_sorted_unique_and_every_text_exists_in_both_languages():
    ids = [c.id for c in REGISTRY]
    assert ids == sorted(set(ids))
    assert len({c.slug for c in REGISTRY}) == len(REGISTRY)
    keys = []
    for c in REGISTRY:
        keys += [f"{c.key}.{part}" for part in ("title", "what", "why", *c.questions)]
        keys += [f"{c.key}.remedy{i}" for i in range(1, c.remedies + 1)]
    for key in keys:
        for lang in LANGS:
            assert catalogue()[key][lang].strip(), (key, lang)


def test_threshold_names_are_unique_across_checks():
    names = [t.name for c in REGISTRY for t in c.thresholds]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("value, bad, good, expected", [
    (0.3, 0.2, 0.6, 25.0), (0.6, 0.2, 0.6, 100.0), (0.1, 0.2, 0.6, 0.0), (1, 2, 0, 50.0), (None, 0, 1, None)])
def test_ramp(value, bad, good, expected):
    assert ramp(value, bad, good) == expected


def test_verdict_bands():
    assert [verdict(s) for s in (75, 74.9, 40, 39.9, None)] == ["ok", "warning", "warning", "critical",
                                                                 "not_assessed"]


def test_funnel_with_a_weak_step_and_a_vague_stage_is_critical():
    check = REGISTRY[0]
    a = assess(check, {"funnel": FUNNEL, "win_rate": 0.1}, SETTINGS)
    # weakest step 0.3 on 0.2..0.6 -> 25; win rate 0.1 on 0.05..0.2 -> 33.3; one vague stage on 2..0 -> 50
    assert [s.score for s in a.signals] == [25.0, 33.3, 50.0]
    assert (a.data_score, a.score, a.verdict, a.evidence) == (36.1, 36.1, "critical", "data")


def test_a_healthy_funnel_passes():
    funnel = [{"stage": "Встреча", "reached": 100, "conversion": None},
              {"stage": "Счёт выставлен", "reached": 70, "conversion": 0.7},
              {"stage": "Оплачено", "reached": 60, "conversion": 60 / 70}]
    a = assess(REGISTRY[0], {"funnel": funnel, "win_rate": 0.3}, SETTINGS)
    assert (a.score, a.verdict) == (100.0, "ok")


def test_answers_alone_give_a_self_assessed_score_and_blend_with_data():
    check = REGISTRY[0]
    answers = {"q1": True, "q2": False, "q3": True, "q4": True}
    a = assess(check, {}, SETTINGS, answers)
    assert (a.score, a.verdict, a.evidence) == (75.0, "ok", "self")
    b = assess(check, {"funnel": FUNNEL, "win_rate": 0.1}, SETTINGS, answers)
    assert (b.score, b.evidence) == (round(0.7 * 36.1 + 0.3 * 75.0, 1), "both")


def test_without_data_or_answers_nothing_is_invented():
    a = assess(REGISTRY[0], {"funnel": None, "win_rate": None}, SETTINGS)
    assert (a.score, a.verdict, a.evidence, a.signals) == (None, "not_assessed", "none", [])


def test_the_registry_holds_the_thirty_checks_of_the_checklist_in_order():
    import importlib
    assert [c.id for c in REGISTRY] == list(range(1, 31))
    for c in REGISTRY:          # each in its own module, named by number and slug
        assert importlib.import_module(f"audits.checks.m{c.id:02d}_{c.slug}").CHECK is c


def test_every_metric_a_check_reads_has_a_query_and_every_query_is_used():
    from audits import metrics as M
    read = set(M.REFERENCE) | {m for c in REGISTRY for m in c.metrics}
    assert read <= set(M.providers()), read - set(M.providers())
    for q in M.queries().values():
        assert set(q.returns) & read, f"queries/metrics/{q.name}.sql is used by no check"
    lists = {name for c in REGISTRY for name in c.lists}
    assert lists == set(M.queries(M.LISTS_DIR)), lists ^ set(M.queries(M.LISTS_DIR))


def test_every_query_binds_only_known_parameters():
    from audits import metrics as M
    known = set(defaults()) | {"as_of"}
    for q in [*M.queries().values(), *M.queries(M.LISTS_DIR).values()]:
        assert set(q.params) <= known, (q.name, set(q.params) - known)


def test_every_threshold_is_explained_for_the_settings_page_in_both_languages():
    from audits.checks import thresholds
    for th in thresholds():
        for key in (f"setting.{th.name}", f"setting.{th.name}.help"):
            for lang in LANGS:
                assert catalogue().get(key, {}).get(lang, "").strip(), (key, lang)


def test_money_estimates_explain_their_basis_in_both_languages():
    from audits import money
    keys = [k for k in catalogue() if k.startswith("money.")]
    for number in money.ESTIMATES:
        assert any(k.startswith(f"money.{next(c.slug for c in REGISTRY if c.id == number)}.") or
                   k.startswith("money.reason.") for k in keys), number


def test_every_signal_measured_on_the_demo_has_a_label(demo_store):
    from audits import audit
    result = audit.run_store(demo_store, lang="en")
    for c in result.checks:
        for s in c.signals:
            assert s.key in catalogue(), s.key


def test_every_signal_unit_can_be_written(demo_store):
    from audits import audit
    from audits.charts.checks import fmt
    units = {"share", "ratio", "count", "points", "money", "days", "years", "minutes", "seconds"}
    for c in audit.run_store(demo_store, lang="en").checks:
        for s in c.signals:
            assert s.unit in units, (c.slug, s.key, s.unit)
            for lang in LANGS:
                assert fmt(s.value, s.unit, lang)
