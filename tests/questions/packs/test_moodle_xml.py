import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings

from studyapp.markup import render_fragment
from studyapp.questions.packs import (
    Option,
    Pack,
    Question,
    export_moodle_xml,
    export_pack,
    parse_moodle_xml,
    parse_pack,
)
from studyapp.questions.packs.moodle_xml import XML_UNSAFE, UnexportableText

from .strategies import packs

FIXTURES = Path(__file__).parent / "fixtures"
BANK = (FIXTURES / "moodle-bank.xml").read_text(encoding="utf-8")


def line_of(text, marker):
    """The 1-based line of the first line holding `marker`, found rather than written down."""
    return text[: text.index(marker)].count("\n") + 1


def question_line(moodle_id):
    """A question element starts on the line after its `<!-- question: N -->` comment."""
    return line_of(BANK, f"<!-- question: {moodle_id} ") + 1


@pytest.fixture(scope="module")
def bank():
    topics = {"task-definitions": {"cpu-and-memory"}}
    pack, errors, skipped = parse_moodle_xml(
        BANK, "moodle-bank.xml", "moodle-bank", "Moodle bank", known_topics=topics
    )
    assert errors == []
    return pack, skipped


def by_id(pack):
    return {question.qid: question for question in pack.questions}


def test_the_bank_skips_each_type_that_cannot_map_with_its_line(bank):
    _pack, skipped = bank
    assert [(item.line, item.reason.split(":")[0]) for item in skipped] == [
        (question_line(103), "true/false question"),
        (question_line(104), "it refers to image 'console.png', which the file does not hold"),
        (question_line(105), "matching question"),
        (question_line(106), "short-answer question"),
        (question_line(107), "it shows image 'stop.png'"),
        (question_line(109), "essay question"),
        (question_line(110), "numerical question"),
        (question_line(111), "description"),
        (question_line(112), "embedded answers (cloze) question"),
    ]


def test_single_answer_multichoice_keeps_html_feedback_and_drops_partial_credit(bank):
    pack, _ = bank
    question = by_id(pack)["serverless-launch-type"]
    assert question.line == question_line(101)
    assert question.stem.startswith("<p>Which launch type needs <b>no servers</b>")
    assert [(option.text, option.correct) for option in question.options] == [
        ("<p>Fargate</p>", True),
        ("<p>EC2 with a managed node group</p>", False),
        ("EC2", False),
    ]
    assert question.options[0].feedback == "<p>Right: AWS runs the hosts.</p>"
    assert question.explanation == "<p>Fargate runs each task on capacity AWS manages.</p>"
    assert (question.domain, question.difficulty) == (3, "easy")


def test_html_from_moodle_is_sanitised_when_rendered(bank):
    pack, _ = bank
    html = render_fragment(by_id(pack)["serverless-launch-type"].stem)
    assert "<b>no servers</b>" in html
    assert "<script" not in html


def test_multiple_answer_multichoice_marks_every_positive_fraction_right(bank):
    pack, _ = bank
    question = by_id(pack)["health-checks"]
    assert [option.correct for option in question.options] == [True, True, False]
    assert question.options[1].feedback == "They mark containers UNHEALTHY."
    assert "```json" in question.stem


def test_categories_become_topics_when_the_app_has_one_and_tags_otherwise(bank):
    pack, _ = bank
    questions = by_id(pack)
    assert questions["serverless-launch-type"].tags == ("exam tip", "launch-types")
    assert questions["serverless-launch-type"].topic is None
    assert (questions["task-size"].topic, questions["task-size"].tags) == ("task-definitions", ())


def test_without_a_naming_category_the_pack_takes_the_names_it_was_given(bank):
    pack, _ = bank
    assert (pack.slug, pack.title, pack.description) == ("moodle-bank", "Moodle bank", None)
    assert list(by_id(pack)) == [
        "serverless-launch-type",
        "health-checks",
        "task-size",
    ]


def xml_safe(pack):
    """
    The pack without the few characters XML 1.0 cannot carry (the exporter refuses them), and
    without scenarios, which Moodle XML has no place for.
    """

    def clean(text):
        return XML_UNSAFE.sub("", text) if text else text

    return dataclasses.replace(
        pack,
        questions=tuple(
            dataclasses.replace(
                question,
                scenario=None,
                stem=clean(question.stem),
                explanation=clean(question.explanation),
                options=tuple(
                    Option(clean(o.text), o.correct, clean(o.feedback)) for o in question.options
                ),
            )
            for question in pack.questions
        ),
    )


