"""An audit saved as one file, and opened again (on another machine) exactly as it was.

The file is a zip:

    manifest.json        {"format": "sales-audit", "version": 1, "created": ISO time, "app": {...}}
    audit.json           the uploads (name, member, forced table), the mapping (with manager_aliases, the
                         user's stage_order per pipeline and the funnel_pipeline chosen),
                         every loaded piece (file, sheet, table, mapping, the day/month order chosen for
                         its dates), settings, answers (notes and overrides), as_of, scope, lang and the
                         company name
    data/0001, ...       the uploaded files, byte for byte as they were handed over

Opening builds a new Store: the same files are added in the same order with the same mapping and
merges, pieces removed or remapped since are removed or remapped again, then the same settings,
answers, analysis date and scope come back, so the audit's results.json is identical.

`open_audit` never raises for a bad file: a file that is not a zip, has no manifest, comes from a
newer version, is corrupted or truncated, holds fields of the wrong type, or unpacks to more than
the limits allow, comes back as messages in the user's language. Nothing from the archive is used as
a path: members are looked up by the names audit.json gives and streamed, with their real size
counted, into the new Store's own folder under names made here.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import logging
import math
import re
import shutil
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable

from audits import answers as answers_file
from audits import model
from audits.checks import defaults
from audits.i18n import LANGS, t
from audits.logs import failure
from audits.scope import Scope

log = logging.getLogger(__name__)

FORMAT = "sales-audit"
VERSION = 1
MANIFEST = "manifest.json"
AUDIT = "audit.json"
APP = {"name": "sales-audit"}

MAX_MEMBERS = 1000                   # files in one save (uploads + manifest + audit.json)
MAX_META_BYTES = 8 << 20             # manifest.json and audit.json, each
MAX_DATA_BYTES = 2 << 30             # all uploads together, counted while unpacking
MAX_RATIO = 200                      # declared unpacked size / size of the save file, beyond the slack
RATIO_SLACK = 64 << 20
MEMBER_SLACK = 4 << 20               # one member may pack better than MAX_RATIO up to this size

Progress = Callable[[float, str], None]


@dataclass
class Session:
    """What the app holds besides the data: the user's choices for this audit."""
    settings: dict = field(default_factory=dict)      # threshold overrides {name: value}
    answers: dict = field(default_factory=dict)       # the answers file: answers, notes, overrides
    as_of: dt.date | None = None
    scope: Scope | None = None
    lang: str = "ru"
    company: str = ""


@dataclass
class Opened:
    """A save file opened: the new Store and the session, or None and the reasons it was refused."""
    store: object | None
    session: Session | None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.store is not None


class _Refused(Exception):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


# --- saving -----------------------------------------------------------------------------------------

def _answers_to_keep(answers: dict | None) -> dict:
    """What of the app's answers the audit uses, as it uses it: given answers, notes, overrides with a
    verdict and a reason (kept as typed, so the reopened audit shows the same text)."""
    from audits.checks import REGISTRY
    questions = {str(c.id): c.questions for c in REGISTRY}
    out: dict = {}
    for cid, entry in (answers or {}).items():
        if str(cid) not in questions or not isinstance(entry, dict):
            continue
        kept = {q: entry[q] for q in questions[str(cid)] if isinstance(entry.get(q), bool)}
        if isinstance(entry.get("note"), str) and entry["note"]:
            kept["note"] = entry["note"]
        ov = entry.get("override")
        if isinstance(ov, dict) and ov.get("verdict") in answers_file.OVERRIDE_VERDICTS \
                and isinstance(ov.get("reason"), str) and ov["reason"].strip():
            kept["override"] = {"verdict": ov["verdict"], "reason": ov["reason"]}
        if kept:
            out[str(cid)] = kept
    return out


def _scope_json(scope: Scope | None) -> dict | None:
    if scope is None or scope.empty:
        return None
    return {"start": scope.start.isoformat() if scope.start else None,
            "end": scope.end.isoformat() if scope.end else None,
            "teams": list(scope.teams), "managers": list(scope.managers)}


