"""The audit report: one AuditResult laid out as a self-contained HTML file, a PDF of the same content
and an XLSX workbook of the numbers (and the drill-down lists when the session's store is given).

    render(result, "html" | "pdf" | "xlsx", lang, store=None, company="", comparison=None) -> bytes

`comparison` (audits.compare.compare(before=an earlier audit, after=this one)) adds a section
"Comparison with an earlier audit" after the summary (and a sheet in the workbook).

Under every failing item the HTML and PDF name who and what to act on (audits.report.names: the
managers, stages, clients, deals and calls behind it, top 10 with a count of the rest); the workbook
keeps the drill-down lists whole.

Every number comes from the result (audits.report.content only formats it); every value that came
from an upload stays inert: escaped in HTML, plain text in PDF, strings (never formulas) in XLSX.
"""
from __future__ import annotations

FORMATS = ("html", "pdf", "xlsx")
MIME = {"html": "text/html", "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def render(result, fmt: str, lang: str, store=None, company: str = "", comparison=None) -> bytes:
    """The report of `result` in `lang` as the bytes of a file in `fmt` (html, pdf or xlsx)."""
    return render_all(result, [fmt], lang, store=store, company=company, comparison=comparison)[fmt]


def render_all(result, formats, lang: str, store=None, company: str = "", on_format=None,
               comparison=None) -> dict[str, bytes]:
    """{fmt: bytes} for several formats, the content (and its charts) built once. `on_format(fmt)` is
    called before each format is laid out (a progress indicator)."""
    from audits.report import content
    formats = list(formats)
    if unknown := [f for f in formats if f not in FORMATS]:
        raise ValueError(f"unknown report format {unknown!r}")
    doc = content.build(result, lang, store=store, company=company,
                        with_charts=any(f in ("html", "pdf") for f in formats), comparison=comparison)
    out = {}
    for fmt in formats:
        if on_format:
            on_format(fmt)
        out[fmt] = _layout(doc, fmt, result, store)
    return out


def _layout(doc: dict, fmt: str, result, store) -> bytes:
    if fmt == "html":
        from audits.report.html import render_html
        return render_html(doc)
    if fmt == "pdf":
        from audits.report.pdf import render_pdf
        return render_pdf(doc)
    from audits.report.xlsx import render_xlsx
    return render_xlsx(result, doc, store)


__all__ = ["FORMATS", "MIME", "render", "render_all"]
