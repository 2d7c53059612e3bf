"""Whatever a file holds, each parser returns a pack or located errors, never raises."""

from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.questions.packs import (
    export_pack,
    parse_aiken,
    parse_gift,
    parse_moodle_xml,
    parse_pack,
)

from .strategies import packs

FRONT_MATTER = "---\npack: fuzz\ntitle: Fuzz\n---\n"
MARKDOWN_FRAGMENTS = [
    "", "---", "pack: p", "title: t", "version: 1.5", "## q", "## q-2", "## Bad Id", "##",
    "topic: ecs", "topic: ecs#roles", "topic: ecs#", "domain: 2", "domain: 7", "tags: a, b",
    "difficulty: hard", "level: 1", "Stem text.", "- [x] right", "- [ ] wrong", "* [X] right",
    "+ [ ]", "  continued", "  > feedback", "\t> tabbed feedback", "### Explanation", "```",
    "~~~", "````js", "- plain item", "text", "\ufeff", "\r",
]  # fmt: skip
HOSTILE_FRAGMENTS = [
    "a: &a [x, x]", "b: [*a, *a]", "d: 2001-02-30", "n: !!int abc", "n: !!python/name:os.system",
    'n: "\\ud800"', "n: " + "9" * 5000, "[" * 40, "\x00", "## " + "Q" * 5000, "x" * 5000,
    "[a](" * 100, "> " * 200,
]  # fmt: skip
"""Lines that once crashed a parser or cost it dearly (issue 14)."""
MARKDOWN_FRAGMENTS += HOSTILE_FRAGMENTS
MAX_MESSAGE_LENGTH = 400
GIFT_FRAGMENTS = [
    "", "//", "// comment", "$CATEGORY: $course$/top/X", "::", "::t::", "[html]", "{", "}",
    "{}", "{T}", "{#1:2}", "=", "~", "=a", "~b", "~%50%", "~%-100%", "~%x%", "#", "####", "->",
    "\\", "\\{", "\\n", "\\:", "text ", " ", "\n",
]  # fmt: skip
GIFT_FRAGMENTS += [*HOSTILE_FRAGMENTS, "::same::", "::same::Q{=a ~b}"]
AIKEN_FRAGMENTS = [
    "", "Question?", "A. a", "B. b", "C) c", "A.", "ANSWER: A", "ANSWER: Z", "answer: b",
    "ANSWER:", "ANSWER: A, B", " ",
]  # fmt: skip
AIKEN_FRAGMENTS += HOSTILE_FRAGMENTS
GIFT_QUESTIONS = [
    "::t::Q?{=a ~b}", "Q?{~%50%a ~%50%b ~%-100%c}", "::x::[html]Q {\n=a#fb\n~b\n####gen\n}",
    "$CATEGORY: $course$/top/X", "// c", "Q{}", "Q{T}", "Q{#1}", "Q{=a}", "Q{=a -> b =c -> d}",
    "Q {~a =b} gap", "::\\:: Q \\{ {=a\\= ~b\\n}",
]  # fmt: skip
AIKEN_QUESTIONS = ["Q?\nA. a\nB. b\nANSWER: B", "Q\nmore?\nA) a\nB) b\nC) c\nANSWER: a"]
KNOWN_TOPICS = st.sampled_from([None, {"ecs"}, {"ecs": {"roles"}}, {}])


def line_bound(text):
    """A line number no error may exceed, whatever counts as a line break."""
    if isinstance(text, bytes):
        return text.count(b"\n") + text.count(b"\r") + 1
    return text.count("\n") + text.count("\r") + 1


def assert_pack_or_located_errors(text, pack, errors, skipped=()):
    bound = line_bound(text)
    assert (pack is None) == bool(errors)
    for error in errors:
        assert 1 <= error.line <= bound, error
        assert 0 < len(error.message) <= MAX_MESSAGE_LENGTH
    for item in skipped:
        assert 1 <= item.line <= bound
    if pack is not None:
        assert pack.questions
        for question in pack.questions:
            assert 1 <= question.line <= bound
            assert len(question.options) >= 2
            assert any(option.correct for option in question.options)
            assert question.stem
        assert len({question.qid for question in pack.questions}) == len(pack.questions)


@st.composite
def edited(draw, files, fragments):
    """A valid file with a few lines inserted, deleted or replaced: near misses find more bugs."""
    lines = draw(files).split("\n")
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(lines)))
        edit = draw(st.sampled_from(["insert", "delete", "replace"]))
        if edit != "insert" and position < len(lines):
            del lines[position]
        if edit != "delete":
            lines.insert(position, draw(st.sampled_from(fragments) | st.text(max_size=8)))
    return "\n".join(lines)


def files_of(questions):
    return st.lists(st.sampled_from(questions), min_size=1, max_size=6).map("\n\n".join)


def lines_of(fragments):
    return st.lists(st.sampled_from(fragments) | st.text(max_size=8), max_size=30).map("\n".join)


@settings(max_examples=300)
@given(st.text() | st.binary(), KNOWN_TOPICS)
def test_markdown_parser_on_arbitrary_text_and_bytes(data, known_topics):
    pack, errors = parse_pack(data, "fuzz.md", known_topics)
    assert_pack_or_located_errors(data, pack, errors)


