"""Drill-down lists: run with the audit's settings and date; downloads that a spreadsheet program
opens without running any formula."""
import datetime as dt
import io
import re
import zipfile

import polars as pl
import pytest

from audits import audit, drilldown
from audits.memdb import memory_db

DANGEROUS = ["=1+2", "+7 912", "-cmd", "@SUM(A1)", "\tTAB", "\rCR", "=HYPERLINK(\"http://evil\")"]


def calls_db():
    def call(i, duration, started):
        return {"call_id": str(i), "started_at": dt.datetime.fromisoformat(started), "direction": "in",
                "duration_s": duration, "manager": "=Иван" if i == 1 else "Анна", "phone": f"+7912000000{i}"}
    return memory_db({"calls": [call(1, 30, "2025-03-01 10:00"), call(2, 90, "2025-03-02 11:00"),
                                call(3, 400, "2025-03-03 12:00"), call(4, 0, "2025-03-04 12:00")]})


def test_a_list_runs_with_the_audits_settings_and_date():
    con = calls_db()
    result = audit.run(con, lang="en")
    assert result.as_of == "2025-03-05"
    params = drilldown.params_of(result)
    assert params["as_of"] == dt.date(2025, 3, 5) and params["short_call_s"] == 120
    rows = drilldown.rows(con, "short_calls_new_clients", result)
    assert sorted(r["duration_s"] for r in rows) == [30, 90]
    shorter = audit.run(con, settings={"short_call_s": 60}, lang="en")
    assert [r["duration_s"] for r in drilldown.rows(con, "short_calls_new_clients", shorter)] == [30]


def test_a_list_follows_the_scope_of_the_audit():
    con = calls_db()
    result = audit.run(con, lang="en", scope=audit.Scope(managers=("Анна",)))
    assert [r["manager"] for r in drilldown.rows(con, "short_calls_new_clients", result)] == ["Анна"]


def test_a_list_is_empty_when_its_tables_are_missing():
    con = memory_db({})
    result = audit.run(con, lang="en")
    assert drilldown.rows(con, "short_calls_new_clients", result) == []
    assert drilldown.frame([]).height == 0


def test_columns_are_labelled_in_the_users_language():
    df = drilldown.frame([{"manager": "Анна", "duration_s": 30, "something_else": 1}], "ru")
    assert df.columns[0] == "Менеджер" and df.columns[-1] == "Something_else"


def frame_with_formulas():
    return pl.DataFrame({"text": DANGEROUS + ["plain"], "n": list(range(-3, len(DANGEROUS) - 3)) + [None],
                         "day": [dt.date(2025, 1, 1)] * (len(DANGEROUS) + 1)})


def test_csv_neutralises_formulas():
    data = drilldown.to_csv_bytes(frame_with_formulas())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pl.read_csv(io.BytesIO(data[3:]), infer_schema_length=0)
    for original, written in zip(DANGEROUS, back["text"]):
        assert written == "'" + original
    assert back["text"][-1] == "plain"
    assert back["n"][0] == "-3"             # numbers stay numbers


def sheet_xml(data: bytes) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/worksheets/sheet1.xml").decode(), z.read("xl/sharedStrings.xml").decode()


def test_xlsx_writes_formulas_as_text():
    data = drilldown.to_xlsx_bytes(frame_with_formulas(), "Звонки: короткие/новые")
    sheet, strings = sheet_xml(data)
    assert "<f>" not in sheet and "<f " not in sheet     # no formula cell anywhere
    assert "=1+2" in strings and "@SUM(A1)" in strings and "'=1+2" not in strings
    assert '<c r="B2" s="0"><v>-3</v></c>' in sheet or "<v>-3</v>" in sheet    # numbers as numbers


@pytest.mark.parametrize("df", [pl.DataFrame(), pl.DataFrame({"a": []}, schema={"a": pl.String})])
def test_empty_lists_download(df):
    assert drilldown.to_csv_bytes(df).startswith(b"\xef\xbb\xbf")
    assert drilldown.to_xlsx_bytes(df).startswith(b"PK")


def test_every_list_of_every_check_exists():
    from audits.checks import REGISTRY
    from audits.metrics import LISTS_DIR, queries
    known = queries(LISTS_DIR)
    for check in REGISTRY:
        for name in check.lists:
            assert name in known, (check.id, name)


