"""
The queue's SQL against a plain-Python reading of its rules, on random sets of questions, cards
and today's reviews: the counts and the next item must agree exactly.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.review import scheduling
from studyapp.review.models import Card, ReviewLog
from studyapp.review.queue import NextItem, Queue, QueueCounts, settings_for
from tests.factories import make_pack, make_question
from tests.review.conftest import NOW

pytestmark = pytest.mark.django_db(transaction=False)

STATES = [scheduling.NEW, scheduling.LEARNING, scheduling.REVIEW, scheduling.RELEARNING]

questions_strategy = st.lists(
    st.fixed_dictionaries(
        {
            # Two visible packs (their order matters to which question of a topic comes first)
            # and one the learner cannot see; most cases kept studiable, so they meet in the queue.
            "pack": st.sampled_from(["first", "second", "first", "second", "hidden"]),
            "retired": st.sampled_from([False, False, False, True]),
            "topic": st.sampled_from(["ecr", "ecs", "fargate"]),
            "card": st.sampled_from([None])
            | st.fixed_dictionaries(
                {
                    "state": st.sampled_from(STATES),
                    # Minutes from NOW (12:00 UTC), whose study day ends at 04:00 UTC, 960
                    # minutes later; both boundaries, and the minutes just ahead where the
                    # learn-ahead limit falls, are drawn often.
                    "due": st.sampled_from([0, 960])
                    | st.integers(-5, 125)
                    | st.integers(-3 * 1440, 2 * 1440),
                    "interval": st.integers(1, 40 * 1440),
                    "suspended": st.sampled_from([False, False, False, True]),
                    "created": st.integers(0, 5),
                }
            ),
        }
    ),
    max_size=10,
)


def expected(questions, cards, new_done, reviews_done, new_per_day, max_reviews, learn_ahead):
    """The queue's rules, read directly off the rows."""
    day_end = scheduling.study_day(NOW, "UTC", 4)[1]
    learn_ahead_until = NOW + timedelta(minutes=learn_ahead)

    def usable(question):
        return question["pack"] != "hidden" and not question["retired"]

    studiable = [
        (card, question)
        for question, card in zip(questions, cards, strict=True)
        if card is not None and not card.is_suspended and usable(question)
    ]
    learning = sorted(
        (card.due, card.pk, card.question_id)
        for card, _ in studiable
        if card.state in (scheduling.LEARNING, scheduling.RELEARNING)
        and card.due <= learn_ahead_until
    )
    review = [
        card for card, _ in studiable if card.state == scheduling.REVIEW and card.due < day_end
    ]
    new = [
        question
        for question, card in zip(questions, cards, strict=True)
        if usable(question)
        and (card is None or (card.state == scheduling.NEW and not card.is_suspended))
    ]
    review_allowance = max(0, max_reviews - reviews_done)
    new_allowance = max(0, new_per_day - new_done)
    counts = QueueCounts(
        new=min(len(new), new_allowance),
        learning=len(learning),
        review=min(len(review), review_allowance),
    )
    learning_item = None
    if learning:
        _, pk, question_id = learning[0]
        learning_item = NextItem(question_id, pk, "learning")
        if learning[0][0] <= NOW:
            return counts, learning_item
    if review_allowance and review:
        card = max(
            review,
            key=lambda c: (
                (NOW - c.due).total_seconds() / max((c.due - c.last_review).total_seconds(), 1.0),
                -c.pk,
            ),
        )
        return counts, NextItem(card.question_id, card.pk, "review")
    if not new_allowance:
        return counts, learning_item
    assigned = sorted(
        (card.created_at, question["row"].position, card.pk, card.question_id)
        for card, question in studiable
        if card.state == scheduling.NEW
    )
    if assigned:
        _, _, pk, question_id = assigned[0]
        return counts, NextItem(question_id, pk, "new")
    firsts = {}
    for question in new:
        row = question["row"]
        best = firsts.get(row.topic_slug)
        if best is None or (row.pack_id, row.position) < (best.pack_id, best.position):
            firsts[row.topic_slug] = row
    if not firsts:
        return counts, learning_item
    ordered = [firsts[topic] for topic in sorted(firsts)]
    return counts, NextItem(ordered[new_done % len(ordered)].pk, None, "new")


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    questions=questions_strategy,
    new_done=st.integers(0, 3),
    reviews_done=st.integers(0, 3),
    new_per_day=st.integers(0, 12),
    max_reviews=st.integers(0, 12),
    learn_ahead=st.sampled_from([0, 20]) | st.integers(0, 120),
)
def test_counts_and_next_item_follow_the_rules(
    learner, questions, new_done, reviews_done, new_per_day, max_reviews, learn_ahead
):
    with transaction.atomic():
        packs = {
            "first": make_pack("first"),
            "second": make_pack("second"),
            "hidden": make_pack("hidden", is_public=False),
        }
        hidden = packs["hidden"]
        log_card = Card.objects.create(user=learner, question=make_question(hidden, "logs"))
        ReviewLog.objects.bulk_create(
            ReviewLog(
                card=log_card,
                user=learner,
                rating=3,
                reviewed_at=NOW - timedelta(minutes=1),
                previous_state=state,
                state_before={},
                card_version=0,
            )
            for state in [scheduling.NEW] * new_done + [scheduling.REVIEW] * reviews_done
        )
        cards = []
        for index, question in enumerate(questions):
            row = make_question(packs[question["pack"]], f"q{index}", topic=question["topic"])
            row.is_retired = question["retired"]
            row.save()
            question["row"] = row
            cards.append(_card(learner, row, question["card"]))
        study = settings_for(learner)
        study.new_per_day, study.max_reviews_per_day = new_per_day, max_reviews
        study.learn_ahead_minutes = learn_ahead
        queue = Queue(learner, study, now=NOW)
        assert (queue.counts(), queue.next_item()) == expected(
            questions, cards, new_done, reviews_done, new_per_day, max_reviews, learn_ahead
        )
        transaction.set_rollback(True)


def _card(learner, question, spec):
    if spec is None:
        return None
    due = NOW + timedelta(minutes=spec["due"])
    is_new = spec["state"] == scheduling.NEW
    card = Card.objects.create(
        user=learner,
        question=question,
        state=spec["state"],
        step=None if is_new else 0,
        stability=None if is_new else 5.0,
        difficulty=None if is_new else 5.0,
        due=None if is_new else due,
        last_review=None if is_new else due - timedelta(minutes=spec["interval"]),
        is_suspended=spec["suspended"],
    )
    Card.objects.filter(pk=card.pk).update(created_at=NOW - timedelta(hours=spec["created"]))
    card.refresh_from_db()
    return card
