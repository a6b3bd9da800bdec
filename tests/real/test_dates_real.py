"""The analysis date and the overall score on real exports (issue: numbers that mean what they say)."""
from __future__ import annotations

import datetime as dt

from audits import audit
from audits.store import Input, Store

from .conftest import real_path

NPS = "nps-botanic-survey/nps.csv"


def test_the_botanic_survey_alone_gives_its_nps_with_no_mapping():
    # 13,954 answers, 342 of them `NA`: 13,612 scores, 8,465 promoters and 1,194 detractors
    # (tests/real/test_real_numbers.py counts them from the raw file): 100 x 7,271 / 13,612 = 53.42.
    path = real_path(NPS)
    store = Store(memory_limit=None, threads=2)
    try:
        store.add([Input(name=path.name, path=path)])
        result = audit.run_store(store, lang="en", today=dt.date(2026, 12, 4))
    finally:
        store.close()
    assert result.tables["nps"]["rows"] == 13_612
    assert round(result.metrics["nps"], 2) == 53.42
    assert result.metrics["nps_responses"] == 13_612
    # Issue 13: item 7 scores how NPS is measured (the share of active clients who answered, the
    # recency of the latest answer); a survey alone, without dates or orders, tells neither, so the
    # item is not scored, while the NPS is shown beside it (unscored) in its band: leaders (50-80).
    nps = next(s for s in result.check(7).signals if s.key == "signal.nps.score")
    assert round(nps.value, 2) == 53.42 and not nps.scored and result.metrics["nps_band"] == "leaders"
    assert result.check(7).data_score is None
    assert result.score is None and result.assessed < result.total / 2
