"""From an uploaded piece to its normalised rows: read, detect, apply the mapping, convert.

The pipeline, per piece of an upload (a CSV or Parquet file, each sheet of a workbook):

    sources(piece)      -> Source per table-shaped part (CsvSource, TableSource)
    samples(source)     -> up to 200 example values per column
    detect + --map      -> the canonical table and the header -> column mapping
    wide_plan           -> months as columns become rows of (manager, month, plan)
    normalize(...)      -> norm.<id>: canonical columns, typed, with the rows set aside and why

`Loader` holds nothing but the connection and a counter for names: what was loaded (FileInfo,
Loaded) is kept by the caller, `audits.store.Store`, which builds the canonical tables from it.
"""
from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Callable, Protocol

import duckdb

from audits import model
from audits.ingest.csvread import CsvSource, ensure_utf8_file, is_encoding_error, open_csv
from audits.ingest.detect import detect, missing_required
from audits.ingest.errors import IngestError, Message
from audits.ingest.normalize import normalize
from audits.ingest.sources import Piece
from audits.ingest.wide import AMOUNT_HEADER, MONTH_HEADER, long_sql, wide_plan
from audits.sql import filled, lit, q

SAMPLE_VALUES = 200       # example values per column that detection and format decisions look at
SAMPLE_ROWS = 5000        # rows they are taken from

# Messages of a file whose dates fit both day-first and month-first somewhere: the order can be chosen.
DATE_ORDER_KEYS = ("dates.order_assumed", "dates.order_chosen", "reason_msg.date_order", "reason_msg.date_order_kept")

# Messages about how a file was read, which stay whatever table or mapping it is given later.
_READING_PREFIXES = ("csv.", "excel.", "parquet.", "plans.")


class Source(Protocol):
    """A table-shaped part of an upload, as DuckDB reads it.

    `sql` is a relation (a table name or a parenthesised query) with one column per header;
    `numbered` the same with a `_row` column (the row's number in the file); `row_expr` gives that
    number over a table created from `sql`. A source that can read its file more leniently does so
    on `advance()` (False when it has no other way left); `prepare` lets it choose column types
    once the mapping is known; `rejected` lists rows the reader itself could not take."""
    headers: list[str]

    @property
    def sql(self) -> str: ...

    @property
    def numbered(self) -> str: ...

    @property
    def row_expr(self) -> str: ...

    def prepare(self, table: str, mapping: dict[str, str], samples: dict[str, list[str]]) -> None: ...

    def advance(self) -> bool: ...

    def rejected(self, con) -> list[int]: ...


@dataclass
class TableSource:
    """A sheet already in DuckDB (with its `_row`), a Parquet file, or a query over either: read as it is."""
    sql: str
    headers: list[str]
    row_expr: str = "_row"
    messages: list[Message] = field(default_factory=list)

    @property
    def numbered(self) -> str:
        return self.sql

    def prepare(self, table: str, mapping: dict[str, str], samples: dict[str, list[str]]) -> None:
        pass

    def advance(self) -> bool:
        return False

    def rejected(self, con) -> list[int]:
        return []


@dataclass
class FileInfo:
    """One table-shaped piece of an upload (a CSV file, or one sheet of a workbook)."""
    id: str                           # stable key within the session, e.g. "f3"
    file: str                         # display name ("export.zip/calls.csv")
    sheet: str | None
    table: str | None                 # canonical table, None when not recognised
    preset: str | None                # e.g. "amoCRM", "Asterisk CDR"
    rows: int                         # rows loaded into the canonical table
    set_aside: int                    # rows set aside (missing required value, unreadable, duplicate)
    mapping: dict[str, str]           # source header -> canonical (or pseudo) column
    headers: list[str] = field(default_factory=list)
    examples: dict[str, list[str]] = field(default_factory=dict)   # header -> a few sample values
    messages: list[Message] = field(default_factory=list)
    source_rows: int = 0              # data rows read from the file
    dayfirst: bool | None = None      # the user's day/month order for dates that fit both (None: not given)

    @property
    def label(self) -> str:
        """The file's name as the user sees it, with its sheet."""
        return self.file + (f" [{self.sheet}]" if self.sheet else "")