def audit_json(store, session: Session) -> dict:
    """audit.json of a save (the uploads' members named data/0001, ... in upload order)."""
    uploads = [{"name": u.name, "member": f"data/{i:04d}", "table": u.table}
               for i, u in enumerate(store.uploads(), 1)]
    return {
        "uploads": uploads,
        "mapping": store.mapping_file(),
        "files": [{"file": f.file, "sheet": f.sheet, "table": f.table, "mapping": dict(f.mapping),
                   "dayfirst": f.dayfirst} for f in store.files],
        "settings": {k: float(v) for k, v in (session.settings or {}).items()},
        "answers": _answers_to_keep(session.answers),
        "as_of": session.as_of.isoformat() if session.as_of else None,
        "scope": _scope_json(session.scope),
        "lang": session.lang if session.lang in LANGS else "ru",
        "company": str(session.company or ""),
    }


def save(store, session: Session, created: dt.datetime | None = None) -> bytes:
    """The save file of this store and session, as bytes."""
    created = created or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    manifest = {"format": FORMAT, "version": VERSION, "created": created.isoformat(), "app": dict(APP)}
    body = audit_json(store, session)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        zf.writestr(AUDIT, json.dumps(body, ensure_ascii=False, indent=2, default=str))
        for up, entry in zip(store.uploads(), body["uploads"]):
            zf.write(up.path, entry["member"])
    return buf.getvalue()


def file_name(company: str = "", as_of: dt.date | str | None = None, today: dt.date | None = None) -> str:
    """`sales-audit_<company>_<date>.zip`: letters, digits and dashes only (any script)."""
    slug = re.sub(r"[^\w\-]+", "-", str(company or ""), flags=re.UNICODE).strip("-_")[:60]
    day = as_of.isoformat() if isinstance(as_of, dt.date) else (str(as_of)[:10] if as_of else None)
    day = day or (today or dt.date.today()).isoformat()
    return "_".join(p for p in ("sales-audit", slug, day) if p) + ".zip"


# --- opening: reading and checking ------------------------------------------------------------------

def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, out: BinaryIO | None = None) -> bytes | int:
    """A member's bytes (or, with `out`, the count written there), never more than `limit` real bytes."""
    got, chunks = 0, []
    with zf.open(info) as src:
        while chunk := src.read(1 << 20):
            got += len(chunk)
            if got > limit:
                raise _Refused("save.err.too_big", limit_mb=max(limit >> 20, 1))
            if out is None:
                chunks.append(chunk)
            else:
                out.write(chunk)
    return b"".join(chunks) if out is None else got


def _json_member(zf: zipfile.ZipFile, name: str, missing_key: str):
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise _Refused(missing_key) from None
    raw = _read_member(zf, info, MAX_META_BYTES)
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Refused("save.err.corrupt") from None


def _is_str(v) -> bool:
    return isinstance(v, str)


def _opt_str(v) -> bool:
    return v is None or isinstance(v, str)


def _date(v, name: str) -> dt.date | None:
    if v is None:
        return None
    if not isinstance(v, str):
        raise _Refused("save.err.bad_field", field=name)
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        raise _Refused("save.err.bad_field", field=name) from None


def _check_manifest(manifest) -> None:
    if not isinstance(manifest, dict):
        raise _Refused("save.err.bad_field", field=MANIFEST)
    if manifest.get("format") != FORMAT:
        raise _Refused("save.err.not_ours")
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Refused("save.err.bad_field", field="version")
    if version > VERSION:
        raise _Refused("save.err.newer", version=version, supported=VERSION)
    if not _opt_str(manifest.get("created")):
        raise _Refused("save.err.bad_field", field="created")


def _settings(value) -> dict:
    if not isinstance(value, dict):
        raise _Refused("save.err.bad_field", field="settings")
    from audits.checks.norms import canonical
    known = defaults()
    out = {}
    for given, v in value.items():
        name = canonical(given) if isinstance(given, str) else given     # an earlier name of a renamed norm
        if name not in known or isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise _Refused("save.err.bad_field", field=f"settings.{str(given)[:40]}")
        out[name] = float(v)
    return out


