"""Hosted mode: many strangers at once, each with private data.

Isolation is tested at two levels, 20 sessions with different data each: the engine (20 threads
running at the same time, a Store each, load + audit) and the app (20 AppTest sessions alive
together, taking turns through the home page's uploader and the Summary page's audit). AppTest
sessions cannot run in parallel threads (each run swaps one process-wide Runtime in and out), and
20 browser tabs on a live server take about 90 s on two busy cores. A live server with a few
Chromium tabs then checks the same end to end, and the end of a session.
Then the hardening of each session's DuckDB, its folder, the upload limits and the logs.
"""
from __future__ import annotations

import gc
import json
import logging
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from audits import audit
from audits.store import Input, Store

ROOT = Path(__file__).resolve().parents[1]
SESSIONS = 20


# --- one session's data: every value carries the session's number -------------------------------------
def _deal_rows(i: int) -> list[tuple[int, bool, int, str]]:
    """(deal id, won, amount, manager) of session i: 10 + i deals, two of every three won."""
    return [(1000 * i + k, k % 3 != 2, (i + 1) * 1000 + k, _managers(i)[k % 2]) for k in range(10 + i)]


def _call_rows(i: int) -> list[tuple[int, str, int]]:
    """(day of March, manager, duration s) of session i: 8 + i outgoing calls over five days."""
    return [(1 + k % 5, _managers(i)[k % 2], 60 * (i + 1) + k) for k in range(8 + i)]


def _managers(i: int) -> list[str]:
    return [f"Sess{i:02d} Alpha", f"Sess{i:02d} Beta"]


def session_files(i: int) -> list[Input]:
    deals = ["Deal ID,Stage,Status,Amount,Manager,Created,Closed"]
    for k, (did, won, amount, manager) in enumerate(_deal_rows(i)):
        verdict = "won" if won else "lost"
        deals.append(f"{did},{verdict.title()},{verdict},{amount},{manager},"
                     f"2024-03-{1 + k % 20:02d} 10:00,2024-04-{1 + k % 20:02d} 10:00")
    calls = ["Дата звонка,Менеджер,Номер,Длительность,Направление"]
    for k, (day, manager, duration) in enumerate(_call_rows(i)):
        calls.append(f"2024-03-{day:02d} 09:{k:02d}:00,{manager},+7 916 {i:03d}-{k:02d}-{k:02d},{duration},Исходящий")
    return [Input("deals.csv", ("\n".join(deals) + "\n").encode()),
            Input("calls.csv", ("\n".join(calls) + "\n").encode())]


def expected(i: int) -> dict:
    """Metrics of session i, computed here from the rows the session uploads."""
    won = [amount for _, w, amount, _ in _deal_rows(i) if w]
    talk = {}
    for manager in _managers(i):
        mine = [(day, d) for day, m, d in _call_rows(i) if m == manager]
        talk[manager] = sum(d for _, d in mine) / 60 / len({day for day, _ in mine})
    return {"deals_total": 10 + i, "deals_won": len(won), "avg_won_amount": sum(won) / len(won),
            "calls_total": 8 + i, "talk_min_per_day": talk}


def assert_only_own(i: int, metrics: dict, text: str) -> None:
    """The metrics are session i's to the last digit, and the whole result names no other session."""
    want = expected(i)
    assert metrics["deals_total"] == want["deals_total"] and metrics["deals_won"] == want["deals_won"]
    assert metrics["calls_total"] == want["calls_total"]
    assert metrics["avg_won_amount"] == pytest.approx(want["avg_won_amount"], rel=1e-9)
    assert metrics["talk_min_per_day"] == pytest.approx(want["talk_min_per_day"], rel=1e-9)
    assert f"Sess{i:02d}" in text
    assert [j for j in range(SESSIONS) if j != i and f"Sess{j:02d}" in text] == []


