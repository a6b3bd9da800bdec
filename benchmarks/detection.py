"""How often the automatic detection decides as a careful analyst did, on the real exports.

    python benchmarks/detection.py [--real PATH] [--expected PATH] [--jobs 2]

Every entry of the expectations file (tests/real/expected.yml: one per CSV file, workbook sheet or file
inside a zip) is compared with what `Store.add` decides with no mapping given. Each on-disk file is
loaded once (a workbook's sheets and a zip's files together), in its own `Store(memory_limit=None,
threads=2)`, under its bare file name, as a user would upload it; two files load at once in two
processes (`--jobs`).

Decisions, and how they are counted:

- 1 table decision per entry: it holds when the detected table equals the expected one (null = no
  canonical table). A piece detected as a table other than the expected one (including a table for a
  piece that should have none) is a file in a WRONG TABLE, listed separately; a piece left without a
  table when one was expected is a plain miss.
- 1 column decision per header of `mapping`: it holds when the app maps that header to the expected
  target (or one of the listed targets).
- 1 column decision per target of `either`: it holds when any of the listed headers carries the target.
- 1 decision per header that the app maps although the expectation leaves it unmapped: a false
  positive, always a miss. A header of `optional` counts only when mapped to a target not listed there.
- When the table is wrong, every expected column decision is a miss too (the mapping of a wrong table
  is worthless), and the headers it maps are false positives.

Row counts (`rows`, `set_aside`, `aggregate`) are checked by tests/real/test_detection_real.py and
printed here for information, but they are not decisions.

Output: every miss, one per line (`file [sheet]: header -> got X, expected Y`), grouped by kind, then a
summary per folder, and as the last line:
`detection: N of M decisions hold (P %), K files in a wrong table`.
When the real-exports folder is absent it says so in one line and exits 0.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_EXPECTED = ROOT / "tests" / "real" / "expected.yml"
ENTRY_KEYS = {"file", "sheet", "table", "mapping", "either", "optional", "rows", "set_aside", "aggregate",
              "note", "why"}

# Kinds of misses, in the order they are printed.
WRONG_TABLE = "wrong table"
NO_TABLE = "no table"
NOT_READ = "header not read"
UNRECOGNISED = "unrecognised header"
WRONG_TARGET = "wrong target"
FALSE_POSITIVE = "false positive"
KINDS = (WRONG_TABLE, NO_TABLE, NOT_READ, UNRECOGNISED, WRONG_TARGET, FALSE_POSITIVE)


def default_real() -> Path:
    """The folder tests/real/conftest.py reads: AUDIT_REAL_EXPORTS, else ../shared/real-exports."""
    return Path(os.environ.get("AUDIT_REAL_EXPORTS") or ROOT.parent / "shared" / "real-exports").resolve()


# --- expectations -------------------------------------------------------------------------------------
def _targets(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def load_expected(path: Path = DEFAULT_EXPECTED) -> list[dict]:
    """The entries, with mapping/optional values as tuples of targets and every optional key present."""
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    out = []
    for e in entries:
        out.append({
            **e,
            "sheet": e.get("sheet"),
            "table": e.get("table"),
            "mapping": {str(h): _targets(t) for h, t in (e.get("mapping") or {}).items()},
            "either": {t: [str(h) for h in hs] for t, hs in (e.get("either") or {}).items()},
            "optional": {str(h): _targets(t) for h, t in (e.get("optional") or {}).items()},
        })
    return out


def validate(entries: list[dict]) -> list[str]:
    """Problems of the expectations themselves: unknown keys, tables or targets, a null table without why."""
    from audits import model
    problems, seen = [], set()
    for e in entries:
        eid = entry_id(e)
        if eid in seen:
            problems.append(f"{eid}: listed twice")
        seen.add(eid)
        extra = set(e) - ENTRY_KEYS
        if extra:
            problems.append(f"{eid}: unknown keys {sorted(extra)}")
        table = e["table"]
        if table is None:
            if not e.get("why"):
                problems.append(f"{eid}: no table but no `why`")
            if e["mapping"] or e["either"] or e["optional"]:
                problems.append(f"{eid}: no table but a mapping")
            continue
        if table not in model.TABLE_NAMES:
            problems.append(f"{eid}: unknown table {table}")
            continue
        allowed = set(model.targets(table))
        named = [t for ts in e["mapping"].values() for t in ts] + list(e["either"]) + \
                [t for ts in e["optional"].values() for t in ts]
        problems += [f"{eid}: {t} is not a target of {table}" for t in named if t not in allowed]
    return problems


def entry_id(entry: dict) -> str:
    return entry["file"] + (f" [{entry['sheet']}]" if entry.get("sheet") else "")


def folder_of(entry: dict) -> str:
    return entry["file"].split("/", 1)[0]


def split_path(real: Path, rel: str) -> tuple[str, str]:
    """(the on-disk file, relative to `real`; the path of the piece inside it when it is an archive)."""
    parts = rel.split("/")
    for i in range(1, len(parts) + 1):
        if real.joinpath(*parts[:i]).is_file():
            return "/".join(parts[:i]), "/".join(parts[i:])
    return rel, ""


def piece_key(disk_rel: str, inner: str, sheet: str | None) -> tuple[str, str | None]:
    """How the app names the piece when the file is uploaded under its bare name."""
    name = Path(disk_rel).name
    return (f"{name}/{inner}" if inner else name), sheet


# --- loading ------------------------------------------------------------------------------------------
@dataclass
class Loaded:
    """What the app made of one on-disk file."""
    pieces: dict[tuple[str, str | None], object] = field(default_factory=dict)   # (file, sheet) -> FileInfo
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def load_file(real: Path, disk_rel: str) -> Loaded:
    """Load one file (a CSV, a workbook, a zip) into its own Store, with no mapping given."""
    from audits.store import Input, Store
    path = real / disk_rel
    out = Loaded()
    t0 = time.perf_counter()
    store = Store(memory_limit=None, threads=2)
    try:
        report = store.add([Input(name=path.name, path=path)])
        for info in store.files:          # after the rebuild: rows and set_aside are final
            out.pieces[(info.file, info.sheet)] = info
        out.errors = [f"{name}: {msg.key} {msg.params}" for name, msg in report.errors]
    finally:
        store.close()
    out.seconds = time.perf_counter() - t0
    return out


# --- counting -----------------------------------------------------------------------------------------
@dataclass
class Decision:
    entry: str
    folder: str
    header: str | None          # None for the table decision
    got: str | None
    expected: str | None
    ok: bool
    kind: str = ""              # for a miss: one of KINDS

    def line(self) -> str:
        header = "(table)" if self.header is None else self.header
        return f"{self.entry}: {header} -> got {self.got or 'none'}, expected {self.expected or 'none'}"


def _finder(headers: list[str]):
    exact = set(headers)
    loose = {" ".join(h.split()).casefold(): h for h in headers}

    def find(name: str) -> str | None:
        if name in exact:
            return name
        return loose.get(" ".join(name.split()).casefold())
    return find


def score_entry(entry: dict, info) -> list[Decision]:
    """The decisions of one entry against the app's FileInfo (None: the app made no such piece)."""
    eid, folder = entry_id(entry), folder_of(entry)
    expected_table = entry["table"]
    got_table = info.table if info is not None else None
    headers = list(info.headers) if info is not None else []
    mapped = {h: t for h, t in (info.mapping if info is not None else {}).items() if t}
    wrong = got_table is not None and got_table != expected_table
    find = _finder(headers)

    def decision(header, got, expected, ok, kind=""):
        return Decision(eid, folder, header, got, expected, ok, "" if ok else kind)

    out = [decision(None, got_table, expected_table, got_table == expected_table,
                    WRONG_TABLE if wrong else NO_TABLE)]
    accounted: set[str] = set()

    for header, targets in entry["mapping"].items():
        actual = find(header)
        got = mapped.get(actual) if actual else None
        want = " or ".join(targets)
        if actual:
            accounted.add(actual)
        if wrong:
            out.append(decision(header, got, want, False, WRONG_TABLE))
        elif actual is None:
            out.append(decision(header, "(no such header)", want, False, NOT_READ))
        elif got in targets:
            out.append(decision(header, got, want, True))
        else:
            out.append(decision(header, got, want, False, UNRECOGNISED if got is None else WRONG_TARGET))

    for target, names in entry["either"].items():
        actuals = [a for a in (find(h) for h in names) if a]
        accounted.update(actuals)
        label = " | ".join(names)
        got_desc = ", ".join(f"{a}={mapped.get(a) or 'none'}" for a in actuals) or "(no such header)"
        others = [a for a in actuals if mapped.get(a) not in (None, target)]
        if wrong:
            out.append(decision(label, got_desc, target, False, WRONG_TABLE))
        elif any(mapped.get(a) == target for a in actuals):
            out.append(decision(label, target, target, True))
            out += [decision(a, mapped[a], f"none (or {target})", False, FALSE_POSITIVE) for a in others]
        elif not actuals:
            out.append(decision(label, got_desc, target, False, NOT_READ))
        else:
            out.append(decision(label, got_desc, target, False, WRONG_TARGET if others else UNRECOGNISED))

    for header, targets in entry["optional"].items():
        actual = find(header)
        if not actual:
            continue
        accounted.add(actual)
        got = mapped.get(actual)
        if got is not None and got not in targets:
            out.append(decision(header, got, "none or " + " or ".join(targets), False, FALSE_POSITIVE))

    for header, target in mapped.items():
        if header not in accounted:
            out.append(decision(header, target, None, False, FALSE_POSITIVE))
    return out