def _scope(value) -> Scope | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _Refused("save.err.bad_field", field="scope")
    teams, managers = value.get("teams") or [], value.get("managers") or []
    if not (isinstance(teams, list) and isinstance(managers, list) and all(map(_is_str, teams + managers))):
        raise _Refused("save.err.bad_field", field="scope")
    scope = Scope(start=_date(value.get("start"), "scope.start"), end=_date(value.get("end"), "scope.end"),
                  teams=tuple(teams), managers=tuple(managers))
    return None if scope.empty else scope


def _str_map(value) -> bool:
    return isinstance(value, dict) and all(_is_str(k) and _opt_str(v) for k, v in value.items())


def _mapping(value) -> dict:
    if not isinstance(value, dict):
        raise _Refused("save.err.bad_field", field="mapping")
    for key, entry in value.items():
        if key == "stage_order":        # the user's order of the funnel stages: {pipeline: [stage, ...]}
            ok = isinstance(entry, dict) and all(_is_str(k) and isinstance(v, list) and all(map(_is_str, v))
                                                 for k, v in entry.items())
        elif key == "funnel_pipeline":  # the pipeline the funnel is about
            ok = _is_str(entry)
        else:
            ok = _str_map(entry)
        if not ok:
            raise _Refused("save.err.bad_field", field=f"mapping.{str(key)[:40]}")
    return value


def _uploads(value, zf: zipfile.ZipFile) -> list[dict]:
    if not isinstance(value, list):
        raise _Refused("save.err.bad_field", field="uploads")
    out = []
    for up in value:
        if not (isinstance(up, dict) and _is_str(up.get("name")) and up["name"] and _is_str(up.get("member"))
                and (up.get("table") is None or up.get("table") in model.TABLE_NAMES)):
            raise _Refused("save.err.bad_field", field="uploads")
        try:
            info = zf.getinfo(up["member"])
        except KeyError:
            raise _Refused("save.err.missing_member", name=up["name"][:100]) from None
        out.append({"name": up["name"], "info": info, "table": up.get("table")})
    return out


def _files(value) -> list[dict]:
    if not isinstance(value, list):
        raise _Refused("save.err.bad_field", field="files")
    for f in value:
        if not (isinstance(f, dict) and _is_str(f.get("file")) and _opt_str(f.get("sheet"))
                and (f.get("table") is None or f.get("table") in model.TABLE_NAMES) and _str_map(f.get("mapping"))
                and (f.get("dayfirst") is None or isinstance(f.get("dayfirst"), bool))):
            raise _Refused("save.err.bad_field", field="files")
    return value


