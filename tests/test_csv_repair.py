"""Two faults of real exporters, read right: CR-only line endings, and quotes not escaped by the CSV
rules (old FreePBX "CDR Reports": `"User 10" <114>` at a field's start; MySQL GUI dumps:
`""Ramana Ulsa" <1115>"`). Every input is made here, small and exact (the real files are read by
tests/real/test_csv_real.py)."""
from pathlib import Path

import duckdb
import pytest

from audits.ingest.csvread import _cr_only, _Splitter, cr_to_lf, open_csv, repair_csv
from audits.store import Input, Store

HEADER = "calldate,clid,src,dst,lastapp,lastdata,duration,disposition"
CALLS_MAP = {"__table__": "calls", "calldate": "started_at", "src": "from", "dst": "to",
             "duration": "duration_s", "disposition": "status"}


def rows_of(con, src, columns="*"):
    return con.execute(f"SELECT {columns} FROM {src.numbered} ORDER BY _row").fetchall()


def opened(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    con = duckdb.connect()
    return con, open_csv(con, str(path), name)


# --- CR-only line endings ------------------------------------------------------------------------

def test_cr_only_endings_are_read_as_lines(tmp_path):
    data = b"calldate,src,dst,duration,disposition\r24/08/17 09:32,41000,4502,20,NO ANSWER\r" \
           b"24/08/17 09:28,4003,300010001,331,ANSWERED\r24/08/17 09:49,1650,4373,90,BUSY"   # no last CR
    con, src = opened(tmp_path, "mac.csv", data)
    assert src.names == ["calldate", "src", "dst", "duration", "disposition"] and src.header_row == 1
    assert rows_of(con, src) == [
        (2, "24/08/17 09:32", "41000", "4502", "20", "NO ANSWER"),
        (3, "24/08/17 09:28", "4003", "300010001", "331", "ANSWERED"),
        (4, "24/08/17 09:49", "1650", "4373", "90", "BUSY")]
    assert src.repaired is None and src.messages == []


def test_cr_only_detection_looks_at_the_first_line_ends():
    assert _cr_only("a,b\r1,2\r3,4")
    assert not _cr_only("a,b\n1,2\n") and not _cr_only("a,b\r\n1,2\r\n") and not _cr_only("")
    assert not _cr_only('a,b\n1,"x\ry"\n2,z\n')          # a CR inside a value of a LF file


def test_cr_to_lf_keeps_crlf_pairs_split_across_chunks(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\r1,2\r\n3,4\r5,6\r")
    cr_to_lf(str(path), chunk=3)                          # every chunk boundary is tried
    assert path.read_bytes() == b"a,b\n1,2\n3,4\n5,6\n"


def test_a_cr_only_upload_loads_and_the_users_file_is_left_as_it_was(tmp_path):
    original = tmp_path / "calls.csv"
    data = ("calldate,src,dst,duration,disposition\r2024-03-01 10:00:00,101,79161234567,60,ANSWERED\r"
            "2024-03-01 11:00:00,102,79161234568,0,NO ANSWER").encode()
    original.write_bytes(data)
    store = Store(workdir=tmp_path / "s")
    try:
        store.add([Input(name="calls.csv", path=original)], mapping={"calls.csv": CALLS_MAP})
        [info] = store.files
        assert info.headers == ["calldate", "src", "dst", "duration", "disposition"]
        assert (info.rows, info.source_rows) == (2, 2)
        assert store.con.execute("SELECT duration_s, status FROM calls ORDER BY _row").fetchall() == [
            (60, "answered"), (0, "missed")]
        assert original.read_bytes() == data             # the session copy was rewritten, not this
    finally:
        store.close()


# --- unescaped quotes ----------------------------------------------------------------------------

FREEPBX = (HEADER + "\n"
           '2017-09-04 12:39:26,"User 10" <114>,114,113,Dial,"SIP/113,60,rI",8,ANSWERED\n'
           "2017-09-04 12:38:55,115,115,110,Dial,SIP/110,9,NO ANSWER\n"
           '2017-09-04 12:38:45,"User 5" <109>,109,105,VoiceMail,"105@default,b",0,BUSY\n')


def test_an_unescaped_quote_at_a_field_start_is_text_and_quoted_commas_stay_in_their_field(tmp_path):
    con, src = opened(tmp_path, "cdr__1.csv", FREEPBX.encode())
    assert src.names == HEADER.split(",") and src.header_row == 1
    assert rows_of(con, src) == [
        (2, "2017-09-04 12:39:26", '"User 10" <114>', "114", "113", "Dial", "SIP/113,60,rI", "8", "ANSWERED"),
        (3, "2017-09-04 12:38:55", "115", "115", "110", "Dial", "SIP/110", "9", "NO ANSWER"),
        (4, "2017-09-04 12:38:45", '"User 5" <109>', "109", "105", "VoiceMail", "105@default,b", "0", "BUSY")]
    assert (src.repaired.records, src.repaired.broken, src.repaired.lost) == (3, 2, [])
    [msg] = src.messages
    assert (msg.level, msg.key, msg.params["count"]) == ("warning", "csv.quotes_repaired", 2)
    assert "cdr__1.csv" in msg.text("en") and "2 lines" in msg.text("en")
    assert "cdr__1.csv" in msg.text("ru") and "в 2 строках" in msg.text("ru")


def test_a_value_wrapped_in_quotes_without_escaping_its_own_quotes(tmp_path):
    data = ("id,clid,src,lastdata,calldate\n"
            '1,""Ramana Ulsa" <1115>",1115,"PJSIP/1248@VIOrig,,XL(8:6:1)","2018-11-29 20:19:34"\n'
            '2,""" <12484363600>",2484,NULL,"2018-11-29 20:20:17"\n'
            "3,NULL,1116,agi://127.0.0.1,\"2018-11-29 20:21:16\"\n")
    con, src = opened(tmp_path, "cdr.csv", data.encode())
    assert src.names == ["id", "clid", "src", "lastdata", "calldate"]
    # This exporter never doubles quotes (its first lines show it): `""` inside is two quotes.
    assert rows_of(con, src) == [
        (2, "1", '"Ramana Ulsa" <1115>', "1115", "PJSIP/1248@VIOrig,,XL(8:6:1)", "2018-11-29 20:19:34"),
        (3, "2", '"" <12484363600>', "2484", "NULL", "2018-11-29 20:20:17"),
        (4, "3", "NULL", "1116", "agi://127.0.0.1", "2018-11-29 20:21:16")]
    assert src.repaired.broken == 1


def test_a_record_that_cannot_fit_is_left_out_with_its_row_number_and_later_rows_keep_theirs(tmp_path):
    data = (FREEPBX
            + "2017-09-04 12:37:00,broken,1,2,3,4,5,6,7,8,9\n"          # 11 fields, nothing to merge
            + '2017-09-04 12:36:00,"User 2" <106>,106,107,Dial,"SIP/107,60,rI",x,ANSWERED\n')
    con, src = opened(tmp_path, "cdr__2.csv", data.encode())
    assert src.repaired.lost == [5] and src.rejected(con) == [5]
    assert [r[0] for r in rows_of(con, src)] == [2, 3, 4, 6]
    [msg] = src.messages
    assert msg.key == "csv.quotes_repaired_lost"
    assert (msg.params["count"], msg.params["lost"], msg.params["rows"]) == (3, 1, "5")
    assert "(rows 5...)" in msg.text("en") and "8 columns" in msg.text("en")
    assert "(строки 5...)" in msg.text("ru") and "8 столбцов" in msg.text("ru")
    # Through the session: the left-out line is reported, and a bad value below it is set aside
    # with the row number a spreadsheet shows for it.
    store = Store(workdir=tmp_path / "s")
    try:
        store.add([Input(name="cdr__2.csv", data=data.encode())], mapping={"cdr__2.csv": CALLS_MAP})
        [info] = store.files
        assert (info.rows, info.set_aside) == (3, 1)
        assert store.set_aside_rows()[["row", "reason_key"]].rows() == [(6, "unreadable")]
        # The lost line is said once, by the repair's own message (not again as a rejected line)
        assert [m.params["rows"] for m in info.messages if m.key == "csv.quotes_repaired_lost"] == ["5"]
        assert not [m for m in info.messages if m.key == "csv.rejected_lines"]
    finally:
        store.close()


def test_a_quoted_line_break_in_a_repaired_file_joins_its_lines(tmp_path):
    data = (HEADER + "\n"
            '2017-09-04 12:39:26,"User 10" <114>,114,113,Dial,"first line\nsecond line",8,ANSWERED\n'
            '2017-09-04 12:38:55,"User 3" <107>,107,110,Dial,x,9,BUSY\n')
    con, src = opened(tmp_path, "multi.csv", data.encode())
    assert rows_of(con, src, "_row, lastdata, disposition") == [
        (2, "first line\nsecond line", "ANSWERED"), (3, "x", "BUSY")]


def test_a_normal_file_is_read_as_before(tmp_path):
    data = (HEADER + "\n"
            '2017-09-04 12:39:26,"""User 10"" <114>",114,113,Dial,"SIP/113,60,rI",8,ANSWERED\n'
            "2017-09-04 12:38:55,115,115,110,Dial,SIP/110,9,NO ANSWER\n")
    con, src = opened(tmp_path, "ok.csv", data.encode())
    assert src.repaired is None and src.messages == [] and src.dialect["delim"] == ","
    assert rows_of(con, src, "_row, clid, lastdata") == [
        (2, '"User 10" <114>', "SIP/113,60,rI"), (3, "115", "SIP/110")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.csv"]      # no copy was written


def test_headerless_files_keep_positional_names(tmp_path):
    data = ('"2024-01-05 10:12:01","101","79161234567","Dial","SIP/101,60","211","ANSWERED"\n'
            '"2024-01-05 18:30:00","105","74951234567","Dial","SIP/105,60","0","NO ANSWER"\n')
    con, src = opened(tmp_path, "Master.csv", data.encode())
    assert src.repaired is None and src.header_row is None
    assert src.names == [f"col{i}" for i in range(1, 8)]
    assert rows_of(con, src, "_row, col5") == [(1, "SIP/101,60"), (2, "SIP/105,60")]


def test_a_big_file_with_one_broken_line_is_read_whole(tmp_path):
    """The sniffer sees a clean file; the strict reading fails on line 150,000; the file is then
    read once more, by the tolerant rule, and every row is there with its own number."""
    lines = ["n,Дата звонка,Кто звонил,Длительность,Канал"]
    for i in range(2, 200_002):
        who = f'"User {i % 13}" <{100 + i % 13}>' if i == 150_000 else f"User {i % 13} <{100 + i % 13}>"
        lines.append(f'{i},2024-03-01 10:{i % 60:02d}:00,{who},{i % 600},"SIP/{i % 13},60,rI"')
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(workdir=tmp_path / "s")
    try:
        store.add([Input(name="big.csv", path=path)], mapping={"big.csv": {
            "__table__": "calls", "n": "call_id", "Дата звонка": "started_at", "Кто звонил": "manager",
            "Длительность": "duration_s"}})
        [info] = store.files
        assert (info.rows, info.set_aside, info.source_rows) == (200_000, 0, 200_000)
        assert store.con.execute("SELECT count(*), count(*) FILTER (WHERE _row::VARCHAR = call_id) "
                                 "FROM calls").fetchone() == (200_000, 200_000)
        assert store.con.execute("SELECT manager FROM calls WHERE call_id IN ('149999', '150000') "
                                 "ORDER BY call_id").fetchall() == [("User 5 <105>",), ('"User 6" <106>',)]
        src = store._pieces[info.id].source
        assert [(m.key, m.params["count"]) for m in src.messages] == [("csv.quotes_repaired", 1)]
    finally:
        store.close()


# --- the tolerant rule itself --------------------------------------------------------------------

@pytest.mark.parametrize("line, fields, expected", [
    ('1,"a,b",c', 3, ["1", "a,b", "c"]),                                  # RFC 4180 as it is
    ('1,"a ""b"" c",d', 3, ["1", 'a "b" c', "d"]),
    ('1,"User 10" <114>,d', 3, ["1", '"User 10" <114>', "d"]),            # quote never closes: text
    ('1,""Ramana" <1>",d', 3, ["1", '"Ramana" <1>', "d"]),               # closes before the delimiter
    ('1,ab"c,d', 3, ["1", 'ab"c', "d"]),                                  # a quote inside a value
    ('1,"Smith, "Bob" Jr",x', 3, ["1", 'Smith, "Bob" Jr', "x"]),         # broken and holding a comma
])
def test_the_tolerant_rule(line, fields, expected):
    splitter = _Splitter(",", '"')
    values, _ = splitter.split(line)
    if len(values) != fields:
        values, _ = splitter.fit(line, fields)
    assert values == expected


def test_short_records_are_padded_and_long_unquoted_ones_left_out(tmp_path):
    src, dest = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text('a;b;c\n1;"x" y;3\n2\n\n4;5;6;7\n8;9;10\n', encoding="utf-8")
    done = repair_csv(src, dest, ";", '"', 3, skip=1)
    assert (done.records, done.broken, done.lost) == (3, 1, [5])
    assert dest.read_text(encoding="utf-8") == '2,1,"""x"" y",3\n3,2,,\n6,8,9,10\n'


def test_a_file_the_rule_cannot_read_is_not_repaired(tmp_path):
    src, dest = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("a,b\n1,2,3\n4,5,6\n7,8\n", encoding="utf-8")
    assert repair_csv(src, dest, ",", '"', 2, skip=1) is None           # more lines lost than kept
    src.write_text("a,b\n" + "x" * (3 << 20) + "\n", encoding="utf-8")
    assert repair_csv(src, dest, ",", '"', 2, skip=1) is None           # a line past the limit


def test_a_file_whose_sniffed_dialect_has_no_quote_is_not_split_inside_quoted_fields(tmp_path):
    """The sniffer may take no quote character for such an exporter, and split `"SIP/113,60,rI"`
    into three columns past the header's: the lines are read by the tolerant rule instead."""
    body = "".join(f'2017-09-04 12:{i:02d}:00,"User {i % 9}" <{100 + i % 9}>,1{i:02d},113,Dial,'
                   f'"SIP/113,60,rI",{i},ANSWERED\n' for i in range(40))
    con, src = opened(tmp_path, "cdr__3.csv", (HEADER + "\n" + body).encode())
    assert src.names == HEADER.split(",")
    assert con.execute(f"SELECT count(*), count(DISTINCT lastdata), min(lastdata), min(disposition) "
                       f"FROM {src.sql}").fetchone() == (40, 1, "SIP/113,60,rI", "ANSWERED")
    assert src.repaired.broken == 40



def test_when_the_repair_is_refused_the_usual_reading_stays_whole(tmp_path, monkeypatch):
    """Title lines above the header move the header line the tolerant rule finds; a refused repair
    must leave the usual reading's names (found by the usual reader) untouched."""
    import audits.ingest.csvread as csvread
    monkeypatch.setattr(csvread, "repair_csv", lambda *args, **kwargs: None)
    con, src = opened(tmp_path, "t.csv", ("Calls report\n\n" + FREEPBX).encode())
    assert src.repaired is None and src.messages == []
    assert (src.names, src.header_row, src.dialect["delim"]) == (["col1"], None, "|")
    assert con.execute(f"SELECT count(*) FROM {src.sql}").fetchone() == (6,)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]
