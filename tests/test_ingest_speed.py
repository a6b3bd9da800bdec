"""The fast paths of loading read every value exactly as the general rules do."""
from __future__ import annotations

import itertools
import random

import duckdb
import pytest

from audits.ingest import normalize as n
from audits.ingest import text
from audits.store import Input


# --- encodings: checked in chunks, with the same result as line by line --------------------------

def _line_by_line(data: bytes) -> tuple[str, bytes]:
    """The rule of text.ensure_utf8, one line at a time."""
    lines = data.split(b"\n")
    failing = [i for i, line in enumerate(lines) if not text._is_utf8(line)]
    non_ascii = sum(1 for line in lines if not line.isascii())
    encoding = text.guess_single_byte(b"\n".join(lines[i] for i in failing[:2000]))
    if len(failing) * 2 > non_ascii:
        return encoding, data.decode(encoding, errors="replace").encode("utf-8")
    for i in failing:
        lines[i] = lines[i].decode(encoding, errors="replace").encode("utf-8")
    return "utf-8", b"\n".join(lines)


@pytest.mark.parametrize("seed", range(40))
def test_files_that_mix_encodings_are_recoded_as_line_by_line(tmp_path, seed):
    rnd = random.Random(seed)
    words = ["Иван Петров", "abc", "Ёлка «ВЁ» №5", "ВЁ", "café", "€", "日本", "ok"]
    lines = []
    for _ in range(rnd.randint(1, 1500)):
        line = ";".join(rnd.choice(words) for _ in range(rnd.randint(0, 4)))
        lines.append(line.encode(rnd.choice(["utf-8", "utf-8", "cp1251", "koi8_r"]), errors="replace"))
    data = b"\n".join(lines)
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    try:
        data.decode("utf-8")
        return                                   # nothing to recode
    except UnicodeDecodeError:
        pass
    encoding, expected = _line_by_line(data)
    assert text.ensure_utf8(path)[0] == encoding
    assert path.read_bytes() == expected


def test_a_single_byte_file_whose_bytes_happen_to_pair_like_utf8(tmp_path):
    # "ВЁ" in Windows-1251 is C2 A8, a valid UTF-8 character: that chunk is checked line by line.
    rows = ["Клиент;Сумма"] + [f"ООО «ВЁСНА {i}»;{i},50" for i in range(3000)]
    data = "\n".join(rows).encode("cp1251")
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert text.ensure_utf8(path) == ("cp1251", 0)
    assert path.read_bytes() == "\n".join(rows).encode("utf-8")


# --- conversions: the fast form of a value equals the general rule's ------------------------------

def _values(con, expr: str, values: list[str | None]) -> list:
    con.execute("CREATE OR REPLACE TABLE v AS SELECT unnest(?) AS v", [values])
    return [r[0] for r in con.execute(f"SELECT {expr} FROM v ORDER BY rowid").fetchall()]


def test_durations_written_hh_mm_ss_read_as_the_general_rule_does():
    con = duckdb.connect()
    values = [f"{h:02d}:{m:02d}:{s:02d}" for h, m, s in itertools.product(range(0, 100, 3), range(0, 100, 7), range(0, 100, 11))]
    values += ["0:01:02", "1:2:3", " 00:01:02", "00:01", "25:00:00", "24:00:00", "00:60:00", "", None, "12", "1 мин"]
    fast = _values(con, n.duration_expr("v", "VARCHAR", False, hms=True), values)
    general = _values(con, n.duration_expr("v", "VARCHAR", False), values)
    assert fast == general
    assert fast[values.index("25:00:00")] == 90000


def test_amounts_with_a_decimal_comma_read_as_the_general_rule_does():
    con = duckdb.connect()
    values = ["12 345,50", "12\u00a0345,5", "-0,5", "5,", ",5", "1.234,56", "1e3", "+12,5", "12,345", "12 ",
              " 12,5", "−12,5", "12,5 руб.", "", None, "99999999999999999999,99"]
    got = _values(con, n.money_expr("v", "VARCHAR", True), values)
    assert [str(x) if x is not None else None for x in got] == [
        "12345.50", "12345.50", "-0.50", "5.00", "5.00", "1234.56", "13.00", "12.50", "12.35", "12.00",
        "12.50", "-12.50", "12.50", None, None, None]