@dataclass
class Loaded:
    """What a piece keeps between its first reading and a later remap."""
    piece: Piece | None               # None when restored from a database file (the upload is gone)
    source: Source
    norm: str                         # the relation of its normalised rows, e.g. norm.f3
    samples: dict[str, list[str]] = field(default_factory=dict)
    normalized: bool = False          # norm holds this piece's rows


class Loader:
    """Reads pieces into `norm.*` relations on `con`. `next_id` names each piece and raw sheet."""

    def __init__(self, con: duckdb.DuckDBPyConnection, next_id: Callable[[], str]):
        self.con, self.next_id = con, next_id

    def read(self, piece: Piece, mapping: dict, dayfirst: bool | None = None) -> list[tuple[FileInfo, Loaded]]:
        """Every table-shaped part of `piece`, detected, mapped (the --map entries that name it or
        its table win over detection) and normalised."""
        out = []
        for sheet, source, msgs in self.sources(piece):
            fid = self.next_id()
            state = Loaded(piece, source, f"norm.{fid}", self.samples(source, piece.name))
            overrides = overrides_for(mapping, piece.name, sheet)
            forced = overrides.pop("__table__", None) or piece.table
            det = detect(source.headers, state.samples, piece.name, forced)
            by_table = table_overrides(mapping, forced or det.table, source.headers)
            if by_table:
                table_key, entry = by_table
                if table_key != (forced or det.table):     # the entry names this file's headers: its table
                    forced = table_key
                    det = detect(source.headers, state.samples, piece.name, forced)
                overrides = {**entry, **overrides}          # a file's own entry beats its table's
            plan = None
            if forced in (None, "plans") and "month" not in det.mapping.values():
                plan = wide_plan(source.headers, state.samples)
            if plan:                       # months as columns: read it as rows of (manager, month, plan)
                source = TableSource(long_sql(source.numbered, plan), [plan.manager, MONTH_HEADER, AMOUNT_HEADER])
                state.source, state.samples = source, self.samples(source, piece.name)
                det = detect(source.headers, state.samples, piece.name, "plans")
                det.mapping.update({plan.manager: "manager", MONTH_HEADER: "month", AMOUNT_HEADER: "plan_amount"})
                forced = "plans"
                msgs = [*msgs, Message("info", "plans.wide", {"file": piece.name, "count": len(plan.months)})]
            table = forced or det.table
            combined = {h: tgt for h, tgt in det.mapping.items() if h in source.headers}
            for h, tgt in overrides.items():
                if not tgt:
                    combined.pop(h, None)
                elif h in source.headers:
                    combined[h] = tgt
            info = FileInfo(fid, piece.name, sheet, table, det.preset if table == det.table else None,
                            0, 0, {}, list(source.headers),
                            {h: list(dict.fromkeys(state.samples.get(h, [])))[:5] for h in source.headers},
                            list(msgs), dayfirst=dayfirst)
            out.append((self.normalize(state, info, table, combined, info.preset), state))
        return out

    def sources(self, piece: Piece) -> list[tuple[str | None, Source, list[Message]]]:
        """(sheet, source, messages) for each table-shaped part of a file."""
        if piece.kind == "csv":
            src = open_csv(self.con, str(piece.path), piece.name)
            msgs = list(src.messages)             # how the file was read (repaired quoting, say)
            if src.lines_recoded:
                msgs.append(Message("warning", "csv.bad_bytes", {"file": piece.name, "count": src.lines_recoded}))
            return [(None, src, msgs)]
        if piece.kind == "parquet":
            sql = f"(SELECT row_number() OVER () AS _row, * FROM read_parquet({lit(str(piece.path))}))"
            try:
                headers = [r[0] for r in self.con.execute(f"DESCRIBE SELECT * FROM {sql}").fetchall()][1:]
            except duckdb.Error as e:
                raise IngestError("parquet.unreadable", detail=str(e), file=piece.name) from None
            return [(None, TableSource(sql, headers), [])]
        from audits.ingest.excel import read_workbook      # here: pyarrow only when a workbook is read
        out = []
        for sheet in read_workbook(piece.path, piece.name):
            rel = f"raw.{self.next_id()}"
            cur = self.con.cursor()          # registering needs a connection with no pending result
            try:
                cur.register("_arrow_in", sheet.table)
                cur.execute(f"CREATE TABLE {rel} AS SELECT * FROM _arrow_in")
            finally:
                cur.close()
            headers = [c for c in sheet.table.column_names if c != "_row"]
            out.append((sheet.sheet, TableSource(rel, headers), []))
        return out

    def samples(self, source: Source, display: str, n: int = SAMPLE_VALUES) -> dict[str, list[str]]:
        """Up to n non-empty example values per column; `display` names the file in a message."""
        headers = source.headers
        if not headers:
            return {}
        cols = ", ".join(f"CAST({q(h)} AS VARCHAR)" for h in headers)
        while True:
            try:
                rows = self.con.execute(f"SELECT {cols} FROM (SELECT * FROM {source.sql} LIMIT {SAMPLE_ROWS})").fetchall()
                break
            except duckdb.Error as e:
                if not source.advance():
                    raise IngestError("csv.unreadable", detail=str(e), file=display) from None
        return {h: list(islice((v for r in rows if filled(v := r[i])), n)) for i, h in enumerate(headers)}

    def normalize(self, state: Loaded, info: FileInfo, table: str | None, mapping: dict[str, str],
                  preset: str | None) -> FileInfo:
        """(Re)build the piece's normalised rows as `table` with `mapping`; the FileInfo that says so."""
        self.drop(state)
        base_msgs = [m for m in info.messages if m.key.startswith(_READING_PREFIXES)]
        if table is None:
            msg = Message("warning", "detect.unknown_table", {"file": info.file})
            return replace(info, table=None, preset=None, mapping={}, rows=0, set_aside=0,
                           messages=base_msgs + [msg])
        refused = _refusal(info.file, table, mapping)
        if refused:
            return replace(info, table=table, preset=preset, mapping=mapping, rows=0, set_aside=0,
                           messages=base_msgs + [refused])
        result = self._convert(state, info, table, mapping)
        state.normalized = True
        msgs = (base_msgs + [replace(m, params={"file": info.file, **m.params}) for m in result.notes]
                + [problem_message(info.file, p) for p in result.problems])
        # A repair may also happen while converting (a strict reading failed): say so once.
        msgs += [m for m in getattr(state.source, "messages", []) if m not in msgs]
        rejected = state.source.rejected(self.con)
        if rejected and not any(m.key in ("csv.rejected_lines", "csv.quotes_repaired_lost") for m in msgs):
            msgs.append(Message("warning", "csv.rejected_lines", {
                "file": info.file, "count": len(rejected), "rows": ", ".join(map(str, rejected[:5]))}))
        return replace(info, table=table, preset=preset, mapping=mapping, rows=result.rows,
                       set_aside=result.set_aside, messages=msgs, source_rows=result.rows + result.set_aside)

    def drop(self, state: Loaded) -> None:
        """Forget the piece's normalised rows and the rows it set aside."""
        self.con.execute(f"DROP TABLE IF EXISTS {state.norm}")
        self.con.execute("DELETE FROM _rejects WHERE relation = ?", [state.norm])
        state.normalized = False

    def _convert(self, state: Loaded, info: FileInfo, table: str, mapping: dict[str, str]):
        """Run the normaliser, reading the file more leniently (or transcoding it) when it must."""
        errors: list[str] = []
        transcoded = False
        state.source.prepare(table, mapping, state.samples)
        while True:
            src = state.source
            try:
                return normalize(self.con, source=src.sql, row_expr=src.row_expr,
                                 out_relation=state.norm, table=table, mapping=mapping, samples=state.samples,
                                 dayfirst=info.dayfirst)
            except duckdb.Error as e:
                errors.append(str(e))
                if isinstance(src, CsvSource) and not transcoded and is_encoding_error(e):
                    src.encoding, src.lines_recoded = ensure_utf8_file(src.path)
                    transcoded = True
                    continue
                if not src.advance():
                    raise IngestError("csv.unreadable", detail="\n".join(errors), file=info.file) from None


