"""One session's data: a private DuckDB, the uploaded files, their mapping and the canonical tables.

A `Store` is created per user session (never shared). Files are added in batches; each file or
sheet becomes a `FileInfo` with its detected table, preset, mapping and messages. A file that fails
leaves everything loaded before it untouched. The canonical tables (audits.model.TABLES) are
rebuilt from the per-file normalised pieces after each change.
"""
from __future__ import annotations

import fnmatch
import json
import logging
import shutil
import tempfile
import weakref
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable

import duckdb
import polars as pl

from audits import hosted, managers, model, phones, staging
from audits.logs import failure
from audits.i18n import t
from audits.ingest.csvread import CsvSource, ensure_utf8_file, is_encoding_error, open_csv
from audits.ingest.detect import detect, missing_required
from audits.ingest.errors import IngestError, Message
from audits.ingest.excel import read_workbook
from audits.ingest.normalize import normalize
from audits.ingest.sources import Piece, Sources, Upload
from audits.ingest.wide import AMOUNT_HEADER, MONTH_HEADER, long_sql, wide_plan

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]   # (fraction 0..1, file name being processed)


@dataclass
class Input:
    """An upload: a name and either its bytes or a path (file, folder or .zip)."""
    name: str
    data: bytes | None = None
    path: Path | None = None
    table: str | None = None          # forced canonical table (`deals=export.xlsx` on the CLI)


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


@dataclass
class LoadReport:
    files: list[FileInfo]             # the pieces added by this call
    errors: list[tuple[str, Message]] # (file name, message) for files that could not be read at all


@dataclass
class Coverage:
    table: str
    rows: int
    files: list[str]
    date_from: str | None             # ISO date of the earliest timestamp in the table's main ts column
    date_to: str | None
    managers: int | None              # distinct managers, when the table has a manager column


@dataclass
class MergeSuggestion:
    names: list[str]                  # spellings that look like one person ("Петров И.", "Иван Петров")
    canonical: str                    # the proposed single name
    reason: str                       # i18n key of the reason


