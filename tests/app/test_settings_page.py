"""The Settings page: every setting has its texts and its input; every norm is shown once with its
unit, source and the checks using it; only changed values are kept; reset; the analysis date with
its default."""
import datetime as dt

import pytest

from audits.charts.checks import fmt
from audits.checks import COMMON, REGISTRY, thresholds
from audits.checks import norms as N
from audits.i18n import LANGS, catalogue, t
from audits.ui import settings
from tests.app.helpers import new_app

SETTINGS = "pages/6_Settings.py"


def settings_page(lang="en", opened=True):
    """The Settings page; with `opened`, every group opened as a person would open it."""
    at = new_app().run()
    at.sidebar.radio(key="_lang_widget").set_value(lang).run()
    at.switch_page(SETTINGS).run()
    assert not at.exception
    if opened:
        open_groups(at)
    return at


def open_groups(at, *which):
    """Open the groups `which` (all by default), as the expander's callback records a click."""
    at.session_state[settings.OPEN_KEY] = {i: True for i in which or range(len(settings.groups("en")))}
    at.run()
    assert not at.exception


def test_only_the_open_groups_build_their_inputs():
    """The shared settings are open and built; a check's group builds its inputs once opened, and
    closing it again drops them (the page stays fast: 159 inputs at once made it the slowest)."""
    at = settings_page(opened=False)
    keys = {n.key for n in [*at.number_input, *at.toggle]}
    assert keys == {f"set_{th.name}_0" for th in COMMON}
    headings = [e.proto.label for e in at.get("expander")]
    assert len(headings) == 1 + len(settings.groups("en"))         # every group is listed, closed
    first, items, own, _ = settings.groups("en")[1]
    open_groups(at, 0, 1)
    keys = {n.key for n in [*at.number_input, *at.toggle]}
    shown = {th.name for th in items} | {s for n in own for s in n.setting_names}
    assert keys == {f"set_{name}_0" for name in {th.name for th in COMMON} | shown}
    # a change renames the heading (its count of changes): the group stays open
    at.number_input(key=f"set_{items[0].name}_0").set_value(items[0].default + 5).run()
    assert [e.proto.label for e in at.get("expander")][2] == f"{first}  ·  ✎ 1"
    assert {n.key for n in [*at.number_input, *at.toggle]} == keys
    at.switch_page("app.py").run()
    at.switch_page(SETTINGS).run()                                     # and when the page is left
    assert {n.key for n in [*at.number_input, *at.toggle]} == keys
    open_groups(at, 0)
    assert {n.key for n in [*at.number_input, *at.toggle]} == {f"set_{th.name}_0" for th in COMMON}


