"""`python -m audits run` writes results.json as results.md specifies and explains bad input plainly."""
import json

import pytest

from audits import metrics
from audits.checks import REGISTRY
from audits.cli import main
from tests.conftest import FIXTURES, SAMPLE

SMALL = [str(SAMPLE / "nps_survey.csv"), str(SAMPLE / "tasks.csv")]


def run(capsys, *args):
    if "--formats" not in args and "--out" in args:     # reports are tested once, below, and in test_report
        args = (*args, "--formats", "json")
    try:
        code = main(list(args))
    except SystemExit as e:          # argparse and plain messages leave through SystemExit
        code = e.code if isinstance(e.code, int) else 2
        if isinstance(e.code, str):
            print(e.code)
    out = capsys.readouterr()
    return code, out.out + out.err


def test_results_json_has_the_shape_of_the_contract(tmp_path, capsys):
    code, text = run(capsys, "run", *SMALL, "--out", str(tmp_path), "--lang", "en", "--formats",
                     "json,html,pdf,xlsx", "--company", "ООО <Ромашка>")
    assert code == 0, text
    assert all((tmp_path / f"report.{ext}").stat().st_size > 1000 for ext in ("html", "pdf", "xlsx"))
    assert "ООО &lt;Ромашка&gt;" in (tmp_path / "report.html").read_text(encoding="utf-8")
    res = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert {"as_of", "settings", "tables", "score", "checks", "metrics", "segments"} <= set(res)
    assert res["as_of"] == "2026-01-01"                       # the day after the last task due date
    assert list(res["metrics"]) == list(metrics.REFERENCE)
    assert res["metrics"]["nps"] == 4.25 and res["metrics"]["deals_total"] is None
    assert [c["id"] for c in res["checks"]] == [c.id for c in REGISTRY]
    for c in res["checks"]:
        assert {"id", "title", "score", "verdict", "evidence", "metrics", "money_at_stake", "money_kind",
                "money_basis", "money_formula", "recommendations"} <= set(c)
        assert c["verdict"] in ("ok", "warning", "critical", "not_assessed")
    assert set(res["money_totals"]) == {"flow_per_year", "flow_checks", "stock", "stock_checks"}
    assert set(res["tables"]) == {"nps", "tasks"}
    assert res["tables"]["nps"]["rows"] == 400 and res["tables"]["nps"]["files"] == ["nps_survey.csv"]
    assert "Overall score" in text


def test_answers_settings_and_analysis_date_are_used(tmp_path, capsys):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"1": {"q1": True, "q2": False}}), encoding="utf-8")
    code, text = run(capsys, "run", *SMALL, "--out", str(tmp_path), "--answers", str(answers),
                     "--set", "stale_days=45", "--as-of", "2025-12-01")
    assert code == 0, text
    res = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert res["as_of"] == "2025-12-01" and res["settings"]["stale_days"] == 45
    funnel = res["checks"][0]
    assert (funnel["evidence"], funnel["score"], funnel["verdict"]) == ("self", 50.0, "warning")


@pytest.mark.parametrize("args, words", [
    (["--set", "no_such=1"], "no_such"),
    (["--set", "stale_days"], "stale_days"),
    (["--set", "stale_days=many"], "stale_days=many"),
    (["--as-of", "01.12.2025"], "01.12.2025"),
    (["--formats", "json,docx"], "docx"),
])
def test_bad_options_get_a_plain_message(tmp_path, capsys, args, words):
    code, text = run(capsys, "run", *SMALL, "--out", str(tmp_path), *args)
    assert code != 0 and words in text and "Traceback" not in text
    assert not (tmp_path / "results.json").exists()


def test_a_bad_answers_file_is_named(tmp_path, capsys):
    answers = tmp_path / "answers.json"
    answers.write_text("[1, 2", encoding="utf-8")
    code, text = run(capsys, "run", *SMALL, "--out", str(tmp_path), "--answers", str(answers), "--lang", "ru")
    assert code != 0 and "answers.json" in text and "ответов" in text


def test_a_refused_file_is_reported_and_the_rest_is_audited(tmp_path, capsys):
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    code, text = run(capsys, "run", str(bad), *SMALL, "--out", str(tmp_path / "out"))
    assert code == 1 and "photo.csv" in text
    res = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert set(res["tables"]) == {"nps", "tasks"}


def test_nothing_loadable_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    code, text = run(capsys, "run", str(bad), "--out", str(tmp_path / "out"))
    assert code == 1 and not (tmp_path / "out" / "results.json").exists()


def test_an_answers_file_with_wrong_content_names_the_problem(tmp_path, capsys):
    answers = tmp_path / "answers.json"
    answers.write_text('{"1": {"q1": "maybe"}, "99": {}}', encoding="utf-8")
    code, text = run(capsys, "run", *SMALL, "--out", str(tmp_path), "--answers", str(answers))
    assert code != 0 and "answers.json" in text and "99" in text and "maybe" in text


def test_the_summary_gives_the_yearly_headline_and_the_arithmetic_beside_each_figure(demo_store):
    from audits import audit
    from audits.cli import _summary
    result = audit.run_store(demo_store, lang="en")
    text = "\n".join(_summary(result, "en"))
    flow = f"{result.money['flow_per_year']:,.0f}".replace(",", "\u00a0")
    assert f"Money at stake: {flow} a year" in text and "at once, apart" in text
    for item in result.plan[:5]:
        c = result.check(item["id"])
        if c.money_formula:
            assert "Arithmetic: " + c.money_formula in text and "Basis: " + c.money_basis in text


def test_results_json_is_the_audit_one_entry_per_line_of_its_top_two_levels(tmp_path, capsys):
    from audits.cli import readable_json
    code, text = run(capsys, "run", *SMALL, "--out", str(tmp_path), "--lang", "en")
    assert code == 0, text
    written = (tmp_path / "results.json").read_text(encoding="utf-8")
    res = json.loads(written)
    assert written == readable_json(res)
    lines = written.splitlines()
    assert lines[:2] == ["{", f'  "as_of": "{res["as_of"]}",'] and lines[-1] == "}"
    assert '    "nps": 4.25,' in lines                         # a metric: its own line, under "metrics"
    assert len(lines) == 2 + sum(len(v) + 2 if isinstance(v, (dict, list)) and v else 1 for v in res.values())
    # json's own rules for keys that are not text, and empty containers
    odd = {1: {True: None, 2.5: []}, "e": {}, "l": [[1, {"a": "ё"}]]}
    assert json.loads(readable_json(odd)) == json.loads(json.dumps(odd))
    assert "ё" in readable_json(odd)
