"""Altair charts built from an AuditResult (pure: data in, chart out), shared by the pages and the
report. No Streamlit here."""

import altair as alt

# How numbers are written on axes and labels, per interface language (Vega's d3-format locale).
NUMBER_LOCALE = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", ""]},
    "ru": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", ""]},
}


def localized(chart, lang: str):
    """`chart`, its numbers grouped the way `lang` writes them (6 500 in Russian, 6,500 in English); the
    chart's other configuration is kept. The chart is changed in place and returned: its callers pass
    charts they have just built, and a deep copy of a chart of many parts (Altair rebuilds every part)
    took longer than building it. The configuration object itself is copied, as it may be shared."""
    number = NUMBER_LOCALE.get(lang)
    if chart is None or number is None:
        return chart
    config = alt.Config() if chart.config is alt.Undefined else chart.config.copy(deep=False)
    config.locale = alt.Locale(number=alt.NumberLocale(**number))
    chart.config = config
    return chart
