"""The project documents its own file formats (docs/); these tests keep the documents honest: a key
results.json writes and the document leaves out, or one the document lists and the file lacks,
fails here, and so does an example that the readers refuse."""
import json
import re
from pathlib import Path

import pytest

from audits import answers, audit, model, reference
from audits.ingest.load import NOT_FILE_KEYS
from audits.limits import Limit

DOCS = Path(__file__).resolve().parent.parent / "docs"
_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|")


def documented(name: str) -> dict[str, set[str]]:
    """The keys of each `## section` of a document: the first cell of its table rows, in backticks."""
    out: dict[str, set[str]] = {}
    section = None
    for line in (DOCS / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
            out[section] = set()
        elif section and (m := _ROW.match(line)):
            out[section].add(m.group(1))
    return out


def json_blocks(name: str) -> list:
    text = (DOCS / name).read_text(encoding="utf-8")
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.S)]


@pytest.fixture(scope="module")
def results(demo_store):
    return json.loads(json.dumps(audit.to_json(audit.run_store(demo_store, lang="en"))))


def test_results_json_top_level_and_checks_are_documented_both_ways(results):
    doc = documented("results-json.md")
    assert set(results) == doc["Top level"]
    for check in results["checks"]:
        assert set(check) == doc["checks"], check["id"]
    for name, table in results["tables"].items():
        expected = doc["tables"] if name in model.PERIOD_TABLES else doc["tables"] - {"period"}
        assert set(table) == expected, name
    for item in results["plan"]:
        assert set(item) == doc["plan"]
    assert set(results["segments"]) == doc["segments"]
    signal_keys = set(re.findall(r'"(\w+)"', next(line for line in (DOCS / "results-json.md").read_text(
        encoding="utf-8").splitlines() if line.startswith("| `signals`"))))
    assert set(results["checks"][0]["signals"][0]) == signal_keys


def test_reference_metrics_are_documented_and_written(results):
    from audits.metrics import REFERENCE
    doc = documented("results-json.md")["Reference metrics"]
    assert doc == set(REFERENCE) == set(results["metrics"])


def test_principal_problem_and_limits_match_the_document(results):
    doc = documented("results-json.md")
    principal = results["principal_problem"]
    assert {"id", "kind", "text"} == doc["principal_problem"] <= set(principal)
    assert principal["kind"] == "funnel_step"
    assert set(principal) - doc["principal_problem"] == {"from_stage", "to_stage", "conversion", "order_basis",
                                                         "pipeline"}
    limit = Limit("short_history", {"table_key": "table.orders", "needs_months": 6, "has_months": 3}).to_json("en")
    assert set(limit) - {"table_key", "needs_months", "has_months"} == doc["limits"]


def test_every_documented_limit_kind_has_its_text():
    from audits.i18n import catalogue
    line = next(x for x in (DOCS / "results-json.md").read_text(encoding="utf-8").splitlines()
                if x.startswith("| `kind` | str | `short_history`"))
    kinds = re.findall(r"`(\w+)`", line.split("|")[3])
    assert "periods_disjoint" in kinds
    for kind in kinds:
        assert any(key == f"limit.{kind}" or key.startswith(f"limit.{kind}.") for key in catalogue()), kind


def test_the_mapping_document_names_every_special_key_and_table():
    text = (DOCS / "mapping.md").read_text(encoding="utf-8")
    assert documented("mapping.md")["Choices about the data"] == set(NOT_FILE_KEYS)
    for table in model.TABLE_NAMES:
        if table != "stages":
            assert f"`{table}`" in text, table


def test_the_mapping_examples_are_read_as_documented(tmp_path):
    """The file-entry example maps the headers it says; the table-entry example is taken by a file
    that has its headers."""
    from audits.ingest.load import overrides_for, table_overrides
    files, by_table = json_blocks("mapping.md")[:2]
    assert overrides_for(files, "export.xlsx", "Сделки") == {"Ответственный": "manager", "Бюджет": "amount",
                                                              "__table__": "deals"}
    assert overrides_for(files, "calls_may.csv", None)["Комментарий"] == ""
    assert table_overrides(by_table, None, ["Дата", "Время", "Номер"]) == ("calls", by_table["calls"])


