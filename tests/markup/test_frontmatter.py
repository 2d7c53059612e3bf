import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.markup import FrontMatterError, split_front_matter


def test_splits_metadata_body_and_body_line():
    meta, body, body_line = split_front_matter("---\ntitle: A\norder: 2\n---\n\n## One\n")
    assert meta == {"title": "A", "order": 2}
    assert body == "\n## One\n"
    assert body_line == 5


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("## no front matter\n", 1, "must start with a '---' line"),
        ("---\ntitle: A\n", 1, "never closed"),
        ("---\ntitle: A\n  bad: [\n---\n", 3, "invalid front matter"),
        ("---\n- a\n- b\n---\n", 2, "mapping"),
    ],
)
def test_errors_carry_the_line(text, line, message):
    with pytest.raises(FrontMatterError) as caught:
        split_front_matter(text)
    assert caught.value.line == line
    assert message in caught.value.message


@given(st.text())
def test_arbitrary_text_gives_a_result_or_a_located_error(text):
    try:
        meta, _body, body_line = split_front_matter(text)
    except FrontMatterError as error:
        assert 1 <= error.line <= text.count("\n") + 2
    else:
        assert isinstance(meta, dict)
        assert body_line >= 3
