"""The documentation's examples must import, or instructors copying them get errors."""

import re
from pathlib import Path

from studyapp.questions.packs import (
    export_moodle_xml,
    export_pack,
    parse_aiken,
    parse_moodle_xml,
    parse_pack,
)

DOCS = (Path(__file__).parents[3] / "docs" / "pack-format.md").read_text(encoding="utf-8")
TOPICS = {
    "iam-roles": {"task-execution-role-vs-task-role"},
    "secrets-and-configuration": {"secrets-manager"},
    "networking-modes": {"awsvpc-in-depth"},
}


def example(language, fence, containing):
    blocks = re.findall(rf"^{fence}{language}\n(.*?)^{fence}$", DOCS, re.DOTALL | re.MULTILINE)
    return next(block for block in blocks if containing in block)


def test_the_complete_example_pack_imports():
    pack, errors = parse_pack(example("markdown", "````", "pack:"), "docs/pack-format.md", TOPICS)
    assert errors == []
    assert pack.slug == "ecs-security-basics"
    assert pack.version == "1.0"
    assert len(pack.questions) == 3
    assert [question.is_multiple_response for question in pack.questions] == [False, True, False]
    assert all(question.explanation for question in pack.questions[:2])
    secrets = pack.questions[1]
    assert secrets.options[0].text.endswith("```")
    assert [option.feedback == "" for option in secrets.options] == [True] + [False] * 4
    again, errors = parse_pack(export_pack(pack), "exported.md", TOPICS)
    assert errors == []
    assert again.questions == pack.questions


def test_the_aiken_example_imports():
    pack, errors, _skipped = parse_aiken(example("text", "```", "ANSWER:"), "a.txt", "a", "A")
    assert errors == []
    assert [option.correct for option in pack.questions[0].options] == [False, True, False]


def test_the_moodle_xml_example_imports_as_it_says():
    xml = example("xml", "```", "<quiz>")
    pack, errors, skipped = parse_moodle_xml(xml, "e.xml", "x", "X", known_topics=TOPICS)
    assert (errors, skipped) == ([], [])
    assert (pack.slug, pack.title, pack.description) == (
        "ecs-security-basics",
        "ECS security basics",
        "Roles, secrets and networking.",
    )
    [question] = pack.questions
    assert (question.qid, question.topic, question.domain, question.tags) == (
        "task-role-for-s3-access",
        "iam-roles",
        2,
        ("iam",),
    )
    assert question.topic_anchor == "task-execution-role-vs-task-role"
    assert export_moodle_xml(pack) == xml
