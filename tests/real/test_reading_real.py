"""Reading values as real tools write them: calls without talk time (PwC), day/month order decided over
the whole column (Superstore DD/MM/YY, Salesforce MM/DD/YY, Maven M/D/YYYY, UCI mixed widths, FreePBX
D/M/YYYY), placeholders in date and number columns (amoCRM "не закрыта", PBXware NULL). Expected values
are computed here from the raw text, independently of the importer."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest

from audits.store import Input, Store
from tests.real.conftest import real_path


@pytest.fixture
def store(tmp_path):
    s = Store(workdir=tmp_path / "session", memory_limit=None, threads=2)
    yield s
    s.close()


def load(store, rel: str, mapping: dict | None = None, dayfirst=None):
    path = real_path(rel)
    report = store.add([Input(name=path.name, path=path)], mapping=mapping or {}, dayfirst=dayfirst)
    assert not report.errors, report.errors
    return report.files


def raw_rows(rel: str, encoding: str = "utf-8-sig", delimiter: str = ",") -> list[dict]:
    text = real_path(rel).read_text(encoding=encoding)
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_pwc_calls_without_talk_time_are_loaded_as_missed_calls_of_0_seconds(store):
    [info] = load(store, "pwc-call-center-dataset/01 Call-Center-Dataset.xlsx")
    assert info.table == "calls" and info.mapping.get("AvgTalkDuration") == "duration_s"
    assert (info.rows, info.set_aside) == (5000, 0)
    counts = dict(store.con.execute("SELECT status, count(*) FROM calls GROUP BY ALL").fetchall())
    assert counts == {"answered": 4054, "missed": 946}
    assert store.con.execute("SELECT count(*) FROM calls WHERE duration_s = 0 AND status = 'missed'").fetchone()[0] == 946
    [note] = [m for m in info.messages if m.key == "calls.no_talk_time"]
    assert note.params["count"] == 946


def test_superstore_dd_mm_yy_dates_are_all_loaded_as_the_dates_they_mean(store):
    [info] = load(store, "superstore-tableau/Sample - Superstore.csv")
    assert info.table == "orders" and info.mapping.get("Order Date") == "ordered_at"
    assert (info.rows, info.set_aside) == (10194, 0)
    first = raw_rows("superstore-tableau/Sample - Superstore.csv")[0]
    day, month, year = (int(x) for x in first["Order Date"].split("/"))          # DD/MM/YY, says SOURCE.md
    expected = datetime(2000 + year, month, day)
    got = store.con.execute("SELECT ordered_at FROM orders WHERE _row = 2").fetchone()[0]
    assert got == expected == datetime(2019, 1, 3)
    lo, hi = store.con.execute("SELECT min(ordered_at), max(ordered_at) FROM orders").fetchone()
    assert (lo, hi) == (datetime(2019, 1, 3), datetime(2022, 12, 30))         # the .xls serials' range
    assert not [m for m in info.messages if m.key.startswith(("dates.", "reason_msg."))]


def test_salesforce_mm_dd_yy_close_dates_are_read_for_every_row_that_has_one(store):
    [info] = load(store, "salesforce-devorg-sample-excel-resaved/Opportunity.csv")
    assert info.mapping.get("CloseDate") == "closed_at"
    raw = raw_rows("salesforce-devorg-sample-excel-resaved/Opportunity.csv")
    expected = {}
    for r in raw:
        month, day, year = (int(x) for x in r["CloseDate"].split("/"))
        expected[r["Id"]] = datetime(2000 + year, month, day)
    got = dict(store.con.execute("SELECT deal_id, closed_at FROM deals").fetchall())
    assert got == expected and len(got) == 36
    assert not [m for m in info.messages if m.key.startswith(("dates.", "reason_msg.unreadable"))]


def test_maven_m_d_yyyy_variant_reads_the_same_dates_as_the_iso_original(tmp_path):
    read = {}
    for rel in ("maven-crm-sales-opportunities/original_zip_extracted/sales_pipeline.csv",
                "maven-crm-sales-opportunities/variant_mdy_dates_LF/sales_pipeline.csv"):
        s = Store(workdir=tmp_path / str(len(read)), memory_limit=None, threads=2)
        [info] = load(s, rel)
        assert (info.rows, info.set_aside) == (8800, 0)
        assert info.mapping.get("engage_date") == "created_at" and info.mapping.get("close_date") == "closed_at"
        read[rel] = s.con.execute("SELECT deal_id, created_at, closed_at FROM deals ORDER BY deal_id").fetchall()
        s.close()
    iso, mdy = read.values()
    assert mdy == iso
    assert sum(r[2] is not None for r in iso) == 4238 + 2473                   # Won + Lost have a close date


def test_uci_retail_mixed_mm_dd_yyyy_and_m_d_yy_in_one_column_are_all_month_first(store):
    rel = "uci-online-retail-samples/rhozon_5k_semicolon/online_retail.csv"
    [info] = load(store, rel)
    assert info.mapping.get("InvoiceDate") == "ordered_at"
    # R wrote a missing customer id as NA: those rows lack a required value and are set aside as such.
    assert (info.rows, info.set_aside) == (3208, 1792)
    assert set(store.set_aside_rows()["reason_key"]) == {"missing"}
    expected = {}
    for r in raw_rows(rel, delimiter=";"):
        if r["CustomerID"] != "NA":
            date = r["InvoiceDate"].split()[0]
            month, day, year = (int(x) for x in date.split("/"))
            key = f"{year + 2000 if year < 100 else year}-{month:02d}"
            expected[key] = expected.get(key, 0) + 1
    by_month = dict(store.con.execute("SELECT strftime(ordered_at, '%Y-%m'), count(*) FROM orders GROUP BY 1").fetchall())
    assert by_month == expected and set(expected) == {"2010-12", "2011-01", "2011-02"}
    assert not [m for m in info.messages if m.key.startswith("dates.")]


CDR = {"cdr.csv": {"__table__": "calls", "col1": "started_at", "col11": "duration_s", "col12": "status",
                   "col15": "call_id"}}


def test_freepbx_d_m_yyyy_dates_are_ambiguous_assumed_month_first_with_a_warning_and_read_as_chosen(tmp_path):
    rel = "freepbx-cdr-exports-g9telecom/cdr.csv"
    s = Store(workdir=tmp_path / "a")
    [info] = load(s, rel, CDR)
    assert info.rows == 856
    [warning] = [m for m in info.messages if m.key == "dates.order_assumed"]
    assert warning.params["header"] == "col1" and "cdr.csv" in warning.text("en")
    s.close()
    s = Store(workdir=tmp_path / "b")
    [info] = load(s, rel, CDR, dayfirst=True)
    # The uniqueid is the Unix time of the call; the PBX clock was Lisbon time (UTC+1) in September 2017.
    offsets = s.con.execute("SELECT DISTINCT started_at - make_timestamp(CAST(floor(CAST(call_id AS DOUBLE)) "
                            "AS BIGINT) * 1000000) FROM calls").fetchall()
    assert {o for (o,) in offsets} <= {timedelta(hours=1), timedelta(hours=1, seconds=1)}
    assert s.con.execute("SELECT min(started_at)::DATE, max(started_at)::DATE FROM calls").fetchone() == (
        datetime(2017, 9, 1).date(), datetime(2017, 9, 9).date())
    s.close()


def test_amocrm_ne_zakryta_close_dates_read_as_empty_and_real_close_dates_read(store):
    rel = "amocrm-export-amoimport/leads_test.csv"
    [info] = load(store, rel, {"leads_test.csv": {"Дата закрытия": "closed_at"}})
    assert info.mapping.get("Дата закрытия") == "closed_at"
    expected = {}
    for r in raw_rows(rel):
        if r["ID"].strip():
            value = r["Дата закрытия"].strip()
            expected[r["ID"]] = None if value == "не закрыта" else datetime.strptime(value, "%d.%m.%Y %H:%M:%S")
    assert sum(v is None for v in expected.values()) >= 11 and sum(v is not None for v in expected.values()) >= 7
    got = dict(store.con.execute("SELECT deal_id, closed_at FROM deals").fetchall())
    assert got == expected
    assert not [m for m in info.messages if m.key.startswith("reason_msg.unreadable")]


def test_pbxware_literal_null_in_a_number_column_reads_as_empty(store):
    mapping = {"cdr.csv": {"__table__": "calls", "calldate": "started_at", "billsec": "duration_s",
                           "disposition": "status", "billamount": "wait_s"}}
    [info] = load(store, "pbxware-cdr-queue-log-voipoffice/cdr.csv", mapping)
    assert (info.rows, info.set_aside) == (1000, 0)
    assert store.con.execute("SELECT count(wait_s) FROM calls").fetchone()[0] == 0
    assert not [m for m in info.messages if m.key.startswith("reason_msg.")]