def _refusal(file: str, table: str, mapping: dict[str, str]) -> Message | None:
    """Why a piece mapped onto `table` cannot load at all, or None."""
    counted = next((h for h, tgt in mapping.items() if tgt == "count"), None)
    if table == "calls" and counted:
        # Rows that total many calls (per operator per day) are not calls: counting them as calls
        # would make every call metric wrong. Say so and load nothing.
        return Message("error", "detect.aggregate_rows", {"file": file, "header": counted})
    missing = missing_required(table, mapping)
    if missing:
        return Message("error", "detect.missing_required", {
            "file": file, "table_key": f"table.{table}",
            "columns_columns": list(missing), "found_pairs": [[h, c] for h, c in mapping.items()],
            "example": json.dumps({table: {"…": missing[0]}}, ensure_ascii=False)})
    return None


def problem_message(file: str, p) -> Message:
    """The message for one kind of problem the normaliser met in a column (audits.ingest.normalize)."""
    params = {"file": file, "count": p.rows, "rows": ", ".join(map(str, p.first_rows))}
    if p.reason == "total_line":
        return Message("info", "reason_msg.total_line", params)
    params.update({"column_key": f"column.{p.column}", "header": p.header or p.column,
                   "examples": ", ".join(p.examples)})
    return Message("warning", f"reason_msg.{p.reason}" + ("" if p.set_aside else "_kept"), params)


