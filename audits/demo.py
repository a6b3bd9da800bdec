"""The demo company: the files in sample_data/ that the home page loads with one button."""
from __future__ import annotations

from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
_NOT_DATA = {"generate.py", "README.md"}


def demo_files(folder: Path = SAMPLE_DIR) -> list[Path]:
    """Data files of the demo company, sorted by name (no generator, readme or hidden files)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.name not in _NOT_DATA and not p.name.startswith((".", "_")))


def demo_inputs(folder: Path = SAMPLE_DIR) -> list:
    """`Store.add` inputs for the demo company."""
    from audits.store import Input
    return [Input(name=p.name, path=p) for p in demo_files(folder)]
