"""Real-format exports to mangle: the CSV fixtures, the heads of the demo company's exports, and
small workbooks (the demo's staff list and plan, and the amoCRM export cut to its first rows).

Everything here is read from the repository and cut deterministically, so the seeds (and what is
built from them) are the same on every run.
"""
from __future__ import annotations

import io
import re
import zipfile
from functools import cache

from tests.conftest import FIXTURES, SAMPLE

HEAD_LINES = 30            # lines kept from each (large) demo export


@cache
def csv_seeds() -> dict[str, bytes]:
    """name -> bytes of every CSV-like fixture and the first lines of every demo CSV export."""
    out = {p.name: p.read_bytes() for p in sorted((FIXTURES / "csv").iterdir())}
    for p in sorted(SAMPLE.glob("*.csv")):
        with p.open("rb") as f:
            lines = [f.readline() for _ in range(HEAD_LINES)]
        out[p.name] = b"".join(lines)
    return out


@cache
def xlsx_seeds() -> dict[str, dict[str, bytes]]:
    """name -> {zip entry: bytes} of small real workbooks (the amoCRM export cut to 25 rows/sheet)."""
    out = {name: entries((SAMPLE / name).read_bytes()) for name in ("managers.xlsx", "plans.xlsx")}
    amo = entries((SAMPLE / "amocrm_deals.xlsx").read_bytes())
    for part in [n for n in amo if n.startswith("xl/worksheets/sheet")]:
        amo[part] = _first_rows(amo[part], 25)
    out["amocrm_deals.xlsx"] = amo
    return out


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rezip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _first_rows(sheet_xml: bytes, n: int) -> bytes:
    """The sheet with only its first `n` <row> elements (and a dimension that says so)."""
    rows = list(re.finditer(rb"<row [^>]*>.*?</row>", sheet_xml, flags=re.S))
    if len(rows) <= n:
        return sheet_xml
    cut = sheet_xml[:rows[n - 1].end()] + sheet_xml[rows[-1].end():]
    return re.sub(rb'<dimension ref="([A-Z]+\d+):([A-Z]+)\d+"', rb'<dimension ref="\1:\g<2>%d"' % n, cut, count=1)
