"""The Settings page: every threshold has its texts and its input; only changed values are kept;
reset; the analysis date with its default."""
import datetime as dt

import pytest

from audits.checks import COMMON, REGISTRY, thresholds
from audits.i18n import LANGS, catalogue, t
from tests.app.helpers import new_app

SETTINGS = "pages/6_Settings.py"


def settings_page(lang="en"):
    at = new_app().run()
    at.sidebar.radio(key="_lang_widget").set_value(lang).run()
    at.switch_page(SETTINGS).run()
    assert not at.exception
    return at


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
    assert headings[0].startswith(t("settings.common", lang))
    with_thresholds = [c for c in REGISTRY if c.thresholds]
    assert len(headings) == 1 + len(with_thresholds)
    assert len(COMMON) == 3


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
