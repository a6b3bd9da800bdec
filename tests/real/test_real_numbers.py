"""The reference metrics of results.json on four complete real exports, against numbers this module
computes itself from the raw files (csv / openpyxl / pandas), following the definitions of
../shared/spec/results.md and checklist.md, never the project's code or SQL.

  Maven CRM sales_pipeline.csv        deals   8,800 opportunities
  UCI Online Retail, 305 daily CSVs   orders  541,909 lines (135,080 without a CustomerID are set aside)
  PwC call centre workbook            calls   5,000 calls (946 unanswered, with an empty talk time)
  Botanic NPS survey                  nps     13,954 rows, 342 `NA` scores

Every run maps the columns BY TABLE NAME (`{"deals": {...}}`) and gives an explicit --as-of. The CLI
runs in subprocesses, all started together when the module's first test starts (the UCI folder alone
takes most of the module's time, and runs on one core while the others and the independent
computations use the other one); each dataset is loaded and audited once.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import tomllib
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from tests.real.conftest import REAL, real_path

ROOT = Path(__file__).resolve().parents[2]

MAVEN = "maven-crm-sales-opportunities/original_zip_extracted/sales_pipeline.csv"
UCI = "uci-online-retail-spark-by-day/by-day"
PWC = "pwc-call-center-dataset/01 Call-Center-Dataset.xlsx"
NPS = "nps-botanic-survey/nps.csv"

MAVEN_MAP = {"opportunity_id": "deal_id", "sales_agent": "manager", "product": "product", "account": "client_id",
             "deal_stage": "stage", "engage_date": "created_at", "close_date": "closed_at",
             "close_value": "amount"}
UCI_MAP = {"InvoiceNo": "order_id", "StockCode": "product", "Quantity": "quantity", "InvoiceDate": "ordered_at",
           "UnitPrice": "price", "CustomerID": "client_id"}
PWC_MAP = {"Call Id": "call_id", "Agent": "manager", "Date": "started_at", "Time": "started_at",
           "Answered (Y/N)": "answered", "AvgTalkDuration": "duration_s"}
NPS_MAP = {"nps": "score"}

# The thresholds the numbers below use: the defaults of the settings page (checklist.md, results.md).
LOST_AFTER_DAYS = 180
SHORT_CALL_S = 120
ABC_A, ABC_B = Fraction(80, 100), Fraction(95, 100)
XYZ_X, XYZ_Y, XYZ_MIN_MONTHS = Fraction(1, 2), Fraction(1, 4), 3

# Every CLI call of the module: name -> (command, inputs, mapping, as_of). The dates are explicit so
# that nothing depends on the default analysis date (the NPS survey has no timestamp at all).
CALLZ = {"callz": {"Agent": "manager"}, "deals": MAVEN_MAP}      # a typo beside a good entry
RUNS = {
    "maven": ("run", [MAVEN], {"deals": MAVEN_MAP}, "2018-01-01"),
    "maven_by_file": ("run", [MAVEN], {"sales_pipeline.csv": MAVEN_MAP}, "2018-01-01"),
    "callz_run": ("run", [MAVEN], CALLZ, "2018-01-01"),
    "callz_load": ("load", [MAVEN], CALLZ, None),
    "uci": ("run", [UCI], {"orders": UCI_MAP}, "2011-12-10"),
    "pwc": ("run", [PWC], {"calls": PWC_MAP}, "2021-04-01"),
    "nps": ("run", [NPS], {"nps": NPS_MAP}, "2021-10-20"),
}
# Which runs each fixture waits for (the module starts those its selected tests need, all at once).
FIXTURE_RUNS = {"maven_run": ("maven",), "maven_by_file_run": ("maven_by_file",),
                "callz_runs": ("callz_run", "callz_load"), "uci_run": ("uci",), "pwc_run": ("pwc",),
                "nps_run": ("nps",)}
REL = 1e-9        # results.json keeps 12 significant digits


# --- running the CLI ------------------------------------------------------------------------------

class CliRun:
    """`python -m audits run` (or `load --json`) in a subprocess, started at once; .wait() gives
    {"code", "stdout", "stderr", "results" (results.json, None when none was written)}."""

    def __init__(self, name: str, folder: Path):
        command, inputs, mapping, as_of = RUNS[name]
        folder.mkdir(parents=True, exist_ok=True)
        mapfile = folder / "map.json"
        mapfile.write_text(json.dumps(mapping), encoding="utf-8")
        self.out = folder / "out"
        self.cmd = [sys.executable, "-m", "audits", command, *[str(REAL / i) for i in inputs],
                    "--map", str(mapfile), "--lang", "en"]
        if command == "run":
            self.cmd += ["--out", str(self.out), "--formats", "json", "--as-of", as_of, "--keep-names"]
        else:
            self.cmd += ["--json"]
        self.stdout_path, self.stderr_path = folder / "stdout.txt", folder / "stderr.txt"
        with open(self.stdout_path, "wb") as so, open(self.stderr_path, "wb") as se:
            self.proc = subprocess.Popen(self.cmd, cwd=ROOT, stdout=so, stderr=se,
                                         env={**os.environ, "PYTHONPATH": str(ROOT)})
        self._done = None

    def wait(self) -> dict:
        if self._done is None:
            code = self.proc.wait(timeout=600)
            res_file = self.out / "results.json"
            self._done = {
                "code": code,
                "stdout": self.stdout_path.read_text(encoding="utf-8", errors="replace"),
                "stderr": self.stderr_path.read_text(encoding="utf-8", errors="replace"),
                "results": json.loads(res_file.read_text(encoding="utf-8")) if res_file.exists() else None,
            }
        return self._done


_runs: dict[str, CliRun] = {}


def _start(name: str, tmp_path_factory) -> CliRun:
    if name not in _runs:
        for rel in RUNS[name][1]:
            real_path(rel)                   # skips, saying why, where the real exports are absent
        _runs[name] = CliRun(name, tmp_path_factory.mktemp(f"real_{name}"))
    return _runs[name]


@pytest.fixture(scope="module", autouse=True)
def _start_all_runs(request, tmp_path_factory):
    """Start every CLI run a selected test of this module needs, at once, before any of them waits.
    Under xdist this is right with --dist loadfile (CI's): the module's tests share one worker. With a
    per-test distribution each run starts when a test first needs it."""
    wanted = []
    if getattr(request.config.option, "dist", "no") not in ("no", "loadfile", "loadscope"):
        yield
        return
    for item in request.session.items:
        if item.module is request.module:
            for fixture, names in FIXTURE_RUNS.items():
                if fixture in getattr(item, "fixturenames", ()):
                    wanted += [n for n in names if n not in wanted]
    wanted.sort(key=lambda n: n != "uci")     # the long one first
    if REAL.is_dir():
        for name in wanted:
            if all((REAL / rel).exists() for rel in RUNS[name][1]):
                _start(name, tmp_path_factory)
    yield
    for run in _runs.values():
        if run.proc.poll() is None:
            run.proc.kill()
            run.proc.wait()
    _runs.clear()


def _finished(name: str, tmp_path_factory) -> dict:
    return _start(name, tmp_path_factory).wait()


def _results(run: dict) -> dict:
    if run["results"] is None:
        pytest.fail(f"the CLI wrote no results.json (exit {run['code']}):\n{run['stderr'][-3000:]}")
    return run["results"]


@pytest.fixture(scope="module")
def maven_run(tmp_path_factory):
    return _finished("maven", tmp_path_factory)


@pytest.fixture(scope="module")
def maven_by_file_run(tmp_path_factory):
    return _finished("maven_by_file", tmp_path_factory)


@pytest.fixture(scope="module")
def callz_runs(tmp_path_factory):
    return {"run": _finished("callz_run", tmp_path_factory), "load": _finished("callz_load", tmp_path_factory)}


@pytest.fixture(scope="module")
def uci_run(tmp_path_factory):
    return _finished("uci", tmp_path_factory)


@pytest.fixture(scope="module")
def pwc_run(tmp_path_factory):
    return _finished("pwc", tmp_path_factory)


@pytest.fixture(scope="module")
def nps_run(tmp_path_factory):
    return _finished("nps", tmp_path_factory)


def _check_settings(res: dict) -> None:
    """The run used the thresholds this module computes with (a changed default must be seen here)."""
    s = res["settings"]
    assert s["lost_after_days"] == LOST_AFTER_DAYS and s["short_call_s"] == SHORT_CALL_S
    assert (s["abc_a_share"], s["abc_b_share"]) == (0.8, 0.95)
    assert (s["xyz_x_share"], s["xyz_y_share"], s["xyz_min_months"]) == (0.5, 0.25, XYZ_MIN_MONTHS)
    assert not s["abc_by_margin"]


# --- 1. Maven CRM: deals ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def maven_expected():
    path = real_path(MAVEN)
    with open(path, newline="", encoding="ascii") as fh:
        rows = list(csv.DictReader(fh))
    stages = Counter(r["deal_stage"] for r in rows)
    won = [r for r in rows if r["deal_stage"] == "Won"]
    lost = [r for r in rows if r["deal_stage"] == "Lost"]
    day = dt.date.fromisoformat
    cycles = [(day(r["close_date"]) - day(r["engage_date"])).days for r in won if r["engage_date"] and r["close_date"]]
    won_amounts = [int(r["close_value"]) for r in won if r["close_value"] != ""]
    by_agent: dict[str, int] = {}
    for r in won:
        if r["close_value"] != "" and r["sales_agent"].strip():
            by_agent[r["sales_agent"].strip()] = by_agent.get(r["sales_agent"].strip(), 0) + int(r["close_value"])
    total = sum(by_agent.values())
    shares = [Fraction(v, total) for v in by_agent.values()]
    return {
        "stages": stages, "won_sum": sum(won_amounts), "lost_values": {r["close_value"] for r in lost},
        "metrics": {
            "deals_total": len(rows),
            "deals_won": len(won),
            "deals_lost": len(lost),
            "win_rate": len(won) / (len(won) + len(lost)),
            "median_cycle_days": float(statistics.median(cycles)),
            "avg_won_amount": sum(won_amounts) / len(won_amounts),
            "top1_manager_share": float(max(shares)),
            "hhi_managers": float(sum(s * s for s in shares)),
        },
    }


def test_maven_source_facts(maven_expected):
    """The counts SOURCE.md gives, so that the independent reading is itself checked."""
    e = maven_expected
    assert e["stages"] == {"Prospecting": 500, "Engaging": 1589, "Won": 4238, "Lost": 2473}
    assert e["won_sum"] == 10_005_534 and e["lost_values"] == {"0"}
    assert e["metrics"]["win_rate"] == pytest.approx(4238 / (4238 + 2473), rel=1e-15)
    assert round(e["metrics"]["win_rate"], 4) == 0.6315


def test_maven_run_loads_every_deal(maven_run):
    res = _results(maven_run)
    assert maven_run["code"] == 0, maven_run["stderr"]
    _check_settings(res)
    assert res["as_of"] == "2018-01-01"
    deals = res["tables"]["deals"]
    assert deals["rows"] == 8800
    assert MAVEN_MAP.items() <= deals["mapping"].items()


@pytest.mark.parametrize("name", ["deals_total", "deals_won", "deals_lost", "win_rate", "median_cycle_days",
                                  "avg_won_amount", "top1_manager_share", "hhi_managers"])
def test_maven_metric(maven_run, maven_expected, name):
    got = _results(maven_run)["metrics"][name]
    want = maven_expected["metrics"][name]
    if isinstance(want, int):
        assert got == want
    else:
        assert got == pytest.approx(want, rel=REL)


def test_maven_hand_known_numbers(maven_run):
    m = _results(maven_run)["metrics"]
    assert (m["deals_total"], m["deals_won"], m["deals_lost"]) == (8800, 4238, 2473)
    assert m["win_rate"] == pytest.approx(4238 / 6711, rel=REL)
    # Lost deals carry close_value 0: the average is over won deals only, 10,005,534 / 4,238.
    assert m["avg_won_amount"] == pytest.approx(10_005_534 / 4238, rel=REL)


def test_map_keyed_by_table_name_equals_map_keyed_by_file_name(maven_run, maven_by_file_run):
    by_table, by_file = _results(maven_run), _results(maven_by_file_run)
    assert by_file["tables"]["deals"]["mapping"] == by_table["tables"]["deals"]["mapping"]
    assert MAVEN_MAP.items() <= by_table["tables"]["deals"]["mapping"].items()
    assert by_file["tables"]["deals"]["rows"] == by_table["tables"]["deals"]["rows"]
    assert by_file["metrics"] == by_table["metrics"]
    assert by_file["metrics"]["deals_won"] == 4238


# --- unknown --map keys ---------------------------------------------------------------------------

def _unused_warning(name: str) -> str:
    text = tomllib.loads((ROOT / "audits" / "i18n" / "cli.toml").read_text(encoding="utf-8"))
    return text["cli.map_unused"]["en"].format(name=name)


def test_unknown_map_key_is_warned_about(callz_runs):
    """`{"callz": {...}}` names no file, sheet or table: `run` says so on stderr, `load --json` in
    `warnings`; the good table-keyed entry beside it is used all the same."""
    expected = _unused_warning("callz")
    assert "no loaded file, sheet or table has that name" in expected and "“callz”" in expected
    load = callz_runs["load"]
    assert load["code"] == 0, load["stderr"]
    out = json.loads(load["stdout"])
    assert out["warnings"][0] == expected       # then what the deals lack (audits.coverage)
    assert all("no loaded file, sheet or table" not in w for w in out["warnings"][1:])
    assert [(f["table"], f["rows"]) for f in out["files"]] == [("deals", 8800)]
    assert MAVEN_MAP.items() <= out["files"][0]["mapping"].items()
    run = callz_runs["run"]
    assert run["code"] == 0, run["stderr"]
    assert expected in run["stderr"].splitlines()
    res = _results(run)
    assert MAVEN_MAP.items() <= res["tables"]["deals"]["mapping"].items()
    assert res["metrics"]["deals_won"] == 4238


# --- 2. PwC call centre: calls ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pwc_expected():
    import openpyxl
    path = real_path(PWC)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [tuple(r) for r in wb["Sheet1"].iter_rows(values_only=True)]
    finally:
        wb.close()
    header, body = rows[0], [r for r in rows[1:] if any(v is not None for v in r)]
    col = {h: i for i, h in enumerate(header)}
    calls = []
    for r in body:
        r = tuple(r) + (None,) * (len(header) - len(r))
        talk = r[col["AvgTalkDuration"]]
        if talk is None or talk == "":
            seconds = 0                        # an unanswered call: no talk time is 0 s
        else:
            # An Excel time (fraction of a day, format h:mm:ss); openpyxl gives a time of day.
            raw = talk.hour * 3600 + talk.minute * 60 + talk.second + talk.microsecond / 1e6
            seconds = round(raw)
            assert abs(raw - seconds) < 0.001
        calls.append({"agent": r[col["Agent"]].strip(), "date": r[col["Date"]].strip(),
                      "answered_flag": r[col["Answered (Y/N)"]], "s": seconds})
    for c in calls:
        c["answered"] = c["s"] > 0 or c["answered_flag"] == "Y"
    answered = [c for c in calls if c["answered"]]
    secs = [c["s"] for c in answered]
    n = len(answered)
    per_agent: dict[str, list] = {}          # agent -> [answered seconds, days with a call]
    for c in calls:
        t = per_agent.setdefault(c["agent"], [0, set()])
        t[1].add(c["date"])
        if c["answered"]:
            t[0] += c["s"]
    return {
        "flags": Counter(c["answered_flag"] for c in calls),
        "empty_talk": sum(c["s"] == 0 for c in calls),
        "agents": Counter(c["agent"] for c in calls),
        "metrics": {
            "calls_total": len(calls),
            "calls_answered": n,
            "avg_call_min": sum(secs) / 60 / n,
            "median_call_min": statistics.median(secs) / 60,
            "short_call_share": sum(s < SHORT_CALL_S for s in secs) / n,
            "call_buckets": {"lt1": sum(s < 60 for s in secs) / n, "1to3": sum(60 <= s <= 180 for s in secs) / n,
                             "gt3": sum(s > 180 for s in secs) / n},
            "talk_min_per_day": {a: t[0] / 60 / len(t[1]) for a, t in sorted(per_agent.items())},
        },
    }


def test_pwc_source_facts(pwc_expected):
    e = pwc_expected
    assert e["metrics"]["calls_total"] == 5000
    assert e["flags"] == {"Y": 4054, "N": 946}
    assert e["empty_talk"] == 946               # exactly the unanswered calls
    assert e["metrics"]["calls_answered"] == 4054
    assert len(e["agents"]) == 8 and e["agents"]["Jim"] == 666 and e["agents"]["Martha"] == 638


def test_pwc_run_loads_every_call(pwc_run):
    """All 5,000 calls are calls: an unanswered call's empty talk time is 0 s, not a reason to set the
    row aside (data-model.md: duration_s is 0 for unanswered)."""
    res = _results(pwc_run)
    assert pwc_run["code"] == 0, pwc_run["stderr"]
    _check_settings(res)
    assert res["as_of"] == "2021-04-01"
    assert res["tables"]["calls"]["rows"] == 5000
    assert PWC_MAP.items() <= res["tables"]["calls"]["mapping"].items()


@pytest.mark.parametrize("name", ["calls_total", "calls_answered", "avg_call_min", "median_call_min",
                                  "short_call_share"])
def test_pwc_metric(pwc_run, pwc_expected, name):
    got = _results(pwc_run)["metrics"][name]
    want = pwc_expected["metrics"][name]
    if isinstance(want, int):
        assert got == want
    else:
        assert got == pytest.approx(want, rel=REL)


def test_pwc_hand_known_counts(pwc_run):
    m = _results(pwc_run)["metrics"]
    assert (m["calls_total"], m["calls_answered"]) == (5000, 4054)


def test_pwc_missed_in_rate_is_null_without_a_direction(pwc_run):
    """missed_in_rate = unanswered INCOMING calls / incoming calls (results.md). The workbook has no
    direction, no phone numbers and no extensions to derive one from, so no call is known to be
    incoming: the rate is null, not 946 / 5,000 (a missing measure is never made up)."""
    assert _results(pwc_run)["metrics"]["missed_in_rate"] is None


def test_pwc_call_buckets(pwc_run, pwc_expected):
    got = _results(pwc_run)["metrics"]["call_buckets"]
    want = pwc_expected["metrics"]["call_buckets"]
    assert set(got) == set(want)
    assert got == {k: pytest.approx(v, rel=REL) for k, v in want.items()}
    assert sum(want.values()) == pytest.approx(1, rel=1e-12)


def test_pwc_talk_min_per_day(pwc_run, pwc_expected):
    got = _results(pwc_run)["metrics"]["talk_min_per_day"]
    want = pwc_expected["metrics"]["talk_min_per_day"]
    assert set(got) == set(want)
    assert got == {k: pytest.approx(v, rel=REL) for k, v in want.items()}


# --- 3. Botanic NPS ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nps_expected():
    raw = real_path(NPS).read_bytes()
    # Mixed cp1252 / CP850 bytes in the comments: latin-1 reads every byte, and the score column is ASCII.
    reader = csv.reader(raw.decode("latin-1").splitlines())
    header = next(reader)
    i = header.index("nps")
    values = [r[i] for r in reader]
    scores = [int(v) for v in values if v != "NA"]
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    return {
        "rows": len(values), "na": values.count("NA"), "counts": Counter(scores),
        "promoters": promoters, "detractors": detractors,
        "metrics": {"nps": 100 * (promoters - detractors) / len(scores), "nps_responses": len(scores)},
    }


def test_nps_source_facts(nps_expected):
    e = nps_expected
    assert e["rows"] == 13_954 and e["na"] == 342
    assert e["counts"] == {10: 5978, 9: 2487, 8: 2892, 7: 1061, 6: 491, 5: 401, 4: 101, 3: 65, 2: 53, 1: 83}
    assert (e["promoters"], e["detractors"]) == (8465, 1194)
    assert e["metrics"]["nps_responses"] == 13_612
    assert round(e["metrics"]["nps"], 2) == 53.42


def test_nps_run(nps_run, nps_expected):
    res = _results(nps_run)
    assert nps_run["code"] == 0, nps_run["stderr"]
    assert res["as_of"] == "2021-10-20"
    assert res["tables"]["nps"]["rows"] == 13_612
    assert res["tables"]["nps"]["mapping"]["nps"] == "score"
    m = res["metrics"]
    assert m["nps_responses"] == nps_expected["metrics"]["nps_responses"] == 13_612
    assert m["nps"] == pytest.approx(nps_expected["metrics"]["nps"], rel=REL)
    assert round(m["nps"], 2) == 53.42


# --- 4. UCI Online Retail: orders (last: its CLI run, the longest, works while the tests above run) ---

def _thousandths(price):
    """UnitPrice strings (a decimal point, at most 3 decimals here) as exact integers of 1/1000."""
    p = price.str.strip()
    sign = p.str.startswith("-").map({True: -1, False: 1}).astype("int64")
    parts = p.str.lstrip("-").str.partition(".")
    assert (parts[2].str.len() <= 3).all() and parts[0].str.fullmatch(r"\d+").all()
    return sign * (parts[0].astype("int64") * 1000 + (parts[2] + "000").str[:3].astype("int64"))


@pytest.fixture(scope="module")
def uci_expected():
    import numpy as np
    import pandas as pd
    folder = real_path(UCI)
    files = sorted(folder.glob("*.csv"))
    raw = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False, encoding="utf-8") for f in files],
                    ignore_index=True)
    # Ids are text: `17850.0` (a float written by pandas/Spark) is the id `17850`; an empty one sets
    # the line aside (client_id is required).
    client = raw["CustomerID"].str.strip().str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    df = raw[client != ""].copy()
    df["client"] = client[client != ""]
    df["invoice"] = df["InvoiceNo"].str.strip()
    df["product"] = df["StockCode"].str.split().str.join(" ").replace("", None)
    df["ts"] = pd.to_datetime(df["InvoiceDate"].str.strip(), format="%Y-%m-%d %H:%M:%S")
    # amount = quantity x price, to the cent (DECIMAL(18,2)), half away from zero, in integer cents.
    milli = df["Quantity"].str.strip().astype("int64") * _thousandths(df["UnitPrice"])
    df["cents"] = np.sign(milli) * ((milli.abs() + 5) // 10)
    as_of = pd.Timestamp("2011-12-10")

    # An order is a distinct InvoiceNo of a client whose lines sum to more than 0; it is placed at its
    # latest line.
    orders = df.groupby(["client", "invoice"]).agg(total=("cents", "sum"), placed_at=("ts", "max")).reset_index()
    placed = orders[orders["total"] > 0]
    per_client = placed.groupby("client").agg(orders=("invoice", "size"), last=("placed_at", "max"),
                                             first=("placed_at", "min"))
    buyers = sorted(per_client.index)
    net = df.groupby("client")["cents"].sum()

    breadth = (df[(df["cents"] > 0) & df["product"].notna() & df["client"].isin(per_client.index)]
               .groupby("client")["product"].nunique())

    # ABC: ordering clients by net revenue (all their lines), ties by client_id; A while everything
    # ranked above is below 80 % of the total, B below 95 %, else C.
    ranked = sorted(buyers, key=lambda c: (-int(net[c]), c))
    total = sum(int(net[c]) for c in buyers)
    abc, above = {}, 0
    for c in ranked:
        abc[c] = "A" if above < ABC_A * total else "B" if above < ABC_B * total else "C"
        above += int(net[c])

    # XYZ: months with an order / months from the first order's month to the month of the latest
    # order line in the data, both included; a window under 3 months is N.
    last = df["ts"].max()
    end = last.year * 12 + last.month - 1
    months = (placed["placed_at"].dt.year * 12 + placed["placed_at"].dt.month - 1).groupby(placed["client"])
    active, first = months.nunique(), months.min()
    xyz = {}
    for c in buyers:
        window = end - int(first[c]) + 1
        share = Fraction(int(active[c]), window)
        xyz[c] = "N" if window < XYZ_MIN_MONTHS else "X" if share >= XYZ_X else "Y" if share >= XYZ_Y else "Z"

    idle_days = (as_of - per_client["last"]).dt.total_seconds() / 86400
    cells = Counter(abc[c] + xyz[c] for c in buyers)
    return {
        "rows": len(raw), "no_client": int((client == "").sum()), "loaded": len(df),
        "distinct_clients": df["client"].nunique(),
        "metrics": {
            "revenue_total": int(df["cents"].sum()) / 100,
            "clients_ordering": len(buyers),
            "repeat_rate": int((per_client["orders"] >= 2).sum()) / len(buyers),
            "lost_clients": int((idle_days > LOST_AFTER_DAYS).sum()),
            "single_product_share": int((breadth == 1).sum()) / len(breadth),
        },
        "abc": {k: sum(v == k for v in abc.values()) for k in "ABC"},
        "xyz": {k: sum(v == k for v in xyz.values()) for k in "XYZN"},
        "abc_xyz": {cell: cells.get(cell, 0) for cell in
                    ("AX", "AY", "AZ", "BX", "BY", "BZ", "CX", "CY", "CZ", "AN", "BN", "CN")},
    }


def test_uci_source_facts(uci_expected):
    e = uci_expected
    assert e["rows"] == 541_909 and e["no_client"] == 135_080
    assert e["loaded"] == 541_909 - 135_080 and e["distinct_clients"] == 4372


def test_uci_run_loads_every_line_with_a_client(uci_run, uci_expected):
    res = _results(uci_run)
    assert uci_run["code"] == 0, uci_run["stderr"]
    _check_settings(res)
    assert res["as_of"] == "2011-12-10"
    orders = res["tables"]["orders"]
    assert orders["rows"] == uci_expected["loaded"] == 406_829
    assert len(orders["files"]) == 305
    assert UCI_MAP.items() <= orders["mapping"].items()


@pytest.mark.parametrize("name", ["revenue_total", "clients_ordering", "repeat_rate", "lost_clients",
                                  "single_product_share"])
def test_uci_metric(uci_run, uci_expected, name):
    got = _results(uci_run)["metrics"][name]
    want = uci_expected["metrics"][name]
    if isinstance(want, int):
        assert got == want
    else:
        assert got == pytest.approx(want, rel=REL)


@pytest.mark.parametrize("kind", ["abc", "xyz", "abc_xyz"])
def test_uci_segments(uci_run, uci_expected, kind):
    got = _results(uci_run)["segments"][kind]
    assert got == uci_expected[kind]
    assert sum(got.values()) == uci_expected["metrics"]["clients_ordering"]
