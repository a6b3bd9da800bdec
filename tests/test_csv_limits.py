"""Limits that keep one hostile text upload from stalling a session or failing inside the engine:
a cell of half a million digits is classified at once (no regex backtracking), a line DuckDB would
refuse for its size in bytes is not repaired into a copy DuckDB cannot read, and a header row far
wider than any export is refused with a clear message before DuckDB sniffs it."""
from __future__ import annotations

import random
import re
import signal
from contextlib import contextmanager

import duckdb
import pytest

from audits.ingest.csvread import DUCKDB_MAX_LINE, MAX_RECORD_BYTES, open_csv, repair_csv
from audits.ingest.errors import IngestError
from audits.ingest.header import MAX_COLUMNS, _NUMBER, _is_word, find_header_row
from audits.store import Input, Store
from tests.conftest import FIXTURES


@contextmanager
def at_most(seconds: int):
    """Fail (instead of hanging the run) when the block takes longer than `seconds`."""
    def stop(*_):
        raise TimeoutError(f"took more than {seconds} s")
    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# --- numbers in header detection: no catastrophic backtracking -----------------------------------

# The pattern before the fix: the class after the mandatory digit also held digits.
_OLD_NUMBER = re.compile(r"^[-+−(]?[\d\s\u00a0\u202f.,()\-]*\d[\d\s\u00a0\u202f.,)]*\s*(%|₽|руб\.?|р\.|\$|€)?$",
                         re.IGNORECASE)
_PIECES = list("0123456789 \t\n\u00a0\u202f.,()-+−%₽$€рубРУБxЖ٣\r") + ["руб.", "р.", " 000", "12"]


def test_number_pattern_matches_what_it_matched_before():
    rnd = random.Random(20240301)
    matched = 0
    for _ in range(30_000):
        s = "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 12)))
        old = bool(_OLD_NUMBER.match(s))
        assert bool(_NUMBER.match(s)) == old, repr(s)
        matched += old
    assert matched > 1000          # the comparison covered numbers, not only words


@pytest.mark.parametrize("value, word", [
    ("1 200 000,50", False), ("+7 (495) 123-45-67", False), ("(1 200)", False), ("15%", False),
    ("1 234 567,89 ₽", False), ("100 руб.", False), ("3,5", False), ("12.", False),
    ("Сумма", True), ("1x", True), ("ID", True), ("7" * 300, False)])
def test_numbers_are_values_and_words_are_names(value, word):
    assert _is_word(value) is word


@pytest.mark.parametrize("cell", ["1" * 500_000 + "\x01", "1" * 500_000 + " руб x", "1 " * 250_000 + "x",
                                  "(" + "1-" * 200_000 + "x"])
def test_a_cell_of_half_a_million_digits_with_a_stray_byte_is_classified_at_once(cell):
    with at_most(20):                       # was minutes (8k digits: 6 s, 16k: 31 s)
        assert _is_word(cell) is True
        assert find_header_row([["Номер", "Сумма"], [cell, "5"], ["1", "2"]]) == 0


# --- a line measured in bytes, as DuckDB measures it ----------------------------------------------

def test_a_line_over_duckdbs_limit_in_bytes_but_not_in_characters_is_not_repaired(tmp_path):
    src, dest = tmp_path / "zh.csv", tmp_path / "zh.repaired.csv"
    line = '1,"' + "Ж" * 1_100_000 + '"'          # 1.1 M characters, 2.2 MB
    assert len(line) < DUCKDB_MAX_LINE < len(line.encode())
    src.write_text(f"a,b\n{line}\n2,x\n", encoding="utf-8")
    assert repair_csv(src, dest, ",", '"', 2, 1) is None


def test_a_long_line_within_the_limit_is_still_repaired_and_readable(tmp_path):
    src, dest = tmp_path / "x.csv", tmp_path / "x.repaired.csv"
    src.write_text('a,b\n1,"' + "Ж" * 400_000 + "x" * 1_000_000 + '"\n2,y\n', encoding="utf-8")
    done = repair_csv(src, dest, ",", '"', 2, 1)
    assert done is not None and done.records == 2
    got = duckdb.connect().execute(f"SELECT length(column2) FROM read_csv('{dest}', header = false) "
                                   "ORDER BY column0").fetchall()
    assert got == [(1_400_000,), (1,)]


def test_a_record_that_doubling_its_quotes_makes_too_long_is_not_repaired(tmp_path):
    """Read without unescaping, each inner `""` stays two quotes, which the copy doubles again."""
    src, dest = tmp_path / "q.csv", tmp_path / "q.repaired.csv"
    line = '1,"' + '""' * 600_000 + '"'           # 1.2 MB read, 2.4 MB written
    assert len(line.encode()) < MAX_RECORD_BYTES
    src.write_text(f"a,b\n{line}\n", encoding="utf-8")
    assert repair_csv(src, dest, ",", '"', 2, 1, unescape=False) is None