@settings(max_examples=500)
@given(lines_of(MARKDOWN_FRAGMENTS), st.booleans(), KNOWN_TOPICS)
def test_markdown_parser_on_markdown_like_text(body, with_front_matter, known_topics):
    text = FRONT_MATTER + body if with_front_matter else body
    pack, errors = parse_pack(text, "fuzz.md", known_topics)
    assert_pack_or_located_errors(text, pack, errors)
    if pack is not None:
        assert parse_pack(export_pack(pack), "fuzz.md", known_topics)[0].questions == pack.questions


@settings(max_examples=200, deadline=None)
@given(edited(packs().map(export_pack), MARKDOWN_FRAGMENTS), KNOWN_TOPICS)
def test_markdown_parser_on_edited_valid_packs(text, known_topics):
    pack, errors = parse_pack(text, "fuzz.md", known_topics)
    assert_pack_or_located_errors(text, pack, errors)
    if pack is not None:
        again, errors = parse_pack(export_pack(pack), "fuzz.md", known_topics)
        assert errors == []
        assert again.questions == pack.questions


@settings(max_examples=300)
@given(
    st.text()
    | lines_of(GIFT_FRAGMENTS)
    | st.lists(st.sampled_from(GIFT_FRAGMENTS)).map("".join)
    | edited(files_of(GIFT_QUESTIONS), GIFT_FRAGMENTS)
)
def test_gift_parser_on_arbitrary_text(text):
    pack, errors, skipped = parse_gift(text, "fuzz.gift", pack_slug="fuzz", title="Fuzz")
    assert_pack_or_located_errors(text, pack, errors, skipped)


@settings(max_examples=300)
@given(st.text() | lines_of(AIKEN_FRAGMENTS) | edited(files_of(AIKEN_QUESTIONS), AIKEN_FRAGMENTS))
def test_aiken_parser_on_arbitrary_text(text):
    pack, errors, skipped = parse_aiken(text, "fuzz.txt", pack_slug="fuzz", title="Fuzz")
    assert skipped == []
    assert_pack_or_located_errors(text, pack, errors)


MOODLE_FRAGMENTS = [
    "", "<quiz>", "</quiz>", '<question type="multichoice">', '<question type="truefalse">',
    '<question type="essay">', "<question>", "</question>", "<name><text>N</text></name>",
    "<questiontext><text>Q?</text></questiontext>", "<text>", "</text>", "<![CDATA[<p>x</p>",
    "]]>", '<answer fraction="100"><text>a</text></answer>', '<answer fraction="x">',
    '<answer fraction="50"><text>b</text></answer>', "</answer>", "<single>false</single>",
    "<single>true</single>", "<!DOCTYPE quiz>", "&amp;", "&nope;", "<tags>", "</tags>",
    "<tag><text>domain:9</text></tag>", "<tag><text>topic:ecs</text></tag>",
    "<tag><text>section:roles</text></tag>", "@@PLUGINFILE@@/a.png", '<file name="a.png"/>',
    '<question type="category"><category><text>$course$/top/X</text></category>'
    "<idnumber>fuzz-pack</idnumber></question>", "<idnumber>Same</idnumber>",
]  # fmt: skip
MOODLE_FRAGMENTS += HOSTILE_FRAGMENTS


MOODLE_QUESTIONS = [
    '<question type="multichoice">\n<name><text>Q</text></name>\n'
    "<questiontext><text>Q?</text></questiontext>\n"
    '<answer fraction="100"><text>a</text></answer>\n<answer fraction="0"><text>b</text></answer>'
    "\n</question>",
    '<question type="multichoice">\n<questiontext format="html"><text><![CDATA[<p>Q</p>]]>'
    "</text></questiontext>\n<single>false</single>\n"
    '<answer fraction="50"><text>a</text><feedback><text>f</text></feedback></answer>\n'
    '<answer fraction="50"><text>b</text></answer>\n<answer fraction="-100"><text>c</text>'
    "</answer>\n<tags><tag><text>domain:2</text></tag><tag><text>t</text></tag></tags>\n"
    "</question>",
    '<question type="category"><category><text>$course$/top/Ecs</text></category></question>',
    '<question type="shortanswer"><questiontext><text>Q</text></questiontext></question>',
]  # fmt: skip


def moodle_files():
    questions = st.lists(st.sampled_from(MOODLE_QUESTIONS), min_size=1, max_size=5)
    return questions.map(lambda chosen: "<quiz>\n" + "\n".join(chosen) + "\n</quiz>")


@settings(max_examples=300)
@given(
    st.text() | lines_of(MOODLE_FRAGMENTS) | edited(moodle_files(), MOODLE_FRAGMENTS),
    KNOWN_TOPICS,
)
def test_moodle_xml_parser_on_arbitrary_text(text, known_topics):
    pack, errors, skipped = parse_moodle_xml(text, "fuzz.xml", "fuzz", "Fuzz", known_topics)
    assert_pack_or_located_errors(text, pack, errors, skipped)
