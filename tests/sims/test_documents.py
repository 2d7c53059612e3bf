import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.sims import documents
from studyapp.sims.documents import (
    MAX_CONTAINERS,
    MAX_DOCUMENT_BYTES,
    MAX_NESTING,
    load_document,
)
from studyapp.sims.validation import InvalidInput


def problem(raw):
    with pytest.raises(InvalidInput) as caught:
        load_document(raw)
    return caught.value.problems[0].message


def test_a_json_object_loads():
    assert load_document(b'{"count": 2, "ratio": 0.5}') == {"count": 2, "ratio": 0.5}


def test_syntax_errors_say_where():
    assert problem('{"count": }') == "not valid JSON: Expecting value (line 1, column 11)"


def test_deep_nesting_is_refused_before_parsing():
    message = problem("[" * 100_000 + "]" * 100_000)
    assert message == f"the document nests deeper than {MAX_NESTING} levels"


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert load_document('{"expression": "' + "[" * 200 + '"}') == {"expression": "[" * 200}


def test_non_finite_and_huge_numbers_are_refused():
    assert "too large" in problem('{"count": 1e999}')
    assert "too large" in problem('{"count": ' + "1" * 400 + ".5}")
    assert "too large" in problem('{"count": -1E+400}')
    assert "is not a JSON number" in problem('{"count": NaN}')
    assert "not valid JSON" in problem('{"count": ' + "9" * 5000 + "}")


def test_oversize_and_non_utf8_documents_are_refused():
    assert "larger than" in problem(b" " * (MAX_DOCUMENT_BYTES + 1))
    assert (
        problem(b'{"a": "\xff"}') == "the document is not UTF-8 text (the byte at offset 7 is 0xff)"
    )


@given(st.binary(max_size=300))
def test_any_bytes_give_a_value_or_invalid_input(raw):
    try:
        load_document(raw)
    except InvalidInput as error:
        assert error.problems


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ('"\\ud800"', ""),
        ('{"a": [1, {"b": "x\\udc00y"}]}', "a[1].b"),
        ('[{"ok": "\\ud83d\\ude00"}, "\\uDBFF"]', "[1]"),
        ('{"a": {"\\ud800": 1}}', "a"),
        ('{"a": "\ud800"}', "a"),
    ],
)
def test_a_lone_surrogate_is_refused_at_its_path(raw, path):
    with pytest.raises(InvalidInput) as caught:
        load_document(raw)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (path, "a string or key holds a lone UTF-16 surrogate such as \\ud800")
    ]


def test_surrogate_pairs_and_escaped_backslashes_are_text():
    assert load_document('["\\ud83d\\ude00", "\\\\ud800"]') == ["\U0001f600", "\\ud800"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(json_values)
def test_every_loaded_document_can_be_written_back_as_utf8(value):
    raw = json.dumps(value)
    try:
        loaded = load_document(raw)
    except InvalidInput as error:
        assert "surrogate" in error.problems[0].message
    else:
        assert loaded == value
        json.dumps(loaded, ensure_ascii=False).encode("utf-8")


def test_too_many_objects_and_lists_are_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(documents.json, "loads", None)
    many = "[" + ",".join(["{}"] * MAX_CONTAINERS) + "]"
    assert problem(many) == f"the document holds more than {MAX_CONTAINERS:,} objects and lists"


def test_numbers_that_cannot_overflow_parse_as_floats():
    assert load_document("[1.5e10, -0.25, 1e-999, 12345678901234567890.5]") == [
        1.5e10,
        -0.25,
        0.0,
        12345678901234567890.5,
    ]


def reference_depth(text):
    return _reference_scan(text)[0]


def reference_containers(text):
    return _reference_scan(text)[1]


def _reference_scan(text):
    """Deepest nesting and brackets opened outside strings, one character at a time."""
    depth = deepest = opened = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            opened += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest, opened


tricky_strings = st.text(alphabet='[]{}"\\a\u00e9', max_size=8)
tricky_documents = st.recursive(
    st.integers() | tricky_strings,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky_strings, inner, max_size=3),
    max_leaves=10,
)


@given(tricky_documents, st.sampled_from([None, 1]), st.booleans())
def test_the_bracket_scan_agrees_with_a_character_loop(value, indent, cut):
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    if cut:  # an unterminated string keeps what follows inside it
        text = text[: len(text) // 2]
    steps = documents._bracket_steps(text)
    assert documents._deepest(steps) == reference_depth(text)
    assert steps.count(documents.OPENING) == reference_containers(text)
