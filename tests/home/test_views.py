"""A signed-in learner's home page (studyapp/home/dashboard.py and views.py)."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.exam import sittings
from studyapp.exam.models import Sitting
from studyapp.home import dashboard
from studyapp.questions.models import Attempt, Option, PracticeSet
from studyapp.review.queue import Queue, settings_for
from studyapp.topics.models import Topic
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db

# Session, user and roles, settings, the open exam, an expired one to finish (none here), open
# set, last exam and next assignment, the evidence versions (kept in the database so every
# server process agrees), readiness's six (none when cached; an exam's answers are scored when
# it is submitted, so their keys are no longer read), the queue's five, the catalogue and a
# topic title, and with an exam date the plan's two (new questions left, which the queue's
# count of today's new questions then reuses, and scheduled cards).
HOME_QUERIES = 25
READINESS_QUERIES = 6


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("noor", password="pw-for-tests-only")


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def bank(db):
    """Eight questions in each domain; domain 2's are on IAM roles."""
    Topic.objects.create(slug="iam-roles", title="IAM roles for tasks", order=1)
    pack = make_pack()
    topics = {1: "task-definitions", 2: "iam-roles", 3: "deployments", 4: "logging"}
    return [
        make_question(pack, f"d{domain}-{n}", topic=topics[domain], domain=domain)
        for domain in topics
        for n in range(8)
    ]


def home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def practise(learner, questions, right):
    for question in questions:
        Attempt.objects.create(
            question=question, user=learner, selected=[0 if right else 1], is_correct=right
        )


def sit_exam(learner, right_domains):
    """A submitted exam of all 32 questions, right in `right_domains` and wrong elsewhere."""
    sitting = sittings.start(learner, 32, 60, seed=1)
    for item in sitting.items.select_related("question"):
        right = item.question.domain in right_domains
        sittings.save_answer(sitting, item, [0 if right else 1], flagged=False)
    return sittings.finish(sitting)


