"""Altair charts built from an AuditResult (pure: data in, chart out), shared by the pages and the
report. No Streamlit here."""

import altair as alt

# How numbers are written on axes and labels, per interface language (Vega's d3-format locale).
NUMBER_LOCALE = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", ""]},
    "ru": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", ""]},
}


def localized(chart, lang: str):
    """A copy of `chart` whose numbers are grouped the way `lang` writes them (6 500 in Russian, 6,500 in
    English); the chart's other configuration is kept."""
    number = NUMBER_LOCALE.get(lang)
    if chart is None or number is None:
        return chart
    out = chart.copy()
    if out.config is alt.Undefined:
        out.config = alt.Config()
    out.config.locale = alt.Locale(number=alt.NumberLocale(**number))
    return out
