"""Tests on files that real CRMs, PBXs, ERPs and surveys exported (../shared/real-exports/).

They are not ours to publish, so they are read where they lie, never copied into the project. A clone
of the project alone has no such folder: every test here is then skipped, saying so. The folder can be
pointed elsewhere with AUDIT_REAL_EXPORTS (further exports of the same kinds, kept outside the project).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL = Path(os.environ.get("AUDIT_REAL_EXPORTS") or ROOT.parent / "shared" / "real-exports").resolve()


def real_path(rel: str) -> Path:
    """A file of the real-export folder, or a skip that says why it is not there."""
    if not REAL.is_dir():
        pytest.skip(f"the real exports are not here ({REAL} is absent): these tests run where ../shared is present")
    p = REAL / rel
    if not p.exists():
        pytest.skip(f"{rel} is not in {REAL}")
    return p
