import textwrap

import pytest

from studyapp.questions.packs import Option, PackError, parse_pack

FRONT_MATTER = "---\npack: demo\ntitle: Demo pack\n---\n"

GOOD_QUESTION = """\
## good-question

Which option is right?

- [x] Right
- [ ] Wrong
"""


def pack_text(body, front_matter=FRONT_MATTER):
    return front_matter + "\n" + textwrap.dedent(body)


def parse(body, front_matter=FRONT_MATTER, known_topics=None):
    return parse_pack(pack_text(body, front_matter), "packs/demo.md", known_topics)


def parse_ok(body, **kwargs):
    pack, errors = parse(body, **kwargs)
    assert errors == []
    return pack


def error_list(body, **kwargs):
    pack, errors = parse(body, **kwargs)
    assert pack is None
    assert errors
    return [(error.line, error.message) for error in errors]


def single_error(body, **kwargs):
    errors = error_list(body, **kwargs)
    assert len(errors) == 1, errors
    return errors[0]


def test_a_complete_question_with_every_part():
    pack = parse_ok(
        """\
        ## task-role-vs-execution-role
        topic: ecs-iam#task-role
        domain: 2
        tags: iam, security
        difficulty: medium

        A task must read from an S3 bucket.

        Which role grants it access?

        - [x] The task role
          > The task role is assumed by the containers.
        - [ ] The task execution role
          > That one pulls images and writes logs.
        - [ ] The instance role

        ### Explanation

        Containers get the **task role**'s credentials.
        """
    )
    assert pack.slug == "demo"
    assert pack.title == "Demo pack"
    assert pack.version is None
    assert pack.source == "packs/demo.md"
    [question] = pack.questions
    assert question.qid == "task-role-vs-execution-role"
    assert question.line == 6
    assert question.topic == "ecs-iam"
    assert question.topic_anchor == "task-role"
    assert question.domain == 2
    assert question.tags == ("iam", "security")
    assert question.difficulty == "medium"
    assert question.stem == "A task must read from an S3 bucket.\n\nWhich role grants it access?"
    assert question.options == (
        Option("The task role", True, "The task role is assumed by the containers."),
        Option("The task execution role", False, "That one pulls images and writes logs."),
        Option("The instance role", False, ""),
    )
    assert question.explanation == "Containers get the **task role**'s credentials."
    assert not question.is_multiple_response


def test_metadata_is_optional():
    [question] = parse_ok(GOOD_QUESTION).questions
    assert question.topic is None
    assert question.topic_anchor is None
    assert question.domain is None
    assert question.tags == ()
    assert question.difficulty is None
    assert question.explanation == ""


def test_front_matter_optional_fields():
    front_matter = (
        "---\npack: demo\ntitle: Demo\nversion: '1.10'\ndescription: |\n  Two\n  lines\n"
        "author: Ann\n---\n"
    )
    pack = parse_ok(GOOD_QUESTION, front_matter=front_matter)
    assert (pack.version, pack.description, pack.author) == ("1.10", "Two\nlines", "Ann")


def test_a_whole_number_version_is_kept_as_text():
    pack = parse_ok(GOOD_QUESTION, front_matter="---\npack: demo\ntitle: D\nversion: 3\n---\n")
    assert pack.version == "3"


def test_more_than_one_correct_option_makes_it_multiple_response():
    pack = parse_ok(
        """\
        ## choose-two

        Choose TWO.

        - [x] One
        - [X] Two
        - [ ] Three
        """
    )
    [question] = pack.questions
    assert question.is_multiple_response
    assert [option.correct for option in question.options] == [True, True, False]


def test_star_and_plus_bullets_are_options_too():
    [question] = parse_ok(
        """\
        ## bullets

        Stem.

        * [x] Star
        + [ ] Plus
        - [ ] Dash
        """
    ).questions
    assert [option.text for option in question.options] == ["Star", "Plus", "Dash"]