def _store_add(tmp_path, name: str, data: bytes):
    store = Store(workdir=tmp_path / "s")
    try:
        report = store.add([Input(name=name, data=data)])
        return report, [(f.table, f.rows, [m.key for m in f.messages]) for f in store.files]
    finally:
        store.close()


def test_a_repaired_file_with_a_2_5_mb_line_of_cyrillic_gets_a_clear_message(tmp_path):
    """Was `source.internal`: the repaired copy held a line DuckDB refuses (fuzz input 0070)."""
    data = (FIXTURES / "csv" / "clients_quirks.csv").read_bytes()
    data = data.replace("ИП Сидоров".encode(), ("ИП Сидоров," + "Ж" * 1_250_000).encode())
    report, files = _store_add(tmp_path, "clients.csv", data)
    keys = [m.key for _, m in report.errors] + [k for _, _, ks in files for k in ks]
    assert keys and "source.internal" not in keys
    assert all(k.startswith("csv.") or k.startswith("detect.") for k in keys), keys


# --- a header wider than any export ---------------------------------------------------------------

def _wide_header(width: int, delim: str = ",") -> bytes:
    header = delim.join(f"name{i}" for i in range(width))
    rows = "\n".join(delim.join(f"v{r}_{i}" for i in range(18)) for r in range(6))
    return f"{header}\n{rows}\n".encode()


@pytest.mark.parametrize("delim", [",", ";", "\t"])
def test_a_header_of_20000_fields_is_refused_before_duckdb_reads_it(tmp_path, delim):
    path = tmp_path / "wide.csv"
    path.write_bytes(_wide_header(20_000, delim))
    with at_most(20), pytest.raises(IngestError) as e:
        open_csv(duckdb.connect(), str(path), "wide.csv")
    assert e.value.message.key == "csv.too_many_columns"
    assert e.value.message.params == {"file": "wide.csv", "count": 20_000, "limit": MAX_COLUMNS}


def test_a_wide_header_upload_is_refused_with_the_columns_message(tmp_path):
    report, files = _store_add(tmp_path, "wide.csv", _wide_header(20_000))
    assert [(n, m.key) for n, m in report.errors] == [("wide.csv", "csv.too_many_columns")]
    assert files == []


def test_a_header_at_the_limit_is_read(tmp_path):
    path = tmp_path / "ok.csv"
    header = ",".join(f"name{i}" for i in range(MAX_COLUMNS))
    path.write_text(header + "\n" + ",".join(str(i) for i in range(MAX_COLUMNS)) + "\n", encoding="utf-8")
    src = open_csv(duckdb.connect(), str(path), "ok.csv")
    assert len(src.names) == MAX_COLUMNS and src.names[0] == "name0"


def test_a_wide_junk_line_in_another_delimiter_above_a_good_header_does_not_refuse_the_file(tmp_path):
    junk = "\t".join(f"c{i}" if i % 2 else "" for i in range(20_000))
    good = (FIXTURES / "csv" / "calls_utf8.csv").read_text(encoding="utf-8")
    for i, text in enumerate([junk + "\n" + good, good.replace("\n", "\n" + junk + "\n", 1)]):
        path = tmp_path / f"calls{i}.csv"
        path.write_text(text, encoding="utf-8")
        src = open_csv(duckdb.connect(), str(path), path.name)
        assert src.names == ["Дата звонка", "Менеджер", "Номер", "Длительность", "Направление"], i


# --- a CR left inside a value of a repaired copy --------------------------------------------------

def test_a_value_holding_a_cr_is_quoted_in_the_repaired_copy(tmp_path):
    """Lines ending in CR CR LF: one CR stays in the last value; written bare, DuckDB took it for the
    end of the record (`source.internal`, fuzz example 950040)."""
    src, dest = tmp_path / "cr.csv", tmp_path / "cr.repaired.csv"
    src.write_bytes(b'a,b,c\r\r\n"x" <1>,2,\r\r\n3,"y",z\r\r\n')
    done = repair_csv(src, dest, ",", '"', 3, 1)
    assert done is not None and done.records == 2
    rows = duckdb.connect().execute(
        f"SELECT * FROM read_csv('{dest}', header = false, new_line = '\\n', auto_detect = false, "
        "columns = {'r': 'BIGINT', 'a': 'VARCHAR', 'b': 'VARCHAR', 'c': 'VARCHAR'}) ORDER BY r").fetchall()
    assert rows == [(2, '"x" <1>', "2", "\r"), (3, "3", "y", "z\r")]


def test_a_broken_quoting_file_with_cr_cr_lf_lines_loads(tmp_path):
    from tests.fuzz import mangle
    from tests.fuzz.seeds import csv_seeds
    seeds = csv_seeds()
    rnd = random.Random(950040)
    picks = [(rnd.choice(sorted(seeds)), rnd.getrandbits(32)) for _ in range(6)]
    name, seed = picks[5]
    data = mangle.mangle_text(seeds[name], random.Random(seed))
    assert b"\r\r\n" in data
    report, files = _store_add(tmp_path, "tasks.csv", data)
    assert report.errors == [] and files and files[0][0] == "tasks"
