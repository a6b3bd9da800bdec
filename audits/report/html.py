"""The HTML report: one self-contained file (inline CSS, charts as inline SVG, no external URL),
from a Jinja2 template with autoescape on: a client called <script> shows as text."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from audits.i18n import t
from audits.report import figures

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                       autoescape=select_autoescape(enabled_extensions=("html", "j2", "html.j2"), default=True),
                       trim_blocks=True, lstrip_blocks=True)


def render_html(doc: dict) -> bytes:
    lang = doc["lang"]
    svgs = figures.images(doc, "svg")
    html = environment().get_template("report.html.j2").render(
        d=doc, svgs=svgs, t=lambda key, **kw: t(key, lang, **kw))
    return html.encode("utf-8")
