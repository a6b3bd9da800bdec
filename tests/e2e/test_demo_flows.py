"""The demo company in a real browser: the summary score, walking the checklist with an answer and a
consultant's verdict, switching language, and the report downloaded in its three formats.

Expected scores come from the headless audit of the same demo files (audits.audit.run_store), so the
browser must show exactly what the engine computes."""
from __future__ import annotations

import io

import pytest

from audits.audit import run_store
from audits.charts.checks import fmt_score
from audits.i18n import t
from audits.ui.checklist import item_label, verdict_label
from tests.e2e.helpers import choose, go, main_text, metric_value, open_app, settle

RU, EN = "ru", "en"
COMPANY = "ООО «Проверка E2E»"
REASON = "Воронку разобрали с руководителем: этапы настроены"
ANSWERS = {"1": {"override": {"verdict": "ok", "reason": REASON}}, "13": {"q1": True}}


@pytest.fixture(scope="module")
def demo_result(demo_store):
    return run_store(demo_store, lang=RU)


def open_demo(page, demo_server, lang: str = RU) -> None:
    open_app(page, demo_server, t("load.result_title", lang))


def summary_score(page, lang: str = RU) -> str:
    go(page, t("nav.summary", lang))
    page.get_by_role("heading", name=t("summary.title", lang)).wait_for()
    return metric_value(page, t("summary.score", lang))


def override_verdict(page, verdict: str, reason: str, lang: str = RU) -> None:
    """On the checklist item shown: set the consultant's verdict with its reason."""
    choose(page, t("checklist.override_verdict", lang), verdict_label(verdict, lang))
    page.get_by_text(t("checklist.override_needs_reason", lang)).wait_for()
    reason_box = page.get_by_label(t("checklist.override_reason", lang), exact=True)
    reason_box.fill(reason)
    reason_box.press("Enter")
    settle(page)
    page.get_by_test_id("stAlert").filter(has_text=reason).wait_for()


def item_heading(page, c) -> None:
    page.get_by_role("heading", name=f"{c.id}. {c.title}", exact=True).wait_for()


def test_demo_summary_score(page, demo_server, demo_result):
    open_demo(page, demo_server)
    status = page.get_by_test_id("stSidebar").inner_text().replace("\xa0", " ")
    assert "сделки: 6 108" in status and "звонки: 113 719" in status
    assert summary_score(page) == fmt_score(demo_result.score, RU) == "49,8"
    assessed = sum(c.verdict != "not_assessed" for c in demo_result.checks)
    assert metric_value(page, t("summary.assessed", RU)) == f"{assessed} / 30"
    assert t("summary.principal", RU) in main_text(page)


def test_checklist_walk_answer_and_override(page, demo_server, demo_store, demo_result):
    open_demo(page, demo_server)
    go(page, t("nav.checklist", RU))
    first, second, third = (demo_result.check(n) for n in (1, 2, 3))
    item_heading(page, first)
    # The consultant knows better than the data on item 1.
    override_verdict(page, "ok", REASON)
    expected = run_store(demo_store, answers=ANSWERS, lang=RU)
    assert metric_value(page, t("checklist.score", RU)) == fmt_score(expected.check(1).score, RU)
    # Walk on with "Next".
    for c in (second, third):
        page.get_by_role("button", name=t("checklist.next", RU)).click()
        settle(page)
        item_heading(page, c)
    # Jump to item 13, assessed by answers only, and answer its first question.
    textbook = demo_result.check(13)
    assert textbook.verdict == "not_assessed"
    choose(page, t("checklist.jump", RU), item_label(textbook, RU), typed="13. ")
    item_heading(page, textbook)
    question = page.get_by_test_id("stRadio").filter(has=page.get_by_text(t("check.product_textbook.q1", RU)))
    question.get_by_text(t("checklist.answer.yes", RU), exact=True).click()
    settle(page)
    assessed = sum(c.verdict != "not_assessed" for c in expected.checks)
    answered = sum(bool(c.answers) for c in expected.checks)
    assert answered == 1
    page.get_by_text(t("checklist.progress", RU, assessed=assessed, total=30, answered=answered)).wait_for()
    assert expected.check(13).verdict != "not_assessed"
    # The summary follows: a different score, the one the engine computes from the same answers.
    score = summary_score(page)
    assert score == fmt_score(expected.score, RU)
    assert score != fmt_score(demo_result.score, RU)


def test_language_switch(page, demo_server):
    open_demo(page, demo_server)
    sidebar = page.get_by_test_id("stSidebar")
    page.get_by_role("heading", name=t("home.title", RU)).wait_for()
    sidebar.get_by_text("English", exact=True).click()
    settle(page)
    page.get_by_role("heading", name=t("home.title", EN)).wait_for()
    for key in ("nav.data", "nav.checklist", "nav.summary", "nav.report"):
        sidebar.get_by_role("link", name=t(key, EN), exact=True).wait_for()
    assert t("home.demo_button", EN) in main_text(page)
    # The language holds on the next page, then goes back.
    go(page, t("nav.summary", EN))
    page.get_by_role("heading", name=t("summary.title", EN)).wait_for()
    assert metric_value(page, t("summary.score", EN)) == "49.8"
    sidebar.get_by_text("Русский", exact=True).click()
    settle(page)
    page.get_by_role("heading", name=t("summary.title", RU)).wait_for()
    assert metric_value(page, t("summary.score", RU)) == "49,8"
    assert t("summary.title", EN) not in main_text(page)


def download(page, button_label: str):
    with page.expect_download() as info:
        page.get_by_role("button", name=button_label).click()
    return info.value


def test_report_downloads(page, demo_server, demo_result, tmp_path):
    import openpyxl
    from pypdf import PdfReader

    open_demo(page, demo_server)
    go(page, t("nav.report", RU))
    page.get_by_role("heading", name=t("report.page_heading", RU)).wait_for()
    company = page.get_by_label(t("report.page_company", RU), exact=True)
    company.fill(COMPANY)
    company.press("Enter")
    settle(page)
    page.get_by_role("button", name=t("report.page_make", RU)).click()
    page.get_by_role("button", name=t("report.download_html", RU)).wait_for(timeout=90_000)
    score = fmt_score(demo_result.score, RU)

    html = download(page, t("report.download_html", RU))
    assert html.suggested_filename == "report.html"
    text = html.path().read_text(encoding="utf-8")
    assert COMPANY in text and score in text and demo_result.check(1).title in text

    pdf = download(page, t("report.download_pdf", RU))
    assert pdf.suggested_filename == "report.pdf"
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(pdf.path()).pages)
    assert COMPANY in pdf_text and score in pdf_text

    xlsx = download(page, t("report.download_xlsx", RU))
    assert xlsx.suggested_filename == "report.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.path().read_bytes()))
    summary = wb[t("report.xlsx.summary", RU)]
    rows = {r[0]: r[1] for r in summary.iter_rows(max_col=2, values_only=True) if r and r[0]}
    assert summary["A1"].value == COMPANY
    assert rows[t("report.score", RU)] == pytest.approx(demo_result.score)
