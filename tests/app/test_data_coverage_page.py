"""The Data page shows each table's period and warns when the tables' periods do not overlap and when a
table lacks the columns the checks need (audits.coverage)."""
from audits.i18n import t
from tests.app.helpers import DATA_PAGE, LANG_WIDGET, new_app, upload

# Deals of 2016-17 without a manager or a close date; calls of 2021.
DEALS = ("deal_id,stage,amount,created_at\n"
         "1,New,100,2016-10-20\n"
         "2,Won,200,2017-12-27\n").encode()
CALLS = ("Дата,Менеджер,Длительность\n"
         "2021-01-01 10:00,Иван Петров,65\n"
         "2021-03-31 11:00,Анна Смирнова,120\n").encode()


def test_the_page_shows_the_periods_and_warns_about_periods_and_missing_columns():
    at = new_app().run()
    at.sidebar.radio(key=LANG_WIDGET).set_value("en").run()
    upload(at, [("deals.csv", DEALS), ("calls.csv", CALLS)])
    at.switch_page(DATA_PAGE).run()
    assert not at.exception
    table = at.dataframe[0].value
    periods = {row[t("data.col.table", "en")]: (row[t("data.col.from", "en")], row[t("data.col.to", "en")])
               for row in table.to_dict("records")}
    assert periods == {"Deals": ("2016-10-20", "2017-12-27"), "Calls": ("2021-01-01", "2021-03-31")}
    warnings = [w.value for w in at.warning]
    assert ("The periods of two tables do not overlap: deals from 2016-10-20 to 2017-12-27, calls from "
            "2021-01-01 to 2021-03-31. Items 1, 17 compare these tables; those figures are left out, the rest "
            "of the items still count. Upload both exports for the same period.") in warnings
    deals = next(w for w in warnings if w.startswith("The table “deals” lacks columns"))
    assert "manager (items 3, 5, 12, 15, 16, 17, 19, 26, 28)" in deals and "closed (item 19)" in deals
