"""A canonical database from plain rows: what tests and the check cases run the metrics on.

`memory_db({"deals": [{"deal_id": "1", "stage": "Won", ...}], ...})` creates every canonical table
(empty when not given) with the canonical types, and the staging views, exactly as a Store has them.
"""
from __future__ import annotations

import duckdb

from audits import model, staging


def memory_db(tables: dict[str, list[dict]] | None = None):
    con = duckdb.connect(":memory:")
    for table, columns in model.TABLES.items():
        cols = ", ".join(f'"{c.name}" {model.SQL_TYPES[c.type]}' for c in columns)
        con.execute(f"CREATE TABLE {table} ({cols})")
    for table, rows in (tables or {}).items():
        if table not in model.TABLES:
            raise ValueError(f"unknown table {table!r}")
        names = [c.name for c in model.TABLES[table]]
        for row in rows:
            if unknown := set(row) - set(names):
                raise ValueError(f"{table}: unknown columns {sorted(unknown)}")
        if rows:
            marks = ", ".join("?" for _ in names)
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", [[row.get(n) for n in names] for row in rows])
    con.execute("CREATE TABLE client_phones AS SELECT DISTINCT client_id, phone FROM clients WHERE phone IS NOT NULL")
    staging.create_views(con)
    return con
