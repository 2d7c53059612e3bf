"""
Assignment and Grade Services: a completed LMS-linked assignment's first-attempt score reaches
the test LMS's gradebook, through the line item AGS says to use, and survives the LMS being down.
"""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from studyapp.classroom.models import Assignment
from studyapp.lti.models import GradeReport, LinkedResource
from studyapp.questions.models import Attempt, Question
from tests.factories import answer_form, make_pack, make_question
from tests.lti.conftest import launch
from tests.lti.platform import AGS_CLAIM, INSTRUCTOR, LTI, SCORE_SCOPE

pytestmark = pytest.mark.django_db

TARGET = "practice:ecs-basics"


@pytest.fixture
def questions(db):
    pack = make_pack("ecs-basics", "ECS basics")
    return [make_question(pack, f"q{index}", topic="fargate") for index in range(2)]


def linked(lineitem=None, target=TARGET):
    def edit(claims):
        claims[LTI + "custom"] = {"studyapp_target": target}
        if lineitem is not None:
            claims[AGS_CLAIM]["lineitem"] = lineitem
        elif AGS_CLAIM in claims:
            claims[AGS_CLAIM].pop("lineitem", None)

    return edit


def learner_launch(client, platform, lineitem=None):
    """The instructor opens the link first (making the class), then the learner."""
    launch(client, platform, linked(lineitem), sub="teacher-1", roles=[INSTRUCTOR])
    client.logout()
    response, _, _ = launch(client, platform, linked(lineitem), sub="learner-1")
    return response


def answer(client, question, is_right, capture):
    user_id = int(client.session["_auth_user_id"])
    with capture(execute=True):
        Attempt.objects.create(
            question=question, user_id=user_id, selected=[0], is_correct=is_right
        )


def test_a_practice_link_becomes_a_class_assignment(client, registered, questions):
    lineitem = registered.new_lineitem("link-1")["id"]
    response = learner_launch(client, registered, lineitem)

    link = LinkedResource.objects.select_related("assignment").get()
    assert link.assignment.pack.slug == "ecs-basics"
    assert link.lineitem_url == lineitem
    assert response["Location"] == reverse("lti:start", args=[link.pk])
    start = client.get(response["Location"])
    action = reverse(
        "classroom:practise_assignment", args=[link.assignment.classroom_id, link.assignment.pk]
    )
    assert f'action="{action}"' in start.content.decode()
    assert Assignment.objects.count() == 1


def test_the_first_attempt_score_is_sent_when_every_question_is_answered(
    client, registered, questions, django_capture_on_commit_callbacks
):
    registered.new_lineitem("link-1")
    learner_launch(client, registered, registered.lineitems[0]["id"])

    answer(client, questions[0], True, django_capture_on_commit_callbacks)
    assert registered.received.scores == []
    answer(client, questions[1], False, django_capture_on_commit_callbacks)

    [(path, score, headers)] = registered.received.scores
    assert path == "/course-42/lineitems/1/scores"
    assert headers["Content-Type"] == "application/vnd.ims.lis.v1.score+json"
    assert score["userId"] == "learner-1"
    assert (score["scoreGiven"], score["scoreMaximum"]) == (50, 100)
    assert score["activityProgress"] == "Completed"
    assert score["gradingProgress"] == "FullyGraded"
    assert "timestamp" in score
    [token_request] = registered.received.token_requests
    assert token_request["claims"]["iss"] == registered.client_id
    assert token_request["claims"]["sub"] == registered.client_id
    assert token_request["form"]["grant_type"] == ["client_credentials"]
    assert SCORE_SCOPE in token_request["form"]["scope"][0].split()
    assert GradeReport.objects.get().status == GradeReport.SENT


def test_later_attempts_do_not_change_the_score_sent(
    client, registered, questions, django_capture_on_commit_callbacks
):
    learner_launch(client, registered, registered.new_lineitem("link-1")["id"])
    answer(client, questions[0], False, django_capture_on_commit_callbacks)
    answer(client, questions[1], True, django_capture_on_commit_callbacks)
    answer(client, questions[0], True, django_capture_on_commit_callbacks)

    assert [score["scoreGiven"] for _, score, _ in registered.received.scores] == [50]