def test_indented_lines_continue_an_option_and_several_feedback_lines_join():
    [question] = parse_ok(
        """\
        ## continued

        Stem.

        - [x] Run this:

          ```bash
          aws ecs list-clusters
          ```
          > First feedback line,
          > second line.
          >
          > Second paragraph.
        - [ ] Wrong
          > A lazy
          continuation of the feedback.
        """
    ).questions
    first, second = question.options
    assert first.text == "Run this:\n\n```bash\naws ecs list-clusters\n```"
    assert first.feedback == "First feedback line,\nsecond line.\n\nSecond paragraph."
    assert second.feedback == "A lazy\ncontinuation of the feedback."


def test_blank_lines_between_options_are_allowed():
    [question] = parse_ok(
        "## loose\n\nStem.\n\n- [x] A\n\n- [ ] B\n\n### Explanation\n\nE.\n"
    ).questions
    assert [option.text for option in question.options] == ["A", "B"]
    assert question.explanation == "E."


def test_stem_may_hold_code_fences_and_plain_lists_with_lookalike_lines():
    [question] = parse_ok(
        """\
        ## fenced

        Consider:

        - a plain list item
        - another

        ```markdown
        ## not-a-question
        - [x] not an option
        ### Explanation
        ```

        ~~~~
        ## also-not-a-question
        ~~~~

        - [x] Real
        - [ ] Options
        """
    ).questions
    assert "## not-a-question" in question.stem
    assert "## also-not-a-question" in question.stem
    assert "- a plain list item" in question.stem
    assert [option.text for option in question.options] == ["Real", "Options"]


def test_explanation_runs_to_the_next_question_and_may_hold_fences_and_subheadings():
    pack = parse_ok(
        """\
        ## first

        Stem.

        - [x] A
        - [ ] B

        ### Explanation

        Text.

        ### More detail

        ```
        ## not-a-question
        ```

        ## second

        Stem two.

        - [ ] A
        - [x] B
        """
    )
    first, second = pack.questions
    assert first.explanation == "Text.\n\n### More detail\n\n```\n## not-a-question\n```"
    assert second.qid == "second"
    assert second.line == 23


def test_topic_without_anchor_and_known_topics_as_a_set():
    [question] = parse_ok(
        "## q\ntopic: ecs-networking\n\nStem.\n\n- [x] A\n- [ ] B\n",
        known_topics={"ecs-networking"},
    ).questions
    assert (question.topic, question.topic_anchor) == ("ecs-networking", None)


def test_anchors_are_not_checked_against_a_set_of_topics():
    [question] = parse_ok(
        "## q\ntopic: ecs#anything\n\nStem.\n\n- [x] A\n- [ ] B\n", known_topics={"ecs"}
    ).questions
    assert question.topic_anchor == "anything"


def test_known_anchor_passes():
    known = {"ecs": {"roles", "networking"}}
    [question] = parse_ok(
        "## q\ntopic: ecs#roles\n\nStem.\n\n- [x] A\n- [ ] B\n", known_topics=known
    ).questions
    assert question.topic_anchor == "roles"


def test_bytes_with_windows_line_endings_and_a_byte_order_mark():
    data = ("\ufeff" + pack_text(GOOD_QUESTION)).replace("\n", "\r\n").encode("utf-8")
    pack, errors = parse_pack(data, "packs/demo.md")
    assert errors == []
    assert pack.questions[0].stem == "Which option is right?"


def test_error_str_names_file_and_line():
    assert str(PackError("packs/x.md", 42, "question 'foo' has no correct option")) == (
        "packs/x.md:42: question 'foo' has no correct option"
    )


# Errors, each with its line (the front matter takes lines 1-4, line 5 is blank).


def test_no_correct_option():
    body = "## foo\n\nStem.\n\n- [ ] A\n- [ ] B\n"
    assert single_error(body) == (10, "question 'foo' has no correct option")
    _pack, errors = parse(body)
    assert str(errors[0]) == "packs/demo.md:10: question 'foo' has no correct option"


