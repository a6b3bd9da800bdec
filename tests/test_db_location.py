"""The scale path: the data can live in a DuckDB file (or a MotherDuck `md:` database) instead of
memory, and the same SQL gives the same audit. `--db` on the command line, or env AUDIT_DB."""
from __future__ import annotations

import json

import duckdb
import pytest

from audits import audit
from audits.cli import main
from audits.demo import demo_files
from audits.store import Input, Store
from tests.test_hosted import session_files


def cli(capsys, *args) -> tuple[int, str]:
    try:
        code = main(list(args))
    except SystemExit as e:            # argparse leaves through SystemExit
        code = e.code if isinstance(e.code, int) else 2
    out = capsys.readouterr()
    return code, out.out + out.err


def test_the_demo_loaded_into_a_file_and_audited_from_it_matches_the_audit_in_memory(tmp_path, capsys,
                                                                                    demo_store):
    """`load --db` writes the demo company into a DuckDB file; `run --db` audits it from the file
    alone (the uploads' copies went with the first command's folder). results.json is the one of
    the same files loaded into memory (`demo_store`, shared by the suite; --keep-names like it)."""
    files = [str(p) for p in demo_files()]
    db = tmp_path / "company.duckdb"
    code, text = cli(capsys, "load", *files, "--db", str(db), "--json")
    assert code == 0, text
    loaded = json.loads(text)["files"]
    assert db.is_file() and len(loaded) >= len(files)
    code, text = cli(capsys, "run", "--db", str(db), "--out", str(tmp_path / "out"), "--formats", "json",
                     "--keep-names")
    assert code == 0, text
    from_file = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    in_memory = json.loads(json.dumps(audit.to_json(audit.run_store(demo_store, lang="en")), ensure_ascii=False))
    assert from_file == in_memory
    assert from_file["tables"]["calls"]["rows"] == sum(e["rows"] for e in loaded if e["table"] == "calls") > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["company.duckdb", "out"]   # its .wal folded back in


def test_audit_db_in_the_environment_is_used_when_db_is_not_given(tmp_path, capsys, monkeypatch):
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv("AUDIT_DB", str(db))
    deals, calls = session_files(4)
    for f in (deals, calls):
        (tmp_path / f.name).write_bytes(f.data)
    assert cli(capsys, "load", str(tmp_path / "deals.csv"))[0] == 0
    assert cli(capsys, "load", str(tmp_path / "calls.csv"))[0] == 0       # adds to what the file holds
    code, text = cli(capsys, "run", "--out", str(tmp_path / "out"), "--formats", "json", "--lang", "en")
    assert code == 0, text
    res = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert {t: v["rows"] for t, v in res["tables"].items()} == {"deals": 14, "calls": 12}
    assert res["tables"]["deals"]["files"] == ["deals.csv"]


def test_a_reopened_file_keeps_files_mappings_and_messages_and_takes_changes(tmp_path):
    db = tmp_path / "s.duckdb"
    first = Store(database=str(db))
    first.add(session_files(2) + [Input("deals again.csv", data=session_files(2)[0].data)])
    before = (first.files, first.tables(), first.mapping_file())
    first.close()
    again = Store(database=str(db))
    try:
        assert (again.files, again.tables(), again.mapping_file()) == before
        assert [m.key for m in again.files[2].messages] == ["reason_msg.duplicate"]
        again.remove(again.files[0].id)                # the duplicates of the removed file come back
        assert again.tables() == {"calls": 10, "deals": 12}
        again.merge_managers({"Sess02 Beta": "Sess02 Alpha"})
        assert again.sql("SELECT DISTINCT manager FROM deals")["manager"].to_list() == ["Sess02 Alpha"]
    finally:
        again.close()
    assert Store(database=str(db)).sql("SELECT count(*) AS n FROM deals")["n"].item() == 12


def test_a_file_database_outside_the_session_folder_leaves_the_session_locked_in(tmp_path):
    s = Store(database=str(tmp_path / "big.duckdb"))
    try:
        s.add(session_files(1))
        for query in ("SELECT * FROM read_csv('/etc/passwd')", f"ATTACH '{tmp_path / 'other.duckdb'}'",
                      f"COPY deals TO '{tmp_path / 'leak.csv'}'"):
            with pytest.raises(duckdb.Error):
                s.con.execute(query).fetchall()
        with pytest.raises(duckdb.Error, match="locked"):
            s.con.execute("SET enable_external_access = true")
    finally:
        s.close()
    assert (tmp_path / "big.duckdb").exists() and not (tmp_path / "leak.csv").exists()


def test_a_database_in_use_gets_a_plain_message(tmp_path, capsys):
    db = tmp_path / "busy.duckdb"
    holder = duckdb.connect(str(db), config={"threads": 3})       # another configuration holds the file
    try:
        code, text = cli(capsys, "run", "--db", str(db), "--out", str(tmp_path / "o"), "--lang", "en")
    finally:
        holder.close()
    assert code == 2
    assert text.strip() == (f"The database {db} cannot be opened. It may be in use by another audit right now, "
                            "or it is not a DuckDB file. Close the other audit, or name another file with --db.")


def test_a_database_with_someone_elses_tables_is_left_alone(tmp_path, capsys):
    db = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE deals AS SELECT 1 AS id")
    code, text = cli(capsys, "load", str(tmp_path), "--db", str(db), "--lang", "en")
    assert code == 2 and "already holds tables that this audit did not write" in text
    with duckdb.connect(str(db)) as con:
        assert con.execute("SELECT table_name FROM information_schema.tables").fetchall() == [("deals",)]


def test_motherduck_is_reached_through_duckdb_connect_and_never_autoloads(tmp_path, capsys, monkeypatch):
    """No MotherDuck extension on this machine (and none is fetched): a plain message, no download."""
    monkeypatch.setenv("HOME", str(tmp_path))          # DuckDB's extension folder lives under HOME
    code, text = cli(capsys, "load", str(tmp_path), "--db", "md:company", "--lang", "en")
    assert code == 2
    assert text.strip().startswith("The MotherDuck database md:company cannot be reached.")
    assert not (tmp_path / ".duckdb").exists()


def test_without_inputs_a_database_is_needed(capsys, monkeypatch):
    monkeypatch.delenv("AUDIT_DB", raising=False)
    code, text = cli(capsys, "run", "--out", "x")
    assert code == 2 and "INPUTs may be left out only with --db" in text
