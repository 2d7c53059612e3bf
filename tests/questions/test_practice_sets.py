"""Practice sets: a known number of questions, each once, then a summary."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.questions import practice, practice_sets
from studyapp.questions.models import Attempt, Bookmark, PracticeSet, Question
from studyapp.review.models import Card, ReviewLog
from studyapp.topics.models import Topic
from tests.factories import answer_form, make_pack, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(db):
    pack = make_pack("core", "Core")
    for index in range(7):
        make_question(pack, f"ecr-{index}", topic="ecr", domain=1)
    make_question(pack, "lonely", topic="fargate", domain=3, correct=(1, 2), option_count=5)
    return pack


def start(client, **choice):
    return client.post(reverse("questions:start_set"), choice)


def question_on(url):
    pack, qid = re.match(r"/questions/([^/]+)/([^/?]+)/", url).groups()
    return Question.objects.get(pack__slug=pack, qid=qid)


def answer(client, url, right):
    """Answer the question at `url` right or wrong; return the reveal page."""
    question = question_on(url)
    page = client.get(url).content.decode()
    correct = [o.position for o in question.options.all() if o.is_correct]
    wrong = [o.position for o in question.options.all() if not o.is_correct]
    positions = correct if right else wrong[: question.correct_count]
    return client.post(url, answer_form(page, question, positions)).content.decode()


def next_link(page):
    return re.search(r'class="button" data-key="n" href="([^"]+)"', page).group(1)


def work_through(client, url, rights):
    """Answer each question of the set in turn; the qids seen and where the last Next leads."""
    seen = []
    for right in rights:
        assert "/questions/" in url, url
        seen.append(question_on(url).qid)
        page = answer(client, url, right)
        url = client.get(next_link(page))["Location"]
    return seen, url


def test_a_seven_question_set_never_repeats_and_ends_with_a_summary(client, bank):
    url = start(client, topic="ecr")["Location"]
    rights = [True, False, True, True, False, True, True]
    seen, last = work_through(client, url, rights)
    assert sorted(seen) == [f"ecr-{index}" for index in range(7)]
    practice_set = PracticeSet.objects.get()
    assert last == reverse("questions:set_summary", args=[practice_set.pk])
    assert practice_set.finished_at is not None
    summary = client.get(last).content.decode()
    assert "5 of 7 right" in summary
    missed = re.findall(r'<li><a href="/questions/core/([^/]+)/">', summary)
    assert missed == [seen[1], seen[4]]


def test_a_one_question_filter_ends_after_one(client, bank):
    url = start(client, topic="fargate")["Location"]
    seen, last = work_through(client, url, [True])
    assert seen == ["lonely"]
    assert last.endswith("/summary/")
    assert "1 of 1 right" in client.get(last).content.decode()


def test_each_question_shows_its_place_and_the_right_count(client, bank):
    url = start(client, topic="ecr")["Location"]
    assert "Question 1 of 7, 0 right" in client.get(url).content.decode()
    reveal = answer(client, url, True)
    assert "Question 1 of 7, 1 right" in reveal
    second = client.get(next_link(reveal))["Location"]
    assert "Question 2 of 7, 1 right" in client.get(second).content.decode()


def test_only_the_first_answer_to_a_question_counts(client, bank):
    url = start(client, topic="fargate")["Location"]
    answer(client, url, False)
    assert "Question 1 of 1, 0 right" in answer(client, url, True)
    assert PracticeSet.objects.get().first_answers == {str(question_on(url).pk): False}


def test_retry_offers_exactly_the_missed_and_skipped_ones(client, bank):
    url = start(client, topic="ecr")["Location"]
    seen, _ = work_through(client, url, [False, True, True, False, True, True, True])
    practice_set = PracticeSet.objects.get()
    retry = client.post(reverse("questions:retry_missed", args=[practice_set.pk]))
    again = PracticeSet.objects.exclude(pk=practice_set.pk).get()
    assert again.question_ids == [question_on(f"/questions/core/{q}/").pk for q in seen[::3][:2]]
    assert "Question 1 of 2, 0 right" in client.get(retry["Location"]).content.decode()


def test_sending_the_missed_ones_to_review_queues_them_without_recording_reviews(
    client, bank, django_user_model
):
    learner = django_user_model.objects.create_user("learner")
    client.force_login(learner)
    url = start(client, topic="ecr")["Location"]
    seen, _ = work_through(client, url, [False, True, True, False, True, True, True])
    practice_set = PracticeSet.objects.get()
    summary_url = reverse("questions:set_summary", args=[practice_set.pk])
    assert "Send the missed ones to my review queue" in client.get(summary_url).content.decode()
    response = client.post(reverse("review:send_missed_practice", args=[practice_set.pk]))
    assert response["Location"] == summary_url
    queued = Card.objects.filter(user=learner).values_list("question__qid", flat=True)
    assert sorted(queued) == sorted(seen[::3][:2])
    assert not ReviewLog.objects.exists()
    assert "2 questions added to your review queue." in client.get(summary_url).content.decode()


def test_skipping_counts_as_missed(client, bank):
    url = start(client, topic="ecr")["Location"]
    skip = re.search(r'<a href="([^"]+)" data-key="n">Skip', client.get(url).content.decode())
    assert client.get(skip.group(1))["Location"] != url
    practice_set = PracticeSet.objects.get()
    summary = client.get(reverse("questions:set_summary", args=[practice_set.pk]))
    assert "0 of 7 right" in summary.content.decode()
    assert summary.content.decode().count("(skipped)") == 7


def test_a_set_is_its_owners_alone(client, bank, django_user_model):
    start(client, topic="ecr")  # anonymous: the set belongs to this browser session
    practice_set = PracticeSet.objects.get()
    assert practice_set.owner is None
    assert practice_set.session_key
    summary_url = reverse("questions:set_summary", args=[practice_set.pk])
    assert client.get(summary_url).status_code == 200
    client.force_login(django_user_model.objects.create_user("someone"))
    assert client.get(summary_url).status_code == 404


def test_a_signed_in_learners_set_is_theirs(client, bank, django_user_model):
    user = django_user_model.objects.create_user("learner")
    client.force_login(user)
    url = start(client, pack="core", domain="3")["Location"]
    assert question_on(url).qid == "lonely"
    assert PracticeSet.objects.get().owner == user


def test_nothing_matching_is_a_clear_404(client, bank):
    response = start(client, topic="kubernetes")
    assert response.status_code == 404
    assert "No questions match" in response.content.decode()
    assert not PracticeSet.objects.exists()


def test_invalid_filters_are_a_clear_400(client, bank):
    response = start(client, domain="9")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_a_set_holds_at_most_the_limit_and_says_so(client, bank, monkeypatch):
    monkeypatch.setattr(practice_sets, "MAX_SET_SIZE", 3)
    response = start(client, topic="ecr")
    assert PracticeSet.objects.get().size == 3
    page = client.get(response["Location"]).content.decode()
    assert "Your choice matches more than 3 questions; a set holds at most 3" in page


def test_an_unknown_or_huge_set_number_is_not_found(client, bank):
    assert client.get(reverse("questions:set_summary", args=[9999])).status_code == 404
    assert client.get(f"/practice/sets/{'9' * 40}/summary/").status_code == 404


def test_the_practice_page_starts_a_set_with_a_post_form(client, bank):
    page = client.get(reverse("questions:practice")).content.decode()
    assert f'action="{reverse("questions:start_set")}" method="post"' in page
    assert "csrfmiddlewaretoken" in page


def test_a_star_toggles_with_htmx_and_without_javascript(client, bank, django_user_model):
    user = django_user_model.objects.create_user("learner")
    client.force_login(user)
    star = reverse("questions:toggle_bookmark", args=["core", "lonely"])
    page = client.get("/questions/core/lonely/").content.decode()
    assert f'action="{star}"' in page
    assert "☆ Bookmark" in page
    fragment = client.post(star, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<form class="bookmark"')
    assert 'aria-pressed="true"' in fragment
    assert Bookmark.objects.filter(user=user, question__qid="lonely").exists()
    back = client.post(star, {"back": "/questions/core/lonely/?set=1"})
    assert back["Location"] == "/questions/core/lonely/?set=1"
    assert not Bookmark.objects.exists()
    offsite = client.post(star, {"back": "https://evil.example/"})
    assert offsite["Location"] == "/questions/core/lonely/"


def test_a_star_needs_sign_in_and_a_visible_question(client, bank, django_user_model):
    star = reverse("questions:toggle_bookmark", args=["core", "lonely"])
    assert "/accounts/login/" in client.post(star)["Location"]
    assert "Bookmark" not in client.get("/questions/core/lonely/").content.decode()
    client.force_login(django_user_model.objects.create_user("learner"))
    missing = reverse("questions:toggle_bookmark", args=["core", "nope"])
    assert client.post(missing).status_code == 404


def test_my_bookmarks_is_a_set_source(client, bank, django_user_model):
    user = django_user_model.objects.create_user("learner")
    client.force_login(user)
    for qid in ("ecr-2", "lonely"):
        client.post(reverse("questions:toggle_bookmark", args=["core", qid]))
    start(client, source="bookmarks")
    practice_set = PracticeSet.objects.get()
    assert sorted(Question.objects.get(pk=pk).qid for pk in practice_set.question_ids) == [
        "ecr-2",
        "lonely",
    ]
    assert practice_set.title == "My bookmarks"


def test_a_tag_is_a_set_source_offered_with_its_count(client, bank):
    for qid, tags in (("ecr-1", ["iam", "images"]), ("ecr-4", ["iam"]), ("lonely", ["IAM"])):
        Question.objects.filter(qid=qid).update(tags=tags)
    page = client.get(reverse("questions:practice")).content.decode()
    assert '<option value="iam">iam (2)</option>' in page
    assert '<option value="IAM">IAM (1)</option>' in page
    assert '<option value="images">images (1)</option>' in page
    start(client, tag="iam")
    practice_set = PracticeSet.objects.get()
    assert sorted(Question.objects.get(pk=pk).qid for pk in practice_set.question_ids) == [
        "ecr-1",
        "ecr-4",
    ]
    assert practice_set.title == "Tag: iam"


def test_a_tag_nobody_uses_is_a_404_and_an_overlong_one_a_400(client, bank):
    assert start(client, tag="kubernetes").status_code == 404
    response = start(client, tag="x" * 101)
    assert response.status_code == 400
    assert "at most 100 characters" in response.content.decode()
    assert not PracticeSet.objects.exists()


def test_a_lone_question_leads_on_to_a_set_of_its_topic_with_itself_last(client, bank):
    Topic.objects.create(slug="ecr", title="Amazon ECR", order=1)
    reveal = answer(client, "/questions/core/ecr-3/", True)
    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', reveal, re.S)
    assert form.group(1) == reverse("questions:start_set")
    assert "Practise Amazon ECR" in form.group(2)
    fields = dict(re.findall(r'name="(topic|pack|after)" value="([^"]+)"', form.group(2)))
    assert fields == {"topic": "ecr", "after": str(question_on("/questions/core/ecr-3/").pk)}
    start(client, **fields)
    order = [Question.objects.get(pk=pk).qid for pk in PracticeSet.objects.get().question_ids]
    assert sorted(order) == [f"ecr-{index}" for index in range(7)]
    assert order[-1] == "ecr-3"


def test_a_lone_question_whose_topic_has_no_page_leads_on_to_its_pack(client, bank):
    reveal = answer(client, "/questions/core/lonely/", True)
    assert "Practise Core" in reveal
    assert 'name="pack" value="core"' in reveal
    assert "/practice/next/" not in reveal


def test_bookmarks_of_an_anonymous_visitor_are_none(client, bank):
    assert start(client, source="bookmarks").status_code == 404


def test_missed_last_time_is_the_questions_whose_latest_attempt_was_wrong(client, bank):
    url = start(client, topic="ecr")["Location"]
    seen, _ = work_through(client, url, [False, True, False, True, True, True, True])
    answer(client, f"/questions/core/{seen[2]}/", True)  # put right since
    start(client, source="missed")
    latest = PracticeSet.objects.order_by("pk").last()
    assert [Question.objects.get(pk=pk).qid for pk in latest.question_ids] == [seen[0]]
    assert Attempt.objects.filter(question__qid=seen[2], is_correct=False).exists()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=st.lists(st.tuples(st.integers(0, 6), st.booleans()), max_size=20))
def test_the_score_is_the_count_of_right_first_answers(bank, answers):
    ids = list(Question.objects.filter(topic_slug="ecr").values_list("pk", flat=True))
    learner = practice.Learner(user=None, session_key="hypothesis")
    practice_set = practice_sets.create(learner, ids, "ecr")
    first = {}
    for index, is_right in answers:
        practice_sets.record_first_answer(practice_set, ids[index], is_right)
        first.setdefault(ids[index], is_right)
    summary, _ = practice_sets.summary(PracticeSet.objects.get(pk=practice_set.pk))
    assert summary.right == sum(first.values())
    assert summary.missed == [pk for pk in ids if not first.get(pk)]


def test_an_assignment_starts_a_set_of_exactly_its_questions(bank, django_user_model):
    instructor = django_user_model.objects.create_user("teacher")
    student = django_user_model.objects.create_user("student")
    private = make_pack("class-pack", "Class pack", owner=instructor, is_public=False)
    for qid in ("a", "b"):
        make_question(private, qid, topic="ecr", domain=2)
    make_question(private, "other-topic", topic="fargate", domain=2)
    classroom = Classroom.objects.create(name="Class", instructor=instructor)
    Membership.objects.create(classroom=classroom, student=student)
    assignment = Assignment.objects.create(classroom=classroom, pack=private, topic_slug="ecr")
    learner = practice.Learner(user=student, session_key="")
    practice_set = practice_sets.start_for_assignment(learner, assignment)
    assert sorted(Question.objects.get(pk=pk).qid for pk in practice_set.question_ids) == ["a", "b"]
    assert practice_set.owner == student
    assert practice_set.title == assignment.title


def test_an_assignment_whose_pack_is_no_longer_shared_starts_no_set(bank, django_user_model):
    instructor = django_user_model.objects.create_user("teacher")
    elsewhere = make_pack("theirs", "Theirs", owner=django_user_model.objects.create_user("x"))
    elsewhere.is_public = False
    elsewhere.save()
    classroom = Classroom.objects.create(name="Class", instructor=instructor)
    assignment = Assignment.objects.create(classroom=classroom, pack=elsewhere)
    learner = practice.Learner(user=instructor, session_key="")
    assert practice_sets.start_for_assignment(learner, assignment) is None


def test_starting_sets_is_rate_limited_so_a_visitor_cannot_fill_the_database(client, bank):
    statuses = {start(client, topic="nothing-matches").status_code for _ in range(120)}
    assert statuses == {404}
    refused = start(client, topic="ecr")
    assert refused.status_code == 429
    assert "the limit is 120 every hour" in refused.content.decode()
    assert not PracticeSet.objects.exists()


def test_the_header_search_box_does_not_show_the_sets_address(client, bank):
    url = start(client, topic="ecr")["Location"]
    page = client.get(url).content.decode()
    box = re.search(r'<input id="site-search-q"[^>]*>', page).group(0)
    assert 'value=""' in box
    assert "set=" in url
    assert "set=" not in box
