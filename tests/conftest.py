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


@pytest.fixture(scope="session")
def demo_store():
    """The demo company loaded once for the whole run; tests only read it."""
    from audits.demo import demo_inputs
    from audits.store import Store
    inputs = demo_inputs()
    if not inputs:
        pytest.skip("sample_data/ holds no demo files")
    s = Store(memory_limit=None, threads=2)
    s.add(inputs)
    yield s
    s.close()
