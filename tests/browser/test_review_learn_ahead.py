"""
A learning card that falls due while the 'done' page is open appears without a reload. The
clock is faked by moving the card's due time through the ORM; the page's poll interval is
shortened to a second so the journey does not wait the real ten.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from studyapp.review import scheduling, views
from studyapp.review.models import Card
from studyapp.review.queue import settings_for
from tests.browser.conftest import sign_up
from tests.factories import make_pack, make_question


def test_a_learning_card_due_in_two_minutes_appears_without_a_reload(
    page, transactional_db, monkeypatch
):
    monkeypatch.setattr(views, "SHORTEST_REFRESH_SECONDS", 1)
    monkeypatch.setattr(views, "LONGEST_REFRESH_SECONDS", 1)
    sign_up(page, "lee")
    learner = get_user_model().objects.get(username="lee")
    study = settings_for(learner)
    study.new_per_day, study.learn_ahead_minutes = 0, 0
    study.save()
    question = make_question(make_pack(), "soon", stem="The card that comes back?")
    card = Card.objects.create(
        user=learner, question=question, state=scheduling.LEARNING, step=0, stability=1.0,
        difficulty=5.0, due=timezone.now() + timedelta(minutes=2), reps=1,
    )  # fmt: skip

    page.goto("/review/")
    done = page.locator("#done-heading")
    expect(done).to_have_text("Done for now")
    expect(page.locator(".done-card time")).to_have_text("in 2 minutes")
    page.evaluate("window.stillTheSamePage = true")

    Card.objects.filter(pk=card.pk).update(due=timezone.now() - timedelta(seconds=1))

    expect(page.locator("#review-area .question-card__stem")).to_contain_text(
        "The card that comes back?"
    )
    expect(page.locator("#review-area .review-counts__learning strong")).to_have_text("1")
    assert page.evaluate("window.stillTheSamePage") is True, "the page was not reloaded"
