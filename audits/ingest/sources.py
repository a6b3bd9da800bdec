"""Turn what a user hands us (files, folders, .zip archives) into single files to parse.

Every file is copied into the session's private work folder (DuckDB may read nothing else), its
kind is decided from its first bytes rather than its name, and archives are unpacked with limits
that hold even when the archive lies about its sizes.
"""
from __future__ import annotations

import os
import re
import shutil
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from audits.ingest.errors import IngestError

MAX_ZIP_ENTRIES = 500
MAX_UNPACKED_BYTES = 1 << 30          # 1 GiB per archive, counted while unpacking
MAX_RATIO = 200                       # declared unpacked size / packed size beyond which we refuse

TABLE_EXTENSIONS = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods", ".parquet", ".pq"}

# First bytes of formats people upload by mistake: never a table.
_NOT_TABLES = [
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"%PDF", "PDF"),
    (b"\x7fELF", "ELF"),
    (b"MZ", "EXE"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "GZIP"),
    (b"BZh", "BZIP2"),
    (b"{\\rtf", "RTF"),
    (b"SQLite format 3", "SQLite"),
]


@dataclass
class Piece:
    """One file ready to parse."""
    name: str            # display name: "export.zip/calls.csv"
    path: Path           # its copy in the session's work folder
    kind: str            # "csv" | "excel" | "parquet"
    table: str | None    # forced canonical table, if the user said so


@dataclass(frozen=True)
class Upload:
    """One file as the user handed it over (before unpacking): its name, its copy, a forced table."""
    name: str            # as given: "export.zip", "exports/calls.csv" for a file of a folder
    path: Path           # its byte-for-byte copy in the session's work folder
    table: str | None


def safe_name(name: str) -> str:
    base = re.sub(r"[^\w.\-]+", "_", Path(name).name, flags=re.UNICODE).strip("._")
    return base[:100] or "file"


class Sources:
    """Copies inputs into `folder` and classifies them."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self._n = 0
        self.uploads: list[Upload] = []      # every file handed over, in order (a folder: each file)

    def _dest(self, name: str) -> Path:
        self._n += 1
        return self.folder / f"{self._n:04d}_{safe_name(name)}"

    def from_bytes(self, name: str, data: bytes, table: str | None = None) -> list[tuple[str, object]]:
        """Pieces (or the error) of an uploaded file: [(display name, Piece | IngestError)]."""
        dest = self._dest(name)
        dest.write_bytes(data)
        self.uploads.append(Upload(name, dest, table))
        try:
            return [(p.name, p) for p in self._classify(name, dest, table)]
        except IngestError as e:
            return [(name, e)]

    def from_path(self, name: str, path: Path, table: str | None = None) -> list[tuple[str, object]]:
        """Like from_bytes, for a file or a folder; a folder yields every table file inside it."""
        if path.is_dir():
            out: list[tuple[str, object]] = []
            for p in sorted(path.rglob("*")):
                rel = p.relative_to(path)
                if p.is_file() and not any(part.startswith((".", "_")) for part in rel.parts) \
                        and p.suffix.lower() in TABLE_EXTENSIONS | {".zip"}:
                    out.extend(self.from_path(f"{name}/{rel.as_posix()}", p, table))
            return out
        if not path.exists():
            return [(name, IngestError("source.not_found", file=name))]
        dest = self._dest(name)
        _link_or_copy(path, dest)
        self.uploads.append(Upload(name, dest, table))
        try:
            return [(p.name, p) for p in self._classify(name, dest, table)]
        except IngestError as e:
            return [(name, e)]

    # --- classification -------------------------------------------------------------------
    def _classify(self, name: str, path: Path, table: str | None) -> list[Piece]:
        size = path.stat().st_size
        if size == 0:
            raise IngestError("source.empty", file=name)
        with path.open("rb") as f:
            head = f.read(8192)
        for magic, label in _NOT_TABLES:
            if head.startswith(magic):
                raise IngestError("source.not_a_table", file=name, kind=label)
        if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
            return self._zip_like(name, path, table)
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return [Piece(name, path, "excel", table)]      # .xls, or an encrypted workbook
        if head.startswith(b"PAR1"):
            return [Piece(name, path, "parquet", table)]
        if _looks_binary(head):
            raise IngestError("source.binary", file=name)
        return [Piece(name, path, "csv", table)]

    def _zip_like(self, name: str, path: Path, table: str | None) -> list[Piece]:
        try:
            zf = zipfile.ZipFile(path)
            names = zf.namelist()
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            raise IngestError("source.bad_zip", detail=str(e), file=name) from None
        with zf:
            if "[Content_Types].xml" in names or "mimetype" in names:
                return [Piece(name, path, "excel", table)]      # xlsx / xlsm / ods
            return self._unzip(name, path, zf, table)

    def _unzip(self, name: str, path: Path, zf: zipfile.ZipFile, table: str | None) -> list[Piece]:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_ZIP_ENTRIES:
            raise IngestError("source.zip_too_many", file=name, count=len(infos), limit=MAX_ZIP_ENTRIES)
        declared = sum(i.file_size for i in infos)
        packed = max(path.stat().st_size, 1)
        if declared > MAX_UNPACKED_BYTES or declared > MAX_RATIO * packed + (64 << 20):
            raise IngestError("source.zip_too_big", file=name, size_mb=declared >> 20,
                              limit_mb=MAX_UNPACKED_BYTES >> 20)
        pieces: list[Piece] = []
        budget = MAX_UNPACKED_BYTES
        for info in sorted(infos, key=lambda i: i.filename):
            inner = info.filename
            parts = Path(inner).parts
            if any(p.startswith((".", "_")) for p in parts) or Path(inner).suffix.lower() not in TABLE_EXTENSIONS:
                continue
            dest = self._dest(inner)
            budget = _copy_limited(zf, info, dest, budget, name)
            pieces.extend(self._classify(f"{name}/{inner}", dest, table))
        if not pieces:
            raise IngestError("source.zip_empty", file=name)
        return pieces


def _link_or_copy(src: Path, dest: Path) -> None:
    """A hard link when the file system allows it (instant), else a copy. Safe because nothing
    writes into a piece in place: transcoding writes a new file and renames it over the old."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def _copy_limited(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, budget: int, name: str) -> int:
    """Unpack one entry, counting real bytes: a lying header cannot get past the budget."""
    try:
        with zf.open(info) as src, dest.open("wb") as out:
            while chunk := src.read(1 << 20):
                budget -= len(chunk)
                if budget < 0:
                    raise IngestError("source.zip_too_big", file=name, size_mb=MAX_UNPACKED_BYTES >> 20,
                                      limit_mb=MAX_UNPACKED_BYTES >> 20)
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError) as e:
        raise IngestError("source.bad_zip", detail=str(e), file=name) from None
    return budget


def _looks_binary(head: bytes) -> bool:
    """NUL bytes or mostly control bytes: not text. UTF-16 text has NULs but starts with a BOM."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) * 0.05
