"""The order of the funnel stages (audits/stages.py), closed-not-won stages as lost, and one funnel per
pipeline. Every number is worked out by hand in the comments."""
import json

import pytest

from audits import audit, stages
from audits.ingest import vocab
from audits.memdb import memory_db
from audits.store import Input, Store


def rows(columns, *values):
    return [dict(zip(columns.split(), v, strict=True)) for v in values]


# --- the decision, one basis at a time ----------------------------------------------------------------

OPEN3 = {"Meeting": "open", "New": "open", "Proposal": "open", "Won": "won", "Lost": "lost"}


def test_the_uploaded_stages_table_comes_first_and_keeps_stages_nobody_reached():
    d = stages.decide(OPEN3, table=["New", "Proposal", "Demo", "Meeting", "Lost"],
                      user=["Meeting", "New", "Proposal"], history=["New", "Meeting", "Proposal"])
    assert d.basis == "stages_table" and not d.guess
    assert d.stages == ["New", "Proposal", "Demo", "Meeting", "Won"]     # Lost is no step; Won last


def test_the_users_order_beats_the_history():
    d = stages.decide(OPEN3, user=["Proposal", "New", "Meeting"], history=["New", "Meeting", "Proposal", "Won"])
    assert (d.basis, d.stages) == ("user", ["Proposal", "New", "Meeting", "Won"])


def test_a_users_order_about_other_stages_is_ignored():
    d = stages.decide(OPEN3, user=["Alpha", "Beta"], history=["New", "Meeting", "Proposal", "Won"])
    assert d.basis == "history"


def test_history_order_with_an_unplaced_stage():
    d = stages.decide(OPEN3, history=["New", "Proposal", "Won"])
    assert d.basis == "history"
    assert d.stages == ["New", "Proposal", "Meeting", "Won"] and d.unplaced == ["Meeting"]


def test_crm_default_pipeline_of_the_preset():
    classes = {"Negotiation/Review": "open", "Prospecting": "open", "Needs Analysis": "open", "Closed Won": "won"}
    d = stages.decide(classes, preset="Salesforce")
    assert d.basis == "crm_default" and d.guess
    assert d.stages == ["Prospecting", "Needs Analysis", "Negotiation/Review", "Closed Won"]


def test_bitrix_stage_ids_with_a_pipeline_prefix_match_the_default():
    classes = {"C3:FINAL_INVOICE": "open", "C3:NEW": "open", "C3:EXECUTING": "open", "C3:WON": "won"}
    assert stages.decide(classes, preset="Bitrix24").stages == ["C3:NEW", "C3:EXECUTING", "C3:FINAL_INVOICE", "C3:WON"]


def test_stage_words_order_the_maven_stages():
    # Prospecting (prospect: 15) before Engaging (engag: 25); alphabetical would put Engaging first.
    d = stages.decide({"Engaging": "open", "Prospecting": "open", "Won": "won", "Lost": "lost"})
    assert (d.basis, d.stages) == ("words", ["Prospecting", "Engaging", "Won"])


def test_russian_stage_words():
    # заявка 10, встреча 40, КП 60, договор 80, счёт 85
    classes = {s: "open" for s in ("Счёт выставлен", "Договор", "КП отправлено", "Встреча", "Заявка")}
    assert stages.decide(classes).stages == ["Заявка", "Встреча", "КП отправлено", "Договор", "Счёт выставлен"]


def test_no_basis_at_all_is_none_and_lists_by_name():
    d = stages.decide({"Awaiting outcome": "open", "Awaiting event": "open", "Closed: won": "won"})
    assert d.basis == "none" and d.guess
    assert d.stages == ["Awaiting event", "Awaiting outcome", "Closed: won"]


# --- closed without a win is lost -----------------------------------------------------------------------

@pytest.mark.parametrize("stage, status", [
    ("Closed: abandoned", "lost"), ("Closed lost", "lost"), ("Closed: won", "won"), ("Отказ", "lost"),
    ("Закрыто", "lost"), ("Закрыта без оплаты", "lost"), ("Успешно закрыта", "won"), ("Закрытие сделки", None),
    ("Не закрыта", None), ("Closing", None), ("Cancelled", "lost"),
])
def test_stage_words(stage, status):
    assert vocab.stage_status(stage) == status


