import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.exam import sittings
from studyapp.exam.models import Sitting
from studyapp.questions.models import Option
from studyapp.review.models import Card, ReviewLog
from tests.factories import sitting_answer

pytestmark = pytest.mark.django_db


def start(client, questions=5, minutes=10):
    response = client.post(reverse("exam:start"), {"questions": questions, "minutes": minutes})
    return Sitting.objects.latest("pk"), response


def test_the_start_page_shows_the_plan_and_any_shortfall(signed_in, bank):
    page = signed_in.get(reverse("exam:start")).content.decode()
    assert "domain 1 has 6 of the 21 questions wanted" in page
    assert "this sitting will use 24 questions instead of 65" in page


def test_starting_fixes_questions_and_option_order(signed_in, bank):
    sitting, response = start(signed_in)
    assert response["Location"] == reverse("exam:question", args=[sitting.pk, 1])
    items = list(sitting.items.all())
    assert len(items) == 5
    orders = [item.option_order for item in items]
    assert all(sorted(order) == [0, 1, 2, 3, 4] for order in orders)
    assert any(order != [0, 1, 2, 3, 4] for order in orders), "options are shuffled"
    for _ in range(2):
        page = signed_in.get(reverse("exam:question", args=[sitting.pk, 1])).content.decode()
        shown = [int(number) - 1 for number in re.findall(r"Option (\d) of ", page)]
        assert shown == items[0].option_order


def test_no_answer_is_revealed_during_the_sitting(signed_in, bank):
    sitting, _ = start(signed_in)
    page = signed_in.get(reverse("exam:question", args=[sitting.pk, 1])).content.decode()
    assert "option--correct" not in page
    assert "Feedback" not in page


def test_answers_and_flags_survive_a_new_session(client, learner, bank):
    client.force_login(learner)
    sitting, _ = start(client)
    item = sitting.items.get(position=2)
    client.post(
        reverse("exam:question", args=[sitting.pk, 2]),
        {"option": sitting_answer(item, item.option_order[:1]), "flagged": "on", "go": "next"},
    )
    client.logout()
    client.force_login(learner)
    response = client.get(reverse("exam:resume", args=[sitting.pk]))
    assert response["Location"] == reverse("exam:question", args=[sitting.pk, 3])
    page = client.get(reverse("exam:question", args=[sitting.pk, 2])).content.decode()
    assert f'value="{sitting_answer(item, item.option_order[:1])[0]}" data-key="1" checked' in page
    assert 'name="flagged" checked' in page


