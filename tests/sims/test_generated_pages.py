"""Practice on generated questions: sets by seed, answers in place, no key before the answer."""

import html
import re

import pytest
from django.urls import reverse

from studyapp.questions.models import Attempt
from studyapp.sims import generated_practice
from studyapp.sims.generators import GENERATORS
from studyapp.sims.sharing import decode_scenario

HTMX = {"HX-Request": "true"}
PLACEMENT = reverse("sims:generated_question", args=["placement"])


def url(name, seed, place=1):
    return f"{reverse('sims:generated_question', args=[name])}?seed={seed}&n={place}"


def shown_question(name, seed, place=1):
    return GENERATORS[name].generate(generated_practice.instance_seed(seed, place))


def token_of(question, text):
    tokens = generated_practice.tokens_for(question)
    (position,) = [i for i, option in enumerate(question.options) if option.text == text]
    return tokens.token(position)


@pytest.mark.django_db
def test_the_index_lists_every_generator(client):
    response = client.get(reverse("sims:generated_index"))
    assert response.status_code == 200
    for name, generator in GENERATORS.items():
        assert reverse("sims:generated_question", args=[name]) in response.content.decode()
        assert generator.title in response.content.decode()


@pytest.mark.django_db
def test_the_practice_page_links_to_generated_questions(client):
    assert (
        reverse("sims:generated_index")
        in client.get(reverse("questions:practice")).content.decode()
    )


@pytest.mark.django_db
def test_without_a_seed_a_new_set_starts(client):
    response = client.get(PLACEMENT)
    assert response.status_code == 302
    assert re.fullmatch(re.escape(PLACEMENT) + r"\?seed=\d+", response["Location"])


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_the_page_shows_the_question_of_the_seed_and_a_link_to_share_it(client, name):
    response = client.get(url(name, 77, 2))
    page = response.content.decode()
    question = shown_question(name, 77, 2)
    assert response.status_code == 200
    assert "Set <strong>77</strong> · question 2 of 5" in page
    assert f"http://testserver{reverse('sims:generated_question', args=[name])}?seed=77" in page
    for option in question.options:
        assert generated_practice.escaped(option.text).replace("\\", "") in page.replace(
            "&#x27;", "'"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_the_unanswered_page_holds_no_key_and_no_feedback(client, name):
    question = shown_question(name, 3)
    page = client.get(url(name, 3)).content.decode()
    assert "option--correct" not in page
    visible = html.unescape(page)
    for option in question.options:
        assert option.feedback not in visible
    assert question.explanation[-1] not in page
    # The tokens posted are the same for every option's kind: none says which is the key.
    tokens = re.findall(r'name="option" value="([0-9a-f]+)"', page)
    assert len(tokens) == len(question.options)


@pytest.mark.django_db
def test_an_answer_is_graded_from_the_seed_and_revealed_with_try_it(client):
    question = shown_question("placement", 11)
    response = client.post(url("placement", 11), {"option": token_of(question, question.keys[0])})
    page = response.content.decode()
    assert response.status_code == 200
    assert "You chose the right answer" in page
    assert "Explanation" in page
    link = re.search(r'href="(/sims/placement/\?s=([^"]+))"', page)
    assert link
    assert decode_scenario(link.group(2)) == question.document
    (attempt,) = Attempt.objects.all()
    assert attempt.question.generator == "placement"
    assert attempt.is_correct


@pytest.mark.django_db
def test_a_wrong_answer_over_htmx_is_the_card_alone(client):
    question = shown_question("rolling", 4)
    wrong = next(o.text for o in question.options if not o.is_correct)
    response = client.post(url("rolling", 4), {"option": token_of(question, wrong)}, headers=HTMX)
    page = response.content.decode()
    assert "<html" not in page
    assert "Your answer is not right" in page
    assert "option--correct" in page


@pytest.mark.django_db
def test_a_forged_or_missing_answer_is_the_form_again_with_the_reason(client):
    response = client.post(url("capacity", 5), {"option": "0123456789abcdef"})
    assert response.status_code == 400
    assert "That answer is not one of the options" in response.content.decode()
    response = client.post(url("capacity", 5), {})
    assert response.status_code == 400
    assert "Choose one option before checking" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("seed=abc", "?seed="),
        ("seed=-1", "?seed="),
        (f"seed={generated_practice.MAX_SET_SEED + 1}", "?seed="),
        ("seed=" + "9" * 5000, "?seed="),
        ("seed=٣", "?seed="),
        ("seed=1&n=0", "?n="),
        ("seed=1&n=6", "?n="),
    ],
)
def test_a_bad_seed_or_place_is_a_400_naming_it(client, query, named):
    response = client.get(f"{PLACEMENT}?{query}")
    assert response.status_code == 400
    assert f"{named} must be a whole number" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_generator_is_a_404(client):
    assert (
        client.get(reverse("sims:generated_question", args=["nope"]) + "?seed=1").status_code == 404
    )
