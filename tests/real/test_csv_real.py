"""Real PBX exports whose CSV breaks the usual rules, read right (audits/ingest/csvread.py):

  FreePBX cdr_new.csv, g9telecom.csv      CR-only line endings (Excel for Mac)       25 / 100 rows
  FreePBX cdr__<epoch>...csv (3 files)    `"User 10" <114>` unescaped at a field's    100 rows x 16
                                          start; the sniffer alone finds one column
  PBXware cdr.csv                         `""Name" <ext>"`: quotes wrapped around a   1,000 rows x 26
                                          value without doubling its own

and the exports of the same folders that were always read right still are (headerless ones too).
The values checked are the ones the folders' SOURCE.md states (ranges, counts, a test user's label).
"""
from __future__ import annotations

import shutil

import duckdb
import pytest

from audits.ingest.csvread import open_csv
from audits.store import Input, Store
from tests.real.conftest import real_path

FREEPBX = "freepbx-cdr-exports-g9telecom"
PBXWARE = "pbxware-cdr-queue-log-voipoffice"
OLD_FREEPBX_HEADER = ("calldate,clid,src,dst,dcontext,channel,dstchannel,lastapp,lastdata,duration,billsec,"
                      "disposition,amaflags,accountcode,uniqueid,userfield").split(",")
PBXWARE_HEADER = ("AcctId,tenant,clid,src,dst,dcontext,channel,dstchannel,lastapp,lastdata,calldate,duration,"
                  "billsec,billamount,disposition,amaflags,accountcode,uniqueid,userfield,linkedid,sequence,"
                  "agiuniqueid,trunk,did,sipcallid,inboundsipcallid").split(",")
SHORT_HEADER = ["calldate", "src", "dst", "duration", "billsec", "disposition"]
CDR_FILES = ["cdr__1504525205ucoip.g9telecom.pt.csv", "cdr__1504541678ucoip.g9telecom.pt.csv",
             "cdr__1504542198ucoip.g9telecom.pt.csv"]


def read(rel: str, tmp_path):
    """(connection, CsvSource) of a copy of a real file, as the session reads it."""
    path = real_path(rel)
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    con = duckdb.connect()
    return con, open_csv(con, str(copy), path.name)


def loaded(rel: str, tmp_path, mapping: dict):
    """The FileInfo of a real file loaded into a session with `mapping` (so that the counts do not
    depend on what the detector makes of the file)."""
    path = real_path(rel)
    store = Store(workdir=tmp_path / "session")
    try:
        report = store.add([Input(name=path.name, path=path)], mapping={path.name: mapping})
        assert report.errors == []
        [info] = store.files
        return info
    finally:
        store.close()


@pytest.mark.parametrize("name, rows", [("cdr_new.csv", 25), ("g9telecom.csv", 100)])
def test_cr_only_exports_read_as_lines(tmp_path, name, rows):
    con, src = read(f"{FREEPBX}/{name}", tmp_path)
    assert src.names == SHORT_HEADER and src.header_row == 1 and src.repaired is None
    assert con.execute(f"SELECT count(*), count(DISTINCT disposition) <= 3 FROM {src.sql}").fetchone() == (rows, True)
    info = loaded(f"{FREEPBX}/{name}", tmp_path, {"__table__": "calls", "calldate": "started_at",
                                                  "billsec": "duration_s", "disposition": "status"})
    assert (info.headers, info.source_rows) == (SHORT_HEADER, rows)


def test_the_hand_edited_rows_of_g9telecom_are_there(tmp_path):
    con, src = read(f"{FREEPBX}/g9telecom.csv", tmp_path)
    assert con.execute(f"SELECT calldate, src, dst, duration, billsec FROM {src.sql} "
                       f"WHERE billsec::INT > duration::INT ORDER BY calldate").fetchall() == [
        ("04/09/17 12:32", "111", "105", "5", "10"), ("04/09/17 12:34", "112", "105", "4", "5")]


