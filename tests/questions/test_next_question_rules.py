"""
The practice-order statement (the questions of a new set, in order) against a plain-Python
reading of its rules, on random banks, attempts, filters and learners: exactly the questions the
filters choose, never-attempted ones first (in any order), then the one attempted longest ago
first, and the question just answered last.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.questions import practice, queries
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
            "tags": st.lists(st.sampled_from(["iam", "IAM", "images"]), max_size=2, unique=True),
            # Minutes before NOW of each attempt, and by whom.
            "attempts": st.lists(
                st.tuples(st.sampled_from(ATTEMPTERS), st.integers(0, 5)), max_size=3
            ),
        }
    ),
    max_size=8,
)


def expected(questions, learner_kind, choice):
    """
    The chosen questions' permalinks, and the key each one's place in the order must not
    decrease by: never attempted (0,), then (1, last attempt, position).
    """
    mine = "mine" if learner_kind != "no session" else None

    def last_attempt(question):
        times = [NOW - timedelta(minutes=m) for who, m in question["attempts"] if who == mine]
        return max(times) if times else None

    chosen = [
        question
        for question in questions
        if question["pack"] != "hidden"
        and not question["retired"]
        and (not choice["pack"] or question["pack"] == choice["pack"])
        and (not choice["topic"] or question["topic"] == choice["topic"])
        and (not choice["domain"] or question["domain"] == choice["domain"])
        and (not choice["tag"] or choice["tag"] in question["tags"])
    ]
    return {
        question["url"]: (0,)
        if last_attempt(question) is None
        else (1, last_attempt(question), question["row"].position)
        for question in chosen
    }


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
            "tag": st.sampled_from([None, None, "iam", "IAM", "unused"]),
        }
    ),
    # The question just answered, by its place in the list (taken modulo its length).
    after=st.none() | st.integers(0, 100),
)
def test_a_sets_questions_follow_the_rules(db, questions, learner_kind, choice, after):
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
                tags=question["tags"],
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
        rows = queries.questions_in_practice_order(
            queries.visible_pack_ids(learner.user),
            choice,
            learner,
            limit=len(questions) + 1,
            after_id=after_id,
        )
        found = [reverse("questions:detail", args=[slug, qid]) for _, slug, qid in rows]
        keys = expected(questions, learner_kind, choice)
        assert sorted(found) == sorted(keys)
        after_url = questions[after_index]["url"] if after_index is not None else None
        if after_url in keys:
            assert found[-1] == after_url
            found.remove(after_url)
        order = [keys[url] for url in found]
        assert order == sorted(order)
        transaction.set_rollback(True)


def test_the_limit_keeps_the_first_in_order(db):
    pack = make_pack("core")
    questions = [make_question(pack, f"q{index}") for index in range(3)]
    learner = practice.Learner(None, SESSION)
    for question in questions[:2]:
        Attempt.objects.create(
            question=question, selected=[0], is_correct=True, session_key=SESSION
        )
    assert queries.questions_in_practice_order([pack.pk], {}, learner, limit=1) == [
        (questions[2].pk, "core", "q2")
    ]
