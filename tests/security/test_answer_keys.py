"""
No page tells which option is correct before the answer is in: not the values the options
post, not their other attributes, not the order they are listed in (issue 14). The packs here
all put the key first, as authors mostly do.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from studyapp.exam import sittings
from studyapp.exam.models import SittingQuestion
from studyapp.questions.models import Attempt, Question
from tests.factories import answer_form, make_pack, make_question, sitting_answer

pytestmark = pytest.mark.django_db

RENDERS = 40
SITTING = 20  # questions: the keys_first bank fills every domain's quota
TOKEN = re.compile(r"[0-9a-f]{16}")
SHOWN_OPTION_ATTRIBUTES = {"type", "name", "value", "data-key", "checked", "aria-describedby"}


class OptionInputs(HTMLParser):
    """The option inputs of a page: each one's attributes and the text of its label."""

    def __init__(self, page):
        super().__init__()
        self.options = []
        self._label = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") == "option":
            self.options.append({"attributes": attributes, "text": ""})
            self._label = self.options[-1]

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None

    def handle_data(self, data):
        if self._label is not None:
            self._label["text"] += data


def options_of(page):
    """(attributes, the author's number from the label "Option N of ...") of each option shown."""
    return [
        (option["attributes"], int(re.search(r"Option (\d) of", option["text"]).group(1)))
        for option in OptionInputs(page).options
    ]


def assert_nothing_names_the_position(page, option_count):
    shown = options_of(page)
    assert sorted(number for _, number in shown) == list(range(1, option_count + 1))
    for slot, (attributes, _) in enumerate(shown, start=1):
        assert set(attributes) <= SHOWN_OPTION_ATTRIBUTES, attributes
        assert TOKEN.fullmatch(attributes["value"]), attributes["value"]
        assert attributes["data-key"] == str(slot), "the key is the slot shown, nothing else"
    assert len({attributes["value"] for attributes, _ in shown}) == option_count


def key_slot_and_token(page):
    """Where the key (the author's option 1) is shown, and the value it posts."""
    for slot, (attributes, number) in enumerate(options_of(page), start=1):
        if number == 1:
            return slot, attributes["value"]
    raise AssertionError("the key is not shown")


def assert_varies_between_renders(pages):
    """Over the renders, the key moves between slots and never posts the same value twice."""
    seen = [key_slot_and_token(page) for page in pages]
    assert len({slot for slot, _ in seen}) > 1
    assert len({token for _, token in seen}) == len(pages)
    lowest = [
        token == min(a["value"] for a, _ in options_of(page))
        for page, (_, token) in zip(pages, seen, strict=True)
    ]
    assert not all(lowest), "ticking the lowest value would find the key every time"


@pytest.fixture
def keys_first(db):
    pack = make_pack("keys-first", "Keys first")
    for domain in (1, 2, 3, 4):
        for index in range(6):
            make_question(pack, f"d{domain}-{index}", domain=domain)
    return pack


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("blind", password="pw-for-tests-only")


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def permalink(qid="d1-0"):
    return reverse("questions:detail", args=["keys-first", qid])


# Practice: the permalink (alone and in a set) and the htmx fragment


@pytest.mark.parametrize("in_a_set", [False, True])
def test_the_practice_question_page_posts_tokens_and_shuffles_per_render(
    client, keys_first, in_a_set
):
    url = permalink()
    if in_a_set:
        url = client.post(reverse("questions:start_set"), {"domain": "1"})["Location"]
        assert "?set=" in url
    pages = [client.get(url).content.decode() for _ in range(RENDERS)]
    for page in pages:
        assert_nothing_names_the_position(page, 4)
        assert "option--correct" not in page
        assert "Feedback" not in page
    assert_varies_between_renders(pages)