def test_an_exam_that_ran_out_of_time_unsubmitted_shows_as_the_last_exam(signed_in, learner, bank):
    sitting = sittings.start(learner, 32, 60, seed=1)
    for item in sitting.items.select_related("question")[:10]:
        sittings.save_answer(sitting, item, [0], flagged=False)
    Sitting.objects.filter(pk=sitting.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    html = home(signed_in)
    sitting.refresh_from_db()
    assert sitting.auto_submitted
    assert sitting.submitted_at == sitting.deadline
    assert f"({sitting.correct_count} of {sitting.question_total} right)" in html
    assert reverse("exam:report", args=[sitting.pk]) in html


def test_a_visitor_keeps_the_introduction(client, bank):
    html = home(client)
    assert "Learn Amazon ECS the way the DVA-C02 exam asks about it" in html
    assert "Your study home" not in html


def test_a_new_learner_sees_what_to_do_first(signed_in, bank):
    html = home(signed_in)
    assert "Welcome, noor" in html
    for step in ("Read a topic", "Answer a practice set", "Set your exam date", "Sit a practice"):
        assert step in html
    assert "Next step" not in html


def test_after_practice_and_an_exam_the_home_names_the_weak_domain_and_what_to_do(
    signed_in, learner, bank
):
    practise(learner, [q for q in bank if q.domain != 2][:12], right=True)
    practise(learner, [q for q in bank if q.domain == 2][:3], right=False)
    exam = sit_exam(learner, right_domains={1, 3, 4})

    html = home(signed_in)

    assert f"Scaled score <strong>{exam.scaled_score}</strong>" in html
    assert "Weakest domain: <strong>Security</strong> (0&nbsp;% right)" in html
    assert "Security is your weakest domain" in html
    assert "practise its questions on IAM roles for tasks." in html
    # The step is a POST with CSRF that starts a set on that topic in that domain.
    form = re.search(r'<form method="post" action="/practice/sets/">(.*?)</form>', html, re.S)
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert 'name="topic" value="iam-roles"' in form.group(1)
    assert 'name="domain" value="2"' in form.group(1)
    assert re.search(r"Projected exam score <strong>\d+</strong>", html)
    assert re.search(r"likely \d+ to \d+", html)
    assert "Based on " in html


def test_the_recommended_topic_starts_a_practice_set_on_it(signed_in, learner, bank):
    practise(learner, [q for q in bank if q.domain != 2][:12], right=True)
    sit_exam(learner, right_domains={1, 3, 4})
    elsewhere = make_question(bank[0].pack, "iam-in-deployment", topic="iam-roles", domain=3)
    html = home(signed_in)
    form = re.search(r'<form method="post" action="/practice/sets/">(.*?)</form>', html, re.S)
    fields = dict(re.findall(r'name="(topic|domain)" value="([^"]+)"', form.group(1)))
    signed_in.post(reverse("questions:start_set"), fields)
    practice_set = PracticeSet.objects.get(owner=learner)
    expected = {q.pk for q in bank if q.topic_slug == "iam-roles"}
    assert set(practice_set.question_ids) == expected
    assert elsewhere.pk not in practice_set.question_ids


def test_unfinished_work_is_offered_to_continue_and_an_open_exam_comes_first(
    signed_in, learner, bank
):
    practise(learner, bank[:12], right=True)
    practice_set = PracticeSet.objects.create(
        owner=learner,
        title="Domain 1",
        question_ids=[q.pk for q in bank[:3]],
        first_answers={str(bank[0].pk): True},
    )
    sitting = sittings.start(learner, 8, 30, seed=2)

    html = home(signed_in)

    assert reverse("questions:set_step", args=[practice_set.pk, 1]) in html
    assert "1 of 3 answered" in html
    assert f'href="{reverse("exam:resume", args=[sitting.pk])}">Finish the exam' in html
    assert "Your practice exam is still open" in html


def test_the_next_assignment_and_the_exam_date_with_its_plan(signed_in, learner, bank):
    practise(learner, bank[:12], right=True)
    classroom = Classroom.objects.create(name="ECS night class", instructor=learner)
    Membership.objects.create(classroom=classroom, student=learner)
    due = timezone.now() + timedelta(days=5)
    Assignment.objects.create(
        classroom=classroom, pack=bank[0].pack, custom_title="Week 3", due_at=due
    )
    Assignment.objects.create(
        classroom=classroom,
        pack=bank[0].pack,
        custom_title="Long past",
        due_at=timezone.now() - timedelta(days=1),
    )
    study = settings_for(learner)
    study.time_zone = "Asia/Tokyo"
    study.exam_date = Queue(learner, study).today + timedelta(days=30)
    study.save()

    html = home(signed_in)

    tokyo = timezone.localtime(due, ZoneInfo("Asia/Tokyo"))
    assert (
        f"Week 3</a> for ECS night class, due {tokyo:%a} {tokyo.day} {tokyo:%b %Y, %H:%M} JST"
        in html
    )
    assert "Long past" not in html
    assert "<strong>30</strong> days left" in html
    assert "projected to the exam in 30 days" in html
    assert "Study plan" in html
    assert re.search(r"Introduce \d+ new questions a day for \d+ days", html)
    assert "Readiness on exam day" in html


def test_no_answer_key_shows_on_the_home_page(signed_in, learner, bank):
    practise(learner, bank[:12], right=True)
    sit_exam(learner, right_domains={1})
    html = home(signed_in)
    for text in Option.objects.filter(is_correct=True).values_list("text", flat=True)[:5]:
        assert text not in html


def test_the_home_page_reads_a_fixed_number_of_queries(signed_in, learner, bank):
    study = settings_for(learner)
    study.exam_date = timezone.now().date() + timedelta(days=20)
    study.save()
    practise(learner, bank[:20], right=True)
    sit_exam(learner, right_domains={1, 2})
    # Nothing cached: the learner's readiness and the page frame's roles are read afresh.
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        home(signed_in)
    practise(learner, bank[20:], right=False)
    sit_exam(learner, right_domains={3})
    cache.clear()
    with CaptureQueriesContext(connection) as more:
        home(signed_in)
    assert len(few) == len(more) <= HOME_QUERIES, len(few)
    with CaptureQueriesContext(connection) as cached:
        home(signed_in)
    assert len(cached) == HOME_QUERIES - READINESS_QUERIES - 1


def test_an_assignment_due_tomorrow_in_the_learners_time_zone_comes_first(signed_in, learner, bank):
    practise(learner, bank[:12], right=True)
    classroom = Classroom.objects.create(name="ECS night class", instructor=learner)
    Membership.objects.create(classroom=classroom, student=learner)
    study = settings_for(learner)
    study.time_zone = "America/Los_Angeles"
    study.save()
    tomorrow = Queue(learner, study).today + timedelta(days=1)
    due = datetime.combine(tomorrow, time(20), tzinfo=ZoneInfo("America/Los_Angeles"))
    Assignment.objects.create(
        classroom=classroom, pack=bank[0].pack, custom_title="Week 4", due_at=due
    )

    assert "Your class assignment “Week 4” is due tomorrow." in home(signed_in)


def test_an_assignment_the_learner_has_finished_is_passed_over(signed_in, learner, bank):
    practise(learner, bank, right=True)
    classroom = Classroom.objects.create(name="ECS night class", instructor=learner)
    Membership.objects.create(classroom=classroom, student=learner)
    Assignment.objects.create(
        classroom=classroom,
        pack=bank[0].pack,
        custom_title="Already done",
        due_at=timezone.now() + timedelta(days=1),
    )
    later = make_pack(slug="later", title="Later")
    make_question(later, "l-1", topic="deployments", domain=3)
    Assignment.objects.create(
        classroom=classroom,
        pack=later,
        custom_title="Still to do",
        due_at=timezone.now() + timedelta(days=6),
    )

    html = home(signed_in)

    assert "Already done" not in html
    assert "Still to do</a> for ECS night class" in html


def test_a_topic_newer_than_the_cached_readiness_is_passed_over(signed_in, learner, bank):
    practise(learner, [q for q in bank if q.domain != 2][:12], right=True)
    practise(learner, [q for q in bank if q.domain == 2][:4], right=False)
    assert "Security is your weakest domain" in home(signed_in)  # and its readiness is cached
    newer = make_pack(slug="newer", title="Newer")
    make_question(newer, "n1", topic="brand-new-topic", domain=2)
    html = home(signed_in)
    assert "Security is your weakest domain" in html
    assert "brand-new-topic" not in html


def test_the_last_exam_is_dated_in_the_learners_time_zone_with_a_whole_percent(
    signed_in, learner, bank
):
    study = settings_for(learner)
    study.time_zone = "Pacific/Auckland"
    study.save()
    sitting = sit_exam(learner, right_domains={1, 2, 4})
    # 23:30 UTC on 6 December is 12:30 on 7 December in Auckland (UTC+13 in summer).
    submitted = datetime(2026, 12, 6, 23, 30, tzinfo=ZoneInfo("UTC"))
    Sitting.objects.filter(pk=sitting.pk).update(
        submitted_at=submitted, domain_results={"3": {"percent": 12.5}, "1": {"percent": 100.0}}
    )
    html = home(signed_in)
    assert ", on 7 Dec 2026.</p>" in html
    assert "6 Dec 2026" not in html
    assert "(13&nbsp;% right)" in html


# services.progress for one assignment: its questions, and the learner's score on them.
ASSIGNMENT_QUERIES = 2


def test_finished_assignments_cost_a_bounded_number_of_queries(signed_in, learner, bank):
    # The soonest NEXT_ASSIGNMENTS_LOOKED_AT are checked, each at ASSIGNMENT_QUERIES; the
    # rest cost nothing, however many there are.
    practise(learner, bank, right=True)
    classroom = Classroom.objects.create(name="ECS night class", instructor=learner)
    Membership.objects.create(classroom=classroom, student=learner)

    def queries_with(assignments):
        for hours in range(Assignment.objects.count(), assignments):
            Assignment.objects.create(
                classroom=classroom,
                pack=bank[0].pack,
                custom_title=f"Done {hours}",
                due_at=timezone.now() + timedelta(hours=hours + 1),
            )
        home(signed_in)  # the cache holds the readiness and the frame's roles from here on
        with CaptureQueriesContext(connection) as captured:
            home(signed_in)
        return len(captured)

    none = queries_with(0)
    looked_at = dashboard.NEXT_ASSIGNMENTS_LOOKED_AT
    assert queries_with(looked_at) - none == looked_at * ASSIGNMENT_QUERIES
    assert queries_with(3 * looked_at) - none == looked_at * ASSIGNMENT_QUERIES
