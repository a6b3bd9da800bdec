"""Each detection trap seen when a new user tried the real exports, shown on the file that has it.

The per-file yardstick (tests/real/expected.yml) already says what every header should become; these
tests name the traps one by one, so that a regression reads as the trap it brings back.
"""
from __future__ import annotations

import pytest

from audits.store import Input, Store

from .conftest import real_path


def _load(*rels: str, mapping: dict | None = None) -> Store:
    store = Store(memory_limit=None, threads=2)
    store.add([Input(name=real_path(r).name, path=real_path(r)) for r in rels], mapping=mapping or {})
    return store


@pytest.fixture
def loaded():
    stores: list[Store] = []

    def load(*rels, mapping=None):
        stores.append(_load(*rels, mapping=mapping))
        return stores[-1]
    yield load
    for s in stores:
        s.close()


def _by_name(store: Store) -> dict:
    return {f.file.rsplit("/", 1)[-1]: f for f in store.files}


def test_opportunity_history_beside_opportunities_is_stage_history_and_the_deals_do_not_multiply(loaded):
    store = loaded("salesforce-devorg-sample-excel-resaved/Opportunity.csv",
                   "salesforce-devorg-sample-excel-resaved/OpportunityHistory.csv")
    files = _by_name(store)
    assert files["Opportunity.csv"].table == "deals"
    hist = files["OpportunityHistory.csv"]
    assert hist.table == "stage_history"
    assert hist.mapping == {"OpportunityId": "deal_id", "StageName": "stage", "CreatedDate": "entered_at"}
    assert store.tables()["deals"] == 36                   # not 84: the history rows are not deals
    assert hist.rows + hist.set_aside == 48


@pytest.mark.parametrize("rel, table, found, missing", [
    ("hubspot-deals-solarhub/hubspot-crm-exports-all-deals-2025-11-28.csv", "deals",
     ["Record ID", "Amount"], "stage"),
    ("olist-marketing-funnel/olist_closed_deals_dataset.csv", "deals", ["mql_id", "won_date"], "stage"),
    ("call-center-restaurant-bookings/Call Center Data.csv", "calls", ["Call ID", "Agent ID"], "duration_s"),
])
def test_a_file_missing_one_required_column_is_offered_with_what_was_recognised_and_what_is_missing(
        loaded, rel, table, found, missing):
    info = loaded(rel).files[0]
    assert info.table == table and info.rows == 0
    msg = next(m for m in info.messages if m.key == "detect.missing_required")
    for lang in ("en", "ru"):
        text = msg.text(lang)
        assert all(h in text for h in found), text
        assert f"({missing})" in text and f'"{table}"' in text, text      # and how to supply it in --map


def test_a_survey_with_an_nps_column_and_no_date_is_the_nps_table(loaded):
    info = loaded("nps-botanic-survey/nps.csv").files[0]
    assert info.table == "nps" and info.mapping["nps"] == "score"
    assert (info.rows, info.set_aside) == (13612, 342)


@pytest.mark.parametrize("rel, header", [
    ("odoo-crm-lead-vapelife/crm.lead.csv", "fax"),                       # a fax is not a phone
    ("odoo-crm-lead-vapelife/crm.lead.csv", "type"),                      # always "lead": not a segment
    ("amocrm-export-amoimport/contacts_test.csv", "Тип"),                 # always "контакт"
    ("pipedrive-opticwise/organizations-23955722-70.csv", "Annual revenue"),   # the company's own size
    ("hubspot-deals-marvell/hubspot-crm-exports-all-deals-2023-05-16.csv", "Associated Discount"),  # linked ids
    ("callmemaybe-telecom-operators/telecom_dataset_us.csv", "internal"),  # between operators, not answered
])
def test_columns_that_only_look_like_a_canonical_column_stay_unmapped(loaded, rel, header):
    info = loaded(rel).files[0]
    assert header in info.headers
    assert header not in info.mapping, info.mapping


