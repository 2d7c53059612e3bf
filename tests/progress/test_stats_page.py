"""/stats/ shows the readiness model's figures per topic and domain in place of FSRS mastery."""

import re

import pytest
from django.urls import reverse

from studyapp.exam.models import SittingQuestion
from studyapp.readiness import model
from studyapp.review import actions, scheduling
from studyapp.review.models import Card
from tests.factories import make_pack, make_question, sitting_answer

TOPICS = {1: "ecs-task-definitions", 2: "iam-task-roles", 3: "ecs-deployments", 4: "ecs-logging"}


@pytest.fixture
def bank(db):
    pack = make_pack()
    for domain, topic in TOPICS.items():
        for index in range(3):
            make_question(pack, f"{topic}-{index}", topic=topic, domain=domain)
    return pack


def percentages(page):
    return [int(n) for n in re.findall(r"(\d+)&nbsp;% <span", page)]


def fail_a_two_question_exam(client, committing):
    committing(client.post, reverse("exam:start"), {"questions": 2, "minutes": 10})
    items = list(SittingQuestion.objects.select_related("sitting").order_by("position"))
    sitting = items[0].sitting
    for item in items:  # the author's option 0 is right; 1 is wrong
        committing(
            client.post,
            reverse("exam:save", args=[sitting.pk, item.position]),
            {"option": sitting_answer(item, [1])},
        )
    committing(client.post, reverse("exam:submit", args=[sitting.pk]))
    committing(client.post, reverse("exam:to_review", args=[sitting.pk]))
    return [item.question for item in items]


def test_failing_two_exam_questions_and_reviewing_them_never_reads_100_percent(
    client, learner, bank, committing
):
    """
    Issue 16's scenario: a new account fails a two-question exam and sends the wrong ones to
    review; then, the harder case, reviews each of them once and remembers it (Good).
    """
    client.force_login(learner)
    failed = fail_a_two_question_exam(client, committing)
    assert Card.objects.filter(user=learner).count() == 2
    scheduler = scheduling.build_scheduler(scheduling.SchedulerSettings())
    for card in Card.objects.filter(user=learner):
        committing(actions.rate_card, learner, card.pk, card.version, 3, 5000, scheduler)

    page = client.get(reverse("review:stats")).content.decode()
    shown = percentages(page)
    assert len(shown) == 4 + len(TOPICS), "every domain and every topic has a figure"
    assert max(shown) < 100
    prior = round(100 * model.PRIOR_MEAN)
    for question in failed:
        row = re.search(
            rf'{question.topic_slug}/">[^<]+</a></td>\s*<td><meter[^>]*value="(\d+)"', page
        )
        assert int(row.group(1)) < prior, f"{question.topic_slug} sits below the prior"
        assert re.search(rf'{question.topic_slug}/">.*?1 answer, 1 review</td>', page, re.S)
    assert "Based on 2 answers and 2 reviews over 1 day" in page


def test_a_new_learner_sees_the_starting_guess_and_no_evidence(client, learner, bank):
    client.force_login(learner)
    page = client.get(reverse("review:stats")).content.decode()
    assert "every figure is a starting guess" in page
    assert page.count("none yet") == 4 + len(TOPICS)
    assert "Projected exam score" in page
    assert "Mastery" not in page


def test_the_page_keeps_its_forecast_calendar_and_retention(client, learner, bank):
    client.force_login(learner)
    page = client.get(reverse("review:stats")).content.decode()
    assert page.count('<svg class="chart') == 2
    assert "True retention" in page


def test_a_second_visit_reads_readiness_from_the_cache(
    client, learner, bank, django_assert_max_num_queries
):
    client.force_login(learner)
    client.get(reverse("review:stats"))
    # The first visit's queries less the 7 of readiness_of (see tests/progress/test_evidence.py).
    with django_assert_max_num_queries(9):
        client.get(reverse("review:stats"))