def load_checks(entry: dict, info) -> list[str]:
    """Row-count problems of one entry (rows, set_aside, aggregate): tested, not counted as decisions."""
    eid, out = entry_id(entry), []
    if info is None:
        if entry.get("rows") or entry.get("set_aside"):
            out.append(f"{eid}: the app made no such piece, expected rows {entry.get('rows')}")
        return out
    if "rows" in entry and info.rows != entry["rows"]:
        out.append(f"{eid}: rows -> got {info.rows}, expected {entry['rows']}")
    if "set_aside" in entry and info.set_aside != entry["set_aside"]:
        out.append(f"{eid}: set_aside -> got {info.set_aside}, expected {entry['set_aside']}")
    if entry.get("aggregate"):
        if info.rows:
            out.append(f"{eid}: each row sums many calls ({entry['aggregate']}), yet {info.rows} rows "
                       f"were loaded as single calls")
        if not info.messages:
            out.append(f"{eid}: aggregate rows ({entry['aggregate']}) and no message saying so")
    return out


@dataclass
class Score:
    decisions: list[Decision]
    wrong_tables: list[str]

    @property
    def held(self) -> int:
        return sum(d.ok for d in self.decisions)

    @property
    def total(self) -> int:
        return len(self.decisions)

    @property
    def share(self) -> float:
        return 100.0 * self.held / self.total if self.total else 100.0

    def summary(self) -> str:
        return (f"detection: {self.held} of {self.total} decisions hold ({self.share:.1f} %), "
                f"{len(self.wrong_tables)} files in a wrong table")


