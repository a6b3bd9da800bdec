"""The check cases of tests/cases/mNN.yml: small tables, the exact metrics, score and verdict.

One file per check; every case builds a canonical database from its rows, runs the whole audit
and compares the check's result. `pytest -k m07` runs the cases of one check.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from audits import audit
from audits.checks import REGISTRY
from audits.memdb import memory_db

CASES = Path(__file__).parent / "cases"


def _rows(spec) -> list[dict]:
    """A table as a list of dicts, or as {"columns": [...], "rows": [[...], ...]}."""
    if isinstance(spec, dict):
        return [dict(zip(spec["columns"], row, strict=True)) for row in spec["rows"]]
    return list(spec or [])


def _cases():
    for path in sorted(CASES.glob("m*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            yield pytest.param(doc["check"], case, id=f"{path.stem}-{case['name']}")


def approx(expected):
    if isinstance(expected, float):
        return pytest.approx(expected, rel=1e-9, abs=1e-9)
    if isinstance(expected, dict):
        return {k: approx(v) for k, v in expected.items()}
    if isinstance(expected, list):
        return [approx(v) for v in expected]
    return expected


def run_case(number: int, case: dict) -> audit.CheckResult:
    con = memory_db({name: _rows(spec) for name, spec in (case.get("tables") or {}).items()})
    as_of = case.get("as_of")
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    result = audit.run(con, settings=case.get("settings"), answers={str(number): case.get("answers") or {}},
                       as_of=as_of, lang="en")
    return result.check(number)


@pytest.mark.parametrize("number, case", list(_cases()))
def test_case(number, case):
    got = run_case(number, case)
    expect = case["expect"]
    for name, value in (expect.get("metrics") or {}).items():
        assert got.metrics[name] == approx(value), name
    for field in ("score", "verdict", "evidence", "data_score", "self_score", "money_at_stake", "money_kind",
                  "money_basis", "money_formula"):
        if field in expect:
            value = getattr(got, field)
            if isinstance(value, str):      # the formulas write numbers with no-break spaces
                value = value.replace("\u00a0", " ")
            assert value == approx(expect[field]), field
    if "limits" in expect:      # what limits the check: [{kind, params...}]
        assert [{"kind": lim.kind, **lim.params} for lim in got.limits] == approx(expect["limits"])


def test_every_check_has_cases_that_pass_fail_and_miss_data():
    for check in REGISTRY:
        path = CASES / f"m{check.id:02d}.yml"
        assert path.exists(), f"{path.name} is missing"
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert doc["check"] == check.id
        verdicts = [c["expect"].get("verdict") for c in doc["cases"]]
        evidence = [c["expect"].get("evidence") for c in doc["cases"]]
        assert "ok" in verdicts, f"{path.name}: no case passes the check"
        assert {"warning", "critical"} & set(verdicts), f"{path.name}: no case fails the check"
        assert "not_assessed" in verdicts or "self" in evidence, f"{path.name}: no case without data"