def test_an_lms_that_is_down_costs_no_answer_and_the_score_is_sent_on_retry(
    client, registered, questions, django_capture_on_commit_callbacks
):
    learner_launch(client, registered, registered.new_lineitem("link-1")["id"])
    registered.fail_with = 503

    answer(client, questions[0], True, django_capture_on_commit_callbacks)
    answer(client, questions[1], True, django_capture_on_commit_callbacks)

    report = GradeReport.objects.get()
    assert report.status == GradeReport.FAILED
    assert "503" in report.last_error
    assert Attempt.objects.count() == 2

    registered.fail_with = None
    call_command("ltigrades", "--retry")

    report.refresh_from_db()
    assert report.status == GradeReport.SENT
    assert report.tries == 2
    assert [score["scoreGiven"] for _, score, _ in registered.received.scores] == [100]


def test_a_link_without_a_line_item_gets_one_made_through_the_course_line_items(
    client, registered, questions, django_capture_on_commit_callbacks
):
    learner_launch(client, registered, lineitem=None)

    answer(client, questions[0], True, django_capture_on_commit_callbacks)
    answer(client, questions[1], True, django_capture_on_commit_callbacks)

    assert registered.received.lineitem_queries == [{"resource_link_id": ["link-1"]}]
    [(item, content_type)] = registered.received.created_lineitems
    assert content_type == "application/vnd.ims.lis.v2.lineitem+json"
    assert item["resourceLinkId"] == "link-1"
    assert item["scoreMaximum"] == 100
    assert item["resourceId"] == TARGET
    [(path, _, _)] = registered.received.scores
    assert path == "/course-42/lineitems/1/scores"
    assert LinkedResource.objects.get().lineitem_url == registered.lineitems[0]["id"]


def test_an_existing_line_item_for_the_link_is_used_not_duplicated(
    client, registered, questions, django_capture_on_commit_callbacks
):
    registered.new_lineitem("link-1")
    learner_launch(client, registered, lineitem=None)

    answer(client, questions[0], True, django_capture_on_commit_callbacks)
    answer(client, questions[1], True, django_capture_on_commit_callbacks)

    assert registered.received.created_lineitems == []
    assert len(registered.received.scores) == 1


def test_a_class_member_who_did_not_come_from_the_lms_has_no_score_sent(
    client, registered, questions, django_capture_on_commit_callbacks, django_user_model
):
    learner_launch(client, registered, registered.new_lineitem("link-1")["id"])
    link = LinkedResource.objects.select_related("assignment__classroom").get()
    local = django_user_model.objects.create_user("local-student")
    link.assignment.classroom.memberships.create(student=local)
    client.force_login(local)

    answer(client, questions[0], True, django_capture_on_commit_callbacks)
    answer(client, questions[1], True, django_capture_on_commit_callbacks)

    assert registered.received.scores == []
    assert not GradeReport.objects.exists()


def test_a_link_to_a_missing_pack_is_refused_with_its_name(client, registered, questions):
    response, _, _ = launch(
        client, registered, linked(target="practice:no-such-pack"), roles=[INSTRUCTOR]
    )
    assert response.status_code == 400
    assert "no-such-pack" in response.content.decode()
    assert not LinkedResource.objects.exists()


def test_a_student_who_works_through_the_set_in_the_app_gets_the_score_sent(
    client, registered, questions, django_capture_on_commit_callbacks
):
    """The whole path: launch, start page, the practice set's pages, the gradebook."""
    start = learner_launch(client, registered, registered.new_lineitem("link-1")["id"])
    page = client.get(start["Location"]).content.decode()
    practise = re.search(r'<form method="post" action="([^"]+)" class="card">', page).group(1)
    url = client.post(practise)["Location"]
    for index, right in enumerate([True, False]):
        pack, qid = re.match(r"/questions/([^/]+)/([^/?]+)/", url).groups()
        question = Question.objects.get(pack__slug=pack, qid=qid)
        shown = client.get(url).content.decode()
        wanted = [o.position for o in question.options.all() if o.is_correct == right][:1]
        with django_capture_on_commit_callbacks(execute=True):
            reveal = client.post(url, answer_form(shown, question, wanted)).content.decode()
        if index == 0:
            assert registered.received.scores == []
            next_step = re.search(r'class="button" data-key="n" href="([^"]+)"', reveal).group(1)
            url = client.get(next_step)["Location"]

    [(_, score, _)] = registered.received.scores
    assert (score["userId"], score["scoreGiven"]) == ("learner-1", 50)