def score_all(entries: list[dict], info_of) -> Score:
    """Score every entry; `info_of(entry)` gives the app's FileInfo for it, or None."""
    decisions, wrong = [], []
    for entry in entries:
        ds = score_entry(entry, info_of(entry))
        decisions += ds
        if ds[0].kind == WRONG_TABLE:
            wrong.append(entry_id(entry))
    return Score(decisions, wrong)


# --- the benchmark ------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--real", type=Path, default=default_real(), help="the real-exports folder")
    parser.add_argument("--expected", type=Path, default=DEFAULT_EXPECTED, help="the expectations (YAML)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="files loaded at once, each in its own process and Store (default 2)")
    args = parser.parse_args(argv)
    real = args.real.resolve()
    if not real.is_dir():
        print(f"detection: no real exports at {real} (set --real or AUDIT_REAL_EXPORTS); nothing measured")
        return 0

    entries = load_expected(args.expected)
    for problem in validate(entries):
        print(f"expectation problem: {problem}")

    t0 = time.perf_counter()
    where = {entry_id(e): split_path(real, e["file"]) for e in entries}
    present = [e for e in entries if (real / where[entry_id(e)][0]).is_file()]
    missing = [e for e in entries if e not in present]
    disks = sorted({where[entry_id(e)][0] for e in present}, key=lambda d: -(real / d).stat().st_size)
    if args.jobs > 1 and len(disks) > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            loaded = dict(zip(disks, pool.map(load_file, [real] * len(disks), disks)))
    else:
        loaded = {disk: load_file(real, disk) for disk in disks}
    elapsed = time.perf_counter() - t0

    def info_of(entry):
        disk, inner = where[entry_id(entry)]
        return loaded[disk].pieces.get(piece_key(disk, inner, entry["sheet"]))

    score = score_all(present, info_of)

    misses = [d for d in score.decisions if not d.ok]
    print(f"misses: {len(misses)}")
    for kind in KINDS:
        group = [d for d in misses if d.kind == kind]
        if group:
            print(f"\n== {kind} ({len(group)})")
            for d in group:
                print(d.line())

    checks = [p for e in present for p in load_checks(e, info_of(e))]
    if checks:
        print(f"\n== row counts (checked by the tests, not counted here) ({len(checks)})")
        for p in checks:
            print(p)
    claimed = {piece_key(d, i, e["sheet"]) for e in present for d, i in [where[entry_id(e)]]}
    extra = [f"{disk}: {name}" + (f" [{sheet}]" if sheet else "") + f" -> {info.table}"
             for disk, ld in loaded.items() for (name, sheet), info in ld.pieces.items()
             if (name, sheet) not in claimed]
    errors = [f"{disk}: {err}" for disk, ld in loaded.items() for err in ld.errors]
    if extra:
        print(f"\n== pieces with no expectation ({len(extra)})")
        print("\n".join(extra))
    if errors:
        print(f"\n== files the app refused ({len(errors)})")
        print("\n".join(errors))
    if missing:
        print(f"\n== expected files absent from {real} ({len(missing)}): not scored")
        print("\n".join(entry_id(e) for e in missing))

    print("\n== per folder (decisions held / total, files in a wrong table)")
    by_folder: dict[str, list[Decision]] = defaultdict(list)
    for d in score.decisions:
        by_folder[d.folder].append(d)
    width = max(len(f) for f in by_folder) if by_folder else 10
    for folder, ds in sorted(by_folder.items()):
        held = sum(d.ok for d in ds)
        wrong = sum(1 for d in ds if d.header is None and d.kind == WRONG_TABLE)
        print(f"{folder:<{width}}  {held:>4} / {len(ds):<4} {100.0 * held / len(ds):5.1f} %"
              + (f"  {wrong} in a wrong table" if wrong else ""))
    print(f"\n{len(present)} entries from {len(loaded)} files, loaded in {elapsed:.1f} s")
    print(score.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
