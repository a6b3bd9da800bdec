"""Closed stages, the stage order and pipelines on real exports (../shared/real-exports/)."""
import json

from audits import audit
from audits.cli import main as cli_main
from audits.store import Input, Store
from tests.real.conftest import real_path

HUBSPOT = "hubspot-deals-marvell/hubspot-crm-exports-all-deals-2023-05-16.csv"
MAVEN = "maven-crm-sales-opportunities/original_zip_extracted/sales_pipeline.csv"
PIPEDRIVE = "pipedrive-opticwise/deals-23955722-69.csv"


def _store(*rels):
    s = Store()
    for rel in rels:
        p = real_path(rel)
        s.add([Input(p.name, path=p)])
    return s


def test_hubspot_closed_stages_that_are_not_won_are_lost():
    # SOURCE.md: Closed: abandoned 27 + Closed: lost 24 = 51 lost, Closed: won 11; one row of the 87 has
    # no stage (set aside), so 86 deals: 24 open (Opportunity identified 17, Awaiting ... 6, On hold 1).
    s = _store(HUBSPOT)
    try:
        res = audit.run_store(s, lang="en")
        assert (res.metrics["deals_won"], res.metrics["deals_lost"], res.metrics["open_deals"]) == (11, 51, 24)
        # Its stages (Awaiting procurement / event / outcome) tell no order: no funnel step is blamed.
        assert res.metrics["funnel_order"]["basis"] == "none"
        assert not (res.principal and res.principal.get("kind") == "funnel_step")
    finally:
        s.close()


def test_maven_funnel_runs_forward_and_says_the_order_is_a_guess():
    # Stages Prospecting 500, Engaging 1589, Won 4238, Lost 2473, no history, no preset: the order comes
    # from the words (prospect before engage). Reached: Prospecting 500 + 1589 + 4238 = 6327,
    # Engaging 1589 + 4238 = 5827, Won 4238 (lost deals sit at the lost stage: no step reached).
    s = _store(MAVEN)
    try:
        res = audit.run_store(s, lang="en")
        order = res.metrics["funnel_order"]
        assert order["basis"] in ("words", "crm_default") and order["guess"] is True
        assert [(f["stage"], f["reached"]) for f in res.metrics["funnel"]] == [
            ("Prospecting", 6327), ("Engaging", 5827), ("Won", 4238)]
        p = res.principal
        assert not (p and p.get("kind") == "funnel_step" and (p["from_stage"], p["to_stage"]) == ("Engaging", "Prospecting"))
        assert any(lim.kind == "stage_order" for lim in res.check(1).limits)
        assert "caveat" in p if p and p.get("kind") == "funnel_step" else True
    finally:
        s.close()


def test_pipedrive_pipelines_are_not_mixed(tmp_path, capsys):
    # 3 pipelines: Sales Pipeline 97, New Projects Pipeline 60, MTU Tenant Pipeline 18 (SOURCE.md).
    src = real_path(PIPEDRIVE)
    assert cli_main(["run", str(src), "--out", str(tmp_path / "a"), "--formats", "json"]) == 0
    first = json.loads((tmp_path / "a" / "results.json").read_text(encoding="utf-8"))
    funnel_check = next(c for c in first["checks"] if c["id"] == 1)
    order = funnel_check["metrics"]["funnel_order"]
    assert order["pipeline"] == "Sales Pipeline"
    assert [(p["name"], p["deals"]) for p in order["pipelines"]] == [
        ("Sales Pipeline", 97), ("New Projects Pipeline", 60), ("MTU Tenant Pipeline", 18)]
    assert any(lim["kind"] == "funnel_pipeline" for lim in funnel_check["limits"])
    assert cli_main(["run", str(src), "--out", str(tmp_path / "b"), "--formats", "json",
                     "--pipeline", "MTU Tenant Pipeline"]) == 0
    second = json.loads((tmp_path / "b" / "results.json").read_text(encoding="utf-8"))
    order = next(c for c in second["checks"] if c["id"] == 1)["metrics"]["funnel_order"]
    assert order["pipeline"] == "MTU Tenant Pipeline"
    stages = {f["stage"] for f in second["metrics"]["funnel"]}
    # MTU Tenant Pipeline stages only (SOURCE.md: different stage sets per pipeline).
    assert stages <= {"Contacted", "Negotiations Started", "Proposal Made", "Solution Defined", "Tenant Identified"}
