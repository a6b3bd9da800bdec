"""A call's phone is put in canonical form once: later loads, remaps and merges leave it alone."""
from __future__ import annotations

from audits.store import Input


def test_a_phone_keeps_its_form_when_more_files_are_added(store):
    # "+7 318 621798" has 10 digits: no Russian rule applies, libphonenumber cannot make a possible
    # number of it and keeps its digits, 7318621798. Read again as a national number, those digits
    # would become 77318621798: the second add must not do that.
    calls = "Дата звонка;Менеджер;Номер;Длительность\n01.03.2025 10:00:00;Анна;+7 318 621798;60\n".encode()
    store.add([Input("calls.csv", data=calls)])
    first = store.sql("SELECT phone FROM calls")["phone"].to_list()
    assert first == ["7318621798"]
    more = "Дата звонка;Менеджер;Номер;Длительность\n02.03.2025 11:00:00;Борис;8 912 345-67-89;30\n".encode()
    store.add([Input("calls2.csv", data=more)])
    store.merge_managers({})
    assert store.sql("SELECT phone FROM calls ORDER BY started_at")["phone"].to_list() == [
        "7318621798", "79123456789"]
