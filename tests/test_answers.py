"""The answers file: read back what the app writes, refuse a bad file with messages that name the
problem (in the user's language), never raise."""
import json

import pytest

from audits import answers
from audits.checks import REGISTRY
from audits.i18n import t

FUNNEL = next(c for c in REGISTRY if c.id == 1)


def read(obj, lang="en"):
    return answers.read(json.dumps(obj).encode(), lang)


def test_a_good_file_is_read_as_it_was_written():
    good = {"1": {"q1": True, "q2": False, "note": "Воронка в Excel", "override": {"verdict": "warning",
                                                                                "reason": "Stages changed in May"}}}
    parsed = read(good)
    assert parsed.ok and parsed.errors == []
    assert parsed.answers == good
    assert answers.read(answers.dump(parsed.answers), "ru").answers == good


def test_unanswered_questions_and_empty_notes_are_dropped():
    parsed = read({"1": {"q1": None, "q2": True, "note": "  "}, "2": {}} if any(c.id == 2 for c in REGISTRY)
                  else {"1": {"q1": None, "q2": True, "note": "  "}})
    assert parsed.answers == {"1": {"q2": True}}


@pytest.mark.parametrize("obj, key, named", [
    ({"99": {"q1": True}}, "answers.err.unknown_check", "99"),
    ({"abc": {"q1": True}}, "answers.err.unknown_check", "abc"),
    ({"1": {"q42": True}}, "answers.err.unknown_question", "q42"),
    ({"1": {"q1": "yes"}}, "answers.err.not_bool", "q1"),
    ({"1": {"q1": 1}}, "answers.err.not_bool", "q1"),
    ({"1": {"override": {"verdict": "ok"}}}, "answers.err.override_reason", "1"),
    ({"1": {"override": {"verdict": "ok", "reason": "   "}}}, "answers.err.override_reason", "1"),
    ({"1": {"override": {"verdict": "great", "reason": "why"}}}, "answers.err.override_verdict", "great"),
    ({"1": {"override": {"verdict": "not_assessed", "reason": "why"}}}, "answers.err.override_verdict", "not_assessed"),
    ({"1": {"override": "ok"}}, "answers.err.override_not_object", "1"),
    ({"1": {"note": 5}}, "answers.err.note", "1"),
    ({"1": [True]}, "answers.err.entry_not_object", "1"),
    ([1, 2], "answers.err.not_object", None),
])
def test_a_bad_file_is_refused_with_a_message_naming_the_problem(obj, key, named):
    for lang in ("en", "ru"):
        parsed = read(obj, lang)
        assert not parsed.ok and parsed.answers is None
        assert len(parsed.errors) == 1
        head = t(key, lang, check="§", question="§", value="§", questions="§", verdict="§", verdicts="§")
        assert parsed.errors[0].startswith(head.split("§")[0]), parsed.errors[0]
        if named:
            assert named in parsed.errors[0]


def test_a_file_with_one_bad_entry_is_not_half_taken():
    parsed = read({"1": {"q1": True}, "77": {"q1": True}})
    assert parsed.answers is None and "77" in parsed.errors[0]


def test_every_problem_is_listed_up_to_a_limit():
    many = {str(100 + i): {} for i in range(30)}
    parsed = read(many)
    assert len(parsed.errors) == answers.MAX_MESSAGES + 1
    assert parsed.errors[-1] == t("answers.err.more", "en", count=30 - answers.MAX_MESSAGES)


@pytest.mark.parametrize("data", [b"", b"not json", b"\xff\xfe\x00", b"[" * 100000, "{\"1\": ", b"null",
                                  b"\"text\"", b"{\"1\": null}", json.dumps({"1": {"q1": True}}).encode("utf-8-sig")])
def test_garbage_never_raises(data):
    parsed = answers.read(data, "ru")
    assert parsed.ok or parsed.errors


def test_a_file_with_a_bom_is_read():
    assert answers.read(b"\xef\xbb\xbf" + b'{"1": {"q1": true}}', "en").answers == {"1": {"q1": True}}


def test_dump_leaves_out_what_would_not_be_read_back():
    held = {"1": {"q1": True, "q2": None, "note": "", "override": {"verdict": "ok", "reason": ""}},
            "3": {}}
    assert json.loads(answers.dump(held)) == {"1": {"q1": True}}
    held["1"]["override"]["reason"] = " checked by hand "
    assert json.loads(answers.dump(held))["1"]["override"] == {"verdict": "ok", "reason": "checked by hand"}
    assert answers.dump({}) == b"{}"


def test_the_questions_of_a_check_are_accepted():
    obj = {"1": {q: True for q in FUNNEL.questions}}
    assert read(obj).answers == obj