@settings(max_examples=60, deadline=None)
@given(packs())
def test_markdown_to_moodle_xml_and_back_gives_the_same_pack(generated):
    markdown_pack, errors = parse_pack(export_pack(xml_safe(generated)), "pack.md")
    assert errors == []
    xml = export_moodle_xml(markdown_pack)
    back, errors, skipped = parse_moodle_xml(xml, "pack.xml", "other-slug", "Other title")
    assert (errors, skipped) == ([], [])
    assert back == dataclasses.replace(markdown_pack, version=None, author=None, source="pack.xml")
    assert export_pack(back) == export_pack(dataclasses.replace(back, source="pack.md"))


def question(**changes):
    fields = {
        "qid": "q",
        "line": 0,
        "topic": None,
        "topic_anchor": None,
        "domain": None,
        "tags": (),
        "difficulty": None,
        "stem": "Stem",
        "options": (Option("a", True), Option("b", False)),
        "explanation": "",
    }
    return Question(**{**fields, **changes})


def pack_of(*questions, title="Title"):
    return Pack("demo", title, None, None, None, tuple(questions), "demo.md")


def test_the_export_writes_moodle_fractions_and_survives_cdata_ends():
    options = tuple(Option(f"o{n}", n < 3) for n in range(4))
    stem = "Stem with ]]> inside and <b>markup</b>"
    xml = export_moodle_xml(pack_of(question(stem=stem, options=options), title="A/B"))
    assert re.findall(r'fraction="([^"]+)"', xml) == [
        "33.33333",
        "33.33333",
        "33.33333",
        "-33.33333",
    ]
    assert "<single>false</single>" in xml
    assert "$course$/top/A//B" in xml
    back, errors, _ = parse_moodle_xml(xml, "demo.xml", "x", "X")
    assert errors == []
    assert back.title == "A/B"
    assert back.questions[0].stem == stem


def test_the_export_refuses_a_character_xml_cannot_carry_naming_the_question():
    with pytest.raises(UnexportableText, match=r"question q: option 2 holds the character U\+0007"):
        export_moodle_xml(pack_of(question(options=(Option("a", True), Option("b\x07", False)))))


def parse_errors(xml, **options):
    pack, errors, _skipped = parse_moodle_xml(xml, "bank.xml", "bank", "Bank", **options)
    assert pack is None
    return [(error.line, error.message) for error in errors]


def multichoice(answers, single="true", tags=""):
    """A question of 7 lines (3 more with tags), the answers on its 5th and 6th."""
    return (
        '<question type="multichoice">\n<name><text>Q</text></name>\n'
        "<questiontext><text>Stem</text></questiontext>\n"
        f"<single>{single}</single>\n{answers}\n{tags}</question>\n"
    )


def quiz(*questions):
    return '<?xml version="1.0"?>\n<quiz>\n' + "".join(questions) + "</quiz>\n"


ANSWERS = (
    '<answer fraction="100"><text>a</text></answer>\n<answer fraction="0"><text>b</text></answer>'
)


def test_malformed_xml_is_an_error_at_its_line():
    assert parse_errors(quiz(multichoice(ANSWERS)).replace("</name>", "</nam>")) == [
        (4, "this is not well-formed XML: mismatched tag")
    ]


def test_a_billion_laughs_is_refused_at_its_doctype_before_any_expansion():
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<quiz>&b;</quiz>'
    )
    [(line, message)] = parse_errors(bomb)
    assert line == 2
    assert "DTD" in message


@pytest.mark.parametrize("fraction", ["nan", "inf", "1e999", "-inf"])
def test_a_fraction_that_is_no_finite_number_is_an_error(fraction):
    answers = ANSWERS.replace('fraction="0"', f'fraction="{fraction}"')
    assert parse_errors(quiz(multichoice(answers))) == [
        (8, f"the answer's fraction '{fraction}' is not a number")
    ]


