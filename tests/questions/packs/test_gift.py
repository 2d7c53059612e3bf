from pathlib import Path

import pytest

from studyapp.questions.packs import Option, Skipped, export_pack, parse_gift, parse_pack

FIXTURES = Path(__file__).parent / "fixtures"


def parse(text):
    return parse_gift(text, "bank.gift", pack_slug="bank", title="Bank")


def parse_ok(text):
    pack, errors, skipped = parse(text)
    assert errors == []
    return pack, skipped


def only_question(text):
    pack, skipped = parse_ok(text)
    assert skipped == []
    [question] = pack.questions
    return question


def single_error(text):
    pack, errors, _skipped = parse(text)
    assert pack is None
    [error] = errors
    return error.line, error.message


@pytest.fixture(scope="module")
def mixed():
    text = (FIXTURES / "mixed.gift").read_text(encoding="utf-8")
    pack, errors, skipped = parse_gift(text, "mixed.gift", pack_slug="mixed", title="Mixed")
    assert errors == []
    return pack, skipped


def test_fixture_skips_every_type_the_app_cannot_hold_with_its_line(mixed):
    _pack, skipped = mixed
    assert [(item.line, item.reason.split(":")[0]) for item in skipped] == [
        (18, "essay question"),
        (20, "numerical question"),
        (22, "matching question"),
        (27, "short-answer question"),
        (29, "short-answer question"),
        (31, "true/false question"),
        (33, "true/false question"),
    ]
    assert all("the app" in item.reason for item in skipped)
    assert str(skipped[0]).startswith("line 18: essay question")


def test_fixture_imports_the_multiple_choice_questions(mixed):
    pack, _skipped = mixed
    assert (pack.slug, pack.title, pack.source) == ("mixed", "Mixed", "mixed.gift")
    assert [question.qid for question in pack.questions] == [
        "launch-types",
        "pick-two",
        "q-37",
        "escapes",
        "launch-types-2",
    ]
    assert [question.line for question in pack.questions] == [4, 11, 37, 39, 44]


def test_single_answer_with_feedback_general_feedback_format_marker_and_category(mixed):
    question = mixed[0].questions[0]
    assert question.stem == "Which launch type runs tasks **without** managing servers?"
    assert question.options == (
        Option("Fargate", True, "Right: AWS runs the infrastructure."),
        Option("EC2", False, "You manage the container instances."),
        Option("External", False, "That is for on-premises servers."),
    )
    assert question.explanation == "Fargate is serverless compute for containers."
    assert question.tags == ("ecs-basics",)
    assert not question.is_multiple_response


def test_multiple_answer_weights_make_positive_ones_correct(mixed):
    question = mixed[0].questions[1]
    assert question.options == (
        Option("awsvpc", True, "gives each task an ENI"),
        Option("bridge", True, ""),
        Option("overlay", False, "not an ECS mode"),
    )
    assert question.is_multiple_response


def test_missing_word_question_shows_a_gap_and_a_later_category_applies(mixed):
    question = mixed[0].questions[2]
    assert question.stem == "A service with the awsvpc mode gets _____ from ECS."
    assert question.tags == ("networking",)
    assert [option.correct for option in question.options] == [False, True, False]


def test_backslash_escapes_and_newlines(mixed):
    question = mixed[0].questions[3]
    assert question.stem == "Which is a literal brace { and colon : in GIFT?\nSecond line."
    assert question.options[0] == Option("{ and :", True, "escaped with a backslash # like this")


def test_imported_gift_exports_to_markdown_and_back_unchanged(mixed):
    pack = mixed[0]
    again, errors = parse_pack(export_pack(pack), "mixed.md")
    assert errors == []
    assert again.questions == pack.questions
    assert [q.fingerprint() for q in again.questions] == [q.fingerprint() for q in pack.questions]


def test_broken_fixture_reports_each_malformed_question_with_its_line():
    text = (FIXTURES / "broken.gift").read_text(encoding="utf-8")
    pack, errors, skipped = parse_gift(text, "broken.gift", pack_slug="broken", title="Broken")
    assert pack is None
    assert skipped == []
    assert [(error.line, error.message) for error in errors] == [
        (2, "the '{' here is never closed"),
        (4, "this question has no answers: put them between { and }"),
        (
            6,
            "no right answer: mark it with '=', or give right answers a positive weight like ~%50%",
        ),
        (8, "a question needs at least 2 answers"),
        (10, "an answer has no text"),
        (12, "a weight must look like %50% or %-100%"),
        (14, "the answers must start with '=' (right) or '~' (wrong)"),
        (16, "the title opened with '::' is never closed"),
        (18, "this question has no text"),
    ]
    assert str(errors[0]) == "broken.gift:2: the '{' here is never closed"


