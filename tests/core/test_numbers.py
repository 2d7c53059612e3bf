import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.core.numbers import LARGEST_STORED, whole_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("42", 42),
        ("007", 7),
        (str(LARGEST_STORED), LARGEST_STORED),
        (str(LARGEST_STORED + 1), None),
        ("", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1.5", None),
        ("²", None),  # isdigit() says yes, int() refuses it
        ("١٢", None),  # Arabic-Indic digits: int() would take them, but they are not ASCII
        ("\uff11", None),  # fullwidth one
    ],
)
def test_reads_only_plain_ascii_digits_within_range(text, expected):
    assert whole_number(text) == expected


def test_a_limit_of_none_accepts_any_length():
    assert whole_number("9" * 40, largest=None) == int("9" * 40)


@given(st.text(max_size=30))
def test_never_raises_and_gives_back_the_number_written(text):
    value = whole_number(text)
    assert value is None or (text.isascii() and int(text) == value <= LARGEST_STORED)