def test_too_many_or_too_deeply_nested_elements_stop_the_parse_at_their_line():
    many = quiz(multichoice(ANSWERS)).replace("<quiz>\n", "<quiz>\n" + "<a/>" * 100_001, 1)
    [(line, message)] = parse_errors(many)
    assert (line, message) == (3, "the file holds more than 100,000 XML elements")
    deep = quiz("<a>" * 40 + "</a>" * 40)
    [(line, message)] = parse_errors(deep)
    assert (line, message) == (3, "elements are nested more than 32 deep")


def test_an_external_entity_is_refused():
    xxe = '<?xml version="1.0"?>\n<!DOCTYPE quiz SYSTEM "file:///etc/passwd">\n<quiz/>'
    [(line, message)] = parse_errors(xxe)
    assert line == 2
    assert "refused" in message


def test_a_file_that_is_not_a_moodle_export_says_so():
    assert parse_errors('<?xml version="1.0"?>\n\n<html/>') == [
        (3, "the root element is <html>, not <quiz>: is this a Moodle XML export?")
    ]


def test_answer_problems_are_errors_at_the_answer_or_question_line():
    bad_fraction = ANSWERS.replace('fraction="0"', 'fraction="lots"')
    no_right = ANSWERS.replace('fraction="100"', 'fraction="50"')
    empty = ANSWERS.replace("<text>b</text>", "<text> </text>")
    xml = quiz(multichoice(bad_fraction), multichoice(no_right), multichoice(empty))
    assert parse_errors(xml) == [
        (8, "the answer's fraction 'lots' is not a number"),
        (10, "no answer has fraction 100, so none is right"),
        (22, "an answer has no text"),
    ]


def test_several_answers_at_100_in_a_single_answer_question_are_skipped():
    two_right = ANSWERS.replace('fraction="0"', 'fraction="100"')
    pack, errors, skipped = parse_moodle_xml(
        quiz(multichoice(ANSWERS), multichoice(two_right)), "b.xml", "b", "B"
    )
    assert errors == []
    assert len(pack.questions) == 1
    [item] = skipped
    assert item.line == 10
    assert "2 answers at 100%" in item.reason


def test_metadata_tags_are_checked_at_their_line():
    tags = (
        "<tags>\n<tag><text>domain:9</text></tag>\n</tags>\n",
        "<tags>\n<tag><text>topic:nowhere</text></tag>\n</tags>\n",
        "<tags>\n<tag><text>section:x</text></tag>\n</tags>\n",
    )
    xml = quiz(*(multichoice(ANSWERS, tags=tag) for tag in tags))
    assert parse_errors(xml, known_topics={"services"}) == [
        (10, "tag 'domain:9': the domain must be 1 to 4"),
        (13, "unknown topic 'nowhere'"),
        (23, "a 'section:' tag needs a 'topic:' tag"),
    ]


def test_an_import_stops_at_the_first_question_past_the_limit():
    xml = quiz(*[multichoice(ANSWERS)] * 4)
    [(line, message)] = parse_errors(xml, max_questions=3)
    assert line == 3 + 3 * 7
    assert message.startswith("this is question 4:")


def test_a_file_without_an_importable_question_is_an_error():
    essay = '<question type="essay"><name><text>E</text></name></question>'
    assert parse_errors(quiz(essay)) == [(2, "the file has no question the app can import")]


def test_nul_is_refused_with_its_line():
    assert parse_errors(quiz(multichoice(ANSWERS)).replace("Stem", "St\x00em")) == [
        (5, "the file holds a NUL character or a lone surrogate")
    ]


def test_names_longer_than_the_database_holds_are_errors_at_their_line():
    category = (
        '<question type="category">\n<category><text>$course$/top/'
        + "T" * 201
        + "</text></category>\n<idnumber>long</idnumber>\n</question>\n"
    )
    anchor = "<tags>\n<tag><text>topic:ecs</text></tag>\n"
    anchor += f"<tag><text>section:{'a' * 201}</text></tag>\n</tags>\n"
    [title, section] = parse_errors(quiz(category, multichoice(ANSWERS, tags=anchor)))
    assert title == (
        3,
        "the category's name is the pack's title, and it is longer than 200 characters",
    )
    assert section[0] == 15
    assert section[1].endswith("': a section anchor is at most 200 characters")
