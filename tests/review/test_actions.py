from datetime import timedelta

import pytest

from studyapp.review import actions, scheduling
from studyapp.review.models import Card, ReviewLog
from tests.review.conftest import NOW, card_in_state, make_question

pytestmark = pytest.mark.django_db

SCHEDULER = scheduling.build_scheduler(scheduling.SchedulerSettings(enable_fuzzing=False))


def test_a_rating_updates_the_card_and_appends_one_log(learner, pack):
    card = actions.card_for(learner, make_question(pack, "a"))
    result = actions.rate_card(learner, card.pk, card.version, 3, 4200, SCHEDULER, now=NOW)
    card.refresh_from_db()
    log = ReviewLog.objects.get()
    assert result.recorded
    assert (card.state, card.reps, card.version) == (scheduling.LEARNING, 1, 1)
    assert card.due == NOW + timedelta(minutes=10)
    assert (log.rating, log.duration_ms, log.previous_state, log.card_version) == (
        3, 4200, scheduling.NEW, 0,
    )  # fmt: skip
    assert log.state_before["state"] == scheduling.NEW


def test_a_rating_submitted_twice_is_recorded_once(learner, pack):
    card = actions.card_for(learner, make_question(pack, "a"))
    first = actions.rate_card(learner, card.pk, card.version, 3, 0, SCHEDULER, now=NOW)
    again = actions.rate_card(learner, card.pk, card.version, 3, 0, SCHEDULER, now=NOW)
    assert first.recorded
    assert not again.recorded
    assert again.card.version == 1
    assert ReviewLog.objects.count() == 1


def test_undo_restores_the_card_exactly_and_removes_the_log(learner, pack):
    card = card_in_state(
        learner, make_question(pack, "a"), scheduling.REVIEW, NOW, NOW - timedelta(days=4)
    )
    before = Card.objects.get(pk=card.pk).scheduling_state
    actions.rate_card(learner, card.pk, card.version, 1, 0, SCHEDULER, now=NOW)
    restored = actions.undo_last_rating(learner)
    assert restored.scheduling_state == before
    assert restored.version == 2
    assert ReviewLog.objects.count() == 0
    # The undone rating, resubmitted by a late retry, is stale and changes nothing.
    assert not actions.rate_card(learner, card.pk, 0, 1, 0, SCHEDULER, now=NOW).recorded


def test_undo_with_nothing_to_undo(learner):
    assert actions.undo_last_rating(learner) is None


def test_undo_only_touches_the_learners_own_ratings(learner, pack, django_user_model):
    other = django_user_model.objects.create_user("other")
    card = actions.card_for(other, make_question(pack, "a"))
    actions.rate_card(other, card.pk, 0, 3, 0, SCHEDULER, now=NOW)
    assert actions.undo_last_rating(learner) is None
    assert ReviewLog.objects.count() == 1


def test_the_eighth_lapse_makes_a_suspended_leech(learner, pack):
    card = card_in_state(
        learner, make_question(pack, "a"), scheduling.REVIEW, NOW, NOW - timedelta(days=4),
        lapses=scheduling.LEECH_LAPSES - 1,
    )  # fmt: skip
    result = actions.rate_card(learner, card.pk, card.version, 1, 0, SCHEDULER, now=NOW)
    card.refresh_from_db()
    assert result.became_leech
    assert (card.lapses, card.is_leech, card.is_suspended) == (8, True, True)
    assert actions.unsuspend(learner, card.pk) == 1
    card.refresh_from_db()
    assert (card.is_leech, card.is_suspended) == (True, False)


def test_undoing_the_eighth_lapse_lifts_the_suspension(learner, pack):
    card = card_in_state(
        learner, make_question(pack, "a"), scheduling.REVIEW, NOW, NOW - timedelta(days=4),
        lapses=scheduling.LEECH_LAPSES - 1,
    )  # fmt: skip
    actions.rate_card(learner, card.pk, card.version, 1, 0, SCHEDULER, now=NOW)
    restored = actions.undo_last_rating(learner)
    assert (restored.is_leech, restored.is_suspended, restored.lapses) == (False, False, 7)


def test_a_card_of_another_user_cannot_be_rated(learner, pack, django_user_model):
    other = django_user_model.objects.create_user("other")
    card = actions.card_for(other, make_question(pack, "a"))
    with pytest.raises(Card.DoesNotExist):
        actions.rate_card(learner, card.pk, 0, 3, 0, SCHEDULER, now=NOW)


def test_card_for_makes_the_card_once_and_then_finds_it(learner, pack):
    question = make_question(pack, "a")
    made = actions.card_for(learner, question)
    assert (made.state, made.version) == (scheduling.NEW, 0)
    assert actions.card_for(learner, question) == made
    assert Card.objects.filter(user=learner, question=question).count() == 1


def test_card_for_returns_the_card_another_request_made_first(learner, pack, monkeypatch):
    question = make_question(pack, "a")
    existing = Card.objects.create(user=learner, question=question)
    lookups = []
    original = actions.reads.one

    def missing_once(*args, **kwargs):
        # The first lookup runs before the other request's insert commits; the retry after.
        lookups.append(args)
        return None if len(lookups) == 1 else original(*args, **kwargs)

    monkeypatch.setattr(actions.reads, "one", missing_once)
    assert actions.card_for(learner, question) == existing
    assert len(lookups) == 2
    assert Card.objects.filter(user=learner, question=question).count() == 1


def test_sending_to_review_queues_cards_without_recording_a_review(learner, pack):
    unseen = make_question(pack, "unseen")
    later = card_in_state(
        learner, make_question(pack, "later"), scheduling.REVIEW, NOW + timedelta(days=9)
    )
    earlier = card_in_state(
        learner, make_question(pack, "earlier"), scheduling.REVIEW, NOW - timedelta(days=1)
    )
    suspended = card_in_state(
        learner, make_question(pack, "leech"), scheduling.REVIEW, NOW + timedelta(days=9)
    )
    Card.objects.filter(pk=suspended.pk).update(is_suspended=True)
    questions = [unseen, later.question, earlier.question, suspended.question]

    sent = actions.send_to_review(learner, questions, now=NOW)

    assert sent == 3
    assert not ReviewLog.objects.exists()
    assert Card.objects.get(question=unseen).state == scheduling.NEW
    later.refresh_from_db()
    assert (later.due, later.version) == (NOW, 1)
    assert Card.objects.get(pk=earlier.pk).due == NOW - timedelta(days=1)
    assert Card.objects.get(pk=suspended.pk).due == NOW + timedelta(days=9)


@pytest.mark.parametrize("count", [1, 40])
def test_sending_to_review_costs_the_same_queries_for_one_question_or_forty(
    learner, pack, count, django_assert_num_queries
):
    questions = [make_question(pack, f"sent-{index}") for index in range(count)]
    # bulk insert, the due cards' update, the count, the learner's evidence version (moved in
    # the same transaction, core/evidence_versions.py), and the transaction's savepoint pair
    with django_assert_num_queries(6):
        assert actions.send_to_review(learner, questions, now=NOW) == count
    assert Card.objects.filter(user=learner).count() == count
