import pytest

from studyapp.sims import registry
from studyapp.sims.validation import (
    MAX_ECHOED_KEY,
    MAX_LISTED_PROBLEMS,
    REQUIRED,
    Boolean,
    Choice,
    Field,
    Integer,
    InvalidInput,
    List,
    Number,
    Object,
    OneOf,
    Problem,
    Reader,
    Text,
    child,
)


def test_paths_join_members_and_items():
    assert child("", "placementStrategy") == "placementStrategy"
    assert child("placementStrategy", 1) == "placementStrategy[1]"
    assert child("placementStrategy[1]", "field") == "placementStrategy[1].field"


def test_invalid_input_serialises_every_problem():
    error = InvalidInput(
        [Problem("count", "must be at least 1"), Problem("", "the document must be an object")]
    )
    assert error.as_dict() == {
        "errors": [
            {"path": "count", "message": "must be at least 1"},
            {"path": "", "message": "the document must be an object"},
        ]
    }
    assert str(error) == "count: must be at least 1; (document): the document must be an object"


def read(spec, value):
    reader = Reader()
    read_value = reader.read(spec, value, "where")
    return read_value, [problem.message for problem in reader.problems]


def test_one_whole_number_check_names_its_range_and_what_came_instead():
    assert read(Integer(0, 1000), 7) == (7, [])
    assert read(Integer(0, 1000), "7") == (
        None,
        ["must be a whole number from 0 to 1,000, not a string"],
    )
    assert read(Integer(0, 1000), True)[1] == [
        "must be a whole number from 0 to 1,000, not a boolean"
    ]
    assert read(Integer(1), 0)[1] == ["must be a whole number of at least 1"]
    assert read(Integer(0, 10), 10**5000)[1] == ["must be a whole number from 0 to 10"]


def test_text_choice_boolean_and_number_say_what_they_take():
    assert read(Text(3), "")[1] == ["must not be empty"]
    assert read(Text(3), "long")[1] == ["must be at most 3 characters"]
    assert read(Text(9, pattern="[a-z]+", form="letters"), "a1")[1] == ["must be letters"]
    assert read(Choice(("tcp", "udp")), "sctp")[1] == ["must be tcp or udp"]
    assert read(Boolean(), "yes")[1] == ["must be true or false, not a string"]
    assert read(Number(0, 0.7, noun="a fraction"), 0.8)[1] == ["must be a fraction from 0 to 0.7"]
    assert read(OneOf((Choice(("all",)), Integer(0, 5)), "all or 0-5"), "some")[1] == ["all or 0-5"]


def test_objects_fill_defaults_require_members_and_hint_at_unknown_keys():
    shape = Object(
        {
            "desiredCount": Field(Integer(0, 10), REQUIRED, "is required: how many tasks"),
            "timing": Field(Object({"startSeconds": Field(Integer(0, 60), 30)})),
        }
    )
    reader = Reader()
    assert reader.read(shape, {"desiredCount": 2}, "") == {
        "desiredCount": 2,
        "timing": {"startSeconds": 30},
    }
    assert reader.problems == []
    reader.read(shape, {"desiredCont": 2, "zzz": 1}, "")
    assert reader.problems == [
        Problem("desiredCont", "unknown key; did you mean desiredCount?"),
        Problem("zzz", "unknown key; the keys are desiredCount, timing"),
        Problem("desiredCount", "is required: how many tasks"),
    ]


def test_lists_check_their_length_before_reading_any_item():
    assert read(List(Integer(0, 9), minimum=1), []) == ([], ["needs at least 1 item"])
    assert read(List(Integer(0, 9), maximum=2), [1, 2, 3]) == (
        [],
        ["has 3 items; the limit is 2"],
    )
    assert read(List(Integer(0, 9)), [1, "x"])[0] == [1, None]


@pytest.mark.parametrize(
    ("name", "document", "path"),
    [
        ("placement", {"placementStrategies": []}, "placementStrategies"),
        ("capacity", {"capacityProviderStrategy": [], "desiredCont": 1}, "desiredCont"),
        ("rolling", {"desiredCount": 1, "timing": {"startSecond": 1}}, "timing.startSecond"),
        ("fargate", {"taskDefinition": {}, "desiredCont": 1}, "desiredCont"),
    ],
)
def test_every_simulator_hints_at_the_key_meant(name, document, path):
    with pytest.raises(InvalidInput) as raised:
        registry.run(name, document)
    messages = {problem.path: problem.message for problem in raised.value.problems}
    assert messages[path].startswith("unknown key; did you mean ")


def test_a_document_of_many_unknown_keys_lists_the_first_problems_and_counts_the_rest():
    reader = Reader()
    shape = Object(fields={"known": Field(Integer())})
    shape.read(reader, {f"{'k' * 500}{index}": 1 for index in range(10_000)}, "")
    assert reader.problem_count == 10_000
    assert len(reader.problems) == MAX_LISTED_PROBLEMS + 1
    assert reader.problems[-1].message == (
        f"and {10_000 - MAX_LISTED_PROBLEMS:,} more problem(s), not listed; mend these first"
    )
    assert all(len(problem.path) <= MAX_ECHOED_KEY + 1 for problem in reader.problems)
