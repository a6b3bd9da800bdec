"""Numbers on charts are written the way the interface language writes them."""
import re

import altair as alt
import pandas as pd

from audits.charts import localized
from audits.report import figures


def bars():
    data = pd.DataFrame({"deals": [1000, 2500, 6000], "stage": ["a", "b", "c"]})
    return alt.Chart(data).mark_bar().encode(x="deals:Q", y="stage:N").configure_axis(labelFontSize=11)


def axis_labels(chart) -> list[str]:
    svg = figures._svg(figures.spec(chart))
    return re.findall(r">([0-9][0-9\u00a0,.]*)</text>", svg)


def test_russian_groups_thousands_with_a_non_breaking_space_and_keeps_the_config():
    chart = localized(bars(), "ru")
    config = chart.to_dict()["config"]
    assert config["locale"]["number"]["thousands"] == "\u00a0"
    assert config["locale"]["number"]["decimal"] == ","
    assert config["axis"] == {"labelFontSize": 11}
    assert "6\u00a0000" in axis_labels(chart)


def test_english_groups_thousands_with_a_comma():
    assert "6,000" in axis_labels(localized(bars(), "en"))


def test_a_config_shared_with_another_chart_is_left_alone():
    first = bars()
    second = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    second.config = first.config                       # one Config object behind two charts
    assert localized(first, "ru") is first             # changed in place, returned
    assert "locale" in first.to_dict()["config"]
    assert "locale" not in second.to_dict()["config"]
    assert localized(None, "ru") is None
