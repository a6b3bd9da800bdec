"""One long-lived session that fuzzed inputs are fed to, and the checks each input must pass.

`FuzzSession` loads a baseline company (calls, clients, deals and 1C orders from real-format
fixtures) into a `Store`, remembers each baseline table's row count and content hash, then takes
mangled inputs in batches through `Store.add` and checks, for every batch:

- `add` returned (an exception escaping it fails the test);
- every refusal and every message on an added file is an `audits.ingest.errors.Message` whose key
  exists in both languages, renders in RU and EN with every placeholder filled, names the file
  for a refusal, and shows no engine text (tracebacks, DuckDB/Python error texts);
- the baseline's rows are unchanged: same count and same content hash per canonical table.
  Two things a later upload changes by design are compared in their stable form: a manager
  spelled differently only in case/spacing/ё is merged into the most frequent spelling (compared
  by `managers.simple_key`), and a call without a client is linked to a client uploaded later
  (only links to baseline clients are compared).

The store is swapped for a fresh one (and the baseline reloaded) once it holds `ROTATE_AT` pieces,
so the canonical views stay small; before that, `check_usable` proves a good file still loads.
"""
from __future__ import annotations

import re
from pathlib import Path

from audits import model
from audits.i18n import LANGS, catalogue
from audits.ingest.errors import Message
from audits.store import Input, LoadReport, Store
from tests.conftest import FIXTURES

BASELINE = ["calls_utf8.csv", "clients_quirks.csv", "deals_us.csv", "orders_1c_cp1251.csv"]
BASELINE_TABLES = {"calls": 3, "clients": 3, "deals": 3, "orders": 3}
ROTATE_AT = 60

# What only an engine or Python says; user-facing text never contains it.
ENGINE_TEXT = re.compile(
    r"Traceback|duckdb|DuckDB|Error:|Exception|calamine|fastexcel|pyarrow|polars|File \"|line \d+, in |"
    r"Binder|Catalog Error|Parser Error|Conversion Error|Invalid Input|INTERNAL|errno|\bNone\b|\{\w*\}")


class FuzzSession:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.inputs = 0            # inputs fed so far (each file or archive handed to add counts once)
        self.stores = 0
        self._open()

    # --- lifecycle ---------------------------------------------------------------------------
    def _open(self) -> None:
        self.stores += 1
        self.store = Store(workdir=self.workdir / f"s{self.stores}")
        report = self.store.add([Input(name=n, path=FIXTURES / "csv" / n) for n in BASELINE])
        assert report.errors == [] and self.store.tables() == BASELINE_TABLES
        self.baseline_ids = [f.id for f in self.store.files]
        self.snapshot = self._fingerprint()

    def close(self) -> None:
        self.store.close()

    # --- feeding -----------------------------------------------------------------------------
    def feed(self, inputs: list[tuple[str, bytes]]) -> LoadReport:
        """Hand `inputs` (name, bytes) to the store in one batch and check everything above."""
        if len(self.store.files) >= ROTATE_AT:
            self.check_usable()
            self.close()
            self._open()
        before = len(self.store.files)
        report = self.store.add([Input(name=n, data=d) for n, d in inputs])
        self.inputs += len(inputs)
        names = {n for n, _ in inputs}
        for name, msg in report.errors:
            assert any(name == n or name.startswith(n + "/") for n in names), (name, names)
            check_message(msg, must_name=name)
        for info in self.store.files[before:]:
            for msg in info.messages:
                check_message(msg)
        assert self._fingerprint() == self.snapshot, "a bad upload changed data loaded before it"
        return report

    def check_usable(self) -> None:
        """A good file still loads into this session after everything fed to it."""
        good = (FIXTURES / "csv" / "calls_utf8.csv").read_bytes()
        n = len(self.store.files)
        report = self.store.add([Input(name=f"good_{n}.csv", data=good)])
        assert report.errors == []
        info = self.store.files[-1]
        assert (info.file, info.table, info.rows, info.set_aside) == (f"good_{n}.csv", "calls", 3, 0)
        assert self._fingerprint() == self.snapshot

    # --- the baseline's content ----------------------------------------------------------------
    def _fingerprint(self) -> dict[str, tuple[int, int]]:
        """table -> (rows, content hash) of the baseline files' rows in each canonical table."""
        ids = ", ".join(f"'{i}'" for i in self.baseline_ids)
        out = {}
        for table in BASELINE_TABLES:
            exprs = []
            for col in model.columns(table):
                name = f'"{col.name}"'
                if col.name == "manager":
                    name = (f"regexp_replace(lower(replace(replace({name}, 'ё', 'е'), 'Ё', 'Е')), "
                            f"'\\s+', ' ', 'g')")
                elif table == "calls" and col.name == "client_id":
                    name = (f"CASE WHEN client_id IN (SELECT client_id FROM clients WHERE _fid IN ({ids})) "
                            f"THEN client_id END")
                exprs.append(name)
            row = self.store.con.execute(
                f"SELECT count(*), coalesce(sum(hash({', '.join(exprs)}, _row)::HUGEINT), 0) "
                f"FROM {table} WHERE _fid IN ({ids})").fetchone()
            out[table] = (row[0], int(row[1]))
        return out


def check_message(msg: object, must_name: str | None = None) -> None:
    """A message a user can read: a known key, both languages, no engine text, the file named."""
    assert isinstance(msg, Message), type(msg)
    assert msg.key != "source.internal", msg.detail
    assert msg.level in ("error", "warning", "info")
    assert all(v is not None for v in msg.params.values()), msg.params
    texts = catalogue()[msg.key]
    for lang in LANGS:
        assert texts.get(lang), (msg.key, lang)
        text = msg.text(lang)
        assert text.strip()
        found = ENGINE_TEXT.search(_without_params(text, msg, lang))
        assert found is None, (msg.key, lang, text)
        if must_name is not None:
            assert must_name in text, (must_name, text)


def _without_params(text: str, msg: Message, lang: str) -> str:
    """The message's own words: the values it quotes from the upload (file names, sample cell
    values) are cut out, since a cell may well say "Error:"."""
    for k, v in msg.params.items():
        if not k.endswith(("_key", "_columns")) and str(v):
            text = text.replace(str(v), "")
    return text