class Store:
    """A session's private data. Not thread-safe; one per session.

      Store(workdir=None, memory_limit="512MB", threads=1, database=None,
            max_upload_bytes=None, max_session_bytes=None)
      .add(inputs, mapping=None, progress=None, dayfirst=None) -> LoadReport
      .files -> list[FileInfo]                      all pieces loaded so far, in upload order
      .remap(file_id, table, mapping) -> FileInfo
      .set_dayfirst(file_id, dayfirst) -> FileInfo  read the file's ambiguous dates in this order again
      .date_order_files() -> list[FileInfo]         files whose dates fit both orders somewhere
      .remove(file_id)
      .coverage() -> list[Coverage]                 one per canonical table with rows
      .set_aside_rows(file_id=None) -> polars.DataFrame   file, row, column, value, reason, reason_key
      .manager_suggestions() -> list[MergeSuggestion]
      .merge_managers({spelling: canonical})
      .mapping_file() -> dict                        the current mappings in the --map JSON format
      .uploads() -> list[Upload]                     the files as handed over (name, copy, forced table)
      .sql(query, params=None) -> polars.DataFrame   read-only queries on canonical tables
      .uploaded_bytes() -> int                       bytes of every file handed to add() so far
      .close()

    `database`: None = a private in-memory DuckDB; SESSION_FILE = a DuckDB file inside the session's
    folder (removed with it); a path = a DuckDB file that outlives the Store (a later Store on the
    same path finds what was loaded and audits it); "md:NAME" = a MotherDuck database. Whatever the
    location, the connection can read nothing outside the session's folder and its configuration is
    locked before any data goes in.
    `max_upload_bytes` / `max_session_bytes`: limits on one input and on all inputs of the session;
    an input past either is refused with a message naming it, its size and the limit.
    """

    def __init__(self, workdir: Path | None = None, memory_limit: str | None = "512MB", threads: int = 1,
                 database: str | None = None, max_upload_bytes: int | None = None,
                 max_session_bytes: int | None = None):
        self._own_dir = workdir is None
        self.workdir = Path(tempfile.mkdtemp(prefix="audit-")) if workdir is None else Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "tmp").mkdir(exist_ok=True)
        self.max_upload_bytes, self.max_session_bytes = max_upload_bytes, max_session_bytes
        self.database = _database_path(database, self.workdir)
        self.con = _connect(self.database, self.workdir, memory_limit, threads)
        self._finalizer = weakref.finalize(self, _cleanup, self.con, self.workdir if self._own_dir else None)
        saved = self._saved() if self.database != ":memory:" else None
        self.con.execute("CREATE SCHEMA IF NOT EXISTS raw; CREATE SCHEMA IF NOT EXISTS norm")
        self.con.execute("CREATE TABLE IF NOT EXISTS _rejects (relation VARCHAR, row BIGINT, \"column\" VARCHAR, "
                         "value VARCHAR, reason VARCHAR)")
        phones.install(self.con)
        self.sources = Sources(self.workdir / "uploads")
        self._files: list[FileInfo] = []
        self._pieces: dict[str, _PieceState] = {}
        self._n = 0
        self.manager_aliases: dict[str, str] = {}
        self.version = 0          # bumped whenever the canonical tables change (audit caches key on it)
        if saved:
            self._restore(saved)  # a database file written by an earlier Store: its pieces come back
        self._rebuild()           # the canonical tables exist (empty) from the start

    # --- public API ---------------------------------------------------------------------------
    @property
    def files(self) -> list[FileInfo]:
        return list(self._files)

    def add(self, inputs: list[Input], mapping: dict | None = None, progress: Progress | None = None,
            dayfirst: bool | None = None) -> LoadReport:
        """Load files. `dayfirst`: how to read `a/b/y` dates where no value of the column tells day
        from month (True: day first, False: month first, None: as the file's conventions suggest, with
        a warning); kept per file, so that a remap reads them the same way."""
        mapping = mapping or {}
        self.manager_aliases.update(mapping.get("manager_aliases", {}) or {})
        say = progress or (lambda f, n: None)
        say(0.0, "")
        expanded: list[tuple[str, object]] = []
        errors: list[tuple[str, Message]] = []
        for inp in inputs:
            refused = self._over_limit(inp)
            if refused:
                errors.append((inp.name, refused))
            elif inp.data is not None:
                expanded.extend(self.sources.from_bytes(inp.name, inp.data, inp.table))
            else:
                expanded.extend(self.sources.from_path(inp.name, Path(inp.path), inp.table))
        added: list[FileInfo] = []
        weights = [max(p.path.stat().st_size, 1) if isinstance(p, Piece) else 1 for _, p in expanded]
        total, done = sum(weights) or 1, 0
        for (name, piece), w in zip(expanded, weights):
            say(0.9 * done / total, name)
            if isinstance(piece, IngestError):
                errors.append((name, piece.message))
            else:
                try:
                    added.extend(self._load_piece(piece, mapping, dayfirst))
                except IngestError as e:
                    log.info("file refused: %s", e.message.key)
                    errors.append((name, e.message))
                except Exception as e:     # never a traceback for the user, nor data in the log
                    failure(log, "loading a file", e)
                    errors.append((name, Message("error", "source.internal", {"file": name}, repr(e))))
            done += w
        say(0.92, "")
        self._rebuild()
        say(1.0, "")
        return LoadReport(added, errors)

    def remap(self, file_id: str, table: str | None, mapping: dict[str, str]) -> FileInfo:
        state = self._pieces[file_id]
        info = self._info(file_id)
        clean = {h: t for h, t in mapping.items() if t and h in info.headers and table and t in model.targets(table)}
        new = self._normalize(state, info, table, clean, preset=info.preset if table == info.table else None)
        self._replace_info(new)
        self._rebuild()
        return self._info(file_id)

    def set_dayfirst(self, file_id: str, dayfirst: bool | None) -> FileInfo:
        """Read the file again with this order for its dates that fit both day-first and month-first."""
        state = self._pieces[file_id]
        info = replace(self._info(file_id), dayfirst=dayfirst)
        if info.table is not None and state.piece is not None:
            info = self._normalize(state, info, info.table, dict(info.mapping), info.preset)
        self._replace_info(info)
        self._rebuild()
        return self._info(file_id)

    def date_order_files(self) -> list[FileInfo]:
        """Files with a text date column whose values (some or all) read as well day-first as month-first."""
        return [f for f in self._files if any(m.key in DATE_ORDER_KEYS for m in f.messages)]

    def remove(self, file_id: str) -> None:
        state = self._pieces.pop(file_id)
        if isinstance(state.source, TableSource) and state.source.sql.startswith("raw."):
            self.con.execute(f"DROP TABLE IF EXISTS {state.source.sql}")
        self.con.execute(f"DROP TABLE IF EXISTS {state.norm}")
        self.con.execute("DELETE FROM _rejects WHERE relation = ?", [state.norm])
        self._files = [f for f in self._files if f.id != file_id]
        self._rebuild()

    def tables(self) -> dict[str, int]:
        """Canonical tables that hold rows, with their row counts."""
        out = {}
        for t in model.TABLE_NAMES:
            if self._parts(t):
                out[t] = self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        return {t: n for t, n in out.items() if n}

    def coverage(self) -> list[Coverage]:
        out = []
        for table, rows in self.tables().items():
            ts = MAIN_TS.get(table)
            lo = hi = None
            if ts:
                lo, hi = self.con.execute(f"SELECT min({ts})::DATE::VARCHAR, max({ts})::DATE::VARCHAR "
                                          f"FROM {table}").fetchone()
            managers = None
            if "manager" in [c.name for c in model.columns(table)]:
                managers = self.con.execute(f"SELECT count(DISTINCT manager) FROM {table}").fetchone()[0]
            files = [f.file + (f" [{f.sheet}]" if f.sheet else "") for f in self._files if f.table == table]
            out.append(Coverage(table, rows, files, lo, hi, managers))
        return out

    def set_aside_rows(self, file_id: str | None = None, lang: str = "en") -> pl.DataFrame:
        where, params = "", []
        if file_id is not None:
            where, params = "WHERE r.relation = ?", [self._pieces[file_id].norm]
        df = self._read(f"SELECT relation, row, \"column\", value, reason FROM _rejects r {where} "
                        f"ORDER BY relation, row", params)
        by_norm = {s.norm: self._info(fid) for fid, s in self._pieces.items()}
        names = {rel: (i.file + (f" [{i.sheet}]" if i.sheet else "")) for rel, i in by_norm.items()}
        return df.with_columns(
            pl.col("relation").replace_strict(names, default="").alias("file"),
            pl.col("reason").alias("reason_key"),
            pl.col("reason").map_elements(lambda r: t(f"reason.{r}", lang), return_dtype=pl.String).alias("reason"),
        ).select("file", "row", "column", "value", "reason", "reason_key")

    def manager_suggestions(self) -> list[MergeSuggestion]:
        names = list(self._manager_counts())
        preferred = set()
        if self._parts("managers"):
            preferred = {r[0] for r in self.con.execute("SELECT manager FROM managers").fetchall()}
        return [MergeSuggestion(s.names, s.canonical, "managers.same_person")
                for s in managers.suggestions(names, preferred)]

    def merge_managers(self, merges: dict[str, str]) -> None:
        self.manager_aliases.update({k: v for k, v in merges.items() if k != v})
        self._rebuild()

    def mapping_file(self) -> dict:
        out: dict = {}
        for f in self._files:
            key = f.file if not f.sheet else f"{f.file}#{f.sheet}"
            out[key] = {"__table__": f.table, **f.mapping}
        if self.manager_aliases:
            out["manager_aliases"] = dict(self.manager_aliases)
        return out

    def uploads(self) -> list[Upload]:
        """Every file handed to add(), in order, as it was given (an archive before unpacking; each
        file of a folder): its name, the path of its copy in this session's folder, a forced table.
        Adding them again, in this order, to a new Store reads the same pieces."""
        return list(self.sources.uploads)

    def uploaded_bytes(self) -> int:
        return sum(u.path.stat().st_size for u in self.sources.uploads if u.path.exists())

    def _over_limit(self, inp: Input) -> Message | None:
        """The message refusing `inp` when it is past the size of one file or of the whole session."""
        if inp.data is not None:
            size = len(inp.data)
        elif inp.path is not None and Path(inp.path).is_file():
            size = Path(inp.path).stat().st_size
        else:
            return None
        if self.max_upload_bytes is not None and size > self.max_upload_bytes:
            return Message("error", "hosted.file_too_big", {
                "file": inp.name, "size": hosted.size_mb(size), "limit": hosted.size_mb(self.max_upload_bytes)})
        held = self.uploaded_bytes()
        if self.max_session_bytes is not None and held + size > self.max_session_bytes:
            return Message("error", "hosted.session_full", {
                "file": inp.name, "size": hosted.size_mb(size), "held": hosted.size_mb(held),
                "limit": hosted.size_mb(self.max_session_bytes)})
        return None

    def sql(self, query: str, params: dict | list | None = None) -> pl.DataFrame:
        return self._read(query, params)

    def _read(self, query: str, params=None) -> pl.DataFrame:
        """A query's rows as a DataFrame, on a fresh cursor: the main connection may hold a result
        that was read with fetchone(), which DuckDB 2.0 counts as unfinished."""
        cur = self.con.cursor()
        try:
            return cur.sql(query, params=params or None).pl()
        finally:
            cur.close()

    def close(self) -> None:
        self._finalizer()

    # --- loading one piece ------------------------------------------------------------------------
    def _next_id(self) -> str:
        self._n += 1
        return f"f{self._n}"

    def _sources(self, piece: Piece) -> list[tuple[str | None, object, list[Message]]]:
        """(sheet, source, messages) for each table-shaped part of a file."""
        if piece.kind == "csv":
            src = open_csv(self.con, str(piece.path), piece.name)
            msgs = list(src.messages)             # how the file was read (repaired quoting, say)
            if src.lines_recoded:
                msgs.append(Message("warning", "csv.bad_bytes", {"file": piece.name, "count": src.lines_recoded}))
            return [(None, src, msgs)]
        if piece.kind == "parquet":
            sql = f"(SELECT row_number() OVER () AS _row, * FROM read_parquet({_lit(str(piece.path))}))"
            try:
                headers = [r[0] for r in self.con.execute(f"DESCRIBE SELECT * FROM {sql}").fetchall()][1:]
            except duckdb.Error as e:
                raise IngestError("parquet.unreadable", detail=str(e), file=piece.name) from None
            return [(None, TableSource(sql, headers), [])]
        out = []
        for sheet in read_workbook(piece.path, piece.name):
            rel = f"raw.{self._next_id()}"
            cur = self.con.cursor()          # registering needs a connection with no pending result
            try:
                cur.register("_arrow_in", sheet.table)
                cur.execute(f"CREATE TABLE {rel} AS SELECT * FROM _arrow_in")
            finally:
                cur.close()
            headers = [c for c in sheet.table.column_names if c != "_row"]
            out.append((sheet.sheet, TableSource(rel, headers), []))
        return out

    def _load_piece(self, piece: Piece, mapping: dict, dayfirst: bool | None = None) -> list[FileInfo]:
        infos = []
        for sheet, source, msgs in self._sources(piece):
            fid = self._next_id()
            state = _PieceState(piece, source, f"norm.{fid}")
            state.samples = self._samples(source, piece.name)
            self._pieces[fid] = state
            overrides = _overrides_for(mapping, piece.name, sheet)
            forced = overrides.pop("__table__", None) or piece.table
            det = detect(source.headers, state.samples, piece.name, forced)
            by_table = _table_overrides(mapping, forced or det.table, source.headers)
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
                state.source, state.samples = source, self._samples(source, piece.name)
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
            info = self._normalize(state, info, table, combined, info.preset)
            self._files.append(info)
            infos.append(info)
        return infos

    def _normalize(self, state: "_PieceState", info: FileInfo, table: str | None, mapping: dict[str, str],
                   preset: str | None) -> FileInfo:
        self.con.execute(f"DROP TABLE IF EXISTS {state.norm}")
        self.con.execute("DELETE FROM _rejects WHERE relation = ?", [state.norm])
        state.normalized = False
        base_msgs = [m for m in info.messages if m.key.startswith(("csv.", "excel.", "parquet.", "plans."))]
        if table is None:
            msg = Message("warning", "detect.unknown_table", {"file": info.file})
            return replace(info, table=None, preset=None, mapping={}, rows=0, set_aside=0,
                           messages=base_msgs + [msg])
        counted = next((h for h, tgt in mapping.items() if tgt == "count"), None)
        if table == "calls" and counted:
            # Rows that total many calls (per operator per day) are not calls: counting them as calls
            # would make every call metric wrong. Say so and load nothing.
            msg = Message("error", "detect.aggregate_rows", {"file": info.file, "header": counted})
            return replace(info, table=table, preset=preset, mapping=mapping, rows=0, set_aside=0,
                           messages=base_msgs + [msg])
        missing = missing_required(table, mapping)
        if missing:
            msg = Message("error", "detect.missing_required", {
                "file": info.file, "table_key": f"table.{table}",
                "columns_columns": list(missing), "found_pairs": [[h, c] for h, c in mapping.items()],
                "example": json.dumps({table: {"…": missing[0]}}, ensure_ascii=False)})
            return replace(info, table=table, preset=preset, mapping=mapping, rows=0, set_aside=0,
                           messages=base_msgs + [msg])
        result = self._convert(state, info, table, mapping)
        state.normalized = True
        msgs = (base_msgs + [replace(m, params={"file": info.file, **m.params}) for m in result.notes]
                + [_problem_message(info.file, p) for p in result.problems])
        # A repair may also happen while converting (a strict reading failed): say so once.
        msgs += [m for m in getattr(state.source, "messages", []) if m not in msgs]
        rejected = state.source.rejected(self.con)
        if rejected and not any(m.key in ("csv.rejected_lines", "csv.quotes_repaired_lost") for m in msgs):
            msgs.append(Message("warning", "csv.rejected_lines", {
                "file": info.file, "count": len(rejected), "rows": ", ".join(map(str, rejected[:5]))}))
        return replace(info, table=table, preset=preset, mapping=mapping, rows=result.rows,
                       set_aside=result.set_aside, messages=msgs, source_rows=result.rows + result.set_aside)

    def _convert(self, state: "_PieceState", info: FileInfo, table: str, mapping: dict[str, str]):
        """Run the normaliser, reading the file more leniently (or transcoding it) when it must."""
        errors: list[str] = []
        transcoded = False
        state.source.prepare(table, mapping, state.samples)
        while True:
            try:
                src = state.source
                return normalize(self.con, source=src.sql, numbered=src.numbered, row_expr=src.row_expr,
                                 out_relation=state.norm, table=table, mapping=mapping, samples=state.samples,
                                 dayfirst=info.dayfirst)
            except duckdb.Error as e:
                errors.append(str(e))
                src = state.source
                if isinstance(src, CsvSource) and not transcoded and is_encoding_error(e):
                    src.encoding, src.lines_recoded = ensure_utf8_file(src.path)
                    transcoded = True
                    continue
                if not src.advance():
                    raise IngestError("csv.unreadable", detail="\n".join(errors), file=info.file) from None

    def _samples(self, source, display: str, n: int = 200) -> dict[str, list[str]]:
        """Up to n non-empty example values per column; `display` names the file in a message."""
        headers = source.headers
        cols = ", ".join(f"list(CAST({_q(h)} AS VARCHAR)) FILTER (WHERE nullif(trim(CAST({_q(h)} AS VARCHAR)), '') "
                         f"IS NOT NULL)[1:{n}]" for h in headers)
        if not cols:
            return {}
        while True:
            try:
                row = self.con.execute(f"SELECT {cols} FROM (SELECT * FROM {source.sql} LIMIT 5000)").fetchone()
                break
            except duckdb.Error as e:
                if not source.advance():
                    raise IngestError("csv.unreadable", detail=str(e), file=display) from None
        return {h: [str(v) for v in (vals or [])] for h, vals in zip(headers, row)}

    def _info(self, file_id: str) -> FileInfo:
        return next(f for f in self._files if f.id == file_id)

    def _replace_info(self, new: FileInfo) -> None:
        self._files = [new if f.id == new.id else f for f in self._files]

    # --- canonical tables -------------------------------------------------------------------------
    def _parts(self, table: str) -> list[str]:
        """File ids whose normalised rows belong to `table`, in upload order."""
        return [f.id for f in self._files if f.table == table and self._pieces[f.id].normalized]

    def _rebuild(self) -> None:
        """Canonical tables are views over the normalised pieces; then link and reconcile."""
        self.con.execute("DELETE FROM _rejects WHERE reason = 'duplicate'")
        for table in model.TABLE_NAMES:
            cols = ", ".join(_q(c.name) for c in model.columns(table))
            parts = self._parts(table)
            self.con.execute(f"DROP VIEW IF EXISTS {table}")
            if parts:
                body = " UNION ALL ".join(
                    f"SELECT {cols}, '{fid}' AS _fid, {self._pieces[fid].source.row_expr} AS _row "
                    f"FROM norm.{fid} WHERE NOT _dup AND NOT _aside" for fid in parts)
            else:
                body = "SELECT " + ", ".join(f"CAST(NULL AS {model.SQL_TYPES[c.type]}) AS {_q(c.name)}"
                                             for c in model.columns(table)) + ", NULL::VARCHAR AS _fid, " \
                                                                              "NULL::BIGINT AS _row WHERE false"
            self.con.execute(f"CREATE VIEW {table} AS {body}")
            key = model.UNIQUE_KEYS.get(table)
            if key and parts:
                self._set_aside_duplicates(table, key, parts)
        self._link()
        self._refresh_counts()
        staging.create_views(self.con)
        self.version += 1
        if self.database != ":memory:":
            self._save()

    # --- a database that outlives the Store ----------------------------------------------------------
    def _save(self) -> None:
        """What the Python side knows (pieces, mappings, messages, aliases) into the database itself,
        so that a later Store on the same file can audit it without the original files."""
        meta = {"n": self._n, "manager_aliases": self.manager_aliases,
                "files": [asdict(f) for f in self._files],
                "pieces": {fid: {"norm": p.norm, "normalized": p.normalized, "row_expr": p.source.row_expr,
                                 "sql": p.source.sql if isinstance(p.source, TableSource) else "",
                                 "headers": list(p.source.headers)}
                           for fid, p in self._pieces.items()}}
        self.con.execute("CREATE OR REPLACE TABLE _store (meta VARCHAR)")
        self.con.execute("INSERT INTO _store VALUES (?)", [json.dumps(meta, ensure_ascii=False)])

    def _saved(self) -> dict | None:
        """What an earlier Store saved in this database; None for a new one. A database holding
        tables of its own is refused before anything is written to it."""
        found = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables "
                                                "WHERE table_catalog = current_database()").fetchall()}
        if "_store" in found:
            return json.loads(self.con.execute("SELECT meta FROM _store").fetchone()[0])
        if found:
            raise DatabaseError("hosted.db_foreign", database=self.database)
        return None

    def _restore(self, meta: dict) -> None:
        self._n, self.manager_aliases = meta["n"], meta["manager_aliases"]
        self._files = [FileInfo(**{**f, "messages": [Message(**m) for m in f["messages"]]}) for f in meta["files"]]
        # The uploads themselves stayed in the folder of the Store that read them: a restored piece
        # keeps its normalised rows (enough to audit, remove or merge names), not its source file.
        for fid, p in meta["pieces"].items():
            source = TableSource(p["sql"], p["headers"], p["row_expr"])
            self._pieces[fid] = _PieceState(None, source, p["norm"], normalized=p["normalized"])

    def _set_aside_duplicates(self, table: str, key: str, parts: list[str]) -> None:
        """Rows repeating an id seen earlier (in upload order, then row order) are flagged, not deleted:
        removing the earlier file brings them back."""
        for fid in parts:
            self.con.execute(f"UPDATE norm.{fid} SET _dup = false WHERE _dup")
        rank = " ".join(f"WHEN '{fid}' THEN {i}" for i, fid in enumerate(parts))
        dups = self.con.execute(
            f"SELECT _fid, _row, CAST({_q(key)} AS VARCHAR) FROM (SELECT _fid, _row, {_q(key)}, row_number() OVER "
            f"(PARTITION BY {_q(key)} ORDER BY CASE _fid {rank} END, _row) AS n FROM {table} "
            f"WHERE {_q(key)} IS NOT NULL) WHERE n > 1").fetchall()
        if not dups:
            return
        self.con.executemany("INSERT INTO _rejects VALUES (?, ?, ?, ?, 'duplicate')",
                             [(f"norm.{fid}", row, key, value) for fid, row, value in dups])
        for fid in {d[0] for d in dups}:
            row = self._pieces[fid].source.row_expr
            self.con.execute(f"UPDATE norm.{fid} SET _dup = true WHERE NOT _aside AND {row} IN "
                             f"(SELECT row FROM _rejects WHERE relation = ? AND reason = 'duplicate')", [f"norm.{fid}"])

    def _client_phones(self) -> None:
        """One row per (client, phone): a client's cell may hold several numbers."""
        self.con.execute("""
            CREATE OR REPLACE TABLE client_phones AS
            SELECT DISTINCT client_id, trim(p) AS phone FROM (
                SELECT client_id, unnest(regexp_split_to_array(phone, '[,;/]| и ')) AS p FROM clients
                WHERE phone IS NOT NULL) WHERE trim(p) <> ''""")
        phones.normalize_column(self.con, "client_phones", "phone")
        self.con.execute("DELETE FROM client_phones WHERE phone IS NULL")

    def _link(self) -> None:
        """Phones to one form, calls to clients, extensions and spellings of managers to one name."""
        self._client_phones()
        for fid in self._parts("calls"):
            phones.normalize_column(self.con, f"norm.{fid}", "phone")
            self.con.execute(f"""
                UPDATE norm.{fid} AS c SET client_id = p.client_id
                FROM (SELECT phone, min(client_id) AS client_id FROM client_phones GROUP BY phone) p
                WHERE c.phone = p.phone AND c.client_id IS NULL""")
            if self._parts("managers"):
                self.con.execute(f"""
                    UPDATE norm.{fid} AS c SET manager = m.manager FROM managers m
                    WHERE m.extension IS NOT NULL AND c.manager = m.extension""")
        aliases = managers.exact_aliases(self._manager_counts())
        aliases.update(self.manager_aliases)
        if not aliases:
            return
        self.con.execute("CREATE OR REPLACE TEMP TABLE _aliases (spelling VARCHAR, canonical VARCHAR)")
        self.con.executemany("INSERT INTO _aliases VALUES (?, ?)", list(aliases.items()))
        for table in _WITH_MANAGER:
            for fid in self._parts(table):
                self.con.execute(f"UPDATE norm.{fid} AS t SET manager = a.canonical FROM _aliases a "
                                 f"WHERE t.manager = a.spelling")
        self.con.execute("DROP TABLE _aliases")

    def _manager_counts(self) -> dict[str, int]:
        parts = [f"SELECT manager, count(*) AS n FROM {t} WHERE manager IS NOT NULL GROUP BY manager"
                 for t in _WITH_MANAGER if self._parts(t)]
        if not parts:
            return {}
        return managers.count_spellings(self.con.execute(" UNION ALL ".join(parts)).fetchall())

    def _refresh_counts(self) -> None:
        counts = {}
        for table in {f.table for f in self._files if f.table}:
            counts.update(dict(self.con.execute(f"SELECT _fid, count(*) FROM {table} GROUP BY _fid").fetchall()))
        aside = dict(self.con.execute("SELECT relation, count(*) FROM _rejects GROUP BY relation").fetchall())
        dups = {rel: (n, rows) for rel, n, rows in self.con.execute(
            "SELECT relation, count(*), list(row ORDER BY row)[1:5] FROM _rejects WHERE reason = 'duplicate' "
            "GROUP BY relation").fetchall()}
        new = []
        for f in self._files:
            msgs = [m for m in f.messages if m.key != "reason_msg.duplicate"]
            if f"norm.{f.id}" in dups:
                n, rows = dups[f"norm.{f.id}"]
                msgs.append(Message("warning", "reason_msg.duplicate", {
                    "file": f.file, "count": n, "rows": ", ".join(map(str, rows))}))
            new.append(replace(f, rows=counts.get(f.id, 0), set_aside=aside.get(f"norm.{f.id}", 0), messages=msgs))
        self._files = new


