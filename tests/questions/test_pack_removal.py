"""The rule for deleting a pack (studyapp/questions/pack_removal.py): only while nothing of a
learner's or a class's depends on it; otherwise nothing is deleted and the reasons are named."""

import pytest
from django.utils import timezone

from studyapp.classroom.models import Assignment, Classroom
from studyapp.exam.models import Sitting, SittingQuestion
from studyapp.questions import pack_removal
from studyapp.questions.models import Attempt, Bookmark, Pack, Question
from studyapp.review.models import Card
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(django_user_model):
    owner = django_user_model.objects.create_user("ines")
    pack = make_pack("mine", "Mine", owner=owner, is_public=False)
    make_question(pack, "q1")
    retired = make_question(pack, "q2")
    retired.is_retired = True
    retired.save()
    return pack


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("lea")


def test_an_unused_pack_is_deleted_with_its_questions(pack):
    assert pack_removal.blockers(pack) == []
    assert pack_removal.delete_unless_used(pack) == []
    assert not Pack.objects.filter(slug="mine").exists()
    assert not Question.objects.exists()


def test_the_owners_own_answers_cards_and_bookmarks_do_not_keep_the_pack(pack):
    for use in (use_by_attempt, use_by_card, use_by_bookmark):
        use(pack, pack.owner)
    assert pack_removal.delete_unless_used(pack) == []
    assert not Pack.objects.filter(slug="mine").exists()


def use_by_attempt(pack, learner):
    Attempt.objects.create(question=pack.questions.get(qid="q2"), user=learner, selected=[0],
                           is_correct=True)  # fmt: skip


def use_by_card(pack, learner):
    Card.objects.create(user=learner, question=pack.questions.get(qid="q1"))


def use_by_bookmark(pack, learner):
    Bookmark.objects.create(user=learner, question=pack.questions.get(qid="q1"))


def use_by_sitting(pack, learner):
    sitting = Sitting.objects.create(
        user=learner, question_total=1, duration_minutes=1, deadline=timezone.now()
    )
    SittingQuestion.objects.create(
        sitting=sitting, position=1, question=pack.questions.get(qid="q1"), option_order=[0, 1]
    )


def use_by_assignment(pack, learner):
    classroom = Classroom.objects.create(name="C", instructor=pack.owner)
    Assignment.objects.create(classroom=classroom, pack=pack)


@pytest.mark.parametrize(
    ("use", "reason"),
    [
        (use_by_attempt, "Learners have answered its questions."),
        (use_by_card, "Its questions are in learners' review queues."),
        (use_by_bookmark, "Learners have bookmarked its questions."),
        (use_by_sitting, "Practice exams have included its questions."),
        (use_by_assignment, "1 class assignment uses it."),
    ],
)
def test_a_pack_in_use_is_kept_and_says_why(pack, learner, use, reason):
    use(pack, learner)
    assert pack_removal.delete_unless_used(pack) == [reason]
    assert Pack.objects.filter(slug="mine").exists()
    assert pack.questions.count() == 2
