"""Warm and cold leads read from a deal's channel (audits/ingest/lead_vocab.py)."""
import pytest

from audits.ingest.lead_vocab import lead_kind


@pytest.mark.parametrize("channel, kind", [
    ("Рекомендация", "warm"), ("По рекомендации партнёра", "warm"), ("Сарафанное радио", "warm"),
    ("Повторная покупка", "warm"), ("Заявка с сайта", "warm"), ("Сайт", "warm"), ("Входящий звонок", "warm"),
    ("Referral", "warm"), ("Web", "warm"), ("Phone Inquiry", "warm"), ("Repeat customer", "warm"),
    ("Inbound", "warm"), ("Website form", "warm"), ("Ascend Advisers - Outreach", "cold"),
    ("Холодный звонок", "cold"), ("Купленная база", "cold"), ("Обзвон базы", "cold"), ("Cold call", "cold"),
    ("Cold calling", "cold"), ("Purchased list", "cold"), ("Outbound", "cold"),
    ("Повторный холодный звонок", "cold"),       # cold words first
    ("Выставка", None), ("Яндекс.Директ", None), ("Other", None), ("", None), (None, None),
])
def test_lead_kind(channel, kind):
    assert lead_kind(channel) == kind
