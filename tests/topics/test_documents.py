import pytest

from studyapp.topics.documents import parse_topic, read_topic_folder, section_texts
from tests.conftest import topic_text


def parse(text, name="launch-types.md"):
    return parse_topic(f"content/topics/{name}", text.encode("utf-8"))


def test_a_valid_file_becomes_a_document():
    document, errors = parse(topic_text("launch-types", 2, title="Launch types"))
    assert errors == []
    assert document.slug == "launch-types"
    assert document.title == "Launch types"
    assert document.order == 2
    assert document.domains == [1, 3]
    assert len(document.content_hash) == 64


@pytest.mark.parametrize(
    ("replace", "by", "line", "message"),
    [
        ("slug: launch-types", "slug: Launch_Types", 3, "slug must be lowercase"),
        ("slug: launch-types", "slug: other-name", 3, "must match the file name"),
        ("order: 2", "order: second", 4, "order must be a whole number"),
        ("domains: [1, 3]", "domains: [1, 5]", 6, "exam domain numbers 1-4"),
        ("domains: [1, 3]", "domains: []", 6, "exam domain numbers 1-4"),
        ('title: "Launch types"', 'title: ""', 2, "title must be non-empty"),
        (
            "domains: [1, 3]",
            "domains: [1, 3]\ncolour: blue",
            7,
            "unknown front matter key 'colour'",
        ),
        ("domains: [1, 3]", "domains: [1, 3]\nrelated_sim: nope", 7, "related_sim must be one of"),
    ],
)
def test_each_front_matter_rule_names_the_line(replace, by, line, message):
    text = topic_text("launch-types", 2, title="Launch types").replace(replace, by)
    document, errors = parse(text)
    assert document is None
    assert [(e.line, message in e.message) for e in errors] == [(line, True)]
    assert str(errors[0]).startswith(f"content/topics/launch-types.md:{line}: ")


def test_every_missing_field_is_reported_at_once():
    document, errors = parse("---\ntitle: Only a title\n---\nBody\n")
    assert document is None
    assert sorted(e.message for e in errors) == [
        "front matter is missing 'domains'",
        "front matter is missing 'order'",
        "front matter is missing 'slug'",
        "front matter is missing 'summary'",
    ]


def test_non_utf8_file_is_an_error_with_its_line():
    document, errors = parse_topic("x.md", b"---\ntitle: ok\n---\ncaf\xe9\n")
    assert document is None
    assert errors[0].line == 4
    assert "not valid UTF-8" in errors[0].message


def test_folder_rejects_two_topics_with_the_same_order(tmp_path):
    (tmp_path / "one.md").write_text(topic_text("one", 1), encoding="utf-8")
    (tmp_path / "two.md").write_text(topic_text("two", 1), encoding="utf-8")
    documents, errors = read_topic_folder(tmp_path)
    assert len(documents) == 2
    assert [e.message for e in errors] == [f"order 1 is also used by {tmp_path / 'one.md'}"]


def test_section_texts_split_the_page_at_its_headings():
    html = (
        "<p>Intro <em>text</em>.</p>"
        '<h2 id="one">One<a class="headerlink" href="#one">¶</a></h2><p>First &amp; body.</p>'
        '<h4 id="deep">Deep</h4><p>still one</p>'
        '<h3 id="two">Two <code>&lt;x&gt;</code></h3>\n<pre>a  <b>b</b>\n c</pre>'
    )
    intro, texts = section_texts(html, ["one", "two"])
    assert intro == "Intro text."
    assert texts == {"one": "First & body. Deep still one", "two": "a b c"}


def test_section_texts_of_a_page_without_headings_is_all_intro():
    assert section_texts("<p>Only <b>this</b>.</p>", []) == ("Only this.", {})
