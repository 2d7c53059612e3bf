"""
The next-question statement against a plain-Python reading of its rules, on random banks,
attempts, filters and learners: never-attempted questions first (any of them, at random), then
the one attempted longest ago, and the question just answered only when it is the only one.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.questions import practice
from studyapp.questions.models import Attempt
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db(transaction=False)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SESSION = "learner-session"

# Who made an attempt: the learner (as the user or the anonymous session it is), or someone
# else; mostly the learner, so that whole banks are often attempted and the oldest is chosen.
ATTEMPTERS = ["mine", "mine", "mine", "other user", "other session"]

questions_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "pack": st.sampled_from(["first", "second", "first", "hidden"]),
            "retired": st.sampled_from([False, False, False, True]),
            "topic": st.sampled_from(["ecr", "fargate"]),
            "domain": st.sampled_from([1, 3]),
            # Minutes before NOW of each attempt, and by whom.
            "attempts": st.lists(
                st.tuples(st.sampled_from(ATTEMPTERS), st.integers(0, 5)), max_size=3
            ),
        }
    ),
    max_size=8,
)


def expected(questions, learner_kind, choice, after_index):
    """The set of permalinks the rules allow (one, unless a random pick among fresh ones)."""
    mine = "mine" if learner_kind != "no session" else None
    candidates = [
        (index, question)
        for index, question in enumerate(questions)
        if question["pack"] != "hidden"
        and not question["retired"]
        and (not choice["pack"] or question["pack"] == choice["pack"])
        and (not choice["topic"] or question["topic"] == choice["topic"])
        and (not choice["domain"] or question["domain"] == choice["domain"])
    ]
    if len(candidates) > 1:
        candidates = [(index, q) for index, q in candidates if index != after_index]
    if not candidates:
        return set()

    def last_attempt(question):
        times = [NOW - timedelta(minutes=m) for who, m in question["attempts"] if who == mine]
        return max(times) if times else None

    fresh = [q for _, q in candidates if last_attempt(q) is None]
    if fresh:
        return {q["url"] for q in fresh}
    oldest = min((last_attempt(q), q["row"].position) for _, q in candidates)
    return {q["url"] for _, q in candidates if (last_attempt(q), q["row"].position) == oldest}


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    questions=questions_strategy,
    learner_kind=st.sampled_from(["user", "anonymous", "no session"]),
    # No filter most of the time, so that most examples leave several questions to choose from.
    choice=st.fixed_dictionaries(
        {
            "pack": st.sampled_from([None, None, None, "first", "second", "hidden"]),
            "topic": st.sampled_from([None, None, None, "ecr", "fargate", "kubernetes"]),
            "domain": st.sampled_from([None, None, 1, 3]),
        }
    ),
    # The question just answered, by its place in the list (taken modulo its length).
    after=st.none() | st.integers(0, 100),
)
def test_the_next_question_follows_the_rules(db, questions, learner_kind, choice, after):
    with transaction.atomic():
        users = get_user_model().objects
        user, owner = users.create(username="learner"), users.create(username="owner")
        packs = {
            "first": make_pack("first"),
            "second": make_pack("second"),
            "hidden": make_pack("hidden", owner=owner, is_public=False),
        }
        who = {
            "mine": {"user": user} if learner_kind == "user" else {"session_key": SESSION},
            "other user": {"user": owner, "session_key": SESSION},
            "other session": {"session_key": "another-session"},
        }
        for index, question in enumerate(questions):
            row = make_question(
                packs[question["pack"]],
                f"q{index}",
                topic=question["topic"],
                domain=question["domain"],
            )
            row.is_retired = question["retired"]
            row.save()
            question["row"], question["url"] = row, row.get_absolute_url()
            for attempter, minutes in question["attempts"]:
                attempt = Attempt.objects.create(
                    question=row, selected=[0], is_correct=True, **who[attempter]
                )
                Attempt.objects.filter(pk=attempt.pk).update(
                    created_at=NOW - timedelta(minutes=minutes)
                )
        learner = {
            "user": practice.Learner(user, ""),
            "anonymous": practice.Learner(None, SESSION),
            "no session": practice.Learner(None, ""),
        }[learner_kind]
        after_index = after % len(questions) if after is not None and questions else None
        after_id = questions[after_index]["row"].pk if after_index is not None else None
        found = practice.next_question(
            practice.visible_pack_ids(learner.user), choice, learner, after_id=after_id
        )
        allowed = expected(questions, learner_kind, choice, after_index)
        if allowed:
            assert found in allowed
        else:
            assert found is None
        transaction.set_rollback(True)


def test_the_permalink_names_the_pack_and_the_question(db):
    question = make_question(make_pack("core"), "fargate-sizes")
    url = practice.next_question([question.pack_id], {}, practice.Learner(None, ""))
    assert url == reverse("questions:detail", args=["core", "fargate-sizes"])