def _load(tmp_path, name, text, mapping=None):
    s = Store(workdir=tmp_path / "w")
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    s.add([Input(name, path=p)], mapping=mapping)
    return s


def test_a_closed_flag_without_a_win_makes_a_deal_lost(tmp_path):
    # HubSpot-like: 1 open, 2 won (words), 3 closed by the flag (a custom stage) -> lost,
    # 4 closed words with the flag false (HubSpot writes false for "abandoned") -> lost.
    s = _load(tmp_path, "deals.csv",
              "Record ID,Deal Stage,Is Deal Closed?,Deal owner\n"
              "1,Qualified,false,A\n2,Closed won,true,A\n3,No budget,true,B\n4,Closed: abandoned,false,B\n")
    assert s.files[0].mapping["Is Deal Closed?"] == "closed"
    got = dict(s.sql("select deal_id, status from deals").rows())
    assert got == {"1": "open", "2": "won", "3": "lost", "4": "lost"}
    s.close()


def test_a_pipedrive_status_lost_keeps_the_stage_as_a_step(tmp_path):
    # Lost deals stay at the stage where they were lost: they reached it.
    con = memory_db({"deals": rows("deal_id stage status", ("1", "Lead In", "open"), ("2", "Proposal Made", "lost"),
                                   ("3", "Proposal Made", "lost"), ("4", "Negotiations Started", "won"))})
    res = audit.run(con, lang="en", tables={"deals": {"preset": "Pipedrive"}})
    assert res.metrics["funnel_order"]["basis"] == "crm_default"
    # Lead In 4, Proposal Made 3 (2, 3 and 4 further on), Negotiations Started 1 (won there).
    assert [(f["stage"], f["reached"]) for f in res.metrics["funnel"]] == [
        ("Lead In", 4), ("Proposal Made", 3), ("Negotiations Started", 1)]


# --- one funnel per pipeline --------------------------------------------------------------------------------

TWO = rows("deal_id stage status pipeline",
           ("a1", "Новая", "open", "Продажи"), ("a2", "КП", "open", "Продажи"), ("a3", "КП", "open", "Продажи"),
           ("a4", "Успешно реализовано", "won", "Продажи"), ("a5", "Отказ", "lost", "Продажи"),
           ("b1", "Заявка", "open", "Сервис"), ("b2", "Успешно реализовано", "won", "Сервис"))


def test_the_largest_pipeline_by_default_and_another_on_request():
    # Продажи: 5 deals; Новая 10 < КП 60 < won. Reached: Новая 4 (a1-a4; a5 is at a lost stage),
    # КП 3 (a2, a3, a4), won 1: conversions 0.75 and 1/3.
    res = audit.run(memory_db({"deals": TWO}), lang="en")
    order = res.metrics["funnel_order"]
    assert order["pipeline"] == "Продажи" and order["basis"] == "words" and order["guess"] is True
    assert order["pipelines"] == [{"name": "Продажи", "deals": 5}, {"name": "Сервис", "deals": 2}]
    assert res.metrics["funnel"] == [{"stage": "Новая", "reached": 4, "conversion": None},
                                     {"stage": "КП", "reached": 3, "conversion": 0.75},
                                     {"stage": "Успешно реализовано", "reached": 1, "conversion": pytest.approx(1 / 3)}]
    kinds = {lim.kind for lim in res.check(1).limits}
    assert kinds == {"stage_order", "funnel_pipeline"} and kinds <= {lim.kind for lim in res.check(16).limits}
    assert res.principal["kind"] == "funnel_step" and res.principal["order_basis"] == "words"
    assert res.principal["to_stage"] == "Успешно реализовано" and "caveat" in res.principal
    # Сервис: Заявка 2 (b1, b2), won 1.
    other = audit.run(memory_db({"deals": TWO}), lang="en", pipeline="Сервис")
    assert other.metrics["funnel_order"]["pipeline"] == "Сервис"
    assert [(f["stage"], f["reached"]) for f in other.metrics["funnel"]] == [("Заявка", 2), ("Успешно реализовано", 1)]


