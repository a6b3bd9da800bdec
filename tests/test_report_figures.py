"""The report's chart images: the PDF's PNG is the SVG that the HTML shows, rasterised, pixel for pixel
what vl-convert's own Vega-Lite to PNG makes (which would run Vega a second time), in the report's font."""
import re
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
    svg_width, svg_height = _svg_size(figures._svg(spec))
    assert struct.unpack(">II", png[16:24]) == (2 * svg_width, 2 * svg_height)   # scale 2


def test_png_reuses_the_svg_already_drawn():
    spec = figures.spec(_chart().properties(height=121))
    figures._svg.cache_clear()
    figures._svg(spec)
    figures._png(spec, 1.0)
    assert figures._svg.cache_info().hits == 1


def _svg_size(svg: str) -> tuple[int, int]:
    head = svg[svg.index("<svg"):svg.index(">", svg.index("<svg"))]
    return tuple(int(float(re.search(rf'{side}="([\d.]+)"', head).group(1))) for side in ("width", "height"))