def _parse(zf: zipfile.ZipFile, size: int, lang: str) -> tuple[dict, dict, list[dict], Session]:
    """The manifest, audit.json, the uploads to read and the session, all checked."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _Refused("save.err.too_many", count=len(infos), limit=MAX_MEMBERS)
    declared = sum(i.file_size for i in infos)
    if declared > MAX_DATA_BYTES + 2 * MAX_META_BYTES or declared > MAX_RATIO * max(size, 1) + RATIO_SLACK \
            or any(i.file_size > MEMBER_SLACK and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
        raise _Refused("save.err.too_big", limit_mb=MAX_DATA_BYTES >> 20)
    manifest = _json_member(zf, MANIFEST, "save.err.no_manifest")
    _check_manifest(manifest)
    body = _json_member(zf, AUDIT, "save.err.corrupt")
    if not isinstance(body, dict):
        raise _Refused("save.err.bad_field", field=AUDIT)
    uploads = _uploads(body.get("uploads"), zf)
    _files(body.get("files", []))
    _mapping(body.get("mapping") or {})
    answers = body.get("answers") or {}
    problems = answers_file.validate(answers, lang)
    if problems:
        raise _Refused("save.err.answers", details="; ".join(problems[:5]))
    lang_saved = body.get("lang") or "ru"
    if lang_saved not in LANGS:
        raise _Refused("save.err.bad_field", field="lang")
    company = body.get("company") or ""
    if not _is_str(company):
        raise _Refused("save.err.bad_field", field="company")
    session = Session(settings=_settings(body.get("settings") or {}), answers=answers,
                      as_of=_date(body.get("as_of"), "as_of"), scope=_scope(body.get("scope")),
                      lang=lang_saved, company=company)
    return manifest, body, uploads, session


# --- opening: rebuilding the store ------------------------------------------------------------------

def _restore_pieces(store, saved: list[dict]) -> bool:
    """Remove the pieces that had been removed before the save, read the dates of each again in the
    order chosen for it, remap the ones that had been remapped; True when every saved piece was found
    again. (A save written before the order could be chosen has no "dayfirst": nothing was chosen.)"""
    j = 0
    for f in store.files:
        want = saved[j] if j < len(saved) else None
        if want is not None and f.file == want["file"] and f.sheet == want.get("sheet"):
            if want.get("dayfirst") is not None and want["dayfirst"] != f.dayfirst:
                f = store.set_dayfirst(f.id, want["dayfirst"])
            mapping = {h: c for h, c in (want.get("mapping") or {}).items() if c}
            if want.get("table") != f.table or mapping != f.mapping:
                store.remap(f.id, want.get("table"), mapping)
            j += 1
        else:
            store.remove(f.id)
    return j == len(saved)


def _rebuild(zf: zipfile.ZipFile, body: dict, uploads: list[dict], store_factory, say: Progress, lang: str):
    from audits.store import Input
    store = store_factory()
    try:
        folder = store.workdir / "opening"
        folder.mkdir(parents=True, exist_ok=True)
        budget = MAX_DATA_BYTES
        inputs = []
        for i, up in enumerate(uploads, 1):
            say(0.3 * i / max(len(uploads), 1), up["name"])
            dest = folder / f"{i:04d}"           # a name made here, never one from the archive
            with dest.open("wb") as out:
                budget -= _read_member(zf, up["info"], budget, out)
            inputs.append(Input(name=up["name"], path=dest, table=up["table"]))
        mapping = body.get("mapping") or {}
        store.add(inputs, mapping=mapping, progress=lambda f, n: say(0.3 + 0.6 * f, n))
        shutil.rmtree(folder, ignore_errors=True)      # the Store keeps its own copies
        say(0.92, "")
        warnings = []
        if not _restore_pieces(store, body.get("files", [])):
            warnings.append(t("save.warn.mismatch", lang))
        aliases = mapping.get("manager_aliases") or {}
        if aliases and any(store.manager_aliases.get(k) != v for k, v in aliases.items()):
            store.merge_managers(aliases)
        return store, warnings
    except BaseException:
        store.close()
        raise


def open_audit(data: bytes | BinaryIO | Path, lang: str = "ru", progress: Progress | None = None,
               store_factory=None) -> Opened:
    """A save file opened into a new Store (made by `store_factory`, a default Store without one).
    Never raises for a bad file: Opened.errors says what was wrong, in `lang`."""
    say = progress or (lambda f, n: None)
    if store_factory is None:
        from audits.store import Store
        store_factory = Store
    try:
        if isinstance(data, (bytes, bytearray)):
            size, src = len(data), io.BytesIO(data)
        elif isinstance(data, Path):
            size, src = data.stat().st_size, data
        else:
            data.seek(0, io.SEEK_END)
            size = data.tell()
            data.seek(0)
            src = data
        say(0.0, "")
        try:
            zf = zipfile.ZipFile(src)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
            raise _Refused("save.err.not_zip") from None
        with zf:
            manifest, body, uploads, session = _parse(zf, size, lang)
            store, warnings = _rebuild(zf, body, uploads, store_factory, say, lang)
        say(1.0, "")
        return Opened(store, session, [], warnings, manifest)
    except _Refused as e:
        return Opened(None, None, [t(e.key, lang, **e.params)])
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError,
            KeyError, TypeError, AttributeError) as e:
        log.info("save file refused: %s", type(e).__name__)
        return Opened(None, None, [t("save.err.corrupt", lang)])
    except Exception as e:      # the last guard: a clear message, never a traceback
        failure(log, "opening a save file", e)
        return Opened(None, None, [t("save.err.corrupt", lang)])
