"""
The state changes of a review session. Each runs in one transaction: the card row is locked
(SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), the
card updated and its log row written together, so no rating is ever lost or recorded twice.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from studyapp.core import evidence_versions, reads
from studyapp.review import queries, scheduling
from studyapp.review.models import Card, ReviewLog

MAX_DURATION_MS = 60 * 60 * 1000


@dataclass(frozen=True)
class RatingResult:
    card: Card
    recorded: bool
    became_leech: bool = False


def card_for(user, question):
    """The learner's card on a question, created NEW the first time they answer it."""

    def existing():
        return reads.one(Card, queries.CARD_ON_QUESTION, [user.pk, question.pk])

    card = existing()
    if card is not None:
        return card
    try:
        with transaction.atomic():
            return Card.objects.create(user=user, question=question)
    except IntegrityError:  # another request of the same learner made it a moment ago
        return existing()


def send_to_review(user, questions, now=None):
    """
    Put questions in the learner's queue without rating them, so no review is recorded: a
    question without a card gets a NEW card, and a scheduled card later than `now` falls due
    now. Suspended cards stay suspended. Returns how many questions are now in the queue.
    """
    now = now or timezone.now()
    question_ids = {question.pk for question in questions}
    with transaction.atomic():
        evidence_versions.learner_changed(user.pk)  # runs when the block commits
        # One statement each, whatever the number of questions (an exam sends up to 200).
        Card.objects.bulk_create(
            [Card(user=user, question_id=question_id) for question_id in question_ids],
            ignore_conflicts=True,  # the cards that exist stay as they are
        )
        cards = Card.objects.filter(user=user, question_id__in=question_ids, is_suspended=False)
        cards.exclude(state=scheduling.NEW).filter(due__gt=now).update(
            due=now, version=F("version") + 1
        )
        return cards.count()


def rate_card(user, card_id, version, rating, duration_ms, scheduler, now=None):
    """
    Apply one rating made against `version` of the card. A rating against an older version
    (a double click, a retried request) changes nothing and reports recorded=False.
    """
    now = now or timezone.now()
    with transaction.atomic():
        card = reads.one(Card, queries.OWN_CARD, [card_id, user.pk], for_update=True)
        if card is None:
            raise Card.DoesNotExist(f"The learner has no card {card_id}.")
        if card.version != version:
            return RatingResult(card=card, recorded=False)
        before = card.scheduling_state
        after = scheduling.rate(before, rating, now, scheduler)
        ReviewLog.objects.create(
            card=card,
            user=user,
            rating=rating,
            reviewed_at=now,
            duration_ms=min(max(duration_ms, 0), MAX_DURATION_MS),
            previous_state=before.state,
            state_before=before.as_dict(),
            card_version=card.version,
        )
        card.apply(after)
        became_leech = scheduling.becomes_leech(before, after)
        if became_leech:
            card.is_leech = True
            card.is_suspended = True
        card.version += 1
        card.save()
        evidence_versions.learner_changed(user.pk)
    return RatingResult(card=card, recorded=True, became_leech=became_leech)


def undo_last_rating(user):
    """Restore the card of the learner's latest rating and remove that rating; None if none."""
    with transaction.atomic():
        log = (
            ReviewLog.objects.select_for_update()
            .filter(user=user)
            .order_by("-reviewed_at", "-pk")
            .first()
        )
        if log is None:
            return None
        card = Card.objects.select_for_update().get(pk=log.card_id)
        before = scheduling.CardState.from_dict(log.state_before)
        if card.is_leech and before.lapses < scheduling.LEECH_LAPSES:
            card.is_leech = False
            card.is_suspended = False
        card.apply(before)
        card.version += 1
        card.save()
        log.delete()
        evidence_versions.learner_changed(user.pk)
    return card


def unsuspend(user, card_id):
    """Bring a leech back into the queue; its lapse count stays as a record."""
    changed = Card.objects.filter(user=user, pk=card_id, is_suspended=True).update(
        is_suspended=False, version=F("version") + 1
    )
    evidence_versions.learner_changed(user.pk)
    return changed
