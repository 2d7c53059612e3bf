import pytest

from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.core import evidence_versions
from studyapp.questions.importing import ImportFailed, import_packs, pack_files, parse_files
from studyapp.questions.models import Attempt, Option, Pack, Question
from tests.questions.conftest import PACK, write_pack

pytestmark = pytest.mark.django_db


def run_import(paths, **options):
    files, errors = pack_files(paths)
    packs, parse_errors, skipped = parse_files(files)
    if errors or parse_errors:
        raise ImportFailed(errors + parse_errors)
    return import_packs(packs, skipped=skipped, **options)


def test_import_stores_questions_options_and_metadata(pack_file):
    [summary] = run_import([pack_file])
    assert str(summary) == "demo: 2 questions (2 added, 0 changed, 0 unchanged, 0 retired)"
    question = Question.objects.get(qid="execution-role")
    assert (question.topic_slug, question.topic_anchor, question.domain) == (
        "iam-roles", "task-execution-role", 2,
    )  # fmt: skip
    assert question.correct_count == 1
    assert list(question.options.values_list("is_correct", flat=True)) == [True, False]
    assert Question.objects.get(qid="pick-two").is_multiple_response


def test_reimporting_an_unchanged_file_writes_nothing_new(pack_file):
    run_import([pack_file])
    [summary] = run_import([pack_file])
    assert (summary.added, summary.changed, summary.unchanged) == (0, 0, 2)


def test_an_edit_updates_in_place_and_keeps_attempts(pack_file):
    run_import([pack_file])
    question = Question.objects.get(qid="execution-role")
    Attempt.objects.create(question=question, selected=[0], is_correct=True, session_key="s")
    write_pack(pack_file.parent, "demo.md", PACK.replace("Two roles, two principals.", "Edited."))
    [summary] = run_import([pack_file])
    assert (summary.changed, summary.unchanged) == (1, 1)
    question.refresh_from_db()
    assert question.explanation == "Edited."
    assert question.attempts.count() == 1


def test_questions_missing_from_the_new_file_are_retired_not_deleted(pack_file):
    run_import([pack_file])
    question = Question.objects.get(qid="pick-two")
    Attempt.objects.create(question=question, selected=[0, 1], is_correct=True, session_key="s")
    write_pack(pack_file.parent, "demo.md", PACK[: PACK.index("## pick-two")])
    [summary] = run_import([pack_file])
    assert summary.retired == 1
    question.refresh_from_db()
    assert question.is_retired
    assert question.attempts.count() == 1
    assert Question.objects.active().count() == 1
    write_pack(pack_file.parent, "demo.md", PACK)
    [summary] = run_import([pack_file])
    question.refresh_from_db()
    assert (summary.changed, question.is_retired) == (1, False)


def test_a_folder_with_one_bad_file_writes_nothing(tmp_path, topics):
    write_pack(tmp_path, "a-good.md", PACK)
    write_pack(
        tmp_path, "b-bad.md", PACK.replace("pack: demo", "pack: other").replace("- [x]", "- [ ]")
    )
    with pytest.raises(ImportFailed) as failure:
        run_import([tmp_path])
    messages = [str(error) for error in failure.value.errors]
    assert any("b-bad.md" in m and "has no correct option" in m for m in messages)
    assert Pack.objects.count() == 0
    assert Option.objects.count() == 0


def test_unknown_topics_and_anchors_are_errors(tmp_path, topics):
    bad = PACK.replace("iam-roles#task-execution-role", "iam-roles#no-such-section").replace(
        "topic: services", "topic: kubernetes"
    )
    write_pack(tmp_path, "demo.md", bad)
    with pytest.raises(ImportFailed) as failure:
        run_import([tmp_path])
    assert len(failure.value.errors) == 2


def test_the_same_pack_id_in_two_files_is_an_error(tmp_path, topics):
    write_pack(tmp_path, "one.md", PACK)
    write_pack(tmp_path, "two.md", PACK)
    with pytest.raises(ImportFailed) as failure:
        run_import([tmp_path])
    assert "pack 'demo' is also defined in" in str(failure.value)


def test_a_dry_run_reports_without_writing(pack_file):
    [summary] = run_import([pack_file], dry_run=True)
    assert summary.added == 2
    assert Pack.objects.count() == 0


def test_an_instructor_cannot_overwrite_someone_elses_pack(pack_file, django_user_model):
    run_import([pack_file])
    instructor = django_user_model.objects.create_user("ines")
    with pytest.raises(ImportFailed, match="pack id 'demo' is taken"):
        run_import([pack_file], owner=instructor)


def test_a_private_import_moves_on_only_the_readiness_of_those_who_may_see_it(
    pack_file, django_user_model
):
    owner, student, outsider, other_teacher = (
        django_user_model.objects.create_user(name) for name in ("ines", "stu", "olga", "oscar")
    )
    run_import([pack_file], owner=owner)
    pack = Pack.objects.get(slug="demo")
    own_class = Classroom.objects.create(name="Own", instructor=owner)
    Assignment.objects.create(classroom=own_class, pack=pack)
    Membership.objects.create(classroom=own_class, student=student)
    # A class whose instructor does not own the pack does not show it to its students.
    other_class = Classroom.objects.create(name="Other", instructor=other_teacher)
    Assignment.objects.create(classroom=other_class, pack=pack)
    Membership.objects.create(classroom=other_class, student=outsider)
    ids = [owner.pk, student.pk, outsider.pk]
    before = evidence_versions.versions(ids)

    run_import(
        [write_pack(pack_file.parent, "demo.md", PACK.replace("Demo pack", "Demo"))], owner=owner
    )

    after = evidence_versions.versions(ids)
    assert after[owner.pk] != before[owner.pk]
    assert after[student.pk] != before[student.pk]
    assert after[outsider.pk] == before[outsider.pk]


def test_a_public_import_moves_on_every_learners_readiness(pack_file, django_user_model):
    learner = django_user_model.objects.create_user("lee")
    before = evidence_versions.versions([learner.pk])[learner.pk]
    run_import([pack_file])
    assert evidence_versions.versions([learner.pk])[learner.pk] != before
