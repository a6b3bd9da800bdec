"""The SQL that turns what exporters write into canonical values, one value at a time."""
from datetime import date, datetime
from decimal import Decimal

import duckdb
import pytest

from audits.ingest import normalize as n


def one(expr_fn, value, sql_type="VARCHAR", *args):
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t (v {sql_type})")
    con.execute("INSERT INTO t VALUES (?)", [value])
    return con.execute(f"SELECT {expr_fn('v', sql_type, *args)} FROM t").fetchone()[0]


@pytest.mark.parametrize("text, expected", [
    ("2024-03-05 10:20:30", datetime(2024, 3, 5, 10, 20, 30)),
    ("2024-03-05T10:20:30.250Z", datetime(2024, 3, 5, 10, 20, 30, 250000)),
    ("2024-03-05T10:20:30+03:00", datetime(2024, 3, 5, 10, 20, 30)),
    ("05.03.2024", datetime(2024, 3, 5)),
    ("05.03.2024 10:20", datetime(2024, 3, 5, 10, 20)),
    ("05.03.24 10:20:30", datetime(2024, 3, 5, 10, 20, 30)),
    ("05/03/2024", datetime(2024, 3, 5)),            # day first unless the column says otherwise
    ("45356", datetime(2024, 3, 5)),                 # Excel serial day
    ("45356.5", datetime(2024, 3, 5, 12)),
    ("1709634030", datetime(2024, 3, 5, 10, 20, 30)),   # Unix seconds
    ("1709634030000", datetime(2024, 3, 5, 10, 20, 30)),  # Unix milliseconds
    ("вчера", None),
    ("32.13.2024", None),
    ("01.01.1900", None),                            # implausible for sales data
])
def test_text_timestamps(text, expected):
    assert one(n.ts_expr, text) == expected


def test_us_dates_when_the_column_is_month_first():
    assert one(n.ts_expr, "03/05/2024 2:30 PM", "VARCHAR", True) == datetime(2024, 3, 5, 14, 30)
    assert n.month_first(["03/05/2024", "12/31/2024"]) is True
    assert n.month_first(["05/03/2024", "31/12/2024"]) is False


def test_typed_timestamps_and_excel_serial_numbers():
    assert one(n.ts_expr, datetime(2024, 3, 5, 1, 2), "TIMESTAMP") == datetime(2024, 3, 5, 1, 2)
    assert one(n.ts_expr, date(2024, 3, 5), "DATE") == datetime(2024, 3, 5)
    assert one(n.ts_expr, 45356.25, "DOUBLE") == datetime(2024, 3, 5, 6)


@pytest.mark.parametrize("text, comma, expected", [
    ("12 345,50", True, Decimal("12345.50")),
    ("12\u00a0345,50", True, Decimal("12345.50")),
    ("1.234,5", True, Decimal("1234.50")),
    ("-85,5", True, Decimal("-85.50")),
    ("−85,5", True, Decimal("-85.50")),
    ("1 234,50 руб.", True, Decimal("1234.50")),
    ("12,500.00", False, Decimal("12500.00")),
    ("$1,200", False, Decimal("1200.00")),
    ("800.5", False, Decimal("800.50")),
    ("abc", False, None),
])
def test_money(text, comma, expected):
    assert one(n.money_expr, text, "VARCHAR", comma) == expected


def test_decimal_separator_is_decided_per_column():
    assert n.decimal_comma(["12 345,50", "85,5", "100"]) is True
    assert n.decimal_comma(["12,500.00", "800.5"]) is False
    assert n.decimal_comma(["1,234", "12,500"]) is False


@pytest.mark.parametrize("text, expected", [
    ("125", 125), ("00:03:25", 205), ("1:02:03", 3723), ("03:25", 205), ("1 мин 23 сек", 83),
    ("1m 23s", 83), ("2 ч 5 мин", 7500), ("45 сек", 45), ("12,6", 13), ("долго", None),
])
def test_durations_in_seconds(text, expected):
    assert one(n.duration_expr, text, "VARCHAR", False) == expected


