import duckdb
import pytest

from audits import phones


@pytest.mark.parametrize("raw, expected", [
    ("+7 (916) 123-45-67", "79161234567"),
    ("8 916 123 45 67", "79161234567"),
    ("89161234567", "79161234567"),
    ("9161234567", "79161234567"),
    ("8-800-555-35-35", "78005553535"),
    ("+44 20 7946 0958", "442079460958"),
    ("0044 20 7946 0958", "442079460958"),
    ("+1 (415) 555-2671", "14155552671"),
    ("101", None),
    ("", None),
])
def test_numbers_become_one_canonical_digit_string(raw, expected):
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS " + phones.canonical_select("SELECT ? AS phone", "phone"), [raw])
    phones.fill_in(con, "t", "phone")
    assert con.execute("SELECT phone FROM t").fetchone()[0] == expected


@pytest.mark.parametrize("raw", ["7916123456.", "7.916123e10", "7916123E+05", "79161234.56", "7916_123456"])
def test_eleven_characters_from_a_7_that_a_cast_reads_are_not_taken_for_a_canonical_number(raw):
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS " + phones.canonical_select("SELECT ? AS phone", "phone"), [raw])
    phones.fill_in(con, "t", "phone")
    assert con.execute("SELECT phone FROM t").fetchone()[0] == phones.canonical(raw)


def test_a_call_phone_read_untrimmed_comes_out_as_the_trimmed_one():
    """The calls' phone column is not trimmed before canonical_select (normalize): spaces at either end,
    no-break ones included, change no number."""
    raws = ["79161234567", " 79161234567", "79161234567\u00a0", "\u3000+7 916 123-45-67 ", " 8 916 123 45 67",
            "  ", "", "\t101 ", " +44 20 7946 0958", "0044 20 7946 0958\u2007", " 7916123456. ", None]
    def read(text_sql):
        con = duckdb.connect()
        con.execute("CREATE TABLE src (v VARCHAR)")
        con.executemany("INSERT INTO src VALUES (?)", [[r] for r in raws])
        con.execute("CREATE TABLE t AS " + phones.canonical_select(f"SELECT rowid AS i, {text_sql} AS phone FROM src",
                                                                   "phone"))
        phones.fill_in(con, "t", "phone")
        return con.execute("SELECT phone FROM t ORDER BY i").fetchall()
    assert read("nullif(v, '')") == read("nullif(trim(v), '')")


def test_the_library_path_agrees_with_the_sql_fast_path_on_russian_numbers():
    for raw in ["+7 (916) 123-45-67", "8 916 123 45 67", "8-800-555-35-35"]:
        con = duckdb.connect()
        fast, left = con.execute(phones.canonical_select("SELECT ? AS phone", "phone"), [raw]).fetchone()
        assert left is None                 # settled by SQL, without libphonenumber
        assert fast == phones.canonical(raw)
