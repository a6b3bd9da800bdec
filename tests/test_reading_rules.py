"""How values are read: a call without talk time, the order of day and month in dates (decided over the
whole column), placeholders such as "не закрыта" in date and number columns. Tiny exact files."""
from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

import duckdb
import pytest

from audits.ingest.normalize import (DateOrder, _aby_parts, fast_parse, order_code, parsed_form,
                                     parsed_order_code)
from audits.store import Input, Store


@pytest.fixture
def store(tmp_path):
    s = Store(workdir=tmp_path / "session")
    yield s
    s.close()


def add(store, tmp_path, name: str, text: str, table: str, columns: dict, dayfirst=None, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    report = store.add([Input(name=name, path=path)], mapping={name: {"__table__": table, **columns}},
                       dayfirst=dayfirst)
    assert not report.errors
    return report.files[0]


def keys(info) -> list[tuple[str, str]]:
    return [(m.level, m.key) for m in info.messages]


def column(store, sql: str) -> list:
    return [r[0] for r in store.con.execute(sql).fetchall()]


# --- a call with no talk time ---------------------------------------------------------------------

CALLS = {"Start": "started_at", "Talk": "duration_s"}


def test_a_call_with_an_empty_talk_time_is_a_call_of_0_seconds_and_counts_as_missed(store, tmp_path):
    info = add(store, tmp_path, "calls.csv", "Start,Talk\n"
               "2024-03-05 10:00:00,65\n"
               "2024-03-05 11:00:00,\n"
               "2024-03-05 12:00:00,  \n"
               "2024-03-05 13:00:00,00:01:10\n", "calls", CALLS)
    assert (info.rows, info.set_aside) == (4, 0)
    assert store.con.execute("SELECT duration_s, status FROM calls ORDER BY _row").fetchall() == [
        (65, "answered"), (0, "missed"), (0, "missed"), (70, "answered")]
    assert keys(info) == [("info", "calls.no_talk_time")]
    assert info.messages[0].params["count"] == 2 and "2 calls have no talk time" in info.messages[0].text("en")
    assert "у 2 звонков нет времени разговора" in info.messages[0].text("ru")


def test_a_placeholder_talk_time_is_0_seconds_but_garbage_is_still_set_aside(store, tmp_path):
    info = add(store, tmp_path, "calls.csv", "Start,Talk\n"
               "2024-03-05 10:00:00,n/a\n"
               "2024-03-05 11:00:00,-\n"
               "2024-03-05 12:00:00,долго\n", "calls", CALLS)
    assert (info.rows, info.set_aside) == (2, 1)
    assert column(store, "SELECT duration_s FROM calls ORDER BY _row") == [0, 0]
    aside = store.set_aside_rows()
    assert aside.select("row", "value", "reason_key").rows() == [(4, "долго", "unreadable")]
    assert ("warning", "reason_msg.unreadable") in keys(info)


def test_the_answered_flag_still_decides_and_no_in_a_bool_column_is_false_not_empty(store, tmp_path):
    info = add(store, tmp_path, "calls.csv", "Start,Answered,Talk\n"
               "2024-03-05 10:00:00,да,65\n"
               "2024-03-05 11:00:00,нет,\n"
               "2024-03-05 12:00:00,Нет,0\n"
               "2024-03-05 13:00:00,Y,\n", "calls", {**CALLS, "Answered": "answered"})
    assert (info.rows, info.set_aside) == (4, 0)
    assert store.con.execute("SELECT duration_s, status FROM calls ORDER BY _row").fetchall() == [
        (65, "answered"), (0, "missed"), (0, "missed"), (0, "answered")]
    assert not any(m.key.startswith("reason_msg") for m in info.messages)


# --- the order of day and month ----------------------------------------------------------------------

def orders_csv(dates: list[str]) -> str:
    return "Client,Date,Sum\n" + "".join(f"c{i},{d},100\n" for i, d in enumerate(dates))


ORDERS = {"Client": "client_id", "Date": "ordered_at", "Sum": "amount"}


def test_a_day_above_12_in_the_first_place_anywhere_in_the_column_settles_day_first(store, tmp_path):
    # 300 dates that fit both orders, then one that only day-first reads: far beyond the first values.
    dates = ["03/04/2024"] * 300 + ["25/12/2024"]
    info = add(store, tmp_path, "orders.csv", orders_csv(dates), "orders", ORDERS)
    assert (info.rows, info.set_aside) == (301, 0)
    assert column(store, "SELECT DISTINCT ordered_at FROM orders ORDER BY 1") == [
        datetime(2024, 4, 3), datetime(2024, 12, 25)]
    assert not [m for m in info.messages if m.key.startswith("dates.")]


def test_a_value_above_12_in_the_second_place_settles_month_first(store, tmp_path):
    dates = ["03/04/2024 10:15"] * 300 + ["12/25/2024 9:05"]
    info = add(store, tmp_path, "orders.csv", orders_csv(dates), "orders", ORDERS)
    assert (info.rows, info.set_aside) == (301, 0)
    assert column(store, "SELECT DISTINCT ordered_at FROM orders ORDER BY 1") == [
        datetime(2024, 3, 4, 10, 15), datetime(2024, 12, 25, 9, 5)]
    assert not [m for m in info.messages if m.key.startswith("dates.")]


def test_a_truly_ambiguous_column_is_read_month_first_with_a_warning_unless_an_order_is_given(tmp_path):
    text = orders_csv(["03/04/2024", "05/06/2024", "07/07/2024"])
    read = {}
    for dayfirst in (None, True, False):
        s = Store(workdir=tmp_path / f"s{dayfirst}")
        info = add(s, tmp_path, "orders.csv", text, "orders", ORDERS, dayfirst=dayfirst)
        assert (info.rows, info.set_aside, info.dayfirst) == (3, 0, dayfirst)
        read[dayfirst] = (column(s, "SELECT ordered_at FROM orders ORDER BY _row"), keys(info))
        if dayfirst is None:
            msg = info.messages[0]
            assert msg.params["header"] == "Date" and msg.params["count"] == 2 and msg.params["example"] == "03/04/2024"
            en, ru = msg.text("en"), msg.text("ru")
            assert "orders.csv" in en and "“Date”" in en and "month first" in en and "--dayfirst" in en
            assert "orders.csv" in ru and "«Date»" in ru and "сначала месяц" in ru and "«Данные»" in ru
        s.close()
    month_first = [datetime(2024, 3, 4), datetime(2024, 5, 6), datetime(2024, 7, 7)]
    day_first = [datetime(2024, 4, 3), datetime(2024, 6, 5), datetime(2024, 7, 7)]
    assert read[None] == (month_first, [("warning", "dates.order_assumed")])
    assert read[True] == (day_first, [("info", "dates.order_chosen")])
    assert read[False] == (month_first, [("info", "dates.order_chosen")])


def test_an_ambiguous_column_of_a_russian_file_is_read_day_first_and_dotted_dates_raise_no_question(store, tmp_path):
    info = add(store, tmp_path, "заказы.csv", "Клиент;Дата;Отгрузка;Сумма\n"
               "к1;03/04/2024;03.04.2024;100\nк2;05/06/2024;05.06.2024;200\n", "orders",
               {"Клиент": "client_id", "Дата": "ordered_at", "Отгрузка": "paid_at", "Сумма": "amount"})
    assert store.con.execute("SELECT ordered_at, paid_at FROM orders ORDER BY _row").fetchall() == [
        (datetime(2024, 4, 3), datetime(2024, 4, 3)), (datetime(2024, 6, 5), datetime(2024, 6, 5))]
    assert keys(info) == [("warning", "dates.order_assumed")]          # only the slashed column asks
    assert info.messages[0].params["why_key"] == "dates.why.european"
    assert "сначала день" in info.messages[0].text("ru")


def test_a_column_that_mixes_both_orders_reads_what_it_can_and_sets_aside_the_rest(tmp_path):
    text = orders_csv(["25/03/2024", "03/25/2024", "03/04/2024", "07/07/2024"])
    s = Store(workdir=tmp_path / "a")
    info = add(s, tmp_path, "orders.csv", text, "orders", ORDERS)
    assert (info.rows, info.set_aside) == (3, 1)
    assert column(s, "SELECT ordered_at FROM orders ORDER BY _row") == [
        datetime(2024, 3, 25), datetime(2024, 3, 25), datetime(2024, 7, 7)]
    assert keys(info) == [("warning", "dates.order_mixed"), ("warning", "reason_msg.date_order")]
    mixed = info.messages[0]
    assert (mixed.params["dayfirst"], mixed.params["monthfirst"]) == (1, 1)
    assert s.set_aside_rows().select("row", "value", "reason_key").rows() == [(4, "03/04/2024", "date_order")]
    assert "03/04/2024" in info.messages[1].text("en") and "--dayfirst" in info.messages[1].text("ru")
    assert [f.id for f in s.date_order_files()] == [info.id]
    # Once an order is chosen the value that fits both is read in it; the others keep their only order.
    again = s.set_dayfirst(info.id, True)
    assert (again.rows, again.set_aside, again.dayfirst) == (4, 0, True)
    assert column(s, "SELECT ordered_at FROM orders ORDER BY _row") == [
        datetime(2024, 3, 25), datetime(2024, 3, 25), datetime(2024, 4, 3), datetime(2024, 7, 7)]
    assert keys(again) == [("warning", "dates.order_mixed"), ("info", "dates.order_chosen")]
    s.close()


def test_an_optional_date_that_fits_both_orders_in_a_mixed_column_is_left_empty_and_the_row_kept(store, tmp_path):
    info = add(store, tmp_path, "deals.csv", "Id,Stage,Closed\n1,Won,25/03/2024\n2,Won,03/25/2024\n3,Lost,03/04/2024\n",
               "deals", {"Id": "deal_id", "Stage": "stage", "Closed": "closed_at"})
    assert (info.rows, info.set_aside) == (3, 0)
    assert column(store, "SELECT closed_at FROM deals ORDER BY _row") == [
        datetime(2024, 3, 25), datetime(2024, 3, 25), None]
    assert ("warning", "reason_msg.date_order_kept") in keys(info)
    assert ("warning", "reason_msg.unreadable_kept") not in keys(info)


def test_two_digit_years_are_this_century_or_the_last_never_the_year_19(store, tmp_path):
    info = add(store, tmp_path, "orders.csv",
               orders_csv(["04/01/19", "25/12/19", "31/12/99 23:59", "1/2/05", "05.03.24 10:20", "24-08-17"]),
               "orders", ORDERS)
    assert (info.rows, info.set_aside) == (6, 0)
    assert column(store, "SELECT ordered_at FROM orders ORDER BY _row") == [
        datetime(2019, 1, 4), datetime(2019, 12, 25), datetime(1999, 12, 31, 23, 59), datetime(2005, 2, 1),
        datetime(2024, 3, 5, 10, 20), datetime(2017, 8, 24)]


def test_us_datetimes_with_am_pm_and_mixed_year_widths_in_one_column(store, tmp_path):
    info = add(store, tmp_path, "orders.csv",
               orders_csv(["12/06/2010 10:08", "2/20/11 11:39", "02/23/26 08:55 PM", "3/1/2017"]), "orders", ORDERS)
    assert (info.rows, info.set_aside) == (4, 0)
    assert column(store, "SELECT ordered_at FROM orders ORDER BY _row") == [
        datetime(2010, 12, 6, 10, 8), datetime(2011, 2, 20, 11, 39), datetime(2026, 2, 23, 20, 55),
        datetime(2017, 3, 1)]


# --- placeholders --------------------------------------------------------------------------------------

def test_placeholders_in_a_date_and_a_money_column_read_as_empty_not_as_bad_values(store, tmp_path):
    info = add(store, tmp_path, "deals.csv", "Id,Stage,Closed,Budget\n"
               "1,Успешно реализовано,22.03.2022 13:32:00,\"12 500,50\"\n"
               "2,Первичный контакт,не закрыта,NA\n"
               "3,Первичный контакт, Не Закрыта ,-\n"
               "4,Первичный контакт,n/a,н/д\n"
               "5,Первичный контакт,NULL,null\n"
               "6,Первичный контакт,вчера,много\n", "deals",
               {"Id": "deal_id", "Stage": "stage", "Closed": "closed_at", "Budget": "amount"})
    assert (info.rows, info.set_aside) == (6, 0)
    assert store.con.execute("SELECT closed_at, amount FROM deals ORDER BY _row").fetchall() == [
        (datetime(2022, 3, 22, 13, 32), Decimal("12500.50")), (None, None), (None, None), (None, None),
        (None, None), (None, None)]
    # Only the real garbage of row 7 is reported, once per column.
    unreadable = [m for m in info.messages if m.key == "reason_msg.unreadable_kept"]
    assert sorted((m.params["header"], m.params["count"], m.params["examples"]) for m in unreadable) == [
        ("Budget", 1, "много"), ("Closed", 1, "вчера")]


def test_a_placeholder_in_a_required_date_is_a_missing_value_not_an_unreadable_one(store, tmp_path):
    info = add(store, tmp_path, "orders.csv", orders_csv(["2024-03-05", "NULL", "-"]), "orders", ORDERS)
    assert (info.rows, info.set_aside) == (1, 2)
    assert store.set_aside_rows()["reason_key"].to_list() == ["missing", "missing"]


def test_a_placeholder_id_is_no_id_so_rows_without_a_client_are_set_aside_not_merged_into_one_client(store, tmp_path):
    info = add(store, tmp_path, "orders.csv", "Client,Date,Sum\n17850,2024-03-05,10\nNA,2024-03-05,20\n"
               "null,2024-03-06,30\n00042,2024-03-06,40\n", "orders", ORDERS)
    assert (info.rows, info.set_aside) == (2, 2)
    assert column(store, "SELECT client_id FROM orders ORDER BY _row") == ["17850", "00042"]
    assert store.set_aside_rows().select("row", "reason_key").rows() == [(3, "missing"), (4, "missing")]


# --- choosing the order: CLI, save file, Data page --------------------------------------------------------

def test_the_cli_dayfirst_and_monthfirst_flags_choose_the_order(tmp_path, capsys):
    from audits.cli import main
    path = tmp_path / "orders.csv"
    path.write_text(orders_csv(["03/04/2024", "05/06/2024"]), encoding="utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"orders.csv": {"__table__": "orders", **ORDERS}}), encoding="utf-8")
    read = {}
    for flag in ("--dayfirst", "--monthfirst", None):
        db = tmp_path / f"{flag}.duckdb"
        code = main(["load", str(path), "--map", str(mapping), "--db", str(db), "--json", *([flag] if flag else [])])
        out = json.loads(capsys.readouterr().out)
        assert code == 0
        s = Store(workdir=tmp_path / f"w{flag}", database=str(db))
        read[flag] = (column(s, "SELECT ordered_at FROM orders ORDER BY _row"), s.files[0].dayfirst,
                      any("--dayfirst" in m for m in out["files"][0]["messages"]))
        s.close()
    assert read["--dayfirst"] == ([datetime(2024, 4, 3), datetime(2024, 6, 5)], True, False)
    assert read["--monthfirst"] == ([datetime(2024, 3, 4), datetime(2024, 5, 6)], False, False)
    assert read[None] == ([datetime(2024, 3, 4), datetime(2024, 5, 6)], None, True)    # assumed, and said so
    with pytest.raises(SystemExit):
        main(["load", str(path), "--dayfirst", "--monthfirst"])
    capsys.readouterr()


def test_the_run_command_takes_the_flags_too():
    from audits.cli import main
    with pytest.raises(SystemExit) as e:
        main(["run", "x.csv", "--out", "o", "--monthfirst", "--dayfirst"])
    assert e.value.code == 2


def test_a_saved_audit_reopens_with_the_order_that_was_chosen(tmp_path):
    from audits import savefile
    s = Store(workdir=tmp_path / "a")
    info = add(s, tmp_path, "orders.csv", orders_csv(["03/04/2024", "05/06/2024"]), "orders", ORDERS)
    s.set_dayfirst(info.id, True)
    data = savefile.save(s, savefile.Session(lang="en"))
    s.close()
    opened = savefile.open_audit(data, "en", store_factory=lambda: Store(workdir=tmp_path / "b"))
    assert opened.ok and not opened.warnings
    assert opened.store.files[0].dayfirst is True
    assert column(opened.store, "SELECT ordered_at FROM orders ORDER BY _row") == [
        datetime(2024, 4, 3), datetime(2024, 6, 5)]
    opened.store.close()


def test_the_data_page_offers_the_order_only_when_a_file_needs_it_and_reads_the_file_again():
    from audits.i18n import t
    from tests.app.helpers import DATA_PAGE, new_app, store, upload
    label = t("data.date_order_choice", "ru")
    plain = new_app().run()
    upload(plain, [("deals.csv", "deal_id,stage,created_at\n1,Новая,2025-01-10\n2,Новая,2025-02-11\n".encode())])
    plain.switch_page(DATA_PAGE).run()
    assert not plain.exception and not [r for r in plain.radio if r.label == label]

    at = new_app().run()
    upload(at, [("deals.csv", "deal_id,stage,created_at\n3,Новая,03/04/2024\n4,Новая,05/06/2024\n".encode())])
    at.switch_page(DATA_PAGE).run()
    assert not at.exception
    s = store(at)
    assert s.files[0].messages[0].params["why_key"] == "dates.why.european"      # Cyrillic values: day first
    [radio] = [r for r in at.radio if r.label == label]
    assert radio.value is True
    assert s.sql("SELECT created_at FROM deals WHERE deal_id = '3'")["created_at"].to_list() == [datetime(2024, 4, 3)]
    radio.set_value(False).run()
    assert not at.exception
    assert s.files[0].dayfirst is False
    assert s.sql("SELECT created_at FROM deals WHERE deal_id = '3'")["created_at"].to_list() == [datetime(2024, 3, 4)]
    assert at.success
    [radio] = [r for r in at.radio if r.label == label]
    assert radio.value is False


# --- the order codes of values the column's first formats read ---------------------------------------

def test_only_four_digit_year_formats_of_one_order_and_separator_give_codes_from_parsed_dates():
    def form(*fast):
        return parsed_form(DateOrder("settled", True, fast=list(fast)))
    assert form("%d.%m.%Y %H:%M:%S", "%d.%m.%Y") == (True, ".")
    assert form("%m/%d/%Y %I:%M %p") == (False, "/")
    assert form("%d.%m.%y %H:%M") is None                      # "%y" also reads "5.3.5"
    assert form("%d.%m.%Y", "%d/%m/%Y") is None                # two separators
    assert form() is None and parsed_form(None) is None


@pytest.mark.parametrize("fast", [["%d.%m.%Y %H:%M:%S", "%d.%m.%Y"], ["%m/%d/%Y %I:%M %p", "%m/%d/%Y"],
                                  ["%d-%m-%Y %H:%M"]])
def test_a_code_from_the_parsed_date_equals_the_code_from_the_text(fast):
    """Every value, odd ones included, gets the code the regular expression gives it: from the parsed
    date where the formats read it with a year of 10 or more, from the text everywhere else."""
    dayfirst, sep = parsed_form(DateOrder("settled", fast[0].startswith("%d"), fast=fast))
    values = [f"{a}{s}{b}{s2}{y}{t}" for a in ("1", "05", "12", "13", "25", "31", "32", "005")
              for b in ("3", "04", "12", "13", "25") for s, s2 in ((sep, sep), (sep, "/"), ("/", sep))
              for y in ("5", "09", "24", "0024", "2024", "02024") for t in ("", " 10:15", " 10:15:30", " 9:05 PM", "x")]
    values += [None, "", " 05.03.2024", "05. 3.2024", "2024-03-05", "n/a", "-5.03.2024"]
    con = duckdb.connect()
    con.execute("CREATE TABLE v (x VARCHAR)")
    con.executemany("INSERT INTO v VALUES (?)", [[v] for v in values])
    f = fast_parse("x", DateOrder("settled", dayfirst, fast=fast))
    parts = f"CASE WHEN year(__f) >= 10 THEN NULL ELSE {_aby_parts('x')} END"
    quick = (f"CASE WHEN __p IS NULL AND __f IS NOT NULL THEN {parsed_order_code('__f', dayfirst, sep)} "
             f"ELSE {order_code('__p')} END")
    rows = con.execute(f"SELECT x, {order_code(_aby_parts('x'))}, {quick}, __f IS NOT NULL FROM "
                       f"(SELECT x, __f, {parts} AS __p FROM (SELECT x, {f} AS __f FROM v))").fetchall()
    assert sum(parsed for *_, parsed in rows) > 50             # the quick way is taken, often
    assert [(x, slow) for x, slow, _, _ in rows] == [(x, quick) for x, _, quick, _ in rows]