def test_untitled_questions_get_ids_from_their_line_and_ids_stay_unique():
    pack, _skipped = parse_ok("Q?{=a ~b}\n\n::q-1::Q?{=a ~b}\n\n::!!!::Q?{=a ~b}\n")
    assert [question.qid for question in pack.questions] == ["q-1", "q-1-2", "q-5"]


def test_titles_with_accents_keep_their_letters():
    assert only_question("::Déploiement ÉCS::Q?{=a ~b}").qid == "deploiement-ecs"


def test_long_titles_are_cut_to_fit_the_database():
    question = only_question(f"::{'word ' * 40}::Q?{{=a ~b}}")
    assert len(question.qid) <= 80
    assert not question.qid.endswith("-")


def test_comments_are_ignored_even_inside_a_question():
    question = only_question("// intro\nWhich?{\n// a comment\n=a\n~b\n}")
    assert question.line == 2
    assert [option.text for option in question.options] == ["a", "b"]


@pytest.mark.parametrize("marker", ["[markdown]", "[html]", "[plain]", "[moodle]"])
def test_format_markers_are_stripped(marker):
    question = only_question(f"::t::{marker}Which <b>one</b>?{{=a ~b}}")
    assert question.stem == "Which <b>one</b>?"


def test_category_path_last_component_becomes_the_tag():
    question = only_question("$CATEGORY: $course$/top/Task Definitions/\n\nQ?{=a ~b}")
    assert question.tags == ("task-definitions",)


def test_escaped_answer_markers_are_text():
    question = only_question(r"Which operator means \~about\=?{=\~ and \= ~\#hash}")
    assert question.stem == "Which operator means ~about=?"
    assert [option.text for option in question.options] == ["~ and =", "#hash"]


def test_escaped_backslash_and_unknown_escapes():
    question = only_question(r"Path C:\\n and \* kept?{=a\\ ~b}")
    assert question.stem == r"Path C:\n and \* kept?"
    assert question.options[0].text == "a\\"


def test_partial_credit_in_a_single_answer_question_counts_as_wrong():
    question = only_question("Which?{=right ~%50%half ~wrong}")
    assert [option.correct for option in question.options] == [True, False, False]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Describe it.{}", "essay question"),
        ("Describe it.{####Model answer}", "essay question"),
        ("How many?{#3}", "numerical question"),
        ("How many?{#=3:0 =%50%4:0}", "numerical question"),
        ("Match{=a -> 1 =b -> 2 =c -> 3}", "matching question"),
        ("Name it.{=one}", "short-answer question"),
        ("Name it.{=one =two}", "short-answer question"),
        ("Name it.{=%100%one =%50%uno}", "short-answer question"),
        ("True?{T}", "true/false question"),
        ("True?{F}", "true/false question"),
        ("True?{TRUE}", "true/false question"),
        ("True?{FALSE#wrong#right}", "true/false question"),
        ("Either?{=a =b ~c}", "single-answer question with 2 '=' answers"),
    ],
)
def test_types_the_app_cannot_hold_are_skipped_with_their_line(text, kind):
    pack, errors, skipped = parse("// comment\n\n" + text + "\n\nKept?{=a ~b}")
    assert errors == []
    assert len(pack.questions) == 1
    [item] = skipped
    assert item == Skipped(3, item.reason)
    assert item.reason.startswith(kind)


def test_a_file_with_nothing_importable_is_an_error():
    pack, errors, skipped = parse("Describe it.{}\n")
    assert pack is None
    assert [str(error) for error in errors] == [
        "bank.gift:1: the file has no question the app can import"
    ]
    assert len(skipped) == 1


def test_an_empty_file_is_an_error():
    _pack, errors, _skipped = parse("")
    assert errors[0].line == 1


def test_a_second_answer_block_is_an_error():
    assert single_error("Q {=a ~b}\nand {=c ~d}") == (
        2,
        "a second '{' in one question; write \\{ for a literal brace",
    )


def test_every_malformed_question_is_reported_not_just_the_first():
    _pack, errors, _skipped = parse("A {=a ~b\n\nB {~a ~b}\n\nC {=a ~b}")
    assert [error.line for error in errors] == [1, 3]


def test_windows_line_endings():
    question = only_question("::t::Which?\r\n{\r\n=a\r\n~b\r\n}\r\n")
    assert question.stem == "Which?"