def test_no_options():
    line, message = single_error("## foo\n\nStem only.\n")
    assert line == 6
    assert message.startswith("question 'foo' has no options")


def test_fewer_than_two_options():
    assert single_error("## foo\n\nStem.\n\n- [x] Only\n") == (
        10,
        "question 'foo' has only one option; it needs at least 2",
    )


def test_option_without_text():
    assert single_error("## foo\n\nStem.\n\n- [x] A\n- [ ]\n") == (
        11,
        "question 'foo': this option has no text",
    )


def test_empty_stem():
    line, message = single_error("## foo\n\n- [x] A\n- [ ] B\n")
    assert line == 6
    assert message.startswith("question 'foo' has no stem")


def test_duplicate_question_id():
    body = GOOD_QUESTION + "\n" + GOOD_QUESTION
    assert single_error(body) == (
        13,
        "duplicate question id 'good-question' (first used on line 6)",
    )


@pytest.mark.parametrize("qid", ["Bad_Id", "two  words", "double--hyphen", "-leading", "ÉCS"])
def test_question_id_must_be_a_slug(qid):
    line, message = single_error(GOOD_QUESTION.replace("good-question", qid))
    assert line == 6
    assert message == (
        f"question id '{qid}' is not a slug: use lowercase letters, digits and single hyphens"
    )


def test_question_id_too_long():
    line, message = single_error(GOOD_QUESTION.replace("good-question", "a" * 101))
    assert (line, message) == (6, f"question id '{'a' * 40}…' is longer than 100 characters")


def test_question_heading_without_id():
    assert single_error(GOOD_QUESTION.replace("## good-question", "##")) == (
        6,
        "a question heading needs an id: '## <id>'",
    )


def test_unknown_metadata_key():
    line, message = single_error("## foo\nlevel: 3\n\nStem.\n\n- [x] A\n- [ ] B\n")
    assert line == 7
    assert message.startswith("question 'foo': unknown metadata key 'level'")


def test_stem_right_under_the_heading_needs_no_blank_line_unless_it_looks_like_metadata():
    [question] = parse_ok("## foo\nA developer wants this.\n\n- [x] A\n- [ ] B\n").questions
    assert question.stem == "A developer wants this."
    line, message = single_error("## foo\nNote: a stem.\n\n- [x] A\n- [ ] B\n")
    assert line == 7
    assert "leave a blank line after the heading" in message


def test_metadata_key_given_twice():
    assert single_error("## foo\ndomain: 1\ndomain: 2\n\nStem.\n\n- [x] A\n- [ ] B\n") == (
        8,
        "question 'foo': 'domain' is given twice",
    )


def test_metadata_key_without_value():
    assert single_error("## foo\ntags:\n\nStem.\n\n- [x] A\n- [ ] B\n") == (
        7,
        "question 'foo': 'tags:' needs a value",
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "question 'foo': domain 0 is out of range; use 1 to 4"),
        ("5", "question 'foo': domain 5 is out of range; use 1 to 4"),
        ("two", "question 'foo': domain 'two' is not a number; use 1 to 4"),
        ("-1", "question 'foo': domain '-1' is not a number; use 1 to 4"),
        ("²", "question 'foo': domain '²' is not a number; use 1 to 4"),
    ],
)
def test_domain_must_be_one_to_four(value, message):
    assert single_error(f"## foo\ndomain: {value}\n\nStem.\n\n- [x] A\n- [ ] B\n") == (7, message)


def test_invalid_difficulty():
    assert single_error("## foo\ndifficulty: brutal\n\nStem.\n\n- [x] A\n- [ ] B\n") == (
        7,
        "question 'foo': difficulty 'brutal' is not one of easy, medium, hard",
    )


def test_tags_are_trimmed_and_empty_ones_dropped():
    [question] = parse_ok("## foo\ntags: a , b c,, d\n\nStem.\n\n- [x] A\n- [ ] B\n").questions
    assert question.tags == ("a", "b c", "d")