def test_key_clients_without_a_potential_are_listed_largest_first():
    # ABC of 1 000 net revenue: k1 600 (A), k2 300 (above 600 < 800: A), k3 60 (above 900 < 950: B),
    # k4 40 (C). k2 has a potential, k4 is C: k1 and k3 are listed; k1's yearly revenue counts only its
    # order within 365 days of as_of (2026-01-01).
    def order(client, day, amount):
        return {"client_id": client, "ordered_at": dt.datetime.fromisoformat(day), "amount": amount}
    con = memory_db({
        "orders": [order("k1", "2024-06-01", 200), order("k1", "2025-06-01", 400), order("k2", "2025-05-01", 300),
                   order("k3", "2025-04-01", 60), order("k4", "2025-12-31", 40)],
        "clients": [{"client_id": "k1", "name": "Альфа", "manager": "Анна"},
                    {"client_id": "k2", "name": "Бета", "potential": 5000.0},
                    {"client_id": "k3", "name": "Гамма", "potential": 0.0},
                    {"client_id": "k4", "name": "Дельта"}]})
    result = audit.run(con, lang="en")
    assert result.as_of == "2026-01-01"
    rows = drilldown.rows(con, "key_clients_without_potential", result)
    assert [(r["client"], r["abc_class"], r["revenue"], r["yearly_revenue"], r["manager"]) for r in rows] == [
        ("Альфа", "A", 600.0, 400.0, "Анна"), ("Гамма", "B", 60.0, 60.0, None)]


def test_new_deals_nobody_contacted_are_listed_latest_first():
    # Calls run from 03-01 to 03-07 10:00: deals up to 03-06 10:00 count. d1 was called (outgoing),
    # d2 only called in and was missed, d3 had no call, d4 was created too late to judge.
    def deal(i, client, created):
        return {"deal_id": i, "client_id": client, "manager": "Анна", "stage": "Новая", "status": "open",
                "created_at": dt.datetime.fromisoformat(created)}

    def call(started, direction, client, duration):
        return {"started_at": dt.datetime.fromisoformat(started), "direction": direction, "client_id": client,
                "duration_s": duration, "manager": "Анна"}
    con = memory_db({
        "clients": [{"client_id": c, "phone": f"+7912000001{i}"} for i, c in enumerate(("c1", "c2", "c3", "c4"))],
        "deals": [deal("d1", "c1", "2025-03-02 10:00"), deal("d2", "c2", "2025-03-03 10:00"),
                  deal("d3", "c3", "2025-03-04 10:00"), deal("d4", "c4", "2025-03-06 12:00")],
        "calls": [call("2025-03-01 09:00", "out", None, 60), call("2025-03-02 11:00", "out", "c1", 60),
                  call("2025-03-03 12:00", "in", "c2", 0), call("2025-03-07 10:00", "out", None, 60)]})
    result = audit.run(con, lang="en")
    rows = drilldown.rows(con, "new_deals_not_contacted", result)
    assert [r["deal_id"] for r in rows] == ["d3", "d2"]
    title = drilldown.list_title("new_deals_not_contacted", "ru")
    assert title == "Новые сделки, по которым никто не связался"


def test_every_list_has_its_title_and_a_sheet_title_in_both_languages():
    # the workbook once titled three sheets of a Russian report in English ("Stale deals", ...)
    from audits.checks import REGISTRY
    from audits.i18n import catalogue
    from audits.report.xlsx import sheet_title
    for name in dict.fromkeys(n for c in REGISTRY for n in c.lists):
        assert f"list.{name}" in catalogue() or f"dd.list.{name}" in catalogue(), name
        ru, en = drilldown.list_title(name, "ru"), drilldown.list_title(name, "en")
        assert re.search("[а-яё]", ru) and not re.search("[а-яё]", en.lower()), name
        for lang in ("ru", "en"):
            sheet = sheet_title(name, lang)
            assert len(sheet) <= 31 and drilldown._sheet_name(sheet) == sheet, (name, lang, sheet)
    assert drilldown.list_title("stale_deals", "ru") == "Зависшие сделки"
    assert drilldown.list_title("managers_below_plan", "ru") == "Менеджеры ниже плана"
    assert drilldown.list_title("open_deals_without_task", "ru") == "Открытые сделки без задачи"


def test_every_column_of_every_list_is_labelled_in_both_languages(demo_store):
    from audits.checks import REGISTRY
    from audits.i18n import catalogue
    result = audit.run_store(demo_store, lang="ru")
    for name in dict.fromkeys(n for c in REGISTRY for n in c.lists):
        rows = drilldown.rows(demo_store.con, name, result)
        assert rows, name
        for column in rows[0]:
            keys = [f"list.col.{column}", f"dd.col.{column}", f"column.{column}"]
            assert any(k in catalogue() for k in keys), (name, column)
            assert re.search("[а-яё]", drilldown.column_label(column, "ru").lower()), (name, column)