def test_durations_from_excel_cells():
    assert one(n.duration_expr, 0.00237268518518519, "DOUBLE", True) == 205     # 00:03:25 as a day fraction
    assert one(n.duration_expr, datetime(1899, 12, 30, 0, 3, 25), "TIMESTAMP", False) == 205


@pytest.mark.parametrize("value, sql_type, expected", [
    ("17850.0", "VARCHAR", "17850"), ("00042", "VARCHAR", "00042"), (17850.0, "DOUBLE", "17850"),
    (17850, "BIGINT", "17850"), ("  A-17 ", "VARCHAR", "A-17"), ("", "VARCHAR", None),
])
def test_ids_are_text_and_lose_only_a_float_tail(value, sql_type, expected):
    assert one(n.id_expr, value, sql_type) == expected


def test_date_and_time_columns_combine_into_one_timestamp():
    con = duckdb.connect()
    con.execute("CREATE TABLE t (d VARCHAR, tm VARCHAR)")
    con.execute("INSERT INTO t VALUES ('05.01.2025', '19:12:01')")
    expr = n._date_and_time(["d", "tm"], {"d": "VARCHAR", "tm": "VARCHAR"},
                            {"d": ["05.01.2025"], "tm": ["19:12:01"]})
    assert con.execute(f"SELECT {expr} FROM t").fetchone()[0] == datetime(2025, 1, 5, 19, 12, 1)


@pytest.mark.parametrize("value, expected", [
    ("Петров И.\r", "Петров И."),
    ("Петров  И.", "Петров И."),
    ("\u00a0Петров\u00a0И.\t", "Петров И."),
    ("Петров\r\nИ.", "Петров И."),
    ("\u202fПетров И.", "Петров И."),
    (" \r\n\t", None),
])
def test_text_loses_whitespace_at_the_ends_and_collapses_it_inside(value, expected):
    assert one(lambda col, _t: n.text_expr(col), value) == expected


@pytest.mark.parametrize("collapse", [True, False])
def test_the_spellings_of_the_first_values_read_as_they_are_and_every_other_value_as_before(collapse):
    """A column of words skips the trim for a value spelt exactly as a clean first value; a first value
    with spaces at its ends or inside is no shortcut, and every value reads as without the shortcut."""
    first = ["Иван Петров", " Анна", "Анна", "Олег\u00a0", "Пётр  Ильин", "Входящий", "", "12"]
    values = first + ["Иван Петров ", "\u3000Иван Петров", "Иван Петров\u2007", "Иван\u00a0Петров", "Олег",
                      "Олег\u00a0", " Анна", "Пётр  Ильин", "Входящий\t", "Входящий", "", "  ", None, "12"]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[v] for v in values])
    fast = n.text_expr("v", collapse, values=first)
    assert " IN (" in fast and "'Олег" not in fast and "' Анна'" not in fast and "'Пётр  Ильин'" not in fast
    rows = con.execute(f"SELECT v, {n.text_expr('v', collapse)}, {fast} FROM t").fetchall()
    assert [(v, plain) for v, plain, _ in rows] == [(v, quick) for v, _, quick in rows]
    many = [f"m{i}" for i in range(n.SPELLINGS + 1)]
    assert n.text_expr("v", collapse, values=many) == n.text_expr("v", collapse)     # not a column of words


def test_a_mangled_manager_spelling_cannot_take_over_the_clean_one(tmp_path):
    # Three rows spell the manager "Петров И." with a carriage return or a doubled space, one cleanly:
    # all four load as "Петров И.", so the most frequent spelling is the clean one.
    import csv

    from audits.store import Input, Store
    path = tmp_path / "deals.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(["deal_id", "stage", "manager", "amount", "created_at"])
        for i, name in enumerate(["Петров И.\r", "Петров  И.", "Петров И.\r", "Петров И."]):
            w.writerow([str(i + 1), "New", name, "100", f"2025-01-0{i + 1}"])
    store = Store(memory_limit=None, threads=1)
    try:
        store.add([Input(name=path.name, path=path)])
        assert store.con.execute("select manager, count(*) from deals group by 1").fetchall() == [("Петров И.", 4)]
    finally:
        store.close()
