"""run_all --write replaces each benchmark's block in BENCHMARKS.md and nothing around it."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load_run_all():
    spec = importlib.util.spec_from_file_location("run_all", ROOT / "benchmarks" / "run_all.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run_all = _load_run_all()


DOC = """# Benchmarks

### Growth

<!-- bench:growth -->
```text
```

### Soak

<!-- bench:soak -->
```text
old soak line
```

The end.
"""


def test_an_empty_block_is_filled_and_the_next_section_is_kept():
    out = run_all.replace_block(DOC, "growth", "10x the calls: 4.7x the time\n")
    assert out == DOC.replace("<!-- bench:growth -->\n```text\n```",
                              "<!-- bench:growth -->\n```text\n10x the calls: 4.7x the time\n```")
    assert "<!-- bench:soak -->\n```text\nold soak line\n```" in out


def test_a_filled_block_is_replaced_whole():
    out = run_all.replace_block(DOC, "soak", "new line 1\nnew line 2")
    assert "old soak line" not in out
    assert out.endswith("<!-- bench:soak -->\n```text\nnew line 1\nnew line 2\n```\n\nThe end.\n")
    assert "<!-- bench:growth -->\n```text\n```" in out


def test_an_empty_result_leaves_an_empty_block():
    out = run_all.replace_block(DOC, "soak", "")
    assert "<!-- bench:soak -->\n```text\n```\n\nThe end." in out


def test_a_missing_block_leaves_the_document_alone(capsys):
    assert run_all.replace_block(DOC, "report", "x") == DOC
    assert "no <!-- bench:report --> block" in capsys.readouterr().err


def test_the_real_document_has_a_block_for_every_benchmark():
    doc = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    for name in run_all.BENCHES:
        assert f"<!-- bench:{name} -->\n```text\n" in doc, name
