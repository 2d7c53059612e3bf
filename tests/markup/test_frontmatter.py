import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.markup import FrontMatterError, split_front_matter
from studyapp.markup.frontmatter import echo


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


ALIAS_BOMB = (
    "---\n"
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "---\n"
)


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("a: &anchor x", "anchors and aliases"),
        ("a: [x, *x]", "anchors and aliases"),
        ("n: !!int abc", "explicit tags"),
        ("n: !!python/object/apply:os.system [ls]", "explicit tags"),
        ("n: !custom x", "explicit tags"),
        ("n: " + "9" * 5000, "longer than 18 digits"),
        ('n: "\\ud800"', "lone surrogate"),
        ('n: "a\\0b"', "NUL"),
        ("n: " + "[" * 30 + "]" * 30, "nested more than 20"),
    ],
)
def test_refused_yaml_is_a_located_error(front_matter, message):
    with pytest.raises(FrontMatterError) as caught:
        split_front_matter(f"---\ntitle: A\n{front_matter}\n---\n")
    assert caught.value.line == 3
    assert message in caught.value.message


def test_an_alias_bomb_is_refused_at_its_first_anchor():
    with pytest.raises(FrontMatterError) as caught:
        split_front_matter(ALIAS_BOMB)
    assert caught.value.line == 2
    assert len(str(caught.value)) < 200


def test_dates_stay_text_so_an_impossible_one_is_no_crash():
    meta, _, _ = split_front_matter("---\nd: 2001-02-30\nversion: 2024-01-15\n---\n")
    assert meta == {"d": "2001-02-30", "version": "2024-01-15"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\n" + "a: b\n" * 201 + "---\n", "longer than 200 lines"),
        ("---\n" + ("a: " + "x" * 999 + "\n") * 17 + "---\n", "larger than 16 KB"),
    ],
)
def test_front_matter_size_is_capped(text, message):
    with pytest.raises(FrontMatterError) as caught:
        split_front_matter(text)
    assert message in caught.value.message


def test_echo_cuts_long_values_short():
    assert echo("short") == "'short'"
    assert echo("x" * 10_000) == "'" + "x" * 40 + "…'"
    assert len(echo(list(range(10_000)))) < 50