# --- isolation: the engine ---------------------------------------------------------------------------------
def test_twenty_concurrent_stores_each_see_only_their_own_data():
    barrier = threading.Barrier(SESSIONS)     # every session loads and audits at the same time

    def session(i: int) -> tuple[dict, str, list]:
        s = Store()
        try:
            barrier.wait(timeout=60)
            report = s.add(session_files(i))
            assert report.errors == []
            res = audit.to_json(audit.run_store(s, lang="en"))
            ids = s.sql("SELECT deal_id FROM deals ORDER BY deal_id")["deal_id"].to_list()
            return res["metrics"], json.dumps(res, ensure_ascii=False), ids
        finally:
            s.close()

    with ThreadPoolExecutor(SESSIONS) as pool:
        outcomes = list(pool.map(session, range(SESSIONS)))
    for i, (metrics, text, ids) in enumerate(outcomes):
        assert_only_own(i, metrics, text)
        assert ids == [str(1000 * i + k) for k in range(10 + i)]


# --- isolation: the app -------------------------------------------------------------------------------------
def test_twenty_app_sessions_alive_together_each_see_only_their_own_data():
    """20 sessions exist at once and take turns, in a scrambled order, through the same pages.
    (AppTest swaps one process-wide Runtime in and out around each run, so its sessions cannot run
    in parallel threads; the parallel engine test above covers code shared between threads.)"""
    from tests.app.helpers import audit_result, new_app, store, upload
    sessions = [new_app().run() for _ in range(SESSIONS)]
    order = [(7 * k) % SESSIONS for k in range(SESSIONS)]          # 0, 7, 14, 1, 8, ...
    for i in order:
        upload(sessions[i], [(f.name, f.data) for f in session_files(i)])
    for i in reversed(order):
        sessions[i].switch_page("pages/5_Summary.py").run()
    folders = []
    for i, at in enumerate(sessions):
        assert not at.exception
        assert store(at).tables() == {"deals": 10 + i, "calls": 8 + i}
        res = audit.to_json(audit_result(at))
        assert_only_own(i, res["metrics"], json.dumps(res, ensure_ascii=False))
        shown = "\n".join(str(e.value) for e in [*at.markdown, *at.metric, *at.caption, *at.info])
        assert [j for j in range(SESSIONS) if j != i and f"Sess{j:02d}" in shown] == []
        folders.append(store(at).workdir)
    assert len(set(folders)) == SESSIONS and all(f.is_dir() for f in folders)
    # A session ends when Streamlit drops its state (server.disconnectedSessionTTL after the tab
    # closed): the Store goes with it and its finalizer removes the folder.
    del sessions, at
    gc.collect()
    assert [f for f in folders if f.exists()] == []


# --- the end of a session --------------------------------------------------------------------------------
def test_a_store_is_closed_after_its_session_was_missing_at_two_sweeps(monkeypatch):
    from audits.ui import sessions
    alive = {"kept", "dropped"}
    monkeypatch.setattr(sessions, "known", lambda sid: sid in alive)
    monkeypatch.setattr(sessions, "_start", lambda: None)            # sweeps are run by hand here
    kept, dropped = Store(), Store()
    sessions.watch(kept, "kept")
    sessions.watch(dropped, "dropped")
    dropped.add(session_files(6))
    assert sessions.sweep() == 0
    alive.discard("dropped")
    assert sessions.sweep() == 0 and dropped.workdir.exists()       # missing once: may still be stopping
    assert sessions.sweep() == 1 and not dropped.workdir.exists()
    assert kept.workdir.exists() and sessions.sweep() == 0
    kept.close()


