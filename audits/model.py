"""The canonical data model: every upload is mapped onto these tables.

Mirrors ../shared/spec/data-model.md. Types: id (text key), ts (timestamp), date, money (decimal),
int, text, bool. `required` columns make a file for that table usable at all; a row missing a
required value is set aside, never silently dropped.
"""
from __future__ import annotations

from dataclasses import dataclass

TYPES = ("id", "ts", "date", "money", "int", "text", "bool")

# DuckDB storage type for each canonical type.
SQL_TYPES = {
    "id": "VARCHAR",
    "ts": "TIMESTAMP",
    "date": "DATE",
    "money": "DECIMAL(18,2)",
    "int": "BIGINT",
    "text": "VARCHAR",
    "bool": "BOOLEAN",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = False


def _cols(*spec: tuple) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in spec)


TABLES: dict[str, tuple[Column, ...]] = {
    "deals": _cols(
        ("deal_id", "id", True), ("client_id", "id"), ("manager", "text"), ("stage", "text", True),
        ("status", "text"), ("amount", "money"), ("created_at", "ts"), ("closed_at", "ts"),
        ("product", "text"), ("channel", "text"), ("region", "text"), ("lost_reason", "text"),
        ("discount", "money"),
        # Not in the spec's list: several pipelines in one export (Pipedrive "Pipeline", amoCRM "Воронка",
        # Bitrix CATEGORY_ID) are funnels of their own and are never mixed into one.
        ("pipeline", "text"),
    ),
    "stage_history": _cols(("deal_id", "id", True), ("stage", "text", True), ("entered_at", "ts", True)),
    "stages": _cols(("stage", "text", True), ("position", "int", True)),
    "clients": _cols(
        ("client_id", "id", True), ("name", "text"), ("phone", "text"), ("segment", "text"),
        ("region", "text"), ("created_at", "ts"), ("manager", "text"), ("potential", "money"),
    ),
    "orders": _cols(
        ("order_id", "id"), ("client_id", "id", True), ("ordered_at", "ts", True), ("amount", "money", True),
        ("price", "money"), ("product", "text"), ("quantity", "int"), ("margin", "money"),
        ("manager", "text"), ("paid_at", "ts"),
    ),
    "calls": _cols(
        ("call_id", "id"), ("started_at", "ts", True), ("manager", "text"), ("direction", "text"),
        ("phone", "text"), ("duration_s", "int", True), ("wait_s", "int"), ("status", "text"),
        ("recording_url", "text"), ("client_id", "id"),
    ),
    "tasks": _cols(
        ("task_id", "id"), ("deal_id", "id"), ("manager", "text"), ("due_at", "ts", True),
        ("completed_at", "ts"),
    ),
    "meetings": _cols(
        ("meeting_id", "id"), ("manager", "text", True), ("client_id", "id"), ("held_at", "ts", True),
        ("place", "text"), ("result", "text"),
    ),
    "managers": _cols(
        ("manager", "text", True), ("team", "text"), ("role", "text"), ("hired_at", "date"),
        ("left_at", "date"),
        # Not in the spec's list, but PBX logs name managers by extension: this links them.
        ("extension", "text"),
    ),
    "plans": _cols(("manager", "text", True), ("month", "date", True), ("plan_amount", "money", True)),
    "nps": _cols(("client_id", "id"), ("answered_at", "ts"), ("score", "int", True)),
}

TABLE_NAMES = tuple(TABLES)

# The key column of tables whose ids must be unique (duplicates are set aside).
UNIQUE_KEYS = {"deals": "deal_id", "clients": "client_id", "managers": "manager"}

# The moment each table's rows are about: a table's period runs from its first to its last.
EVENT_TS = {"deals": "created_at", "stage_history": "entered_at", "clients": "created_at", "orders": "ordered_at",
            "calls": "started_at", "tasks": "due_at", "meetings": "held_at", "managers": "hired_at",
            "plans": "month", "nps": "answered_at"}

# Tables that a chosen period slices by their EVENT_TS. A client or an employee is not "in" a period
# (one signed up years ago still buys today), and a deal's history follows its deal.
PERIOD_TABLES = ("deals", "calls", "orders", "tasks", "meetings", "plans", "nps")

# Moments that have happened (a call made, an order placed, a stage entered, a deal closed): the
# analysis date is the day after the latest of them. Planned moments (a task's due date, a plan's
# month, the expected close of an open deal, a hire not yet started) may lie ahead and never move
# it. (table, column, the rows whose value is an event; None: every row)
HAPPENED = (("calls", "started_at", None), ("orders", "ordered_at", None), ("orders", "paid_at", None),
            ("stage_history", "entered_at", None), ("deals", "created_at", None),
            ("deals", "closed_at", "status IN ('won', 'lost')"), ("meetings", "held_at", None),
            ("tasks", "completed_at", None), ("nps", "answered_at", None), ("clients", "created_at", None))

# Tables that name a manager on each row.
WITH_MANAGER = tuple(t for t in TABLE_NAMES if any(c.name == "manager" for c in TABLES[t]))


def columns(table: str) -> tuple[Column, ...]:
    return TABLES[table]


def column(table: str, name: str) -> Column:
    for c in TABLES[table]:
        if c.name == name:
            return c
    raise KeyError(f"{table}.{name}")


def required(table: str) -> tuple[str, ...]:
    return tuple(c.name for c in TABLES[table] if c.required)


# Source columns that carry information but are not canonical columns themselves: the importer
# derives canonical values from them (see audits/ingest/normalize.py).
PSEUDO: dict[str, dict[str, str]] = {
    "calls": {
        "from": "text",          # caller number or extension (PBX "src", "Кто звонил")
        "to": "text",            # called number or extension (PBX "dst", "Кому звонил")
        "from_channel": "text",  # PBX channel of the caller, e.g. SIP/101-00000a1b
        "to_channel": "text",    # PBX channel of the callee
        "answered": "bool",      # Y/N, да/нет, 1/0 answered flag -> status
        "total_s": "int",        # ringing + talk; wait_s = total_s - duration_s
        "answered_at": "ts",     # wait_s = answered_at - started_at
        "ended_at": "ts",        # duration_s = ended_at - answered_at (or started_at) when absent
        "missed": "bool",        # a "missed call" flag (is_missed_call, Пропущенный): true -> status missed
        "count": "int",          # calls per row: the rows are totals (per operator per day), not calls
    },
    "orders": {},
    "deals": {
        "closed": "bool",        # a closed flag (HubSpot "Is Deal Closed?", Salesforce IsClosed): closed and not won -> lost
        "won": "bool",           # a won flag (Salesforce IsWon, HubSpot "Is Closed Won"): true -> won
    },
}


def target_type(table: str, target: str) -> str:
    """Type of a mapping target: a canonical column or a pseudo column of `table`."""
    for c in TABLES[table]:
        if c.name == target:
            return c.type
    return PSEUDO.get(table, {})[target]


def targets(table: str) -> tuple[str, ...]:
    return tuple(c.name for c in TABLES[table]) + tuple(PSEUDO.get(table, {}))