# --- the --map file ------------------------------------------------------------------------------

# Keys of a --map file that are not about files: merged spellings of names, the user's order of the
# funnel stages per pipeline, the pipeline the funnel is about.
NOT_FILE_KEYS = ("manager_aliases", "stage_order", "funnel_pipeline")


def overrides_for(mapping: dict, file_name: str, sheet: str | None) -> dict:
    """Entries of a --map file that apply to this file: by file name, by glob, then by sheet."""
    out: dict = {}
    for key, value in mapping.items():
        if isinstance(value, dict) and names_file(key, file_name, sheet):
            out.update(value)
    return out


def names_file(key: str, file_name: str, sheet: str | None) -> bool:
    """Does a --map key (a file name, a glob, `file#sheet`) name this file? Table names never do."""
    if key in model.TABLE_NAMES or key in NOT_FILE_KEYS:
        return False
    name, _, want_sheet = key.partition("#")
    if want_sheet and want_sheet != sheet:
        return False
    base = file_name.rsplit("/", 1)[-1]
    return name in (file_name, base) or fnmatch.fnmatch(base, name) or fnmatch.fnmatch(file_name, name)


def table_overrides(mapping: dict, table: str | None, headers: list[str]) -> tuple[str, dict] | None:
    """The --map entry keyed by a table name that applies to a file: the entry of the table the file
    was detected (or forced) as; for a file no table explained, the one entry whose every source
    header the file has (`{"calls": {"Дата": "started_at"}}` then makes it a call log)."""
    entries = {k: v for k, v in mapping.items() if k in model.TABLE_NAMES and isinstance(v, dict)}
    if table in entries:
        return table, dict(entries[table])
    if table is None:
        present = set(headers)
        fits = [(k, v) for k, v in entries.items() if v and set(v) - {"__table__"} <= present]
        if len(fits) == 1:
            return fits[0][0], dict(fits[0][1])
    return None


def unmatched_map_keys(mapping: dict, files: list[FileInfo]) -> list[str]:
    """Keys of a --map file that name no loaded file, sheet, glob or table: most likely a typo."""
    out = []
    for key, value in mapping.items():
        if key in NOT_FILE_KEYS or not isinstance(value, dict):
            continue
        if key in model.TABLE_NAMES:
            if not any(f.table == key for f in files):
                out.append(key)
        elif not any(names_file(key, f.file, f.sheet) for f in files):
            out.append(key)
    return out