def test_the_practice_htmx_fragment_posts_tokens_and_shuffles_per_render(client, keys_first):
    question = Question.objects.get(qid="d1-0")
    fragments = []
    for _ in range(RENDERS):
        page = client.get(permalink()).content.decode()
        # Without a choice the fragment asks again: the form, with no reveal.
        response = client.post(
            permalink(), answer_form(page, question, []), headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        fragment = response.content.decode()
        assert fragment.lstrip().startswith('<section id="question-card"')
        assert "option--correct" not in fragment
        assert_nothing_names_the_position(fragment, 4)
        values = [[a["value"] for a, _ in options_of(html)] for html in (fragment, page)]
        assert values[0] == values[1], "asking again keeps the showing"
        fragments.append(fragment)
    assert_varies_between_renders(fragments)


def test_the_reveal_lists_the_options_in_the_order_shown(client, keys_first):
    question = Question.objects.get(qid="d1-0")
    for _ in range(10):
        page = client.get(permalink()).content.decode()
        order = [number for _, number in options_of(page)]
        reveal = client.post(permalink(), answer_form(page, question, [0])).content.decode()
        assert [int(n) for n in re.findall(r"Option (\d) of", reveal)] == order
        assert "You chose the right answer." in reveal
    assert list(Attempt.objects.values_list("selected", flat=True)) == [[0]] * 10


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"option": "0"}, "That answer is not one of the options."),
        ({"option": "0123456789abcdef"}, "That answer is not one of the options."),
        ({"showing": ""}, "This answer form is out of date or incomplete."),
        ({"showing": "x" * 5000}, "This answer form is out of date or incomplete."),
    ],
)
def test_a_forged_practice_answer_is_a_clear_400(client, keys_first, change, message):
    question = Question.objects.get(qid="d1-0")
    form = answer_form(client.get(permalink()).content.decode(), question, [0]) | change
    response = client.post(permalink(), form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attempt.objects.exists()


def test_a_token_of_another_showing_is_refused(client, keys_first):
    question = Question.objects.get(qid="d1-0")
    first = answer_form(client.get(permalink()).content.decode(), question, [0])
    second = answer_form(client.get(permalink()).content.decode(), question, [0])
    response = client.post(permalink(), first | {"option": second["option"]})
    assert response.status_code == 400
    assert not Attempt.objects.exists()


# Review: the session page and its htmx fragment


def test_the_review_card_posts_tokens_and_shuffles_per_render(signed_in, keys_first):
    pages = []
    for index in range(RENDERS):
        headers = {"HX-Request": "true"} if index % 2 else {}
        page = signed_in.get(reverse("review:session"), headers=headers).content.decode()
        assert ("<h1>" in page) != bool(headers), "the fragment alternates with the page"
        assert "option--correct" not in page
        assert_nothing_names_the_position(page, 4)
        pages.append(page)
    assert_varies_between_renders(pages)


def test_a_review_answer_by_token_is_graded_and_a_forged_one_refused(signed_in, keys_first):
    question = Question.objects.get(qid="d1-0")
    page = signed_in.get(reverse("review:session")).content.decode()
    form = {"question": question.pk, "shown_at": "0"} | answer_form(page, question, [0])
    forged = signed_in.post(reverse("review:answer"), form | {"option": "0"})
    assert forged.status_code == 400
    assert "That answer is not one of the options." in forged.content.decode()
    assert not Attempt.objects.exists()
    # Without JavaScript the whole page comes back with the reveal.
    reveal = signed_in.post(reverse("review:answer"), form).content.decode()
    assert "<html" in reveal
    assert "You chose the right answer." in reveal
    assert [int(n) for n in re.findall(r"Option (\d) of", reveal)] == [
        number for _, number in options_of(page)
    ]
    assert Attempt.objects.get().is_correct


# Exam: the question page and the htmx fragment


def exam_page(client, sitting, position, htmx=False):
    url = reverse("exam:question", args=[sitting.pk, position])
    if not htmx:
        return client.get(url).content.decode()
    return client.post(url, {"go": str(position)}, headers={"HX-Request": "true"}).content.decode()


def test_the_exam_page_and_fragment_post_tokens_and_the_key_moves(signed_in, learner, keys_first):
    sitting = sittings.start(learner, SITTING, 60, seed=14)
    pages = [exam_page(signed_in, sitting, position) for position in range(1, SITTING + 1)]
    fragments = [
        exam_page(signed_in, sitting, position, htmx=True) for position in range(1, SITTING + 1)
    ]
    for page in pages + fragments:
        assert_nothing_names_the_position(page, 4)
        assert "option--correct" not in page
    assert "<html" not in fragments[0]
    # Each question of the sitting keeps its order and tokens, on the page as in the fragment.
    assert [options_of(page) for page in pages] == [options_of(page) for page in fragments]
    assert_varies_between_renders(pages)


def blind_sitting(client, learner, pick, seed):
    """Score a sitting answered without reading: `pick` chooses among the option inputs."""
    sitting = sittings.start(learner, SITTING, 60, seed=seed)
    for position in range(1, SITTING + 1):
        values = [
            attributes["value"]
            for attributes, _ in options_of(exam_page(client, sitting, position))
        ]
        client.post(reverse("exam:question", args=[sitting.pk, position]), {"option": pick(values)})
    client.post(reverse("exam:submit", args=[sitting.pk]))
    sitting.refresh_from_db()
    return sitting.correct_count


def test_a_blind_exam_scores_no_better_than_chance(signed_in, learner, keys_first):
    # Four options a question: chance is 5 of 20. Over 15 right would be the key leaking.
    assert blind_sitting(signed_in, learner, lambda values: [min(values)], seed=1) <= 15
    assert blind_sitting(signed_in, learner, lambda values: [values[0]], seed=2) <= 15


def test_an_exam_answered_by_token_scores_right(signed_in, learner, keys_first):
    sitting = sittings.start(learner, 8, 60, seed=3)
    for position in range(1, 9):
        _, token = key_slot_and_token(exam_page(signed_in, sitting, position))
        response = signed_in.post(
            reverse("exam:question", args=[sitting.pk, position]), {"option": token, "go": "next"}
        )
        assert response.status_code == 302
    # The saved answer shows as checked when the question is shown again.
    item = SittingQuestion.objects.get(sitting=sitting, position=1)
    checked = [a for a, _ in options_of(exam_page(signed_in, sitting, 1)) if "checked" in a]
    assert [a["value"] for a in checked] == sitting_answer(item, [0])
    signed_in.post(reverse("exam:submit", args=[sitting.pk]))
    sitting.refresh_from_db()
    assert sitting.correct_count == 8


@pytest.mark.parametrize("htmx", [False, True])
def test_a_forged_exam_answer_is_refused_clearly_and_not_saved(
    signed_in, learner, keys_first, htmx
):
    sitting = sittings.start(learner, 4, 60, seed=4)
    item = SittingQuestion.objects.get(sitting=sitting, position=1)
    valid = sitting_answer(item, [0])
    headers = {"HX-Request": "true"} if htmx else {}
    response = signed_in.post(
        reverse("exam:question", args=[sitting.pk, 1]),
        {"option": [*valid, "0"], "go": "next"},
        headers=headers,
    )
    assert response.status_code == (200 if htmx else 400)
    page = response.content.decode()
    assert "That answer is not one of this question&#x27;s options." in page
    assert ("<html" in page) != htmx
    item.refresh_from_db()
    assert item.selected == []
    # A token of another question of the same sitting is just as foreign.
    other = SittingQuestion.objects.get(sitting=sitting, position=2)
    response = signed_in.post(
        reverse("exam:question", args=[sitting.pk, 1]), {"option": sitting_answer(other, [0])}
    )
    assert response.status_code == 400
