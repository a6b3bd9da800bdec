"""Save an audit as one file and open it again: results.json is identical; every bad file gives a
clear message, never an exception."""
import datetime as dt
import io
import json
import math
import zipfile

import pytest

from audits import audit, savefile
from audits.i18n import t
from audits.scope import Scope
from audits.store import Input, Store


def _close(a, b) -> bool:
    """Equal, floats within 1e-9: DuckDB sums doubles on two threads in no fixed order, so the last
    bits of an average may differ from one run to the next (seen on a weekly CV per manager)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    return a == b


def results(store, session: savefile.Session) -> str:
    res = audit.run_store(store, settings=session.settings, answers=session.answers, as_of=session.as_of,
                          scope=session.scope, lang=session.lang)
    return json.loads(json.dumps(audit.to_json(res), ensure_ascii=False, default=str))


@pytest.fixture(scope="module")
def saved(demo_store):
    sug = demo_store.manager_suggestions()
    session = savefile.Session(
        settings={"short_call_s": 90.0},
        answers={"3": {"q1": True, "note": "  said so in the meeting "},
                 "7": {"override": {"verdict": "ok", "reason": " the CRM was replaced in May "}}},
        scope=Scope(start=dt.date(2024, 3, 1)), lang="en", company="ООО «ПромУпак Трейд»")
    # The demo_store fixture is shared: merges go to a store of our own.
    from audits.demo import demo_inputs
    store = Store(memory_limit=None, threads=2)
    store.add(demo_inputs())
    store.merge_managers({n: s.canonical for s in sug[:2] for n in s.names})
    before = results(store, session)
    data = savefile.save(store, session, created=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc))
    yield store, session, before, data
    store.close()


def test_a_reopened_audit_gives_identical_results(saved):
    store, session, before, data = saved
    opened = savefile.open_audit(data, "en")
    assert opened.ok and not opened.errors and not opened.warnings
    try:
        assert opened.session == session
        assert opened.store.manager_aliases == store.manager_aliases
        assert opened.store.mapping_file() == store.mapping_file()
        after = results(opened.store, opened.session)
        assert _close(after, before), json.dumps(after, ensure_ascii=False)[:2000]
    finally:
        opened.store.close()


def test_the_file_holds_the_uploads_byte_for_byte_and_a_manifest(saved):
    store, _, _, data = saved
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        body = json.loads(zf.read("audit.json"))
        assert manifest == {"format": "sales-audit", "version": 1, "created": "2025-01-02T03:04:05+00:00",
                            "app": savefile.APP}
        assert [u["name"] for u in body["uploads"]] == [u.name for u in store.uploads()]
        for up, entry in zip(store.uploads(), body["uploads"]):
            assert zf.read(entry["member"]) == up.path.read_bytes()
        assert body["mapping"]["manager_aliases"] == store.manager_aliases
        assert body["answers"]["7"]["override"]["reason"] == " the CRM was replaced in May "


def test_removed_and_remapped_pieces_stay_so(tmp_path):
    from tests.conftest import FIXTURES
    s = Store(workdir=tmp_path / "a")
    csvs = sorted((FIXTURES / "csv").glob("*.csv"))[:3]
    s.add([Input(name=p.name, data=p.read_bytes()) for p in csvs])
    s.remove(s.files[0].id)
    f = s.files[0]
    if f.table:
        s.remap(f.id, f.table, dict(list(f.mapping.items())[:-1]))
    session = savefile.Session(lang="ru")
    before = results(s, session)
    opened = savefile.open_audit(savefile.save(s, session), "ru")
    try:
        assert opened.ok, opened.errors
        assert [(x.file, x.table, x.mapping) for x in opened.store.files] == \
               [(x.file, x.table, x.mapping) for x in s.files]
        after = results(opened.store, opened.session)
        assert _close(after, before), json.dumps(after, ensure_ascii=False)[:2000]
    finally:
        s.close()
        opened.store and opened.store.close()


# --- bad files ----------------------------------------------------------------------------------

def zip_of(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def refused(data, key: str, lang: str = "en", **params):
    opened = savefile.open_audit(data, lang)
    assert not opened.ok and opened.store is None
    assert opened.errors == [t(key, lang, **params)], opened.errors
    return opened


def with_json(data: bytes, name: str, change) -> bytes:
    members = members_of(data)
    body = json.loads(members[name])
    change(body)
    members[name] = json.dumps(body)
    return zip_of(members)


def test_a_file_that_is_not_a_zip_is_refused(saved):
    refused(b"date,amount\n2024-01-01,5\n", "save.err.not_zip")
    refused(b"", "save.err.not_zip")
    refused("\x89PNG\r\n".encode(), "save.err.not_zip", "ru")


def test_a_zip_without_the_manifest_is_refused():
    refused(zip_of({"deals.csv": "id,amount\n1,2\n"}), "save.err.no_manifest")


def test_a_newer_version_or_another_format_is_refused(saved):
    data = saved[3]
    refused(with_json(data, "manifest.json", lambda m: m.update(version=2)), "save.err.newer", version=2, supported=1)
    refused(with_json(data, "manifest.json", lambda m: m.update(format="other")), "save.err.not_ours")


def test_a_truncated_or_corrupted_file_is_refused(saved):
    data = saved[3]
    refused(data[: len(data) // 2], "save.err.not_zip")
    refused(data[:-30], "save.err.not_zip")
    # flip bytes inside a stored member: its CRC no longer matches
    bad = bytearray(data)
    start = data.index(b"PK\x03\x04", 200)
    for i in range(start + 200, start + 260):
        bad[i] ^= 0xFF
    opened = savefile.open_audit(bytes(bad), "en")
    assert not opened.ok and opened.errors == [t("save.err.corrupt", "en")]
    refused(zip_of({"manifest.json": "{not json"}), "save.err.corrupt")


@pytest.mark.parametrize("where, change, field", [
    ("manifest.json", lambda m: m.update(version="1"), "version"),
    ("manifest.json", lambda m: m.update(version=True), "version"),
    ("audit.json", lambda b: b.update(uploads={"a": 1}), "uploads"),
    ("audit.json", lambda b: b["uploads"][0].update(name=5), "uploads"),
    ("audit.json", lambda b: b["uploads"][0].update(table="nonsense"), "uploads"),
    ("audit.json", lambda b: b.update(settings={"short_call_s": "ninety"}), "settings.short_call_s"),
    ("audit.json", lambda b: b.update(settings={"no_such": 1}), "settings.no_such"),
    ("audit.json", lambda b: b.update(as_of="yesterday"), "as_of"),
    ("audit.json", lambda b: b.update(as_of=20240101), "as_of"),
    ("audit.json", lambda b: b.update(scope={"teams": "A"}), "scope"),
    ("audit.json", lambda b: b.update(lang="de"), "lang"),
    ("audit.json", lambda b: b.update(files=[{"file": 1}]), "files"),
    ("audit.json", lambda b: b.update(mapping={"deals.csv": {"a": 1}}), "mapping.deals.csv"),
])
def test_fields_of_the_wrong_type_are_named(saved, where, change, field):
    refused(with_json(saved[3], where, change), "save.err.bad_field", field=field)


def test_bad_answers_are_refused_with_the_reason(saved):
    opened = savefile.open_audit(with_json(saved[3], "audit.json", lambda b: b.update(answers={"99": {}})), "en")
    assert not opened.ok and "99" in opened.errors[0]
    assert opened.errors[0].startswith(t("save.err.answers", "en", details="")[:20])


def test_a_listed_upload_missing_from_the_zip_is_named(saved):
    members = members_of(saved[3])
    body = json.loads(members["audit.json"])
    del members[body["uploads"][0]["member"]]
    refused(zip_of(members), "save.err.missing_member", name=body["uploads"][0]["name"])


def test_a_zip_bomb_is_refused_before_it_is_unpacked(saved, monkeypatch):
    members = members_of(saved[3])
    members["data/bomb"] = b"\0" * (80 << 20)          # 80 MB of zeros pack to ~80 KB
    refused(zip_of(members), "save.err.too_big", limit_mb=savefile.MAX_DATA_BYTES >> 20)
    monkeypatch.setattr(savefile, "MAX_MEMBERS", 5)
    refused(zip_of({f"x{i}": "" for i in range(6)}), "save.err.too_many", count=6, limit=5)


def test_a_member_over_its_limit_is_refused_while_read(saved, monkeypatch):
    monkeypatch.setattr(savefile, "MAX_META_BYTES", 100)
    monkeypatch.setattr(savefile, "RATIO_SLACK", 1 << 30)
    refused(saved[3], "save.err.too_big", limit_mb=1)


def test_member_names_are_never_paths(saved, tmp_path):
    """An upload member named like a path is read by its name only, nothing is written outside."""
    members = members_of(saved[3])
    body = json.loads(members["audit.json"])
    first = body["uploads"][0]
    members["../../evil.csv"] = members.pop(first["member"])
    first["member"] = "../../evil.csv"
    members["audit.json"] = json.dumps(body)
    opened = savefile.open_audit(zip_of(members), "en")
    try:
        assert opened.ok
        assert not (tmp_path.parent / "evil.csv").exists()
        assert all(p.is_relative_to(opened.store.workdir) for p in (u.path for u in opened.store.uploads()))
    finally:
        opened.store and opened.store.close()


def test_the_file_name_names_the_company_and_date():
    assert savefile.file_name("ООО «Ромашка»", dt.date(2025, 3, 1)) == "sales-audit_ООО-Ромашка_2025-03-01.zip"
    assert savefile.file_name("", None, today=dt.date(2025, 1, 1)) == "sales-audit_2025-01-01.zip"
    assert savefile.file_name("../../etc", "2025-01-01") == "sales-audit_etc_2025-01-01.zip"


def test_an_audit_saved_with_an_earlier_name_of_a_norm_opens_with_todays_name(saved):
    """Norm c_effort (check 25) was cv_c_effort: an audit saved before the rename keeps its value."""
    _, _, _, data = saved
    old = with_json(data, "audit.json", lambda b: b.update(settings={"cv_c_effort_good": 0.05, "short_call_s": 90}))
    opened = savefile.open_audit(old, "en")
    try:
        assert opened.ok, opened.errors
        assert opened.session.settings == {"c_effort_good": 0.05, "short_call_s": 90.0}
    finally:
        opened.store.close()
