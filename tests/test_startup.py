"""Start-up of the command line: a JSON-only run imports no report, PDF, XLSX or chart module, and
scikit-learn only when clients are clustered; an audit without orders needs neither polars, numpy nor
pyarrow; a UTF-8 file of Russian numbers needs neither libphonenumber nor the encoding guesser. Each case runs in a fresh interpreter (a subprocess), since this one has imported everything."""
import json
import subprocess
import sys

from tests.conftest import FIXTURES, ROOT

REPORTS = ("fpdf", "xlsxwriter", "altair", "vl_convert", "jinja2", "audits.report", "audits.charts")
WATCHED = (*REPORTS, "sklearn", "scipy", "polars", "numpy", "pyarrow", "pandas", "phonenumbers", "charset_normalizer")

SCRIPT = """
import json, sys
from audits.cli import main
code = main(sys.argv[1:])
watched = {watched!r}
print(json.dumps({{"code": code, "modules": [m for m in watched if m in sys.modules]}}))
""".format(watched=WATCHED)


def cli(*args) -> tuple[int, set[str]]:
    """Run `python -m audits ARGS` in a fresh interpreter: its exit code and the watched modules it imported."""
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    last = json.loads(done.stdout.strip().splitlines()[-1])
    return last["code"], set(last["modules"])


def orders_file(folder):
    """Order lines of 14 clients: enough (segments.MIN_CLIENTS) to cluster."""
    rows = ["client_id,order_id,ordered_at,amount,product"]
    n = 0
    for c in range(14):
        for k in range(1 + c % 5):
            n += 1
            rows.append(f"c{c:02d},o{n},2025-{1 + (c * k) % 12:02d}-{1 + (c + k) % 27:02d} 10:00:00,"
                        f"{100 * (c + 1) * (k + 1)}.50,p{k}")
    path = folder / "orders.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_json_run_without_orders_imports_no_report_module_and_no_dataframe_library(tmp_path):
    code, modules = cli("run", str(FIXTURES / "csv" / "calls_utf8.csv"), "--out", str(tmp_path),
                        "--formats", "json", "--lang", "en")
    assert code == 0 and (tmp_path / "results.json").exists()
    assert not modules, modules


def test_a_json_run_that_clusters_imports_scikit_learn_and_still_no_report_module(tmp_path):
    code, modules = cli("run", str(orders_file(tmp_path)), "--out", str(tmp_path / "out"), "--formats", "json")
    assert code == 0
    clusters = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))["segments"]["clusters"]
    assert sum(c["clients"] for c in clusters) == 14
    assert "sklearn" in modules and not modules & set(REPORTS), modules


def test_loading_imports_neither_scikit_learn_nor_a_report_module(tmp_path):
    code, modules = cli("load", str(orders_file(tmp_path)), "--json")
    assert code == 0
    assert not modules & {*REPORTS, "sklearn", "scipy"}, modules


def test_a_file_in_windows_1251_with_a_foreign_number_imports_what_reads_them(tmp_path):
    path = tmp_path / "calls.csv"
    path.write_bytes("Дата звонка;Менеджер;Номер;Длительность\n"
                     "01.03.2024 09:15:00;Иван Петров;+44 20 7946 0958;65\n".encode("cp1251"))
    code, modules = cli("run", str(path), "--out", str(tmp_path / "out"), "--formats", "json")
    assert code == 0
    assert {"phonenumbers", "charset_normalizer"} <= modules, modules