def test_the_answers_example_is_taken_whole():
    example = json_blocks("answers.md")[0]
    parsed = answers.read(json.dumps(example, ensure_ascii=False), "en")
    assert parsed.ok, parsed.errors
    assert parsed.answers["28"]["override"]["verdict"] == "warning"
    line = next(x for x in (DOCS / "answers.md").read_text(encoding="utf-8").splitlines() if x.startswith("| `override`"))
    assert re.findall(r'"(ok|warning|critical)"', line) == list(answers.OVERRIDE_VERDICTS)


def test_the_check_reference_matches_the_model():
    assert reference.problems() == []


def test_the_check_reference_of_one_item_names_its_sql_and_cases():
    text = reference.text(1, "en")
    assert text.startswith("1. The sales funnel is not set up")
    assert "funnel  (queries/metrics/funnel.sql; reads deals)" in text
    assert "funnel_step: good 0.6, bad 0.2 (share) · funnel_step_good / funnel_step_bad" in text
    assert "tests/cases/m01.yml" in text
    assert reference.text(31, "en") is None
    assert reference.text(None, "ru").splitlines()[0].startswith(" 1. Не настроена воронка продаж")


def test_the_checks_command(capsys):
    from audits.cli import main
    assert main(["checks", "13", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "none: the data cannot tell" in out and "q1." in out
    assert main(["checks", "44"]) == 2
    assert "There is no item 44" in capsys.readouterr().err


def test_load_json_is_documented_both_ways(capsys):
    from audits.cli import main
    from audits.demo import demo_inputs
    inputs = demo_inputs()
    if not inputs:
        pytest.skip("sample_data/ holds no demo files")
    assert main(["load", *[str(i.path) for i in inputs], "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    doc = documented("results-json.md")
    assert set(out) == doc["load --json"]
    assert all(set(f) == doc["load --json files"] for f in out["files"])
    for name, info in out["tables"].items():
        assert set(info) == ({"period", "missing_columns"} if name in model.PERIOD_TABLES else {"missing_columns"})


def test_the_reference_prints_each_norm_with_its_source_and_the_checks_sharing_it():
    text = reference.text(15, "en")
    line = next(x for x in text.splitlines() if x.strip().startswith("vl_top_ratio:"))
    assert "good 1.25, bad 2 (ratio)" in line and "also used by" not in line
    line = next(x for x in reference.text(14, "en").splitlines() if x.strip().startswith("short_manager:"))
    assert "good 0.35, bad 0.6 (share)" in line and "also used by items: 18" in line
    borrowed = next(x for x in reference.text(18, "en").splitlines() if x.strip().startswith("short_manager:"))
    assert "also used by items: 14" in borrowed
    lead = next(x for x in reference.text(29, "en").splitlines() if x.strip().startswith("lead_median:"))
    assert "good 60, bad 1440 (minutes) · lead_median_good_min / lead_median_bad_min" in lead
    assert "Harvard Business Review" in lead
    vague = next(x for x in reference.text(1, "en").splitlines() if x.strip().startswith("vague_stages:"))
    assert "good 0, bad 2 (count)" in vague and "source 000" in vague
    nps = next(x for x in reference.text(7, "ru").splitlines() if "nps_good / nps_bad" in x)
    assert "источник 003" in nps
    renamed = next(x for x in reference.text(25, "en").splitlines() if x.strip().startswith("c_effort:"))
    assert "earlier names, still read: cv_c_effort_good, cv_c_effort_bad" in renamed
    assert "discount_min_deals = 10 (count)" in text            # a single setting stays a setting


def test_the_problems_check_finds_a_norm_declared_twice_or_unknown(monkeypatch):
    import dataclasses

    from audits.checks import REGISTRY
    from audits.checks import norms as N
    monkeypatch.setattr(N, "NORMS", (*N.NORMS, N.Norm("op_single", 0.3, 0.6)))
    assert "norm 'op_single' is declared 2 times" in reference.norm_problems()
    monkeypatch.undo()
    m24 = next(c for c in REGISTRY if c.id == 24)
    monkeypatch.setattr(reference, "REGISTRY", tuple(dataclasses.replace(c, norms=("op_singel",)) if c is m24 else c
                                                     for c in REGISTRY))
    found = reference.norm_problems()
    assert "check 24 (one_product): norm 'op_singel' is declared nowhere (audits/checks/norms.py)" in found
    assert any("reads the setting 'op_single_good' of norm 'op_single' without naming the norm" in p for p in found)


# --------------------------------------------------------------------------- docs/seed-norms.md

def seed_norm_rows() -> list[list[str]]:
    """The rows of the table in docs/seed-norms.md, as lists of cells."""
    rows = []
    for line in (DOCS / "seed-norms.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `00") and len(cells) == 5:
            rows.append(cells)
    return rows


def test_the_seed_norms_table_cites_only_names_that_exist():
    """Every norm, setting, metric or question named in the "used as" column exists (a norm by its
    name, a setting by its name on the Settings page), and every row says where the number is used or
    why not."""
    from audits import metrics as M
    from audits.checks import REGISTRY, defaults
    from audits.checks.norms import BY_NAME
    rows = seed_norm_rows()
    assert len(rows) >= 40
    metrics = set(M.providers())
    ids = {c.id for c in REGISTRY}
    for seed, number, says, used, check in rows:
        assert seed.strip("`") in {"000", "001", "002", "003"}, seed
        assert number and says and used, (seed, number)
        for name in re.findall(r"`([^`]+)`", used):
            kind, _, ident = name.partition(":")
            if kind == "norm":
                assert ident in BY_NAME, name
            elif kind == "setting":
                assert ident in defaults(), name
            elif kind == "metric":
                assert ident in metrics, name
            elif kind == "question":
                number, _, q = ident.partition(".")
                assert q in next(c for c in REGISTRY if c.id == int(number)).questions, name
            else:
                raise AssertionError(f"cite as norm:, setting: or metric: ({name})")
        for n in re.findall(r"\d+", check):
            assert int(n) in ids, check


def test_every_norm_from_a_seed_is_in_the_seed_table():
    from audits.checks.norms import NORMS
    cited = {m for row in seed_norm_rows() for m in re.findall(r"`norm:([^`]+)`", row[3])}
    assert {n.name for n in NORMS if n.source.startswith("seed_")} <= cited


def test_the_seed_numbers_once_awaiting_other_branches_cite_the_names_now_on_main():
    """The rows that waited for the checks being edited elsewhere (issue 13) now name what carries
    the seed's number: each row, found by its number, cites these names."""
    text = (DOCS / "seed-norms.md").read_text(encoding="utf-8")
    assert "not in this branch" not in text and "issue 13" not in text
    rows = {(seed.strip("`"), number): used for seed, number, _, used, _ in seed_norm_rows()}
    expected = {
        ("000", "more than two weeks"): ["setting:pl_no_deal_days", "metric:sellers_no_deal_share", "norm:pl_no_deal"],
        ("000", "50 / 50"): ["norm:meet_client", "metric:meetings_client_share"],
        ("000", "20-30 %"): ["norm:warm_win_rate", "metric:funnel_slices"],
        ("000", "1-3 %"): ["norm:cold_win_rate", "metric:funnel_slices"],
        ("000", "none"): ["norm:vague_stages"],
        ("000", "about 20 s, at most 20 s"): ["norm:touch_wait", "norm:lead_median", "norm:lead_1d"],
        ("001", "50 calls -> 5 deals = 10 %"): ["metric:funnel_contacts", "metric:contact_to_deal_rate"],
        ("002", "at least 5 minutes"): ["norm:spin_talk_new", "metric:calls_new_talk_median_min"],
        ("002", "5-7 minutes"): ["norm:spin_talk_new"],
        ("003", "1-2 managers"): ["norm:cp_same_job"],
        ("003", "at least 3 managers"): ["norm:cp_same_job"],
        ("003", "more than 6 managers"): ["norm:st_span", "norm:cp_team_size"],
    }
    for row, names in expected.items():
        cited = re.findall(r"`([^`]+)`", rows[row])
        assert set(names) <= set(cited), (row, set(names) - set(cited))
    from audits.checks.norms import norm
    assert norm("pl_no_deal").source == norm("meet_client").source == norm("vague_stages").source == "seed_000"
    assert norm("spin_talk_new").source == "seed_002" and norm("cp_same_job").source == "seed_003"
    assert (norm("spin_talk_new").good, norm("spin_talk_new").bad) == (5, 2)
    assert (norm("meet_client").good, norm("warm_win_rate").good, norm("cold_win_rate").good) == (0.5, 0.2, 0.01)
