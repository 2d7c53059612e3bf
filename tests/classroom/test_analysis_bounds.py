"""Item analysis has a bounded cost: a fixed number of queries, and caps it says it applied."""

from datetime import timedelta

import pytest
from django.urls import reverse

from studyapp.classroom import services
from studyapp.classroom.models import Membership
from studyapp.questions.models import Attempt, Question
from tests.factories import make_question

pytestmark = pytest.mark.django_db


def fill(people, django_user_model, students, questions, attempts_each=2):
    for index in range(4, questions):
        make_question(people.pack, f"q{index}", position=index)
    learners = django_user_model.objects.bulk_create(
        [django_user_model(username=f"learner{n}") for n in range(students)]
    )
    Membership.objects.bulk_create(
        [Membership(classroom=people.classroom, student=learner) for learner in learners]
    )
    Attempt.objects.bulk_create(
        [
            Attempt(question=question, user=learner, selected=[n % 2], is_correct=n % 2 == 0)
            for learner in learners
            for question in Question.objects.filter(pack=people.pack)
            for n in range(attempts_each)
        ]
    )


@pytest.mark.parametrize(("students", "questions"), [(3, 5), (40, 30)])
def test_the_number_of_queries_does_not_grow_with_the_class_or_the_pack(
    people, django_user_model, django_assert_max_num_queries, students, questions
):
    fill(people, django_user_model, students, questions)
    with django_assert_max_num_queries(5):
        analysis = services.item_analysis(people.assignment)
    assert len(analysis.rows) == questions
    assert analysis.rows[0]["stats"].attempts == students
    assert not analysis.is_partial


@pytest.mark.parametrize("view_name", ["classroom:analysis", "classroom:analysis_csv"])
def test_the_page_and_csv_cost_a_fixed_number_of_queries(
    client, people, django_user_model, django_assert_max_num_queries, view_name
):
    fill(people, django_user_model, students=20, questions=30)
    client.force_login(people.instructor)
    url = reverse(view_name, args=[people.classroom.pk, people.assignment.pk])
    # Session, user, assignment, the analysis's own five, and slack for the page frame.
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_past_the_caps_the_page_says_what_it_analysed(
    client, people, django_user_model, monkeypatch
):
    monkeypatch.setattr(services, "MAX_ANALYSED_QUESTIONS", 6)
    monkeypatch.setattr(services, "MAX_ANALYSED_STUDENTS", 5)
    fill(people, django_user_model, students=8, questions=10)
    analysis = services.item_analysis(people.assignment)
    assert [row["question"].qid for row in analysis.rows] == [f"q{n}" for n in range(6)]
    assert (analysis.questions_total, analysis.students_total) == (10, 9)
    # The first five to join: stu (no attempts) and four of the learners.
    assert analysis.rows[0]["stats"].attempts == 4
    client.force_login(people.instructor)
    page = client.get(
        reverse("classroom:analysis", args=[people.classroom.pk, people.assignment.pk])
    ).content.decode()
    assert "analyses the first 6 of the assignment's 10 questions" in page
    assert "the first 5 of the class's 9 students to join" in page


def test_the_first_attempt_is_the_earliest_not_the_first_stored(people):
    question = Question.objects.get(qid="q0")
    later = Attempt.objects.create(
        question=question, user=people.student, selected=[1], is_correct=False
    )
    earlier = Attempt.objects.create(
        question=question, user=people.student, selected=[0], is_correct=True
    )
    Attempt.objects.filter(pk=earlier.pk).update(created_at=later.created_at - timedelta(hours=1))
    sums, chosen = services.first_attempt_sums([question.pk], [people.student.pk])[question.pk]
    assert (sums.takers, sums.right, sums.totals) == (1, 1, 1)
    assert chosen == {0: 1}


def test_choices_of_multiple_answer_questions_are_each_counted(people, django_user_model):
    question = Question.objects.get(qid="q0")
    for name, selected in [("a", [0, 2]), ("b", [0, 2]), ("c", [2])]:
        learner = django_user_model.objects.create_user(name)
        Attempt.objects.create(question=question, user=learner, selected=selected, is_correct=False)
    learners = list(
        django_user_model.objects.filter(username__in="abc").values_list("pk", flat=True)
    )
    _, chosen = services.first_attempt_sums([question.pk], learners)[question.pk]
    assert chosen == {0: 2, 2: 3}