def test_every_threshold_is_explained_in_both_languages():
    for th in thresholds():
        for key in (f"setting.{th.name}", f"setting.{th.name}.help"):
            assert key in catalogue(), key
            for lang in LANGS:
                assert catalogue()[key].get(lang, "").strip(), (key, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_threshold_appears_on_the_settings_page(lang):
    at = settings_page(lang)
    inputs = {n.key: n for n in [*at.number_input, *at.toggle]}
    for th in thresholds():
        box = inputs.get(f"set_{th.name}_0")
        assert box is not None, th.name
        assert box.label == t(f"setting.{th.name}", lang)
        assert box.help == t(f"setting.{th.name}.help", lang)
        assert box.value == (bool(th.default) if th.unit == "flag" else pytest.approx(th.default))
    assert len(inputs) == len(thresholds())
    headings = [e.proto.label for e in at.get("expander")]
    assert headings[0] == t("settings.norms_table", lang)
    assert headings[1].startswith(t("settings.common", lang))
    with_settings = [c for c in REGISTRY if c.thresholds or N.uses(c)]
    assert len(headings) == 2 + len(with_settings)
    assert len(COMMON) == 3


@pytest.mark.parametrize("lang", LANGS)
def test_every_norm_is_shown_once_with_its_values_unit_source_and_checks(lang):
    """A norm's two inputs sit under the first check that uses it, with one caption naming its unit,
    source and every check using it (borrowed ones included); a check that borrows it points there;
    the table lists each norm once."""
    at = settings_page(lang)
    captions = [c.value for c in at.caption]
    for norm in N.NORMS:
        about = t("settings.norm.about", lang, name=norm.name, unit=t(f"norm.unit.{norm.unit}", lang),
                  source=t(f"norm.source.{norm.source}", lang),
                  checks=", ".join(f"{c.id}. {t(f'{c.key}.title', lang)}" for c in N.users(norm.name)))
        assert captions.count(about) == 1, norm.name
    shared = t("settings.norm.about", lang, name="short_manager", unit=t("norm.unit.share", lang),
               source=t("norm.source.practice", lang),
               checks=", ".join(f"{c.id}. {t(f'{c.key}.title', lang)}" for c in REGISTRY if c.id in (14, 18)))
    assert shared in captions
    # the numbers once written into checks 1, 5 and 6 are norms with their inputs, under their check
    for name in ("vague_stages", "cp_same_job", "cp_team_size", "out_calls_in_band"):
        norm = N.norm(name)
        assert captions.count(t("settings.norm.about", lang, name=name, unit=t(f"norm.unit.{norm.unit}", lang),
                                source=t(f"norm.source.{norm.source}", lang),
                                checks=", ".join(f"{c.id}. {t(f'{c.key}.title', lang)}"
                                                 for c in N.users(name)))) == 1, name
    assert all(N.users(n.name) for n in N.NORMS) and all(N.uses(c) for c in REGISTRY if c.metrics)
    borrowed = t("settings.norm.borrowed", lang, name="short_manager",
                 where=f"14. {t('check.spin.title', lang)}")
    assert borrowed in captions
    table = at.dataframe[0].value
    assert list(table[t("settings.norm.col.norm", lang)]) == [n.name for n in N.NORMS]
    row = table[table[t("settings.norm.col.norm", lang)] == "nps"].iloc[0]
    assert row[t("settings.norm.col.checks", lang)] == "7"
    assert row[t("settings.norm.col.source", lang)] == t("norm.source.seed_003", lang)
    assert row[t("settings.norm.col.unit", lang)] == t("norm.unit.points", lang)


def test_the_norms_table_shows_the_values_as_set():
    at = settings_page()
    at.number_input(key="set_nps_good_0").set_value(45).run()
    table = at.dataframe[0].value
    row = table[table["Norm"] == "nps"].iloc[0]
    assert row["Full marks at"] == fmt(45, "points", "en") and row["Zero at"] == fmt(10, "points", "en")


def test_only_changed_values_are_kept_and_reset_clears_them():
    at = settings_page()
    at.number_input(key="set_stale_days_0").set_value(45).run()
    assert at.session_state["settings"] == {"stale_days": 45.0}
    at.number_input(key="set_short_call_s_0").set_value(120).run()     # the default: nothing to keep
    assert at.session_state["settings"] == {"stale_days": 45.0}
    at.switch_page("app.py").run()
    at.switch_page(SETTINGS).run()                                     # survives a change of page
    assert at.number_input(key="set_stale_days_0").value == 45
    at.button(key="settings_reset").click().run()
    assert not at.exception
    assert at.session_state["settings"] == {}
    assert at.number_input(key="set_stale_days_1").value == 30


def test_the_analysis_date_shows_its_default_and_can_be_set():
    from audits.demo import demo_files
    if not demo_files():
        pytest.skip("sample_data/ holds no demo files")
    at = new_app().run()
    at.sidebar.radio(key="_lang_widget").set_value("en").run()
    at.button(key="demo_button").click().run()
    at.switch_page(SETTINGS).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    from audits.metrics import default_as_of
    day = default_as_of(at.session_state["store"].con)
    assert day is not None and t("settings.as_of_default", "en", date=day.isoformat()) in captions
    at.date_input(key="set_as_of_0").set_value(dt.date(2025, 6, 1)).run()
    assert at.session_state["as_of"] == dt.date(2025, 6, 1)
    at.button(key="as_of_reset").click().run()
    assert at.session_state["as_of"] is None
