import pytest
from django.core.management import CommandError, call_command

from studyapp.questions.models import Question
from studyapp.questions.packs import parse_pack
from tests.questions.conftest import PACK, write_pack

pytestmark = pytest.mark.django_db


def test_importpack_prints_one_line_per_pack(pack_file, capsys):
    call_command("importpack", str(pack_file))
    assert capsys.readouterr().out.strip() == (
        "demo: 2 questions (2 added, 0 changed, 0 unchanged, 0 retired)"
    )


def test_importpack_prints_every_error_and_fails(tmp_path, topics, capsys):
    broken = (
        PACK.replace("domain: 2", "domain: 7")
        .replace("- [x] Load", "- [ ] Load")
        .replace("- [x] Container", "- [ ] Container")
    )
    write_pack(tmp_path, "broken.md", broken)
    with pytest.raises(CommandError, match=r"2 error\(s\) in 1 file\(s\); nothing was imported"):
        call_command("importpack", str(tmp_path))
    errors = capsys.readouterr().err
    assert "broken.md:9: question 'execution-role': domain 7 is out of range" in errors
    assert "question 'pick-two' has no correct option" in errors
    assert Question.objects.count() == 0


def test_importpack_reports_skipped_gift_questions(tmp_path, topics, capsys):
    write_pack(
        tmp_path,
        "quiz.gift",
        "::q1:: Which launch type has no instances to manage? {=Fargate ~EC2}\n\n"
        "Describe ECS. {}\n",
    )
    call_command("importpack", str(tmp_path / "quiz.gift"))
    out = capsys.readouterr().out
    assert "quiz: 1 questions (1 added" in out
    assert "skipped line 3:" in out


def test_export_then_import_reproduces_every_question(pack_file, tmp_path):
    call_command("importpack", str(pack_file))
    exported = tmp_path / "exported.md"
    call_command("exportpack", "demo", "-o", str(exported))
    original, _ = parse_pack(pack_file.read_bytes(), "a")
    again, errors = parse_pack(exported.read_bytes(), "b")
    assert errors == []
    assert [q.fingerprint() for q in again.questions] == [
        q.fingerprint() for q in original.questions
    ]
    assert again.questions == original.questions


def test_exportpack_of_an_unknown_pack(db):
    with pytest.raises(CommandError, match="no pack 'nope'"):
        call_command("exportpack", "nope")


def test_moodle_xml_export_then_import_reproduces_the_pack(pack_file, tmp_path, capsys):
    call_command("importpack", str(pack_file))
    exported = tmp_path / "from-moodle.xml"
    call_command("exportpack", "demo", "--format", "moodle-xml", "-o", str(exported))
    assert exported.read_text(encoding="utf-8").startswith('<?xml version="1.0"')
    capsys.readouterr()
    call_command("importpack", str(exported))
    assert capsys.readouterr().out.strip() == (
        "demo: 2 questions (0 added, 0 changed, 2 unchanged, 0 retired)"
    )


def test_importpack_takes_moodle_xml_by_format_and_reports_what_it_skipped(
    tmp_path, topics, capsys
):
    write_pack(
        tmp_path,
        "bank.txt",
        '<?xml version="1.0"?>\n<quiz>\n<question type="multichoice">\n'
        "<questiontext><text>Which is serverless?</text></questiontext>\n"
        '<answer fraction="100"><text>Fargate</text></answer>\n'
        '<answer fraction="0"><text>EC2</text></answer>\n</question>\n'
        '<question type="essay"><questiontext><text>Why?</text></questiontext></question>\n'
        "</quiz>\n",
    )
    call_command("importpack", str(tmp_path / "bank.txt"), "--format", "moodle-xml")
    out = capsys.readouterr().out
    assert "bank: 1 questions (1 added" in out
    assert "skipped line 8: essay question" in out
    assert Question.objects.get().qid == "q-3"


def test_exportpack_refuses_text_xml_cannot_carry(pack_file, tmp_path):
    call_command("importpack", str(pack_file))
    Question.objects.filter(qid="pick-two").update(stem="Bell \x07")
    with pytest.raises(CommandError, match="question pick-two: its text holds the character"):
        call_command("exportpack", "demo", "--format", "moodle-xml", "-o", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()


def test_importpack_names_file_and_line_of_a_section_anchor_that_does_not_exist(
    tmp_path, topics, capsys
):
    path = write_pack(
        tmp_path,
        "anchors.md",
        PACK.replace("iam-roles#task-execution-role", "iam-roles#task-execution-rol"),
    )
    with pytest.raises(CommandError, match=r"1 error\(s\) in 1 file\(s\)"):
        call_command("importpack", str(path))
    assert capsys.readouterr().err.strip() == (
        f"{path}:8: question 'execution-role': topic 'iam-roles' has no section "
        "'#task-execution-rol'"
    )
    assert Question.objects.count() == 0
