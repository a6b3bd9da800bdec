"""`python -m audits load` prints what each file is, as results.md specifies."""
import json
import subprocess
import sys

from tests.conftest import FIXTURES, ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "audits", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_load_json_describes_each_file():
    p = run("load", str(FIXTURES / "csv" / "Master.csv"), str(FIXTURES / "csv" / "orders_1c_cp1251.csv"), "--json")
    assert p.returncode == 0, p.stderr
    files = json.loads(p.stdout)["files"]
    assert [sorted(f) for f in files] == [["file", "mapping", "messages", "preset", "rows", "set_aside", "sheet",
                                           "table"]] * 2
    master, orders = files
    assert (master["file"], master["sheet"], master["table"], master["rows"]) == ("Master.csv", None, "calls", 3)
    assert master["mapping"]["col14"] == "duration_s" and master["mapping"]["col10"] == "started_at"
    assert (orders["table"], orders["rows"], orders["set_aside"]) == ("orders", 3, 1)
    assert orders["mapping"]["Сумма"] == "amount"
    assert any("8" in m for m in orders["messages"])


def test_a_forced_table_and_a_mapping_file(tmp_path):
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"calls_utf8.csv": {"Номер": None}}), encoding="utf-8")
    p = run("load", f"calls={FIXTURES / 'csv' / 'calls_utf8.csv'}", "--map", str(mapping), "--json")
    [f] = json.loads(p.stdout)["files"]
    assert f["table"] == "calls" and "Номер" not in f["mapping"] and f["rows"] == 3


def test_bad_input_exits_non_zero_with_the_plain_message(tmp_path):
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    p = run("load", str(bad), "--json", "--lang", "ru")
    assert p.returncode == 1
    [f] = json.loads(p.stdout)["files"]
    assert f["table"] is None and "photo.csv" in f["messages"][0] and "PNG" in f["messages"][0]
    assert "Traceback" not in p.stderr


def test_human_readable_output():
    p = run("load", str(FIXTURES / "csv" / "calls_tab.tsv"))
    assert p.returncode == 0
    assert p.stdout.splitlines()[0].startswith("calls_tab.tsv: calls")