@pytest.mark.parametrize("value, expected", [
    ("n/a", False), ("   n/a   " + " " * 10, False), ("\u00a0нет\u00a0", False), ("не указано     ", False),
    ("Реализация товаров и услуг 00000001", True), ("отсутствует!", True), ("", False), (None, None),
    ("12", True), ("UNKNOWN", False),
])
def test_placeholders_are_told_from_values_whatever_their_length(value, expected):
    assert _values(duckdb.connect(), n.not_placeholder("v"), [value]) == [expected]


@pytest.mark.parametrize("value, expected", [
    ("12.0", "12"), (" 12.0\u00a0", "12"), ("12.00 ", "12.00"), ("7.0", "7"), ("A-12.0", "A-12.0"), ("Док 01.01.2024", "Док 01.01.2024"),
    ("n/a", None), ("  x  ", "x"),
])
def test_ids_drop_a_trailing_point_zero(value, expected):
    assert _values(duckdb.connect(), n.id_expr("v", "VARCHAR"), [value]) == [expected]


# --- one pass: rows set aside quote the file's values, phones are canonical once -----------------

def test_rows_set_aside_quote_their_values_without_reading_the_file_again(store):
    data = ("Дата;Менеджер;Номер;Длительность\n"
            "01.03.2025 10:00:00;Анна;8 912 345-67-89;60\n"
            "когда-то;Анна;+44 20 7946 0958;30\n"
            "02.03.2025 11:00:00;Борис;101;-5\n"
            "Итого;;;85\n").encode()
    info = store.add([Input("calls.csv", data=data)]).files[0]
    assert (info.rows, info.set_aside) == (1, 3)
    aside = store.set_aside_rows().select("row", "column", "value", "reason_key").rows()
    assert aside == [(3, "started_at", "когда-то", "unreadable"), (4, "duration_s", "-5", "negative"),
                     (5, None, None, "total_line")]
    assert store.sql("SELECT phone FROM calls")["phone"].to_list() == ["79123456789"]


def test_a_remap_reads_the_phones_again_from_the_file(store):
    data = ("Дата;Менеджер;Номер;Длительность\n01.03.2025 10:00:00;Анна;+44 20 7946 0958;60\n"
            "01.03.2025 11:00:00;Анна;9123456789;60\n").encode()
    info = store.add([Input("calls.csv", data=data)]).files[0]
    store.remap(info.id, "calls", dict(info.mapping))
    store.remap(info.id, "calls", dict(info.mapping))
    assert store.sql("SELECT phone FROM calls ORDER BY started_at")["phone"].to_list() == [
        "442079460958", "79123456789"]


def test_dates_read_in_the_order_the_whole_column_settles_not_the_first_rows(store):
    # The first rows fit both orders (a US file would read them month first); a later row is day first
    # only: the whole column is day first, and the pass that guessed otherwise runs again.
    lines = ["Created Date,Owner,Stage,Deal"] + [f"01/02/2024 10:00,Ann,Won,d{i}" for i in range(6000)]
    lines.append("25/03/2024 10:00,Ann,Won,d6000")
    info = store.add([Input("deals.csv", data="\n".join(lines).encode())]).files[0]
    assert (info.table, info.rows, info.set_aside) == ("deals", 6001, 0)
    assert [m.key for m in info.messages if m.key.startswith("dates.")] == []
    days = store.sql("SELECT strftime(created_at, '%Y-%m-%d') AS d, count(*) AS n FROM deals GROUP BY 1 ORDER BY 1")
    assert days.rows() == [("2024-02-01", 6000), ("2024-03-25", 1)]