def test_history_of_one_pipeline_orders_its_funnel():
    deals = rows("deal_id stage status pipeline", ("1", "B", "won", "P"), ("2", "A", "open", "P"),
                 ("3", "Z", "open", "Q"))
    history = rows("deal_id stage entered_at", ("1", "A", "2025-01-01"), ("1", "C", "2025-01-02"),
                   ("1", "B", "2025-01-03"))
    res = audit.run(memory_db({"deals": deals, "stage_history": history}), lang="en")
    # B is all won, so last; A then C by entry. Reached: A 2, C 1, B 1.
    assert res.metrics["funnel_order"]["basis"] == "history"
    assert [(f["stage"], f["reached"]) for f in res.metrics["funnel"]] == [("A", 2), ("C", 1), ("B", 1)]
    assert not [lim for lim in res.check(1).limits if lim.kind == "stage_order"]


def test_without_any_order_there_is_no_weakest_step_and_no_funnel_principal_problem():
    deals = rows("deal_id stage status", ("1", "Awaiting event", "open"), ("2", "Awaiting outcome", "open"),
                 ("3", "Awaiting outcome", "open"), ("4", "Closed: won", "won"))
    res = audit.run(memory_db({"deals": deals}), lang="en")
    assert res.metrics["funnel_order"]["basis"] == "none"
    # Listed by name, each with the deals that entered it, no conversions.
    assert res.metrics["funnel"] == [{"stage": "Awaiting event", "reached": 1, "conversion": None},
                                     {"stage": "Awaiting outcome", "reached": 2, "conversion": None},
                                     {"stage": "Closed: won", "reached": 1, "conversion": None}]
    weak = next(s for s in res.check(1).signals if s.key == "signal.funnel.weakest_step") \
        if any(s.key == "signal.funnel.weakest_step" for s in res.check(1).signals) else None
    assert weak is None
    assert not (res.principal and res.principal.get("kind") == "funnel_step")
    texts = [lim.text("ru") for lim in res.check(1).limits]
    assert any("Порядок этапов неизвестен" in x for x in texts)


def test_a_stages_table_of_another_pipeline_is_not_used():
    deals = rows("deal_id stage status pipeline", ("1", "New", "open", "P"), ("2", "Proposal", "open", "P"),
                 ("3", "Step", "open", "Q"))
    table = rows("stage position", ("Step", 1))
    res = audit.run(memory_db({"deals": deals, "stages": table}), lang="en", pipeline="P")
    # Step is a stage of Q only: P's table is empty, so its order comes from the words.
    assert res.metrics["funnel_order"]["basis"] == "words"


# --- the user's order in the Store, the mapping file, --map and the save file ------------------------------

def test_the_stage_order_goes_through_the_mapping_file(tmp_path):
    text = "ID,Stage\n1,Alpha\n2,Beta\n3,Gamma\n"
    s = _load(tmp_path, "deals.csv", text, mapping={"stage_order": {"": ["Gamma", "Alpha", "Beta"]},
                                                    "deals.csv": {"ID": "deal_id", "Stage": "stage"}})
    assert s.stage_order == {"": ["Gamma", "Alpha", "Beta"]}
    written = s.mapping_file()
    assert written["stage_order"] == {"": ["Gamma", "Alpha", "Beta"]}
    res = audit.run_store(s, lang="en")
    assert res.metrics["funnel_order"]["basis"] == "user"
    assert [f["stage"] for f in res.metrics["funnel"]] == ["Gamma", "Alpha", "Beta"]
    from audits.ingest.load import unmatched_map_keys
    assert unmatched_map_keys(json.loads(json.dumps(written)), s.files) == []
    s.close()


def test_a_saved_audit_keeps_the_stage_order_and_the_pipeline(tmp_path):
    from audits import savefile
    text = "ID,Stage,Pipeline\n1,Alpha,P\n2,Beta,P\n3,Gamma,Q\n"
    s = _load(tmp_path, "deals.csv", text, mapping={"deals.csv": {"ID": "deal_id", "Stage": "stage",
                                                                  "Pipeline": "pipeline"}})
    s.set_stage_order("P", ["Beta", "Alpha"])
    s.set_funnel_pipeline("Q")
    data = savefile.save(s, savefile.Session())
    opened = savefile.open_audit(data, "en")
    assert not opened.errors
    assert opened.store.stage_order == {"P": ["Beta", "Alpha"]} and opened.store.funnel_pipeline == "Q"
    assert audit.run_store(opened.store, lang="en").metrics["funnel_order"]["pipeline"] == "Q"
    opened.store.close()
    s.close()