@pytest.mark.parametrize("rel, preset", [
    ("pipedrive-opticwise/organizations-23955722-70.csv", "Pipedrive"),
    ("pipedrive-opticwise/deals-23955722-69.csv", "Pipedrive"),
    ("amocrm-export-amoimport/contacts_test.csv", "amoCRM"),
    ("amocrm-export-amoimport/leads_test.csv", "amoCRM"),
    ("hubspot-deals-marvell/hubspot-crm-exports-all-deals-2023-05-16.csv", "HubSpot"),
    ("salesforce-export-data-cloud-workshop/Opportunity.csv", "Salesforce"),
    ("kaggle-sample-sales-data/sales_data_sample.csv", None),
    ("maven-crm-sales-opportunities/original_zip_extracted/sales_pipeline.csv", None),
])
def test_a_preset_label_is_given_only_when_its_signature_columns_are_there(loaded, rel, preset):
    assert loaded(rel).files[0].preset == preset


def test_rows_that_are_daily_totals_of_calls_are_refused_with_the_reason(loaded):
    info = loaded("callmemaybe-telecom-operators/telecom_dataset_us.csv").files[0]
    assert info.table == "calls" and info.mapping["calls_count"] == "count"
    assert info.rows == 0                                    # never 53,902 "calls"
    msg = next(m for m in info.messages if m.key == "detect.aggregate_rows")
    assert "calls_count" in msg.text("en") and "calls_count" in msg.text("ru")


def test_a_per_rep_kpi_summary_is_not_taken_for_calls_or_staff(loaded):
    info = loaded("call-center-rep-aggregates/Call Center Data.csv").files[0]
    assert info.table is None and info.rows == 0


@pytest.mark.parametrize("rel, header, target", [
    ("uci-online-retail-samples/moatazsaad_40k_sample/Online Retail.xlsx", "InvoiceNo", "order_id"),
    ("uci-online-retail-samples/moatazsaad_40k_sample/Online Retail.xlsx", "StockCode", "product"),
    ("uci-online-retail-samples/moatazsaad_40k_sample/Online Retail.xlsx", "CustomerID", "client_id"),
    ("maven-crm-sales-opportunities/original_zip_extracted/sales_pipeline.csv", "sales_agent", "manager"),
    ("maven-crm-sales-opportunities/original_zip_extracted/sales_pipeline.csv", "engage_date", "created_at"),
    ("maven-crm-sales-opportunities/original_zip_extracted/sales_pipeline.csv", "close_value", "amount"),
    ("maven-crm-sales-opportunities/original_zip_extracted/sales_pipeline.csv", "account", "client_id"),
    ("pbxware-cdr-queue-log-voipoffice/cdr_tmp.csv", "calldate", "started_at"),
    ("pbxware-cdr-queue-log-voipoffice/cdr_tmp.csv", "billsec", "duration_s"),
    ("pbxware-cdr-queue-log-voipoffice/cdr_tmp.csv", "disposition", "status"),
    ("call-center-restaurant-bookings/Call Center Data.csv", "Call Date", "started_at"),
    ("call-center-restaurant-bookings/Call Center Data.csv", "Agent ID", "manager"),
    ("kaggle-sample-sales-data/sales_data_sample.csv", "QUANTITYORDERED", "quantity"),
    ("kaggle-sample-sales-data/sales_data_sample.csv", "CUSTOMERNAME", "client_id"),
    ("olist-marketing-funnel/olist_closed_deals_dataset.csv", "won_date", "closed_at"),
    ("olist-marketing-funnel/olist_closed_deals_dataset.csv", "sr_id", "manager"),
    ("odoo-crm-lead-vapelife/crm.lead.csv", "user_id/id", "manager"),
    ("amocrm-export-amoimport/contacts_test.csv", "Полное имя контакта", "name"),
    ("amocrm-export-amoimport/leads_test.csv", "Дата закрытия", "closed_at"),
])
def test_common_headers_of_real_exports_are_recognised(loaded, rel, header, target):
    info = loaded(rel).files[0]
    assert info.mapping.get(header) == target, info.mapping
