"""Mangled input never raises, never shows engine text, and never loses what was loaded."""
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audits.store import Input, Store
from tests.conftest import FIXTURES

SEEDS = [p.read_bytes() for p in sorted((FIXTURES / "csv").iterdir())]


def mangle(data: bytes, rnd: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        op = rnd.choice(["cut", "flip", "insert", "dup", "quote", "nul"])
        i = rnd.randrange(max(len(data), 1))
        if op == "cut":
            data = data[:i]
        elif op == "flip" and data:
            data[i % len(data)] ^= 1 << rnd.randrange(8)
        elif op == "insert":
            data[i:i] = rnd.choice([b'"', b";", b"\n", b"\r\n", b",", b"\xff\xfe", b"\xd0", "Ё".encode("cp1251"),
                                    b"x" * 5000, b"1e999", b"-1", b"=cmd|' /C calc'!A0"])
        elif op == "dup":
            data = data + data[: i]
        elif op == "quote":
            data[i:i] = b'"' * rnd.randint(1, 3)
        elif op == "nul":
            data[i:i] = b"\x00"
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), which=st.integers(0, len(SEEDS) - 1))
def test_mangled_files_give_messages_not_exceptions(tmp_path_factory, seed, which):
    store = Store(workdir=tmp_path_factory.mktemp("s"))
    try:
        store.add([Input(name="calls_utf8.csv", path=FIXTURES / "csv" / "calls_utf8.csv")])
        before = store.tables()
        data = mangle(SEEDS[which], random.Random(seed))
        report = store.add([Input(name="mangled.csv", data=data)])
        for _, msg in report.errors:
            assert msg.key != "source.internal", msg.detail
            text = msg.text("ru")
            assert "mangled.csv" in text and "Traceback" not in text and "Error:" not in text
        for f in store.files:
            for m in f.messages:
                m.text("en")
        after = store.tables()
        assert after.get("calls", 0) >= before["calls"]
    finally:
        store.close()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    store = Store()
    try:
        report = store.add([Input(name="random.xlsx", data=data)])
        assert all(n == "random.xlsx" and m.key != "source.internal" for n, m in report.errors)
    finally:
        store.close()