_WITH_MANAGER = [t for t in model.TABLE_NAMES if any(c.name == "manager" for c in model.columns(t))]


@dataclass
class TableSource:
    """A sheet already in DuckDB (with its `_row`), or a Parquet file: read as it is."""
    sql: str
    headers: list[str]
    row_expr: str = "_row"

    @property
    def numbered(self) -> str:
        return self.sql

    def prepare(self, table: str, mapping: dict[str, str], samples: dict[str, list[str]]) -> None:
        pass

    def advance(self) -> bool:
        return False

    def rejected(self, con) -> list[int]:
        return []


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# The timestamp that dates each table's rows, for coverage.
MAIN_TS = {"deals": "created_at", "stage_history": "entered_at", "clients": "created_at", "orders": "ordered_at",
           "calls": "started_at", "tasks": "due_at", "meetings": "held_at", "managers": "hired_at",
           "plans": "month", "nps": "answered_at"}


@dataclass
class _PieceState:
    piece: Piece | None        # None when restored from a database file (the upload is gone)
    source: object            # CsvSource | TableSource
    norm: str
    samples: dict[str, list[str]] = field(default_factory=dict)
    normalized: bool = False          # norm holds this piece's rows


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _overrides_for(mapping: dict, file_name: str, sheet: str | None) -> dict:
    """Entries of a --map file that apply to this file: by file name, by glob, then by sheet."""
    out: dict = {}
    for key, value in mapping.items():
        if isinstance(value, dict) and _names_file(key, file_name, sheet):
            out.update(value)
    return out


