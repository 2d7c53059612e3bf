import re

import pytest
from django.urls import reverse

from studyapp.questions.models import Attempt, Question
from tests.factories import answer_form, make_pack, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(db):
    pack = make_pack("core", "Core")
    make_question(pack, "single", topic="ecr", domain=1)
    make_question(pack, "multi", topic="fargate", domain=3, correct=(1, 3), option_count=5)
    make_question(pack, "third", topic="ecr", domain=3)
    return pack


def detail(qid, pack="core"):
    return reverse("questions:detail", args=[pack, qid])


def answer(client, qid, positions, htmx=False, pack="core"):
    """Show the question, then post the options at the author's `positions` as its form would."""
    page = client.get(detail(qid, pack)).content.decode()
    form = answer_form(page, Question.objects.get(qid=qid, pack__slug=pack), positions)
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(detail(qid, pack), form, headers=headers)


def test_practice_page_counts_questions_per_filter(client, bank):
    page = client.get(reverse("questions:practice")).content.decode()
    assert "All packs (3)" in page
    assert "Core (3)" in page
    assert "3. Deployment (2)" in page


def test_the_question_page_shows_choices_and_choose_n(client, bank):
    single = client.get(detail("single")).content.decode()
    multi = client.get(detail("multi")).content.decode()
    assert single.count('type="radio" name="option"') == 4
    assert "Choose one." in single
    assert multi.count('type="checkbox" name="option"') == 5
    assert "Choose 2." in multi


def test_htmx_submission_swaps_in_the_reveal(client, bank):
    response = answer(client, "multi", [1, 3], htmx=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="question-card"')
    assert "You chose the right answers." in page
    assert page.count("option--correct") == 2
    assert page.count("option--chosen") == 2
    assert "Feedback 2 of multi" in page
    assert "Because the documentation says so." in page
    assert response["Vary"].count("HX-Request") == 1


def test_without_javascript_the_form_posts_and_renders_the_whole_page(client, bank):
    response = answer(client, "single", [2])
    page = response.content.decode()
    assert "<html" in page
    assert "Your answer is not right." in page
    assert 'class="option option--incorrect option--chosen"' in page


def test_a_multiple_response_answer_needs_exactly_the_right_set(client, bank):
    answer(client, "multi", [1, 2])
    answer(client, "multi", [1, 3])
    assert list(Attempt.objects.order_by("pk").values_list("is_correct", flat=True)) == [
        False,
        True,
    ]


def test_choosing_the_wrong_number_asks_again(client, bank):
    response = answer(client, "multi", [1], htmx=True)
    assert "This question asks you to choose two options." in response.content.decode()
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("bad", [["9"], ["x"], []])
def test_bad_answers_are_refused_with_a_message(client, bank, bad):
    page = client.get(detail("single")).content.decode()
    form = answer_form(page, Question.objects.get(qid="single"), [])
    response = client.post(detail("single"), form | {"option": bad})
    assert response.status_code == 400
    assert 'class="form-error"' in response.content.decode()


def test_anonymous_attempts_belong_to_the_session_and_signed_in_ones_to_the_user(
    client, bank, django_user_model
):
    answer(client, "single", [0])
    attempt = Attempt.objects.get()
    assert attempt.user is None
    assert attempt.session_key == client.session.session_key
    user = django_user_model.objects.create_user("ana")
    client.force_login(user)
    answer(client, "single", [0])
    assert Attempt.objects.filter(user=user).count() == 1


def test_retired_and_private_questions_are_not_found(client, bank, django_user_model):
    Question.objects.filter(qid="third").update(is_retired=True)
    assert client.get(detail("third")).status_code == 404
    owner = django_user_model.objects.create_user("ines")
    private = make_pack("private", "Private", owner=owner, is_public=False)
    make_question(private, "secret")
    assert client.get(detail("secret", "private")).status_code == 404
    client.force_login(owner)
    assert client.get(detail("secret", "private")).status_code == 200


def test_the_reveal_links_to_the_section_that_teaches_it(client, bank):
    from studyapp.topics.models import Topic, TopicHeading

    topic = Topic.objects.create(
        slug="ecr", title="Amazon ECR", order=1, summary="s", domains=[1],
        source_path="p", content_hash="h", html="", toc=[],
    )  # fmt: skip
    TopicHeading.objects.create(topic=topic, position=0, level=2, anchor="auth", title="Auth")
    Question.objects.filter(qid="single").update(topic_anchor="auth")
    page = answer(client, "single", [0]).content.decode()
    assert 'href="/topics/ecr/#auth">Study this: Amazon ECR › Auth</a>' in page


def shown_options(page):
    """The author's numbers of the options, in the order the page lists them."""
    return [int(number) for number in re.findall(r"Option (\d) of ", page)]


def test_options_are_shuffled_and_the_reveal_keeps_the_order_shown(client, db):
    pack = make_pack("shuffle", "Shuffle")
    questions = [make_question(pack, f"q{i}", option_count=5) for i in range(6)]
    orders = []
    for question in questions:
        url = reverse("questions:detail", args=["shuffle", question.qid])
        page = client.get(url).content.decode()
        order = shown_options(page)
        assert sorted(order) == [1, 2, 3, 4, 5]
        reveal = client.post(url, answer_form(page, question, [0])).content.decode()
        assert shown_options(reveal) == order
        orders.append(order)
    assert any(order != [1, 2, 3, 4, 5] for order in orders)
    assert list(Attempt.objects.values_list("selected", flat=True)) == [[0]] * 6


ROLLING_SCENARIO = '{"desiredCount":3,"deploymentConfiguration":{"maximumPercent":125}}'


def test_try_it_is_offered_only_after_the_reveal(client, bank):
    """Before the answer the scenario's result could give the key away, so it is not linked."""
    Question.objects.filter(qid="single").update(
        scenario_simulator="rolling", scenario_json=ROLLING_SCENARIO
    )
    unrevealed = client.get(detail("single")).content.decode()
    assert "Try it" not in unrevealed
    assert "/sims/rolling/" not in unrevealed
    for htmx in (False, True):
        revealed = answer(client, "single", [1], htmx=htmx).content.decode()
        link = re.search(r'<a class="try-it__link" href="([^"]+)">([^<]+)</a>', revealed)
        assert link[2] == "Try it in the rolling update simulator"
        assert link[1].startswith("/sims/rolling/?s=")
        shown = client.get(link[1])
        assert shown.context["result"]["stuck"] is True


def test_a_question_without_a_scenario_offers_no_try_it(client, bank):
    revealed = answer(client, "multi", [1, 3]).content.decode()
    assert "Try it" not in revealed