def test_tabs_on_a_live_server_see_only_their_own_data_and_a_closed_tab_leaves_nothing(tmp_path):
    """The real thing: `streamlit run app.py`, one headless Chromium with several tabs, each uploading
    its own export through the file chooser; every tab shows its own file and row count and nobody
    else's. Then one tab closes: with server.disconnectedSessionTTL = 1 its session's folder is gone
    a few seconds later, while the other sessions keep theirs. LIVE_TABS=20 runs it with 20 tabs
    (about 90 s on two busy cores, too slow for every CI run; 4 by default)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    import re
    import shutil
    import socket
    import time
    import urllib.request
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("no chromium on this machine")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    n = int(os.environ.get("LIVE_TABS", "4"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_")}
    env["TMPDIR"] = str(tmp_path)
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
                               f"--server.port={port}", "--server.disconnectedSessionTTL=1"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def folders() -> list[Path]:
        return sorted(p for p in tmp_path.iterdir() if p.name.startswith("audit-"))

    def wait_for(condition, seconds: float = 60):
        end = time.monotonic() + seconds
        while not condition() and time.monotonic() < end:
            time.sleep(0.2)
        return condition()

    def healthy() -> bool:
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).status == 200
        except OSError:
            return False

    def shown(text: str) -> tuple[set[str], set[str]]:
        """The session files and loaded row counts a tab's text names."""
        return set(re.findall(r"deals_s\d\d\.csv", text)), set(re.findall(r"загружено строк: (\d+),", text))

    try:
        assert wait_for(healthy)
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium)
            tabs = [browser.new_page() for _ in range(n)]
            for tab in tabs:
                tab.goto(f"http://127.0.0.1:{port}/")
            for i, tab in enumerate(tabs):
                deals = session_files(i)[0]
                tab.locator("input[type=file]").set_input_files(
                    files=[{"name": f"deals_s{i:02d}.csv", "mimeType": "text/csv", "buffer": deals.data}])
            for i, tab in enumerate(tabs):
                tab.get_by_text(f"загружено строк: {10 + i},").first.wait_for(timeout=60_000)
                assert shown(tab.inner_text("body")) == ({f"deals_s{i:02d}.csv"}, {str(10 + i)})
            assert len(folders()) == n
            closed = next(f for f in folders() if any(f.glob("uploads/*deals_s00.csv")))
            tabs[0].close()
            assert wait_for(lambda: not closed.exists(), 30)
            assert len(folders()) == n - 1
            browser.close()
    finally:
        server.terminate()
        server.wait(30)
    assert folders() == []          # the server's normal stop closes what was left


# --- hardening of one session's database -----------------------------------------------------------------
@pytest.fixture
def loaded(tmp_path):
    s = Store(workdir=tmp_path / "session")
    s.add(session_files(1))
    yield s
    s.close()


@pytest.mark.parametrize("query", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM read_csv('http://example.com/data.csv')",
    "SELECT * FROM read_parquet('https://example.com/data.parquet')",
    "COPY deals TO '/tmp/leak.csv'",
    "ATTACH '/tmp/other.duckdb' AS other",
    "INSTALL httpfs",
    "LOAD httpfs",
])
def test_a_session_can_reach_no_file_and_no_network(loaded, query):
    with pytest.raises(duckdb.Error):
        loaded.con.execute(query).fetchall()
    assert not Path("/tmp/leak.csv").exists()


@pytest.mark.parametrize("statement", [
    "SET memory_limit = '8GB'", "SET enable_external_access = true", "SET allowed_directories = ['/']",
    "SET temp_directory = '/tmp'", "SET threads = 64", "SET lock_configuration = false",
    "SET autoload_known_extensions = true",
])
def test_the_configuration_is_locked_once_data_is_in(loaded, statement):
    with pytest.raises(duckdb.Error, match="configuration has been locked"):
        loaded.con.execute(statement)


def test_each_session_has_a_memory_limit_and_spills_into_its_own_folder(loaded):
    setting = dict(loaded.con.execute(
        "SELECT name, value FROM duckdb_settings() WHERE name IN "
        "('memory_limit', 'temp_directory', 'threads', 'enable_external_access')").fetchall())
    assert setting["memory_limit"] == "488.2 MiB"                       # 512MB = 512 000 000 bytes
    assert setting["temp_directory"] == str(loaded.workdir / "tmp")
    assert setting["threads"] == "1" and setting["enable_external_access"] == "false"


