import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = ROOT / "sample_data"
sys.path.insert(0, str(ROOT))


@pytest.fixture
def store(tmp_path):
    from audits.store import Store
    s = Store(workdir=tmp_path / "session")
    yield s
    s.close()


def load(store, *names, mapping=None):
    """Load fixture files (paths relative to tests/fixtures) into `store`."""
    from audits.store import Input
    inputs = [Input(name=Path(n).name, path=FIXTURES / n) for n in names]
    return store.add(inputs, mapping=mapping or {})