@pytest.mark.parametrize("name, first, last", [
    (CDR_FILES[0], "2017-09-04 12:08:58", "2017-09-04 12:39:26"),
    (CDR_FILES[1], "2017-09-04 12:15:39", "2017-09-04 14:19:38"),
    (CDR_FILES[2], "2017-09-04 12:16:42", "2017-09-04 17:23:11"),
])
def test_old_freepbx_cdr_reports_with_unescaped_quotes(tmp_path, name, first, last):
    con, src = read(f"{FREEPBX}/{name}", tmp_path)
    assert src.names == OLD_FREEPBX_HEADER and src.header_row == 1
    assert con.execute(f"""
        SELECT count(*), min(calldate), max(calldate), count(DISTINCT uniqueid),
               count(*) FILTER (WHERE regexp_matches(clid, '^"User \\d+" <\\d+>$')),
               list(DISTINCT disposition ORDER BY disposition), count(*) FILTER (WHERE amaflags = '3')
        FROM {src.sql}""").fetchone() == (100, first, last, 100, 100, ["ANSWERED", "NO ANSWER"], 100)
    assert src.repaired.lost == [] and [m.key for m in src.messages] == ["csv.quotes_repaired"]
    info = loaded(f"{FREEPBX}/{name}", tmp_path, {"__table__": "calls", "calldate": "started_at",
                                                  "billsec": "duration_s", "disposition": "status"})
    assert (info.headers, info.source_rows) == (OLD_FREEPBX_HEADER, 100)


def test_the_first_old_freepbx_row_exactly(tmp_path):
    con, src = read(f"{FREEPBX}/{CDR_FILES[0]}", tmp_path)
    assert con.execute(f"SELECT _row, calldate, clid, lastdata, disposition FROM {src.numbered} "
                       f"ORDER BY _row LIMIT 1").fetchone() == (
        2, "2017-09-04 12:39:26", '"User 10" <114>', "SIP/113,60,rI", "ANSWERED")


def test_pbxware_cdr_with_quotes_wrapped_around_unescaped_quotes(tmp_path):
    con, src = read(f"{PBXWARE}/cdr.csv", tmp_path)
    assert src.names == PBXWARE_HEADER and src.header_row == 1
    assert con.execute(f"""
        SELECT count(*), min(calldate), max(calldate),
               count(*) FILTER (WHERE regexp_matches(clid, '^"[^"]*" <[^<>]*>$')),
               count(*) FILTER (WHERE clid LIKE '"" <%'),
               count(*) FILTER (WHERE tenant = 'NULL')
        FROM {src.sql}""").fetchone() == (
        1000, "2018-11-29 20:19:34", "2018-12-03 09:15:17", 1000, 227, 1000)
    assert con.execute(f"SELECT disposition, count(*) FROM {src.sql} GROUP BY 1 ORDER BY 2 DESC").fetchall() == [
        ("ANSWERED", 646), ("NO ANSWER", 250), ("FAILED", 92), ("BUSY", 12)]
    assert src.repaired.lost == []
    info = loaded(f"{PBXWARE}/cdr.csv", tmp_path, {"__table__": "calls", "calldate": "started_at",
                                                   "billsec": "duration_s", "disposition": "status"})
    assert (info.headers, info.source_rows) == (PBXWARE_HEADER, 1000)


@pytest.mark.parametrize("rel, width, rows, header", [
    (f"{FREEPBX}/cdr.csv", 25, 856, False),                     # every value quoted, no header
    ("asterisk-cdr-csv-master-stadion/Master.csv", 21, 84, False),
    ("asterisk-cdr-custom-master-lab/Master.csv", 19, 14, False),
    (f"{PBXWARE}/cdr_tmp.csv", 26, 7, True),                     # its quotes happen to be valid
    (f"{PBXWARE}/queue_log.csv", 14, 1000, True),
])
def test_exports_that_always_read_right_still_do(tmp_path, rel, width, rows, header):
    con, src = read(rel, tmp_path)
    assert src.repaired is None and src.messages == []
    assert len(src.names) == width and con.execute(f"SELECT count(*) FROM {src.sql}").fetchone()[0] == rows
    if header:
        assert src.header_row == 1
    else:
        assert src.header_row is None and src.names == [f"col{i}" for i in range(1, width + 1)]