def test_an_answer_after_the_deadline_is_refused_and_the_sitting_scored(signed_in, bank):
    sitting, _ = start(signed_in)
    first = sitting.items.get(position=1)
    signed_in.post(
        reverse("exam:question", args=[sitting.pk, 1]),
        {"option": sitting_answer(first, first.option_order[:1])},
    )
    Sitting.objects.filter(pk=sitting.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    second = sitting.items.get(position=2)
    response = signed_in.post(
        reverse("exam:question", args=[sitting.pk, 2]),
        {"option": sitting_answer(second, second.option_order[:1])},
    )
    assert response["Location"] == reverse("exam:report", args=[sitting.pk])
    second.refresh_from_db()
    sitting.refresh_from_db()
    assert second.selected == []
    assert sitting.is_finished
    assert sitting.auto_submitted
    assert sitting.submitted_at == sitting.deadline


def test_submitting_just_after_the_deadline_scores_as_it_stood(signed_in, bank):
    sitting, _ = start(signed_in)
    Sitting.objects.filter(pk=sitting.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    response = signed_in.post(reverse("exam:submit", args=[sitting.pk]))
    assert response["Location"] == reverse("exam:report", args=[sitting.pk])
    sitting.refresh_from_db()
    assert sitting.auto_submitted
    assert sitting.correct_count == 0


def test_scoring_and_the_report(signed_in, bank):
    sitting, _ = start(signed_in, questions=8)
    for item in sitting.items.select_related("question"):
        right = sorted(o.position for o in item.question.options.all() if o.is_correct)
        answer = (
            right if item.position % 2 else right[:1] + [p for p in range(5) if p not in right][:1]
        )
        signed_in.post(
            reverse("exam:question", args=[sitting.pk, item.position]),
            {"option": sitting_answer(item, answer)},
        )
    signed_in.post(reverse("exam:submit", args=[sitting.pk]))
    sitting.refresh_from_db()
    assert sitting.correct_count == 4
    page = signed_in.get(reverse("exam:report", args=[sitting.pk])).content.decode()
    assert "4 of 8 right (50.0 %)" in page
    assert "AWS does not publish how it converts" in page
    assert page.count('class="question-card report-item"') == 8
    wrong = signed_in.get(
        reverse("exam:report", args=[sitting.pk]) + "?show=wrong"
    ).content.decode()
    assert wrong.count('class="question-card report-item"') == 4


def test_the_report_lists_each_questions_options_in_the_order_the_sitting_showed(signed_in, bank):
    sitting, _ = start(signed_in)
    signed_in.post(reverse("exam:submit", args=[sitting.pk]))
    page = signed_in.get(reverse("exam:report", args=[sitting.pk])).content.decode()
    items = page.split('class="question-card report-item"')[1:]
    for item, shown in zip(sitting.items.order_by("position"), items, strict=True):
        listed = [int(number) - 1 for number in re.findall(r"Option (\d) of ", shown)]
        assert listed == item.option_order


def test_the_submit_page_lists_unanswered_and_flagged(signed_in, bank):
    sitting, _ = start(signed_in)
    signed_in.post(reverse("exam:question", args=[sitting.pk, 3]), {"flagged": "on"})
    page = signed_in.get(reverse("exam:submit", args=[sitting.pk])).content.decode()
    assert "5 questions unanswered" in page
    assert "Flagged for review:" in page


def test_wrong_answers_go_to_the_review_queue_once(signed_in, learner, bank):
    sitting, _ = start(signed_in)
    signed_in.post(reverse("exam:submit", args=[sitting.pk]))
    signed_in.post(reverse("exam:to_review", args=[sitting.pk]))
    signed_in.post(reverse("exam:to_review", args=[sitting.pk]))
    assert Card.objects.filter(user=learner).count() == 5
    assert not ReviewLog.objects.filter(user=learner).exists()


def test_a_sitting_belongs_to_its_learner(client, signed_in, bank, django_user_model):
    sitting, _ = start(signed_in)
    intruder = django_user_model.objects.create_user("eve")
    client.force_login(intruder)
    for url in [
        reverse("exam:resume", args=[sitting.pk]),
        reverse("exam:question", args=[sitting.pk, 1]),
        reverse("exam:submit", args=[sitting.pk]),
        reverse("exam:report", args=[sitting.pk]),
    ]:
        assert client.get(url).status_code == 404
    assert client.post(reverse("exam:to_review", args=[sitting.pk])).status_code == 404


def test_htmx_navigation_returns_the_next_question_fragment(signed_in, bank):
    sitting, _ = start(signed_in)
    response = signed_in.post(
        reverse("exam:question", args=[sitting.pk, 1]), {"go": "4"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert '<h1 id="exam-question-heading" class="question-card__title">Question 4</h1>' in page
    assert response["HX-Push-Url"] == reverse("exam:question", args=[sitting.pk, 4])
    assert "<header" not in page


def test_history_lists_finished_sittings(signed_in, bank):
    sitting, _ = start(signed_in)
    sittings.finish(sitting)
    page = signed_in.get(reverse("exam:history")).content.decode()
    assert reverse("exam:report", args=[sitting.pk]) in page
    assert '<svg class="chart"' in page


def test_a_question_edited_during_the_sitting_shows_and_takes_its_options_as_they_are(
    signed_in, bank
):
    sitting, _ = start(signed_in)
    item = sitting.items.get(position=1)
    question = item.question
    question.options.filter(position=item.option_order[0]).delete()
    Option.objects.create(question=question, position=9, text="Option 9 of new", is_correct=False)
    page = signed_in.get(reverse("exam:question", args=[sitting.pk, 1])).content.decode()
    shown = [int(number) - 1 for number in re.findall(r"Option (\d) of ", page)]
    assert shown == [*item.option_order[1:], 8]
    response = signed_in.post(
        reverse("exam:question", args=[sitting.pk, 1]), {"option": sitting_answer(item, [9])}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.selected == [9]


def test_a_key_edited_after_the_sitting_leaves_its_report_and_review_as_scored(
    signed_in, learner, bank
):
    sitting, _ = start(signed_in, questions=2)
    first, second = sitting.items.select_related("question").order_by("position")
    right = sorted(o.position for o in first.question.options.all() if o.is_correct)
    signed_in.post(
        reverse("exam:question", args=[sitting.pk, first.position]),
        {"option": sitting_answer(first, right)},
    )
    signed_in.post(reverse("exam:submit", args=[sitting.pk]))
    # The author then changes the first question's key: the answer given is now the wrong one.
    first.question.options.update(is_correct=False)
    first.question.options.exclude(position__in=right).update(is_correct=True)

    rows = sittings.report_rows(Sitting.objects.get(pk=sitting.pk))
    assert [row["is_right"] for row in rows] == [True, False]
    signed_in.post(reverse("exam:to_review", args=[sitting.pk]))
    assert list(Card.objects.filter(user=learner).values_list("question", flat=True)) == [
        second.question_id
    ]
