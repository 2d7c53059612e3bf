"""The `scenario:` of a Markdown question: a preset, a one-line document, or a section."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.questions.packs import Scenario, parse_pack
from studyapp.questions.packs.scenario import MAX_SCENARIO_LENGTH, read_document

HEAD = "---\npack: demo\ntitle: Demo\n---\n\n## q\n"
OPTIONS = "\nWhere does the task go?\n\n- [x] Here\n- [ ] There\n"


def parsed(text, check=None):
    return parse_pack(HEAD + text, "demo.md", check_scenario=check)


def scenario_of(text, check=None):
    pack, errors = parsed(text, check)
    assert errors == []
    return pack.questions[0].scenario


def errors_of(text, check=None):
    pack, errors = parsed(text, check)
    assert pack is None
    return [str(error) for error in errors]


def test_a_preset_is_simulator_slash_name():
    assert scenario_of("scenario: placement/spread-az\n" + OPTIONS) == Scenario(
        "placement", preset="spread-az"
    )


def test_a_one_line_document_follows_the_simulator_name():
    scenario = scenario_of('scenario: rolling {"desiredCount": 4}\n' + OPTIONS)
    assert (scenario.simulator, scenario.preset, scenario.document) == (
        "rolling",
        None,
        {"desiredCount": 4},
    )


def test_a_section_holds_one_json_block_after_the_explanation():
    text = OPTIONS + (
        "\n### Explanation\n\nBecause.\n\n### Scenario: capacity\n\n```json\n"
        '{\n  "desiredCount": 3,\n  "capacityProviderStrategy": []\n}\n```\n'
    )
    pack, errors = parsed(text)
    assert errors == []
    question = pack.questions[0]
    assert question.explanation == "Because."
    assert question.scenario.simulator == "capacity"
    assert question.scenario.document == {"desiredCount": 3, "capacityProviderStrategy": []}


def test_a_question_without_a_scenario_has_none_and_keeps_its_fingerprint():
    pack, _ = parsed(OPTIONS)
    with_one, _ = parsed("scenario: placement/spread-az\n" + OPTIONS)
    assert pack.questions[0].scenario is None
    assert pack.questions[0].fingerprint() != with_one.questions[0].fingerprint()


def test_the_simulators_problems_are_errors_at_the_field_line_with_their_path():
    def check(scenario):
        assert scenario == Scenario("rolling", document_json='{"desiredCount":0}')
        return ["desiredCount: must be between 1 and 1000"]

    assert errors_of('scenario: rolling {"desiredCount": 0}\n' + OPTIONS, check) == [
        "demo.md:7: question 'q': scenario: desiredCount: must be between 1 and 1000"
    ]
    section = OPTIONS + '\n### Scenario: rolling\n\n```json\n{"desiredCount": 0}\n```\n'
    assert errors_of(section, check) == [
        "demo.md:13: question 'q': scenario: desiredCount: must be between 1 and 1000"
    ]


def test_a_json_mistake_in_a_section_is_reported_on_its_own_line():
    section = OPTIONS + '\n### Scenario: rolling\n\n```json\n{\n  "desiredCount": 4,\n}\n```\n'
    (error,) = errors_of(section)
    assert error == (
        "demo.md:17: question 'q': scenario: not valid JSON: Illegal trailing comma before end "
        "of object (column 20)"
    )


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("scenario: placement", "give 'simulator/preset', like placement/spread-az"),
        ("scenario: Placement/x", "'Placement' is not a simulator name"),
        ("scenario: placement/Spread AZ", "'Spread AZ' is not a preset name"),
        ("scenario: rolling {", "not valid JSON: Expecting"),
        ("scenario: rolling [1]", "it must be a JSON object"),
        ('scenario: rolling {"a": NaN}', "not valid JSON: NaN is not a JSON number"),
        ('scenario: rolling {"a": 1e999}', "not valid JSON: number 1e999 is too large"),
    ],
)
def test_a_malformed_field_is_an_error_at_its_line(field, message):
    (error,) = errors_of(field + "\n" + OPTIONS)
    assert error.startswith(f"demo.md:7: question 'q': scenario: {message}")


def test_a_scenario_longer_than_the_bound_is_refused_before_it_is_parsed():
    document = json.dumps({"teaches": "x" * MAX_SCENARIO_LENGTH})
    (error,) = errors_of(f"scenario: rolling {document}\n" + OPTIONS)
    assert f"longer than {MAX_SCENARIO_LENGTH:,} characters" in error


def test_deep_nesting_is_an_error_not_a_crash():
    (error,) = errors_of("scenario: rolling " + '{"a":' + "[" * 5000 + "\n" + OPTIONS)
    assert "question 'q': scenario: " in error


def test_the_scenario_is_given_once():
    section = OPTIONS + '\n### Scenario: rolling\n\n```json\n{"desiredCount": 4}\n```\n'
    (error,) = errors_of("scenario: placement/spread-az\n" + section)
    assert error == (
        "demo.md:14: question 'q': give the scenario once, as the 'scenario:' line or as this "
        "section"
    )


@pytest.mark.parametrize(
    "body",
    [
        "\nSome words\n",
        '\n```json\n{"a": 1}\n```\nAnd after.\n',
        '\n```python\n{"a": 1}\n```\n',
        '\n```json\n{"a": 1}\n```\n\n```json\n{"b": 1}\n```\n',
    ],
)
def test_a_section_holds_only_one_json_block(body):
    errors = errors_of(OPTIONS + "\n### Scenario: rolling\n" + body)
    assert errors == [
        "demo.md:13: question 'q': a '### Scenario: <simulator>' section holds one ```json "
        "block and nothing else, at the end of the question"
    ]


def test_a_scenario_heading_inside_code_is_code():
    stem = "\n```\n### Scenario: rolling\n```\n\nWhere does it go?\n\n- [x] Here\n- [ ] There\n"
    pack, errors = parsed(stem)
    assert errors == []
    assert pack.questions[0].scenario is None
    assert "### Scenario: rolling" in pack.questions[0].stem


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_one_line_value_is_a_scenario_or_an_error_never_a_crash(value):
    value = value.replace("\n", " ").replace("\r", " ").strip() or "x"
    pack, errors = parsed(f"scenario: rolling {{{value}\n" + OPTIONS)
    assert (pack is None) == bool(errors)
    if pack is not None:
        assert isinstance(pack.questions[0].scenario.document, dict)


def test_documents_are_kept_as_compact_json_in_the_authors_key_order():
    scenario = read_document("rolling", '{ "b": 1,\n  "a": [1, 2] }')
    assert scenario.document_json == '{"b":1,"a":[1,2]}'


def test_a_plain_scenario_sub_heading_in_an_explanation_stays_text():
    pack, errors = parsed(OPTIONS + "\n### Explanation\n\n### Scenario\n\nA story.\n")
    assert errors == []
    assert pack.questions[0].scenario is None
    assert pack.questions[0].explanation == "### Scenario\n\nA story."


@pytest.mark.parametrize(
    ("heading", "message"),
    [
        ("### Scenario:", "name the simulator: '### Scenario: <simulator>'"),
        (
            "### Scenario: Rolling Update",
            "scenario: 'Rolling Update' is not a simulator name "
            "(lowercase letters, digits and hyphens)",
        ),
    ],
)
def test_a_section_heading_names_its_simulator(heading, message):
    errors = errors_of(OPTIONS + f"\n{heading}\n\n```json\n{{}}\n```\n")
    assert errors == [f"demo.md:13: question 'q': {message}"]
