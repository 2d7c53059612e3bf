"""A generated skill as a review card: added from its practice page, a fresh instance each time."""

import re

import pytest
from django.urls import reverse

from studyapp.questions.generated import SKILLS_PACK
from studyapp.questions.models import Attempt, Question
from studyapp.questions.option_tokens import OptionTokens
from studyapp.review import scheduling
from studyapp.review.models import Card
from studyapp.sims.generators import GENERATORS

pytestmark = pytest.mark.django_db
ADD = reverse("sims:generated_add_to_review", args=["capacity"])


@pytest.fixture
def signed_in(client, learner, pack):
    client.force_login(learner)
    return client


def shown_seed(page):
    return re.search(r'name="showing" value="(\d{16})"', page).group(1)


def test_adding_a_skill_makes_one_new_card_on_its_question(signed_in, learner):
    back = reverse("sims:generated_question", args=["capacity"]) + "?seed=3"
    response = signed_in.post(ADD, {"back": back})
    assert response.status_code == 302
    assert response["Location"] == back
    signed_in.post(ADD, {"back": "https://elsewhere.example/"})
    (card,) = Card.objects.filter(user=learner)
    assert card.state == scheduling.NEW
    assert card.question.generator == "capacity"
    assert card.question.pack.slug == SKILLS_PACK
    assert not card.question.pack.is_public


def test_adding_needs_a_signed_in_post(client):
    assert client.get(ADD).status_code in (302, 405)
    assert client.post(ADD).status_code == 302
    assert not Card.objects.exists()


def test_the_practice_page_offers_the_skill_to_a_signed_in_learner(signed_in):
    page = signed_in.get(reverse("sims:generated_question", args=["capacity"]) + "?seed=3")
    assert ADD in page.content.decode()


def test_a_review_shows_a_fresh_instance_graded_from_its_seed(signed_in, learner):
    signed_in.post(ADD)
    skill = Question.objects.get(generator="capacity")
    first = signed_in.get(reverse("review:session")).content.decode()
    again = signed_in.get(reverse("review:session")).content.decode()
    showing = shown_seed(first)
    assert showing != shown_seed(again)
    assert "option--correct" not in first
    question = GENERATORS["capacity"].generate(int(showing))
    assert "capacity provider strategy below" in first

    (key,) = [i for i, option in enumerate(question.options) if option.is_correct]
    token = OptionTokens.posted_showing(skill.pk, showing).token(key)
    response = signed_in.post(
        reverse("review:answer"),
        {"question": skill.pk, "shown_at": "0", "showing": showing, "option": token},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "You chose the right answer" in page
    assert question.options[key].text in page
    assert "Again" in page
    assert "Try it in the capacity simulator" in page
    (attempt,) = Attempt.objects.filter(user=learner)
    assert attempt.question == skill
    assert attempt.is_correct
    assert attempt.selected == [key]


def test_a_forged_showing_draws_a_fresh_instance_and_asks_again(signed_in):
    signed_in.post(ADD)
    skill = Question.objects.get(generator="capacity")
    response = signed_in.post(
        reverse("review:answer"),
        {"question": skill.pk, "shown_at": "0", "showing": "x" * 16, "option": "0" * 16},
    )
    assert response.status_code == 400
    assert "out of date" in response.content.decode()


def test_a_skill_links_to_its_practice_page(signed_in):
    signed_in.post(ADD)
    skill = Question.objects.get(generator="capacity")
    assert skill.get_absolute_url() == reverse("sims:generated_question", args=["capacity"])
