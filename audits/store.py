"""One session's data: a private DuckDB, the uploaded files, their mapping and the canonical tables.

A `Store` is created per user session (never shared). Files are added in batches; each file or
sheet is read by the ingest pipeline (audits.ingest.load) into a `FileInfo` with its detected table,
preset, mapping and messages. A file that fails leaves everything loaded before it untouched. The
canonical tables (audits.model.TABLES) are rebuilt from the per-file normalised pieces after each
change: duplicates set aside, phones and managers linked, staging views made.
"""
from __future__ import annotations

import json
import logging
import shutil
import tempfile
import weakref
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import duckdb

from audits import hosted, managers, model, phones, staging
from audits.logs import failure
from audits.i18n import t
from audits.ingest.errors import IngestError, Message
from audits.ingest.load import DATE_ORDER_KEYS, FileInfo, Loaded, Loader, TableSource
from audits.ingest.sources import Piece, Sources, Upload
from audits.sql import lit, q

if TYPE_CHECKING:
    import polars as pl

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
      .stage_order / .set_stage_order(pipeline, stages)   the user's order of the funnel stages
      .funnel_pipeline / .set_funnel_pipeline(name)       the pipeline the funnel is about (None: largest)
      .apply_choices(mapping) -> bool               stage orders and pipeline from a mapping file
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
        self.sources = Sources(self.workdir / "uploads")
        self._files: list[FileInfo] = []
        self._pieces: dict[str, Loaded] = {}
        self._loader = Loader(self.con, self._next_id)
        self._n = 0
        self.manager_aliases: dict[str, str] = {}
        # The user's order of the funnel stages per pipeline ("" when the deals name none), and the
        # pipeline the funnel is about (None: the largest): see audits.stages.
        self.stage_order: dict[str, list[str]] = {}
        self.funnel_pipeline: str | None = None
        self.version = 0          # bumped whenever the canonical tables change (audit caches key on it)
        if saved:
            self._restore(saved)  # a database file written by an earlier Store: its pieces come back
        self._rebuild()           # the canonical tables exist (empty) from the start
        # Once per connection: DuckDB binds a view's body when it is queried, so the staging views read
        # the canonical views that every _rebuild makes anew without being made again (50 ms each time).
        staging.create_views(self.con)

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
        self._take_choices(mapping)
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
                    for info, state in self._loader.read(piece, mapping, dayfirst):
                        self._pieces[info.id] = state
                        self._files.append(info)
                        added.append(info)
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
        new = self._loader.normalize(state, info, table, clean, preset=info.preset if table == info.table else None)
        self._replace_info(new)
        self._rebuild()
        return self._info(file_id)

    def set_dayfirst(self, file_id: str, dayfirst: bool | None) -> FileInfo:
        """Read the file again with this order for its dates that fit both day-first and month-first."""
        state = self._pieces[file_id]
        info = replace(self._info(file_id), dayfirst=dayfirst)
        if info.table is not None and state.piece is not None:
            info = self._loader.normalize(state, info, info.table, dict(info.mapping), info.preset)
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
        self._loader.drop(state)
        self._files = [f for f in self._files if f.id != file_id]
        self._rebuild()

    def tables(self) -> dict[str, int]:
        """Canonical tables that hold rows, with their row counts."""
        out = {}
        for table in model.TABLE_NAMES:
            if self._parts(table):
                out[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return {table: n for table, n in out.items() if n}

    def coverage(self) -> list[Coverage]:
        out = []
        for table, rows in self.tables().items():
            ts = model.EVENT_TS.get(table)
            lo = hi = None
            if ts:
                lo, hi = self.con.execute(f"SELECT min({ts})::DATE::VARCHAR, max({ts})::DATE::VARCHAR "
                                          f"FROM {table}").fetchone()
            managers = None
            if table in model.WITH_MANAGER:
                managers = self.con.execute(f"SELECT count(DISTINCT manager) FROM {table}").fetchone()[0]
            files = [f.label for f in self._files if f.table == table]
            out.append(Coverage(table, rows, files, lo, hi, managers))
        return out

    def set_aside_rows(self, file_id: str | None = None, lang: str = "en") -> pl.DataFrame:
        import polars as pl          # here, not at the top: the headless audit reads no DataFrame
        where, params = "", []
        if file_id is not None:
            where, params = "WHERE r.relation = ?", [self._pieces[file_id].norm]
        df = self._read(f"SELECT relation, row, \"column\", value, reason FROM _rejects r {where} "
                        f"ORDER BY relation, row", params)
        by_norm = {s.norm: self._info(fid) for fid, s in self._pieces.items()}
        names = {rel: i.label for rel, i in by_norm.items()}
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
        if self.stage_order:
            out["stage_order"] = {k: list(v) for k, v in self.stage_order.items()}
        if self.funnel_pipeline is not None:
            out["funnel_pipeline"] = self.funnel_pipeline
        return out

    def set_stage_order(self, pipeline: str | None, stages: list[str] | None) -> None:
        """The user's order of one pipeline's stages (None or [] forgets it); `pipeline` None or "" when
        the deals name no pipeline."""
        key = pipeline or ""
        if stages:
            self.stage_order[key] = [str(s) for s in stages]
        else:
            self.stage_order.pop(key, None)
        self._choice_changed()

    def set_funnel_pipeline(self, pipeline: str | None) -> None:
        """The pipeline whose funnel the audit reads (None: the one with the most deals)."""
        self.funnel_pipeline = pipeline or None
        self._choice_changed()

    def apply_choices(self, mapping: dict) -> bool:
        """The stage orders and the funnel's pipeline a mapping file holds; True when it held any."""
        took = self._take_choices(mapping)
        if took:
            self._choice_changed()
        return took

    def _take_choices(self, mapping: dict) -> bool:
        took = False
        orders = mapping.get("stage_order")
        if isinstance(orders, dict):
            for key, stages in orders.items():
                if isinstance(stages, list) and all(isinstance(x, str) for x in stages):
                    if stages:
                        self.stage_order[str(key)] = list(stages)
                    else:
                        self.stage_order.pop(str(key), None)
                    took = True
        chosen = mapping.get("funnel_pipeline")
        if isinstance(chosen, str) and chosen:
            self.funnel_pipeline, took = chosen, True
        return took

    def _choice_changed(self) -> None:
        self.version += 1           # the audit caches key on the version
        if self.database != ":memory:":
            self._save()

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
            cols = ", ".join(q(c.name) for c in model.columns(table))
            parts = self._parts(table)
            self.con.execute(f"DROP VIEW IF EXISTS {table}")
            if parts:
                body = " UNION ALL ".join(
                    f"SELECT {cols}, '{fid}' AS _fid, {self._pieces[fid].source.row_expr} AS _row "
                    f"FROM norm.{fid} WHERE NOT _dup AND NOT _aside" for fid in parts)
            else:
                body = "SELECT " + ", ".join(f"CAST(NULL AS {model.SQL_TYPES[c.type]}) AS {q(c.name)}"
                                             for c in model.columns(table)) + ", NULL::VARCHAR AS _fid, " \
                                                                              "NULL::BIGINT AS _row WHERE false"
            self.con.execute(f"CREATE VIEW {table} AS {body}")
            key = model.UNIQUE_KEYS.get(table)
            if key and parts:
                self._set_aside_duplicates(table, key, parts)
        self._link()
        self._refresh_counts()
        self.version += 1
        if self.database != ":memory:":
            self._save()

    # --- a database that outlives the Store ----------------------------------------------------------
    def _save(self) -> None:
        """What the Python side knows (pieces, mappings, messages, aliases) into the database itself,
        so that a later Store on the same file can audit it without the original files."""
        meta = {"n": self._n, "manager_aliases": self.manager_aliases, "stage_order": self.stage_order,
                "funnel_pipeline": self.funnel_pipeline,
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
        self.stage_order = dict(meta.get("stage_order") or {})
        self.funnel_pipeline = meta.get("funnel_pipeline")
        self._files = [FileInfo(**{**f, "messages": [Message(**m) for m in f["messages"]]}) for f in meta["files"]]
        # The uploads themselves stayed in the folder of the Store that read them: a restored piece
        # keeps its normalised rows (enough to audit, remove or merge names), not its source file.
        for fid, p in meta["pieces"].items():
            source = TableSource(p["sql"], p["headers"], p["row_expr"])
            self._pieces[fid] = Loaded(None, source, p["norm"], normalized=p["normalized"])
        # A database written before a canonical column existed (deals.pipeline): the column, empty.
        for f in self._files:
            if f.table in model.TABLES and self._pieces[f.id].normalized:
                for c in model.columns(f.table):
                    self.con.execute(f"ALTER TABLE {self._pieces[f.id].norm} ADD COLUMN IF NOT EXISTS "
                                     f"{q(c.name)} {model.SQL_TYPES[c.type]}")

    def _set_aside_duplicates(self, table: str, key: str, parts: list[str]) -> None:
        """Rows repeating an id seen earlier (in upload order, then row order) are flagged, not deleted:
        removing the earlier file brings them back."""
        for fid in parts:
            self.con.execute(f"UPDATE norm.{fid} SET _dup = false WHERE _dup")
        rank = " ".join(f"WHEN '{fid}' THEN {i}" for i, fid in enumerate(parts))
        dups = self.con.execute(
            f"SELECT _fid, _row, CAST({q(key)} AS VARCHAR) FROM (SELECT _fid, _row, {q(key)}, row_number() OVER "
            f"(PARTITION BY {q(key)} ORDER BY CASE _fid {rank} END, _row) AS n FROM {table} "
            f"WHERE {q(key)} IS NOT NULL) WHERE n > 1").fetchall()
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
        split = ("SELECT DISTINCT client_id, trim(p) AS phone FROM (SELECT client_id, "
                 "unnest(regexp_split_to_array(phone, '[,;/]| и ')) AS p FROM clients WHERE phone IS NOT NULL) "
                 "WHERE trim(p) <> ''")
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE _client_phones AS {phones.canonical_select(split, 'phone')}")
        phones.fill_in(self.con, "_client_phones", "phone")
        self.con.execute("CREATE OR REPLACE TABLE client_phones AS SELECT client_id, phone FROM _client_phones "
                         "WHERE phone IS NOT NULL")
        self.con.execute("DROP TABLE _client_phones")

    def _link(self) -> None:
        """Calls to clients (their phones are in canonical form since normalize), extensions and
        spellings of managers to one name."""
        self._client_phones()
        for fid in self._parts("calls"):
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
        for table in model.WITH_MANAGER:
            for fid in self._parts(table):
                self.con.execute(f"UPDATE norm.{fid} AS t SET manager = a.canonical FROM _aliases a "
                                 f"WHERE t.manager = a.spelling")
        self.con.execute("DROP TABLE _aliases")

    def _manager_counts(self) -> dict[str, int]:
        parts = [f"SELECT manager, count(*) AS n FROM {t} WHERE manager IS NOT NULL GROUP BY manager"
                 for t in model.WITH_MANAGER if self._parts(t)]
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


SESSION_FILE = "<session>"     # Store(database=SESSION_FILE): a DuckDB file inside the session's folder

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
    con.execute(f"SET allowed_directories = [{lit(str(workdir))}]")
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
