"""The report's chart images: the PDF's PNG is the SVG that the HTML shows, rasterised, pixel for pixel
what vl-convert's own Vega-Lite to PNG makes (which would run Vega a second time), in the report's font."""
import struct

import altair as alt

from audits.i18n import t
from audits.report import figures


def _chart():
    data = alt.Data(values=[{"k": t("verdict.ok", "ru"), "v": 3}, {"k": t("verdict.critical", "ru"), "v": 5}])
    return alt.Chart(data).mark_bar().encode(x="k:N", y="v:Q").properties(width="container", height=120)


def test_png_is_the_svg_rasterised_and_equals_vegas_own_png():
    import vl_convert as vlc
    spec = figures.spec(_chart())
    png = figures._png(spec, 2.0)
    figures._fonts()
    assert png == vlc.vegalite_to_png(spec, scale=2.0, allowed_base_urls=[])
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == tuple(2 * int(float(x)) for x in (_svg_size(figures._svg(spec))))


def test_png_reuses_the_svg_already_drawn():
    spec = figures.spec(_chart().properties(height=121))
    figures._svg.cache_clear()
    figures._svg(spec)
    figures._png(spec, 1.0)
    assert figures._svg.cache_info().hits == 1


def _svg_size(svg: str) -> tuple[str, str]:
    import re
    head = svg[svg.index("<svg"):svg.index(">", svg.index("<svg"))]
    return re.search(r'width="([\d.]+)"', head).group(1), re.search(r'height="([\d.]+)"', head).group(1)
