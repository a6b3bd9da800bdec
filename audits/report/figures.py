"""Altair charts as images for the report: SVG for HTML, PNG for PDF, made by vl-convert (no browser,
no network: external data is refused). Charts drawn as `width="container"` on the pages get a fixed
width here. Images are memoised on the spec, so a chart converted once is not converted again.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu Sans"
WIDTH = 620
_registered = False


def _fixed(node, width: int):
    if isinstance(node, dict):
        return {k: (width if k == "width" and v == "container" else _fixed(v, width)) for k, v in node.items()}
    if isinstance(node, list):
        return [_fixed(v, width) for v in node]
    return node


def spec(chart, width: int = WIDTH) -> str:
    """The chart's Vega-Lite JSON with a fixed width and the report's font."""
    d = _fixed(chart.to_dict(validate=False), width)
    config = d.setdefault("config", {})
    config.setdefault("font", FONT)
    config.setdefault("background", "white")
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def _fonts() -> None:
    global _registered
    if not _registered:
        import vl_convert as vlc
        vlc.register_font_directory(str(FONTS))
        _registered = True


@lru_cache(maxsize=256)
def _svg(vl_json: str) -> str:
    import vl_convert as vlc
    _fonts()
    return vlc.vegalite_to_svg(vl_json, allowed_base_urls=[])


@lru_cache(maxsize=256)
def _png(vl_json: str, scale: float) -> bytes:
    """The chart's SVG (memoised: the HTML report has usually drawn it already) rasterised. Running
    Vega again for the PNG, as vegalite_to_png does, doubled the charts' share of a full report."""
    import vl_convert as vlc
    _fonts()
    return vlc.svg_to_png(_svg(vl_json), scale=scale)


def _strip_xml_header(svg: str) -> str:
    start = svg.find("<svg")
    return svg[start:] if start > 0 else svg


def specs(doc: dict, width: int = WIDTH) -> dict:
    """{id: Vega-Lite JSON} of the report's charts, made once per report and kept in `doc`."""
    if "_specs" not in doc:
        doc["_specs"] = {k: spec(c, width) for k, c in doc["charts"].items() if c is not None}
    return doc["_specs"]


def images(doc: dict, kind: str, scale: float = 2.0) -> dict:
    """{id: SVG text or PNG bytes} for every chart of the report that could be drawn. Sequential:
    vl-convert holds one JavaScript engine, threads only add overhead."""
    _fonts()
    out = {}
    for key, s in specs(doc).items():
        try:
            out[key] = _strip_xml_header(_svg(s)) if kind == "svg" else _png(s, scale)
        except Exception:          # a chart that cannot be drawn is left out, never the report
            continue
    return out
