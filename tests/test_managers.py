from audits import managers


def test_case_spacing_and_yo_variants_merge_to_the_most_frequent_spelling():
    counts = {"Иван Петров": 10, "иван  петров": 2, "Пётр Сёмин": 3, "Петр Семин": 1, "Анна Смирнова": 4}
    assert managers.exact_aliases(counts) == {"иван  петров": "Иван Петров", "Петр Семин": "Пётр Сёмин"}


def test_surname_with_initial_is_offered_for_merge_with_the_full_name():
    names = ["Иван Петров", "Петров И.", "Петров И.С.", "Анна Смирнова", "Смирнова А.", "Олег Кузнецов"]
    got = [(s.names, s.canonical) for s in managers.suggestions(names)]
    assert got == [(["Смирнова А.", "Анна Смирнова"][::-1], "Анна Смирнова"),
                   (["Иван Петров", "Петров И.", "Петров И.С."], "Иван Петров")]


def test_two_people_sharing_surname_and_initial_are_not_merged():
    names = ["Иван Петров", "Игорь Петров", "Петров И."]
    assert managers.suggestions(names) == []


def test_a_name_from_the_managers_file_is_preferred_as_the_canonical_spelling():
    names = ["Петров Иван Сергеевич", "Петров И.", "Иван Петров"]
    [s] = managers.suggestions(names, preferred={"Иван Петров"})
    assert s.canonical == "Иван Петров"