def _names_file(key: str, file_name: str, sheet: str | None) -> bool:
    """Does a --map key (a file name, a glob, `file#sheet`) name this file? Table names never do."""
    if key in model.TABLE_NAMES or key == "manager_aliases":
        return False
    name, _, want_sheet = key.partition("#")
    if want_sheet and want_sheet != sheet:
        return False
    base = file_name.rsplit("/", 1)[-1]
    return name in (file_name, base) or fnmatch.fnmatch(base, name) or fnmatch.fnmatch(file_name, name)


def _table_overrides(mapping: dict, table: str | None, headers: list[str]) -> tuple[str, dict] | None:
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
        if key == "manager_aliases" or not isinstance(value, dict):
            continue
        if key in model.TABLE_NAMES:
            if not any(f.table == key for f in files):
                out.append(key)
        elif not any(_names_file(key, f.file, f.sheet) for f in files):
            out.append(key)
    return out


def _problem_message(file: str, p) -> Message:
    params = {"file": file, "count": p.rows, "rows": ", ".join(map(str, p.first_rows))}
    if p.reason == "total_line":
        return Message("info", "reason_msg.total_line", params)
    params.update({"column_key": f"column.{p.column}", "header": p.header or p.column,
                   "examples": ", ".join(p.examples)})
    return Message("warning", f"reason_msg.{p.reason}" + ("" if p.set_aside else "_kept"), params)


