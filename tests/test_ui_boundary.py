"""Only audits/ui/ may import Streamlit: the domain package must run headless (CLI, reports, tests)."""
import ast
from pathlib import Path

AUDITS = Path(__file__).resolve().parent.parent / "audits"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    return names


def test_no_module_outside_audits_ui_imports_streamlit():
    offenders = []
    for path in sorted(AUDITS.rglob("*.py")):
        if (AUDITS / "ui") in path.parents:
            continue
        if any(m == "streamlit" or m.startswith("streamlit.") for m in imported_modules(path)):
            offenders.append(str(path.relative_to(AUDITS.parent)))
    assert not offenders, f"only audits/ui/ may import streamlit: {offenders}"


def test_the_check_sees_an_import_of_streamlit(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from streamlit import session_state\n", encoding="utf-8")
    assert "streamlit" in imported_modules(sample)
