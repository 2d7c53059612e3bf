import re
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.questions.models import Attempt
from studyapp.review import scheduling
from studyapp.review.models import Card, ReviewLog
from tests.factories import answer_form, make_pack
from tests.review.conftest import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def two_questions(pack):
    return [
        make_question(pack, "first", topic="ecr"),
        make_question(pack, "second", topic="fargate"),
    ]


def answer(client, question, positions, htmx=True):
    """Show the session's card, then post the options at the author's `positions` for it."""
    page = client.get(reverse("review:session")).content.decode()
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("review:answer"),
        {"question": question.pk, "shown_at": "0"} | answer_form(page, question, positions),
        headers=headers,
    )


def test_review_needs_an_account(client):
    response = client.get(reverse("review:session"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_session_shows_counts_and_the_first_new_question(signed_in, two_questions):
    page = signed_in.get(reverse("review:session")).content.decode()
    assert "New <strong>2</strong>" in page
    assert "Stem of first?" in page
    assert f'name="question" value="{two_questions[0].pk}"' in page


def test_a_right_answer_suggests_good_and_shows_each_interval(signed_in, two_questions):
    response = answer(signed_in, two_questions[0], [0])
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" not in page, "htmx gets the fragment only"
    labels = re.findall(
        r'class="rating__interval">([^<]+)</span>\s*<span class="rating__label">(\w+)', page
    )
    assert [label for _, label in labels] == ["Again", "Hard", "Good", "Easy"]
    # The default learning steps are 1m and 10m; Easy graduates a new card straight to days.
    assert (labels[0][0], labels[2][0]) == ("1m", "10m")
    assert labels[3][0].endswith("d")
    assert re.search(
        r'value="3" data-key="rate-3" class="rating rating--good rating--suggested"', page
    )
    assert Attempt.objects.get().is_correct


def test_a_wrong_answer_suggests_again(signed_in, two_questions):
    page = answer(signed_in, two_questions[0], [2]).content.decode()
    assert re.search(
        r'value="1" data-key="rate-1" class="rating rating--again rating--suggested"', page
    )


def test_rating_records_the_review_and_moves_to_the_next_card(signed_in, two_questions):
    answer(signed_in, two_questions[0], [0])
    card = Card.objects.get()
    response = signed_in.post(
        reverse("review:rate"),
        {"card": card.pk, "version": card.version, "rating": "3", "duration_ms": "5100"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "Stem of second?" in page
    log = ReviewLog.objects.get()
    assert (log.rating, log.duration_ms) == (3, 5100)


def test_a_double_submitted_rating_is_recorded_once(signed_in, two_questions):
    answer(signed_in, two_questions[0], [0])
    card = Card.objects.get()
    form = {"card": card.pk, "version": card.version, "rating": "3"}
    signed_in.post(reverse("review:rate"), form)
    response = signed_in.post(reverse("review:rate"), form)
    assert response.status_code == 302
    assert ReviewLog.objects.count() == 1


def test_undo_brings_the_card_back(signed_in, two_questions):
    answer(signed_in, two_questions[0], [0])
    card = Card.objects.get()
    signed_in.post(reverse("review:rate"), {"card": card.pk, "version": 0, "rating": "4"})
    response = signed_in.post(reverse("review:undo"), headers={"HX-Request": "true"})
    page = response.content.decode()
    card.refresh_from_db()
    assert ReviewLog.objects.count() == 0
    assert card.state == scheduling.NEW
    assert "Stem of first?" in page


def test_malformed_ratings_are_refused_clearly(signed_in, two_questions):
    response = signed_in.post(reverse("review:rate"), {"card": "x", "version": "0", "rating": "3"})
    assert response.status_code == 400
    answer(signed_in, two_questions[0], [0])
    card = Card.objects.get()
    response = signed_in.post(
        reverse("review:rate"), {"card": card.pk, "version": 0, "rating": "9"}
    )
    assert response.status_code == 400
    assert b"A rating is 1 (Again) to 4 (Easy)." in response.content


def test_another_users_card_is_a_404(signed_in, two_questions, django_user_model):
    other = django_user_model.objects.create_user("other")
    card = Card.objects.create(user=other, question=two_questions[0])
    response = signed_in.post(
        reverse("review:rate"), {"card": card.pk, "version": 0, "rating": "3"}
    )
    assert response.status_code == 404


def test_an_answer_without_a_choice_asks_again(signed_in, two_questions):
    response = answer(signed_in, two_questions[0], [], htmx=False)
    assert response.status_code == 400
    assert "Choose one option before checking." in response.content.decode()
    assert not Attempt.objects.exists()


def test_done_for_today_says_when_the_next_card_is_due(signed_in, pack):
    question = make_question(pack, "only")
    answer(signed_in, question, [0])
    card = Card.objects.get()
    signed_in.post(reverse("review:rate"), {"card": card.pk, "version": 0, "rating": "4"})
    page = signed_in.get(reverse("review:session")).content.decode()
    assert "Done for today" in page
    assert re.search(r"The next card is due <time [^>]*>(tomorrow|in \d+ days)</time>", page)
    assert "hx-trigger" not in page, "nothing to look for again today"


def counts(page):
    return {
        kind: int(number)
        for kind, number in re.findall(r"(New|Learning|Review) <strong>(\d+)</strong>", page)
    }


def test_counts_follow_every_rating_and_undo(signed_in, two_questions):
    answer(signed_in, two_questions[0], [1])
    card = Card.objects.get()
    htmx = {"HX-Request": "true"}
    page = signed_in.post(
        reverse("review:rate"), {"card": card.pk, "version": 0, "rating": "1"}, headers=htmx
    ).content.decode()
    assert counts(page) == {"New": 1, "Learning": 1, "Review": 0}
    page = signed_in.post(reverse("review:undo"), headers=htmx).content.decode()
    assert counts(page) == {"New": 2, "Learning": 0, "Review": 0}


def test_a_learning_card_due_within_the_learn_ahead_limit_is_shown(signed_in, pack):
    question = make_question(pack, "only")
    answer(signed_in, question, [1])
    card = Card.objects.get()
    page = signed_in.post(
        reverse("review:rate"),
        {"card": card.pk, "version": 0, "rating": "1"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Stem of only?" in page
    assert "Done for" not in page


def test_the_done_page_says_when_and_looks_again_then(signed_in, learner, pack):
    question = make_question(pack, "only")
    answer(signed_in, question, [1])
    study = learner.study_settings
    study.learn_ahead_minutes = 0
    study.save()
    card = Card.objects.get()
    rated_at = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=rated_at):
        signed_in.post(reverse("review:rate"), {"card": card.pk, "version": 0, "rating": "1"})
        page = signed_in.get(reverse("review:session")).content.decode()
    assert "Done for now" in page
    assert re.search(r"<time [^>]*>in 1 minute</time>", page)
    assert 'hx-trigger="load delay:60s"' in page
    assert "0 minutes" not in page
    htmx = {"HX-Request": "true"}
    with mock.patch("django.utils.timezone.now", return_value=rated_at + timedelta(seconds=55)):
        page = signed_in.get(reverse("review:session"), headers=htmx).content.decode()
    assert 'hx-trigger="load delay:10s"' in page, "never sooner than every 10 s"
    with mock.patch("django.utils.timezone.now", return_value=rated_at + timedelta(seconds=61)):
        page = signed_in.get(reverse("review:session"), headers=htmx).content.decode()
    assert "Stem of only?" in page


def test_settings_are_validated_and_saved(signed_in, learner):
    response = signed_in.post(
        reverse("review:settings"),
        {
            "desired_retention": "0.99",
            "new_per_day": "10",
            "max_reviews_per_day": "100",
            "learning_steps": "1m 10x",
            "relearning_steps": "10m",
            "time_zone": "Europe/Paris",
            "day_starts_at": "4",
            "learn_ahead_minutes": "121",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 0.97." in page
    assert "Ensure this value is less than or equal to 120." in page
    assert "&#x27;10x&#x27; is not a step" in page
    response = signed_in.post(
        reverse("review:settings"),
        {
            "desired_retention": "0.85",
            "new_per_day": "10",
            "max_reviews_per_day": "100",
            "learning_steps": "2m  15m",
            "relearning_steps": "10m",
            "time_zone": "Europe/Paris",
            "day_starts_at": "5",
            "learn_ahead_minutes": "0",
        },
    )
    assert response.status_code == 302
    settings = learner.study_settings
    assert (
        settings.desired_retention, settings.learning_steps, settings.day_starts_at,
        settings.learn_ahead_minutes,
    ) == (0.85, "2m 15m", 5, 0)  # fmt: skip


def test_leeches_are_listed_and_can_be_unsuspended(signed_in, learner, pack):
    card = Card.objects.create(
        user=learner, question=make_question(pack, "hard-one"), lapses=8, is_leech=True,
        is_suspended=True,
    )  # fmt: skip
    page = signed_in.get(reverse("review:leeches")).content.decode()
    assert "hard-one" in page
    assert signed_in.get(reverse("review:unsuspend", args=[card.pk])).status_code == 405
    signed_in.post(reverse("review:unsuspend", args=[card.pk]))
    card.refresh_from_db()
    assert not card.is_suspended


def test_a_due_card_whose_question_was_retired_or_hidden_leaves_the_queue(signed_in, learner, pack):
    from datetime import timedelta

    from django.utils import timezone

    retired = make_question(pack, "retired")
    hidden_pack = make_pack("hidden", "Hidden", is_public=False)
    hidden = make_question(hidden_pack, "hidden")
    for question in (retired, hidden):
        Card.objects.create(
            user=learner, question=question, state=scheduling.LEARNING, step=0,
            stability=1.0, difficulty=5.0, due=timezone.now() - timedelta(minutes=5),
            last_review=timezone.now() - timedelta(minutes=15), reps=1,
        )  # fmt: skip
    retired.is_retired = True
    retired.save()
    response = signed_in.get(reverse("review:session"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Learning <strong>0</strong>" in page
    assert "Done for today" in page
    hidden_card = Card.objects.get(question=hidden)
    pinned = signed_in.get(reverse("review:session"), {"card": hidden_card.pk})
    assert pinned.status_code == 200
    assert "Stem of hidden?" not in pinned.content.decode()


def test_try_it_follows_the_reveal_of_a_review_card_never_the_question(signed_in, two_questions):
    two_questions[0].scenario_simulator = "placement"
    two_questions[0].scenario_preset = "spread-az"
    two_questions[0].save()
    shown = signed_in.get(reverse("review:session")).content.decode()
    assert "Try it" not in shown
    revealed = answer(signed_in, two_questions[0], [0]).content.decode()
    assert (
        '<a class="try-it__link" href="/sims/placement/?preset=spread-az">'
        "Try it in the placement simulator</a>"
    ) in revealed
