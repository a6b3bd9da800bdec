"""The PDF report: the same content as the HTML one, set with fpdf2 (pure Python) in the bundled DejaVu
Sans (Cyrillic), charts as PNG from vl-convert, tables with wrapped text, a header and page numbers.
Text is drawn as text: nothing from an upload is interpreted (no markdown, no links)."""
from __future__ import annotations

import struct
from pathlib import Path

from audits.i18n import t
from audits.report import figures

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"
COLORS = {"ok": (46, 125, 50), "warning": (239, 143, 0), "critical": (211, 47, 47), "not_assessed": (158, 158, 158)}
TINTS = {"ok": (227, 242, 228), "warning": (255, 241, 214), "critical": (251, 227, 227), "not_assessed": (238, 238, 238)}
INK, MUTED, LINE, HEAD = (31, 41, 51), (95, 107, 122), (221, 226, 232), (243, 245, 248)
MARGIN = 14
PX_MM = 25.4 / 96


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def render_pdf(doc: dict) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    lang = doc["lang"]
    tr = lambda key, **kw: t(key, lang, **kw)    # noqa: E731
    pngs = figures.images(doc, "png", scale=2.0)

    class Report(FPDF):
        def header(self):
            if self.page_no() == 1:
                return
            self.set_font(FONT, "", 7.5)
            self.set_text_color(*MUTED)
            self.cell(0, 5, f"{doc['company']} · {tr('report.title')}", new_x="LMARGIN", new_y="NEXT")
            self.set_draw_color(*LINE)
            self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
            self.ln(3)
            self.set_text_color(*INK)

        def footer(self):
            self.set_y(-12)
            self.set_font(FONT, "", 7.5)
            self.set_text_color(*MUTED)
            self.cell(0, 5, f"{tr('report.as_of')}: {doc['as_of']}", align="L")
            self.set_x(MARGIN)
            self.cell(0, 5, tr("report.page", n=str(self.page_no()), total="{nb}"), align="R")
            self.set_text_color(*INK)

    pdf = Report(format="A4", unit="mm")
    pdf.set_margins(MARGIN, 14, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"{doc['company']} · {tr('report.title')}")
    pdf.set_creator("Sales department audit")
    pdf.set_lang(lang)
    width = pdf.w - 2 * MARGIN

    def text(s: str, size: float = 9.5, bold: bool = False, color=INK, h: float | None = None, fill=None):
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.set_text_color(*color)
        if fill:
            pdf.set_fill_color(*fill)
        pdf.multi_cell(0, h or size * 0.5, str(s), new_x="LMARGIN", new_y="NEXT", fill=bool(fill), align="L")
        pdf.set_text_color(*INK)
        pdf.set_fill_color(255, 255, 255)

    def heading(s: str, level: int = 1, keep: float = 0):
        """A heading; `keep` mm of what follows must fit under it on the same page."""
        size = {1: 16, 2: 12, 3: 9.5}[level]
        if pdf.get_y() > pdf.h - 40 or pdf.get_y() + 12 + keep > pdf.h - 18:
            pdf.add_page()
        pdf.ln(2 if level > 1 else 0)
        text(s.upper() if level == 3 else s, size, bold=True, color=MUTED if level == 3 else INK)
        if level == 1:
            pdf.set_draw_color(*INK)
            pdf.set_line_width(0.6)
            pdf.line(MARGIN, pdf.get_y() + 1, pdf.w - MARGIN, pdf.get_y() + 1)
            pdf.set_line_width(0.2)
            pdf.ln(4)
        else:
            pdf.ln(1)

    def section(s: str):
        pdf.add_page()
        heading(s, 1)

    def chart_size(key: str, max_w: float | None = None) -> tuple[float, float]:
        """(width, height) in mm a chart takes on the page; (0, 0) without the chart."""
        data = pngs.get(key)
        if not data:
            return 0.0, 0.0
        wpx, hpx = _png_size(data)
        w = min(max_w or width, wpx / 2 * PX_MM)
        h = w * hpx / wpx
        if h > 150:                       # a tall stack of signals: smaller, but still readable
            w, h = w * 150 / h, 150
        return w, h

    def chart(key: str, max_w: float | None = None):
        data = pngs.get(key)
        if not data:
            return
        w, h = chart_size(key, max_w)
        if pdf.get_y() + h > pdf.h - 18:
            pdf.add_page()
        import io
        pdf.image(io.BytesIO(data), x=MARGIN, w=w, h=h)
        pdf.ln(2)

    def table(head: list[str] | None, rows: list[list], widths: list[float], aligns: list[str] | None = None,
              styles: list[list] | None = None, size: float = 8.5, padding: float = 1.1):
        if not rows:
            return
        pdf.set_font(FONT, "", size)
        pdf.set_draw_color(*LINE)
        pdf.set_fill_color(255, 255, 255)      # cells take the current fill colour: white unless styled
        aligns = aligns or ["L"] * len(widths)
        total = sum(widths)
        cw = [w * width / total for w in widths]
        with pdf.table(col_widths=cw, width=width, align="LEFT", text_align=aligns, line_height=size * 0.48,
                       borders_layout="HORIZONTAL_LINES", first_row_as_headings=head is not None,
                       headings_style=FontFace(emphasis="BOLD", fill_color=HEAD, color=INK),
                       padding=(padding, 1.5), markdown=False) as tbl:
            if head is not None:
                r = tbl.row()
                for h in head:
                    r.cell(str(h))
            for i, row in enumerate(rows):
                r = tbl.row()
                for j, v in enumerate(row):
                    style = styles[i][j] if styles and styles[i] and j < len(styles[i]) else None
                    r.cell("" if v is None else str(v), style=style)
        pdf.ln(2)

    def badge_style(verdict: str):
        return FontFace(emphasis="BOLD", color=COLORS[verdict])

    def figures_table(pairs):
        table(None, [[label, value] for label, value in pairs], [3, 2], ["L", "R"])

    def names_of(blocks):
        """Who and what to act on (audits.report.names): a short table per block, "and N more"."""
        if not blocks:
            return
        heading(tr("report.names.heading"), 3)
        for b in blocks:
            text(b["title"], 8.5, bold=True, h=4.4)
            widths = [1.3 if n else 2.2 for n in b["num"]]
            table(b["head"], b["rows"], widths, ["R" if n else "L" for n in b["num"]], size=7.6, padding=0.8)
            if b["more"]:
                text(b["more_text"], 8, color=MUTED, h=4)
        if any(b["more"] for b in blocks):
            text(tr("report.names.full_lists"), 8, color=MUTED, h=4)

    # --- cover
    pdf.add_page()
    pdf.ln(22)
    text(tr("report.title").upper(), 9.5, color=MUTED)
    pdf.ln(2)
    text(doc["company"], 24, bold=True, h=11)
    pdf.ln(6)
    band = doc["band"]
    pdf.set_font(FONT, "B", 44)
    pdf.set_text_color(*COLORS[band])
    score_w = pdf.get_string_width(doc["score_text"]) + 3
    pdf.cell(score_w, 18, doc["score_text"])
    pdf.set_font(FONT, "", 13)
    pdf.set_text_color(*MUTED)
    pdf.cell(pdf.get_string_width(tr("report.of_100")) + 6, 22, tr("report.of_100"))
    pdf.set_font(FONT, "B", 13)
    pdf.set_text_color(*COLORS[band])
    pdf.cell(0, 22, doc["band_label"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    text(doc["coverage_text"], 9, color=MUTED)
    chart("gauge")
    pdf.ln(4)
    table(None, [[tr("report.period"), doc["period"]], [tr("report.as_of"), doc["as_of"]],
                 [tr("report.score"), f"{doc['score_text']} {tr('report.of_100')}"],
                 [tr("report.at_stake"), doc["at_stake_text"]], [tr("report.generated"), doc["generated"]]],
          [2, 3], size=10)
    if doc.get("at_stake_stock_text"):      # a stock is said apart, never added to the yearly amount
        text(doc["at_stake_stock_text"], 8, color=MUTED)
    pdf.ln(2)
    table(None, [[c["label"], str(c["n"])] for c in doc["counts"]], [3, 1], ["L", "R"],
          styles=[[badge_style(c["verdict"]), None] for c in doc["counts"]], size=10)

    # --- comparison with an earlier audit (optional)
    cmp = doc.get("comparison")
    if cmp:
        section(tr("report.sec.compare"))
        text(cmp["intro"], 9, h=4.6, color=MUTED)
        pdf.ln(2)
        o = cmp["overall"]
        table(None, [[o["title"], f"{o['before_text']} → {o['after_text']}", o["delta_text"]]]
              + [[c["label"], str(c["n"]), ""] for c in cmp["counts"]], [4, 2, 1.2], ["L", "R", "R"],
              [[FontFace(emphasis="BOLD"), FontFace(emphasis="BOLD"), FontFace(emphasis="BOLD")]]
              + [None for _ in cmp["counts"]], size=9.5)
        heading(tr("report.cmp.by_category"), 2)
        chart("cmp_categories")
        table([tr("report.cmp.area"), tr("report.cmp.before"), tr("report.cmp.after"), tr("report.cmp.delta")],
              [[r["title"], r["before_text"], r["after_text"], r["delta_text"]] for r in cmp["categories"]],
              [4, 1.2, 1.2, 1.2], ["L", "R", "R", "R"], size=8.5)
        heading(tr("report.cmp.by_item"), 2)
        chart("cmp_items")
        for status in ("improved", "worse"):
            rows = cmp[status]
            heading(f"{tr(f'report.cmp.{status}')} · {len(rows)}", 3)
            if rows:
                table(["#", tr("report.cmp.item"), tr("report.cmp.before"), tr("report.cmp.after"), tr("report.cmp.delta")],
                      [[r["key"], r["title"], r["before_text"], r["after_text"], r["delta_text"]] for r in rows],
                      [0.6, 6, 1.2, 1.2, 1.2], ["R", "L", "R", "R", "R"],
                      [[None, None, None, None, badge_style("ok" if status == "improved" else "critical")] for _ in rows],
                      size=8)
            else:
                text(tr("report.cmp.none"), 8.5, color=MUTED)

    # --- at a glance
    section(tr("report.sec.glance"))
    rows, styles = [], []
    for g in doc["glance"]:
        rows.append([str(g["id"]), g["title"], g["category"], g["verdict_label"] + (f"\n✎ {g['override']}" if g["override"] else ""),
                     g["score_text"], g["money_text"]])
        styles.append([FontFace(fill_color=TINTS[g["verdict"]]), None, None, badge_style(g["verdict"]), None, None])
    table(["#", tr("report.xlsx.col.title"), tr("report.item.category"), tr("report.item.verdict"),
           tr("report.item.score"), tr("report.item.money")], rows, [0.6, 6, 2.4, 2.6, 1.4, 2.2],
          ["R", "L", "L", "L", "R", "R"], styles, size=7.6, padding=0.8)   # all 30 rows on one page
    heading(tr("report.sec.categories"), 2, keep=chart_size("categories")[1])
    chart("categories")

    # --- principal problem and plan
    section(tr("report.sec.principal"))
    if doc["principal"]:
        text(doc["principal"], 11, bold=True, h=6, fill=TINTS["critical"])
    else:
        text(tr("report.principal_none"))
    pdf.ln(4)
    heading(tr("report.sec.plan"), 2)
    if doc["plan"]:
        table(["#", tr("report.xlsx.col.title"), tr("report.item.verdict"), tr("report.item.score"),
               tr("report.item.money"), tr("report.xlsx.col.first_step")],
              [[str(p["rank"]), f"{p['id']}. {p['title']}", p["verdict_label"], p["score_text"], p["money_text"], p["first_step"]]
               for p in doc["plan"]], [0.9, 4, 2, 1.3, 2, 6], ["R", "L", "L", "R", "R", "L"],
              [[None, None, badge_style(p["verdict"])] for p in doc["plan"]], size=7.8)
    else:
        text(tr("report.plan_empty"))

    # --- calls
    section(tr("report.sec.calls"))
    calls = doc["calls"]
    if calls["present"]:
        figures_table(calls["figures"])
        heading(tr("report.calls_talk", target=calls["target"], below=calls["below"]), 2,
                keep=chart_size("talk")[1])
        chart("talk")
        heading(tr("report.calls_buckets"), 2, keep=6 * (len(calls["buckets"]) + 1) + chart_size("buckets")[1])
        figures_table(calls["buckets"])
        chart("buckets")
    else:
        text(tr("report.calls_none"))

    # --- funnel
    section(tr("report.sec.funnel"))
    if doc["funnel"]:
        figures_table(doc["funnel_figures"])
        chart("funnel")
        table([tr("report.col.stage"), tr("report.col.reached"), tr("report.col.conversion")],
              [[s["stage"], s["reached_text"], s["conversion_text"]] for s in doc["funnel"]], [4, 1.5, 1.5], ["L", "R", "R"])
    else:
        text(tr("report.funnel_none"))

    # --- segments
    section(tr("report.sec.segments"))
    seg = doc["segments"]
    figures_table(seg["figures"])
    if seg["present"]:
        heading(tr("report.seg_abc_xyz"), 2)
        table([""] + seg["matrix_head"], seg["matrix"], [1] * 5, ["L", "R", "R", "R", "R"])
        if seg["clusters"]:
            heading(tr("report.seg_clusters"), 2)
            table([tr("report.col.cluster"), tr("report.col.clients"), tr("report.col.revenue")],
                  [[c["name"], c["clients"], c["revenue"]] for c in seg["clusters"]], [4, 1.5, 2], ["L", "R", "R"])
    else:
        text(tr("report.segments_none"))

    # --- items
    section(tr("report.sec.items"))
    for n, it in enumerate(doc["items"]):
        if n and pdf.get_y() > pdf.h - 90:
            pdf.add_page()
        elif n:
            pdf.ln(3)
            pdf.set_draw_color(*LINE)
            pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
            pdf.ln(3)
        pdf.set_font(FONT, "B", 12)
        pdf.set_fill_color(*COLORS[it["verdict"]])
        pdf.set_text_color(255, 255, 255)
        pdf.cell(10, 7, str(it["id"]), align="C", fill=True)
        pdf.set_text_color(*INK)
        pdf.set_fill_color(255, 255, 255)
        pdf.set_x(MARGIN + 12)
        pdf.multi_cell(0, 7, it["title"], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        table(None, [[tr("report.item.category"), it["category"], tr("report.item.verdict"), it["verdict_label"]],
                     [tr("report.item.score"), it["score_text"], tr("report.item.evidence"), it["evidence"]],
                     [tr("report.item.money"), it["money_text"], "", ""]],
              [1.3, 2.2, 1.3, 2.2], styles=[[None, None, None, badge_style(it["verdict"])], None, None], size=8.5)
        if it["override"]:
            o = it["override"]
            text(tr("report.item.override") + ". " + tr("report.item.override_text", measured=o["measured"],
                                                        final=o["final"], reason=o["reason"]),
                 8.8, h=4.6, fill=TINTS["warning"])
            pdf.ln(1)
        text(f"{tr('report.item.what')}. {it['what']}", 8.8, h=4.4)
        text(f"{tr('report.item.why')}. {it['why']}", 8.5, color=MUTED, h=4.2)
        heading(tr("report.item.measured"), 3)
        if it["signals"]:
            table([tr("checklist.col.signal"), tr("checklist.col.value"), tr("checklist.col.bad"),
                   tr("checklist.col.good"), tr("checklist.col.score")],
                  [[s["label"], s["value"], s["bad"], s["good"], s["score"]] for s in it["signals"]],
                  [5, 1.5, 1.5, 1.5, 1], ["L", "R", "R", "R", "R"],
                  [[None, FontFace(emphasis="BOLD"), None, None, badge_style(s["band"])] for s in it["signals"]], size=8)
            chart(it["chart"])
        else:
            text(tr("report.item.no_signals"), 8.5, color=MUTED)
        names_of(it["names"])
        if it["missing"]:
            text(tr("report.item.missing", tables=", ".join(it["missing"])), 8.5, color=MUTED)
        for limit in it["limits"]:
            text(limit, 8.5, h=4.4, fill=TINTS["warning"])
        if it["money_how"]:
            text(it["money_how"], 8, color=MUTED, h=4)     # the arithmetic and the basis (audits/money.py)
        if it["answers"]:
            heading(tr("report.item.answers"), 3)
            table(None, [[a["text"], a["answer"]] for a in it["answers"]], [6, 1], ["L", "L"],
                  [[None, FontFace(emphasis="BOLD")] for _ in it["answers"]], size=8)
        if it["note"]:
            text(f"{tr('report.item.note')}: {it['note']}", 8.8, h=4.6, fill=(234, 241, 248))
        if it["remedies"]:
            heading(it["remedies_title"], 3)
            for i, r in enumerate(it["remedies"], 1):
                text(f"{i}. {r}", 8.8, h=4.4)

    # --- appendix
    section(tr("report.sec.appendix"))
    heading(tr("report.app.data"), 2)
    text(f"{tr('report.period')}: {doc['period']} · {tr('report.as_of')}: {doc['as_of']}")
    for limit in doc["limits"]:
        text(limit, 8.5, h=4.4, fill=TINTS["warning"])
    pdf.ln(1)
    table([tr("report.col.table"), tr("report.col.files"), tr("report.col.preset"), tr("report.col.rows"),
           tr("coverage.col.period"), tr("report.data.lacks")],
          [[r["name"], r["files"], r["preset"], r["rows_text"], r["period_text"], r["lacks_text"]] for r in doc["tables"]],
          [1.6, 2.6, 1.4, 1, 2.2, 3.4], ["L", "L", "L", "R", "L", "L"], size=7.8)
    if doc.get("funnel_order"):
        text(doc["funnel_order"]["text"], 8.8, h=4.4)
        if doc["funnel_order"]["warning"]:
            text(doc["funnel_order"]["warning"], 8.5, h=4.4, fill=TINTS["warning"])
    heading(tr("report.app.coverage"), 2)
    table(["#", tr("report.xlsx.col.title"), tr("report.item.evidence"), tr("report.col.missing")],
          [[str(r["id"]), r["title"], r["evidence"], r["missing"]] for r in doc["coverage"]], [0.5, 5, 1.8, 2.5],
          ["R", "L", "L", "L"], size=7.8)
    heading(tr("report.app.mapping"), 2)
    table([tr("report.col.table"), tr("report.col.source"), tr("report.col.column")],
          [[r["table"], r["source"], r["column"]] for r in doc["mapping"]], [2, 3, 3], size=7.8)
    heading(tr("report.app.settings"), 2)
    table([tr("report.col.setting"), tr("report.col.name"), tr("report.col.value")],
          [[r["label"], r["name"], r["value_text"]] for r in doc["settings"]], [5, 2.6, 1.4], ["L", "L", "R"], size=7.8)
    return bytes(pdf.output())