def test_unknown_topic_slug():
    assert single_error(
        "## foo\ntopic: nope\n\nStem.\n\n- [x] A\n- [ ] B\n", known_topics={"ecs"}
    ) == (7, "question 'foo': unknown topic 'nope'")


def test_unknown_topic_in_a_dict_of_anchors():
    assert single_error(
        "## foo\ntopic: nope#a\n\nStem.\n\n- [x] A\n- [ ] B\n", known_topics={"ecs": {"a"}}
    ) == (7, "question 'foo': unknown topic 'nope'")


def test_unknown_anchor_when_anchors_are_known():
    assert single_error(
        "## foo\ntopic: ecs#nowhere\n\nStem.\n\n- [x] A\n- [ ] B\n",
        known_topics={"ecs": {"roles"}},
    ) == (7, "question 'foo': topic 'ecs' has no section '#nowhere'")


def test_topic_is_not_checked_without_known_topics_but_must_be_a_slug():
    parse_ok("## foo\ntopic: anything-goes\n\nStem.\n\n- [x] A\n- [ ] B\n")
    assert single_error("## foo\ntopic: Not A Slug\n\nStem.\n\n- [x] A\n- [ ] B\n") == (
        7,
        "question 'foo': topic 'Not A Slug' is not a slug: "
        "use lowercase letters, digits and single hyphens",
    )


def test_topic_with_an_empty_anchor():
    line, message = single_error("## foo\ntopic: ecs#\n\nStem.\n\n- [x] A\n- [ ] B\n")
    assert line == 7
    assert "needs a section anchor after '#'" in message


def test_two_task_lists_are_an_option_list_split_in_two():
    body = "## foo\n\nStem.\n\n- [x] A\n- [ ] B\n\nMore text.\n\n- [ ] C\n"
    line, message = single_error(body)
    assert line == 13
    assert message.startswith("question 'foo': the option list is split in two here")


def test_text_after_the_options_without_explanation_heading_is_a_split_list():
    line, message = single_error("## foo\n\nStem.\n\n- [x] A\n- [ ] B\nTrailing text.\n")
    assert line == 12
    assert "put any text after them under '### Explanation'" in message


def test_a_split_list_still_counts_every_option():
    line, message = single_error("## foo\n\nStem.\n\n- [x] A\nOops\n- [ ] B\n")
    assert line == 11
    assert "split in two" in message


def test_text_before_the_first_question():
    line, message = single_error("# A title\n\n" + GOOD_QUESTION)
    assert line == 6
    assert message == "text before the first question; questions start with '## <id>'"


def test_a_pack_without_questions():
    assert single_error("\n\n") == (
        5,
        "the pack has no questions; each question starts with '## <id>'",
    )


def test_unclosed_code_fence():
    errors = error_list("## foo\n\nStem.\n\n```\ncode\n\n- [x] A\n- [ ] B\n")
    assert (10, "this code fence is never closed") in errors


# Front matter errors


def test_missing_front_matter_is_reported_with_the_body_errors():
    pack, errors = parse_pack("## foo\n\nStem.\n\n- [ ] A\n- [ ] B\n", "p.md")
    assert pack is None
    assert [(error.line, error.message) for error in errors] == [
        (1, "the file must start with a '---' line opening the front matter"),
        (5, "question 'foo' has no correct option"),
    ]


def test_invalid_yaml_front_matter_is_reported_with_the_body_errors():
    errors = error_list(
        "## foo\n\nStem.\n\n- [x] A\n", front_matter="---\npack: demo\n  title: [\n---\n"
    )
    assert errors[0] == (3, "invalid front matter: mapping values are not allowed here")
    assert errors[1] == (10, "question 'foo' has only one option; it needs at least 2")


