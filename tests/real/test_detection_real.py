"""The automatic detection against a careful analyst's decisions on every real export.

tests/real/expected.yml says, for every CSV file, workbook sheet and file inside a zip of the real
exports, which canonical table it is (or none, and why), which headers are which canonical columns (every
other header must stay unmapped) and, where the source says so, how many rows load and how many are set
aside. The comparison logic (what a decision is, how it is counted) lives in benchmarks/detection.py,
which prints the same yardstick as a share; these tests assert it.
"""
from __future__ import annotations

import pytest

from benchmarks.detection import (DEFAULT_EXPECTED, Loaded, entry_id, load_checks, load_expected, load_file,
                                  piece_key, score_all, score_entry, split_path, validate)

from .conftest import REAL, real_path

ENTRIES = load_expected(DEFAULT_EXPECTED)
MIN_SHARE = 95.0

# One load per on-disk file for the whole module: a workbook's sheets and a zip's files share it.
_LOADED: dict[str, Loaded] = {}


def _info(entry: dict):
    """The app's FileInfo for an entry (None when the app made no such piece); skips without the file."""
    disk, inner = split_path(REAL, entry["file"])
    real_path(disk)                              # skips, saying why, when the file is not there
    if disk not in _LOADED:
        _LOADED[disk] = load_file(REAL, disk)
    return _LOADED[disk].pieces.get(piece_key(disk, inner, entry["sheet"]))


def test_every_expectation_names_a_known_table_and_targets_of_that_table():
    assert ENTRIES, f"{DEFAULT_EXPECTED} lists no file"
    assert validate(ENTRIES) == []


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry_id(e) for e in ENTRIES])
def test_each_real_export_gets_the_table_columns_and_row_counts_a_careful_analyst_gives_it(entry):
    info = _info(entry)
    misses = [d.line() + f"   [{d.kind}]" for d in score_entry(entry, info) if not d.ok]
    problems = misses + load_checks(entry, info)
    assert not problems, "\n" + "\n".join(problems)


def test_at_least_95_percent_of_the_decisions_hold_and_no_file_lands_in_a_wrong_table():
    if not REAL.is_dir():
        real_path(ENTRIES[0]["file"])          # skips, saying the folder is absent
    present = [e for e in ENTRIES if (REAL / split_path(REAL, e["file"])[0]).is_file()]
    if not present:
        pytest.skip(f"none of the expected files is in {REAL}")
    score = score_all(present, _info)
    assert not score.wrong_tables, "files in a wrong table: " + ", ".join(score.wrong_tables)
    assert score.share >= MIN_SHARE, score.summary()