def test_the_app_gives_each_session_the_hosts_limits(monkeypatch):
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("AUDIT_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("AUDIT_MAX_UPLOAD_MB", "3")
    at = AppTest.from_string("from audits.ui import state\nstate.store()", default_timeout=60).run()
    s = at.session_state["store"]
    limit = s.con.execute("SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'").fetchone()[0]
    assert limit == "286.1 MiB" and s.max_upload_bytes == 3 << 20 and s.max_session_bytes == 1000 << 20
    assert s.database == ":memory:"


def test_the_app_never_opens_the_configured_database_itself(monkeypatch, tmp_path):
    """AUDIT_DB names a file: each session gets its own file inside its own folder instead, and a
    MotherDuck location (one database for everybody) leaves the app's sessions in memory."""
    from audits import hosted
    from audits.store import SESSION_FILE
    monkeypatch.setenv("AUDIT_DB", str(tmp_path / "shared.duckdb"))
    assert hosted.session_database() == SESSION_FILE
    a, b = Store(database=hosted.session_database()), Store(database=hosted.session_database())
    try:
        assert a.database == str(a.workdir / "session.duckdb") and b.database == str(b.workdir / "session.duckdb")
        a.add(session_files(3))
        assert a.tables() == {"deals": 13, "calls": 11} and b.tables() == {}
    finally:
        a.close(), b.close()
    assert not (tmp_path / "shared.duckdb").exists() and not a.workdir.exists()
    monkeypatch.setenv("AUDIT_DB", "md:company")
    assert hosted.session_database() is None


def test_a_load_writes_nothing_outside_the_session_folder(tmp_path):
    """A whole session (CSV uploads, a workbook parsed in its child process, the audit, close) in a
    fresh process whose temporary directory, home and working directory are empty folders: while
    it runs, the only thing in them is the session's folder, and after close nothing at all."""
    places = [tmp_path / name for name in ("tmp", "home", "cwd")]
    for p in places:
        p.mkdir()
    script = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from audits import audit
from audits.store import Input, Store
from tests.test_hosted import session_files
book = Path({str(ROOT / "sample_data" / "managers.xlsx")!r})
s = Store()
report = s.add(session_files(2) + [Input(book.name, data=book.read_bytes())])
assert report.errors == [] and set(s.tables()) == {{"deals", "calls", "managers"}}, report.errors
audit.run_store(s, lang="en")
print(sorted(str(p) for place in {[str(p) for p in places]!r} for p in Path(place).iterdir()))
print(s.workdir)
s.close()
"""
    env = {**os.environ, "TMPDIR": str(places[0]), "HOME": str(places[1])}
    out = subprocess.run([sys.executable, "-c", script], cwd=places[2], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    during, folder = out.stdout.strip().splitlines()
    assert Path(folder).parent == places[0] and Path(folder).name.startswith("audit-")
    assert during == str([folder])
    assert sorted(tmp_path.rglob("*")) == sorted(places)


def test_a_garbage_collected_store_removes_its_folder():
    s = Store()
    s.add(session_files(5))
    folder = s.workdir
    assert any(folder.rglob("*deals.csv"))
    del s
    gc.collect()
    assert not folder.exists()


def test_logs_carry_no_value_from_an_upload(caplog):
    """Files that fail in the importer and a query that fails in the engine: the log says what
    failed, never a value of the data."""
    marker = "Zyxwvu-secret-42"
    s = Store()
    try:
        with caplog.at_level(logging.DEBUG):
            s.add([Input("broken.xlsx", data=b"PK\x03\x04" + marker.encode() * 50),
                   Input("odd.csv", data=f'a,b\n"{marker},1\n{marker}\x00,2,3,4\n'.encode()),
                   Input("deals.csv", data=f"Deal ID,Stage,Amount\n1,{marker},x{marker}\n".encode())])
            try:
                from audits.logs import failure
                s.sql(f"SELECT CAST('{marker}' AS INTEGER)")
            except duckdb.Error as e:
                failure(logging.getLogger("audits.test"), "query", e)
    finally:
        s.close()
    assert caplog.records, "the failures above should have been logged"
    assert marker not in caplog.text


# --- upload limits -----------------------------------------------------------------------------------------
MB = 1 << 20


def padded(inp: Input, size: int) -> Input:
    """The same CSV grown to `size` bytes with empty lines."""
    return Input(inp.name, data=inp.data + b"\n" * (size - len(inp.data)))


def test_a_file_past_the_size_limit_is_refused_by_name_and_the_data_stays(tmp_path):
    s = Store(workdir=tmp_path / "s", max_upload_bytes=1 * MB)
    deals, calls = session_files(1)
    s.add([deals])
    report = s.add([padded(Input("big calls.csv", calls.data), int(1.26 * MB))])
    assert report.files == [] and [n for n, _ in report.errors] == ["big calls.csv"]
    msg = report.errors[0][1]
    assert msg.text("en") == ("big calls.csv was not loaded: it is 1.3 MB, and this server takes files of up to "
                              "1.0 MB. Split the export (by period, say) or ask for a smaller one. "
                              "The data loaded before is kept.")
    assert msg.text("ru").startswith("Файл big calls.csv не загружен: его размер 1.3 МБ, а этот сервер принимает "
                                      "файлы не больше 1.0 МБ.")
    assert s.tables() == {"deals": 11}
    assert [u.name for u in s.uploads()] == ["deals.csv"]              # refused before it was written
    assert not any((tmp_path / "s" / "uploads").glob("*big*"))
    assert s.add([calls]).errors == [] and s.tables() == {"deals": 11, "calls": 9}   # a smaller file still goes in


def test_a_session_holds_at_most_its_total(tmp_path):
    deals, calls = session_files(1)
    s = Store(workdir=tmp_path / "s", max_upload_bytes=2 * MB, max_session_bytes=3 * MB)
    assert s.add([padded(deals, int(1.5 * MB))]).errors == []
    report = s.add([padded(calls, int(1.7 * MB))])
    msg = report.errors[0][1]
    assert msg.text("en").startswith("calls.csv (1.7 MB) was not loaded: this session already holds 1.5 MB of "
                                     "files, and one session may hold up to 3.0 MB.")
    assert s.tables() == {"deals": 11} and s.uploaded_bytes() == int(1.5 * MB)
    assert s.add([calls]).errors == [] and s.tables() == {"deals": 11, "calls": 9}


@pytest.mark.parametrize("value, mb", [("", 200), ("50", 50), ("0.5", 0.5), ("lots", 200), ("-3", 200)])
def test_the_upload_limit_comes_from_the_environment_and_a_typo_keeps_the_default(monkeypatch, value, mb):
    from audits import hosted
    monkeypatch.setenv("AUDIT_MAX_UPLOAD_MB", value)
    assert hosted.max_upload_bytes() == int(mb * (1 << 20))


@pytest.mark.parametrize("value, limit", [("", "512MB"), ("300MB", "300MB"), ("2 GiB", "2 GiB"),
                                          ("lots", "512MB"), ("512", "512MB")])
def test_the_memory_limit_comes_from_the_environment_and_a_typo_keeps_the_default(monkeypatch, value, limit):
    from audits import hosted
    monkeypatch.setenv("AUDIT_MEMORY_LIMIT", value)
    assert hosted.memory_limit() == limit


def test_the_app_refuses_a_file_past_the_limit_with_the_message(monkeypatch):
    from tests.app.helpers import LANG_WIDGET, new_app, store, upload
    monkeypatch.setenv("AUDIT_MAX_UPLOAD_MB", "1")
    at = new_app().run()
    at.sidebar.radio(key=LANG_WIDGET).set_value("en").run()
    deals, calls = session_files(1)
    upload(at, [(deals.name, deals.data)])
    upload(at, [("big.csv", padded(calls, int(1.2 * MB)).data)])
    assert not at.exception
    assert [e.value for e in at.error] == [
        "big.csv was not loaded: it is 1.2 MB, and this server takes files of up to 1.0 MB. Split the export "
        "(by period, say) or ask for a smaller one. The data loaded before is kept."]
    assert store(at).tables() == {"deals": 11}


def test_a_mapping_file_past_its_limit_is_refused_and_nothing_changes():
    from tests.app.helpers import DATA_PAGE, LANG_WIDGET, new_app, store, upload
    at = new_app().run()
    at.sidebar.radio(key=LANG_WIDGET).set_value("en").run()
    upload(at, [(f.name, f.data) for f in session_files(1)])
    at.switch_page(DATA_PAGE).run()
    before = store(at).mapping_file()
    big = b'{"deals.csv": {"Manager": "manager"}}' + b" " * int(1.1 * MB)
    at.file_uploader(key="mapping_upload_0").set_value(("mapping.json", big, "application/json")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "mapping.json is 1.1 MB: too big for a mapping file, which takes a few kilobytes (up to 1.0 MB). "
        "Choose the mapping.json this page saved. Nothing was changed."]
    assert store(at).mapping_file() == before


# --- the shipped configuration for a shared host ----------------------------------------------------------
def test_the_streamlit_configuration_is_fit_for_a_shared_host():
    import tomllib
    conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    from audits import hosted
    assert conf["server"]["maxUploadSize"] == hosted.DEFAULT_MAX_UPLOAD_MB
    assert conf["server"]["enableXsrfProtection"] is True
    assert conf["client"]["showErrorDetails"] is False
    assert conf["browser"]["gatherUsageStats"] is False
    assert conf["runner"]["magicEnabled"] is False
    assert 0 < conf["server"]["disconnectedSessionTTL"] <= 600      # a closed tab's data does not linger