def test_unclosed_front_matter():
    pack, errors = parse_pack("---\npack: demo\n\n## foo\n", "p.md")
    assert pack is None
    assert [(error.line, error.message) for error in errors] == [
        (1, "the front matter opened on line 1 is never closed by '---'")
    ]


def test_deeply_nested_front_matter_is_an_error_not_a_crash():
    pack, errors = parse_pack("---\npack: " + "[" * 5000 + "\n---\n" + GOOD_QUESTION, "p.md")
    assert pack is None
    assert errors[0].line == 2


def test_front_matter_that_is_not_a_mapping():
    errors = error_list(GOOD_QUESTION, front_matter="---\n- a\n---\n")
    assert errors == [(2, "the front matter must be a mapping of 'key: value' lines")]


def test_missing_pack_and_title():
    errors = error_list(GOOD_QUESTION, front_matter="---\nauthor: Ann\n---\n")
    assert errors == [
        (1, "the front matter has no 'pack': the pack's id, a slug like 'ecs-core'"),
        (1, "the front matter has no 'title'"),
    ]


@pytest.mark.parametrize("slug", ["Demo Pack", "demo_pack", "12", "[a]", "x" * 101])
def test_bad_pack_slug(slug):
    errors = error_list(GOOD_QUESTION, front_matter=f"---\ntitle: T\npack: {slug}\n---\n")
    [(line, message)] = errors
    assert line == 3
    assert message.startswith("'pack' must be a slug of at most 100 characters")


def test_empty_title():
    errors = error_list(GOOD_QUESTION, front_matter="---\npack: demo\ntitle: ''\n---\n")
    assert errors == [(3, "the title is empty")]


def test_unknown_front_matter_key():
    errors = error_list(GOOD_QUESTION, front_matter="---\npack: demo\ntitle: T\nlevel: 2\n---\n")
    assert errors == [
        (4, "unknown front matter key 'level' (allowed: pack, title, version, description, author)")
    ]


def test_float_version_must_be_quoted():
    errors = error_list(
        GOOD_QUESTION, front_matter="---\npack: demo\ntitle: T\nversion: 1.10\n---\n"
    )
    assert errors == [(4, "'version' must be text: put it in quotes, like version: \"1.1\"")]


def test_structured_values_are_not_text():
    errors = error_list(GOOD_QUESTION, front_matter="---\npack: demo\ntitle: [a, b]\n---\n")
    assert errors == [(3, "'title' must be text")]


def test_title_longer_than_the_database_holds():
    errors = error_list(GOOD_QUESTION, front_matter=f"---\npack: demo\ntitle: {'t' * 201}\n---\n")
    assert errors == [(3, "'title' is longer than 200 characters")]


def test_non_utf8_file_reports_the_line_of_the_first_bad_byte():
    data = pack_text(GOOD_QUESTION).encode("utf-8").replace(b"Wrong", b"Wr\xffong")
    pack, errors = parse_pack(data, "packs/demo.md")
    assert pack is None
    assert errors == [PackError("packs/demo.md", 11, "the file is not valid UTF-8")]


def test_every_error_in_the_file_is_reported_in_line_order():
    errors = error_list(
        """\
        ## first
        domain: 9

        Stem.

        - [ ] A
        - [ ] B

        ## first

        - [x] A

        ## Third

        Stem.
        """,
        front_matter="---\npack: demo\n---\n",
    )
    assert [line for line, _message in errors] == sorted(line for line, _message in errors)
    messages = [message for _line, message in errors]
    assert "the front matter has no 'title'" in messages
    assert "question 'first': domain 9 is out of range; use 1 to 4" in messages
    assert "question 'first' has no correct option" in messages
    assert "duplicate question id 'first' (first used on line 5)" in messages
    assert any(message.startswith("question 'first' has no stem") for message in messages)
    assert "question 'first' has only one option; it needs at least 2" in messages
    assert any(message.startswith("question id 'Third' is not a slug") for message in messages)
    assert any(message.startswith("question 'Third' has no options") for message in messages)