SESSION_FILE = "<session>"     # Store(database=SESSION_FILE): a DuckDB file inside the session's folder

# Messages of a file whose dates fit both day-first and month-first somewhere: the order can be chosen.
DATE_ORDER_KEYS = ("dates.order_assumed", "dates.order_chosen", "reason_msg.date_order", "reason_msg.date_order_kept")


class DatabaseError(Exception):
    """The configured database cannot be used (locked by another process, not an audit database,
    MotherDuck not available). Carries the message to show."""

    def __init__(self, key: str, detail: str = "", **params):
        super().__init__(key)
        self.message = Message("error", key, params, detail)


def _database_path(database: str | None, workdir: Path) -> str:
    if database is None or database == ":memory:":
        return ":memory:"
    if database == SESSION_FILE:
        return str(workdir / "session.duckdb")
    if hosted.is_motherduck(database):
        return database
    return str(Path(database).expanduser().resolve())


def _connect(database: str, workdir: Path, memory_limit: str | None, threads: int):
    """A DuckDB connection that may touch only `workdir` (temporary files spill there) and the
    database it was opened on, with no extension loaded behind our back, its settings locked.
    The database file is opened before the lock: DuckDB keeps writing it (and its .wal) afterwards."""
    config = {"threads": threads, "temp_directory": str(workdir / "tmp"),
              "autoinstall_known_extensions": False, "autoload_known_extensions": False}
    if memory_limit:
        config["memory_limit"] = memory_limit
    try:
        con = duckdb.connect(database, config=config)
    except duckdb.Error as e:
        key = "hosted.db_motherduck" if hosted.is_motherduck(database) else "hosted.db_unusable"
        raise DatabaseError(key, detail=str(e), database=database) from None
    allowed = str(workdir).replace("'", "''")
    con.execute(f"SET allowed_directories = ['{allowed}']")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def _cleanup(con, folder: Path | None) -> None:
    try:
        con.close()
    except Exception:  # pragma: no cover - closing twice
        pass
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
