import dataclasses

from hypothesis import given, settings

from studyapp.questions.packs import Option, Pack, Question, export_pack, parse_pack

from .strategies import packs

EXAMPLE = Pack(
    slug="ecs-core",
    title="ECS: core",
    version="1.10",
    description="First line.\nSecond line.",
    author="Ann",
    questions=(
        Question(
            qid="roles",
            line=0,
            topic="ecs-iam",
            topic_anchor="task-role",
            domain=2,
            tags=("iam", "exam tip"),
            difficulty="hard",
            stem="A developer ...\n\n```\n## not a heading\n```",
            options=(
                Option("Task role\n\n  indented more", True, "Right.\n\nTwo paragraphs."),
                Option("Execution role", False, ""),
            ),
            explanation="Because.\n\n- [x] a list in the explanation",
        ),
        Question(
            qid="plain",
            line=0,
            topic=None,
            topic_anchor=None,
            domain=None,
            tags=(),
            difficulty=None,
            stem="Stem?",
            options=(Option("A", True), Option("B", True), Option("C", False)),
            explanation="",
        ),
    ),
    source="packs/ecs-core.md",
)


def test_export_writes_the_documented_format():
    text = export_pack(EXAMPLE)
    assert text.startswith("---\npack: ecs-core\ntitle: 'ECS: core'\nversion: '1.10'\n")
    assert "## roles\ntopic: ecs-iam#task-role\ndomain: 2\ntags: iam, exam tip\n" in text
    assert "difficulty: hard\n\nA developer" in text
    assert "- [x] Task role\n\n    indented more\n  > Right.\n  >\n  > Two paragraphs.\n" in text
    assert "- [ ] Execution role\n\n### Explanation\n\nBecause." in text
    assert "## plain\n\nStem?\n\n- [x] A\n- [x] B\n- [ ] C\n" in text


def test_export_then_import_reproduces_every_question():
    pack, errors = parse_pack(export_pack(EXAMPLE), "packs/ecs-core.md")
    assert errors == []
    assert pack.questions == EXAMPLE.questions
    assert [q.fingerprint() for q in pack.questions] == [q.fingerprint() for q in EXAMPLE.questions]
    assert (pack.slug, pack.title, pack.version, pack.description, pack.author) == (
        "ecs-core",
        "ECS: core",
        "1.10",
        "First line.\nSecond line.",
        "Ann",
    )


def test_front_matter_text_that_looks_like_its_closing_line_survives():
    description = "Before.\n---\nAfter, with a long line: " + "word " * 40 + "--- end"
    pack = dataclasses.replace(EXAMPLE, title="--- ", description=description)
    again, errors = parse_pack(export_pack(pack), "x.md")
    assert errors == []
    assert (again.title, again.description) == ("---", description)


@settings(max_examples=200, deadline=None)
@given(packs())
def test_round_trip_over_generated_packs(pack):
    text = export_pack(pack)
    again, errors = parse_pack(text, "generated.md")
    assert errors == []
    assert again.questions == pack.questions
    for before, after in zip(pack.questions, again.questions, strict=True):
        assert after.fingerprint() == before.fingerprint()
        assert after.is_multiple_response == before.is_multiple_response
    assert (again.slug, again.title, again.version, again.description, again.author) == (
        pack.slug,
        pack.title,
        pack.version,
        pack.description,
        pack.author,
    )
    assert export_pack(again) == text
