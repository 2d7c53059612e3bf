"""
Today's review queue for one learner: due learning cards, then due review cards (most overdue
relative to their interval first), then new questions up to the daily limit with topics
interleaved. Every step is an indexed query on the card columns.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from studyapp.questions.models import Question
from studyapp.questions.practice import visible_packs
from studyapp.review import scheduling
from studyapp.review.models import Card, ReviewLog, StudySettings


@dataclass(frozen=True)
class QueueCounts:
    new: int
    learning: int
    review: int

    @property
    def total(self):
        return self.new + self.learning + self.review


@dataclass(frozen=True)
class NextItem:
    """Either an existing card or a question the learner has never seen (card is None)."""

    question_id: int
    card: Card | None
    kind: str


def settings_for(user):
    settings, _ = StudySettings.objects.get_or_create(user=user)
    return settings


class Queue:
    def __init__(self, user, settings=None, now=None):
        self.user = user
        self.settings = settings or settings_for(user)
        self.now = now or timezone.now()
        self.day_start, self.day_end = scheduling.study_day(
            self.now, self.settings.time_zone, self.settings.day_starts_at
        )
        self._today = None
        self._due_rows = None
        self._pack_ids = None
        self._new_count = None

    def visible_pack_ids(self):
        """A short list of ids keeps the big queries free of the visibility joins."""
        if self._pack_ids is None:
            self._pack_ids = list(visible_packs(self.user).values_list("pk", flat=True))
        return self._pack_ids

    def for_next_card(self):
        """
        A queue for the card after a rating: the same learner, settings and visible packs, but
        the cards' state read afresh.
        """
        queue = Queue(self.user, settings=self.settings)
        queue._pack_ids = self._pack_ids
        return queue

    def _cards(self):
        """
        Cards that can be studied now: not suspended, on a question still in use and still
        visible to the learner (a retired question or a class left behind takes its cards out).
        """
        return Card.objects.filter(
            user=self.user,
            is_suspended=False,
            question__is_retired=False,
            question__pack_id__in=self.visible_pack_ids(),
        )

    def studiable(self, card_id):
        """The learner's card with this id if it can be studied now, else None."""
        return self._cards().filter(pk=card_id).first()

    def done_today(self):
        """(new cards introduced, review cards reviewed) since the study day began."""
        if self._today is None:
            states = list(
                ReviewLog.objects.filter(
                    user=self.user, reviewed_at__gte=self.day_start
                ).values_list("previous_state", flat=True)
            )
            self._today = (
                sum(1 for s in states if s == scheduling.NEW),
                sum(1 for s in states if s == scheduling.REVIEW),
            )
        return self._today

    def _due(self):
        """
        (pk, state, due, last review) of the learning and relearning cards due now and the
        review cards due before the study day ends: one query for both.
        """
        if self._due_rows is None:
            learning = Q(state__in=[scheduling.LEARNING, scheduling.RELEARNING], due__lte=self.now)
            review = Q(state=scheduling.REVIEW, due__lt=self.day_end)
            self._due_rows = list(
                self._cards()
                .filter(learning | review)
                .values_list("pk", "state", "due", "last_review")
            )
        return self._due_rows

    def _learning(self):
        """(pk, due) of the learning and relearning cards due now, soonest first."""
        rows = [(pk, due) for pk, state, due, _ in self._due() if state != scheduling.REVIEW]
        return sorted(rows, key=lambda row: (row[1], row[0]))

    def _review(self):
        """(pk, due, last review) of the review cards due before the study day ends."""
        return [
            (pk, due, last) for pk, state, due, last in self._due() if state == scheduling.REVIEW
        ]

    def _review_allowance(self):
        return max(0, self.settings.max_reviews_per_day - self.done_today()[1])

    def _new_allowance(self):
        return max(0, self.settings.new_per_day - self.done_today()[0])

    def _new_questions(self):
        """Questions with no card yet, or with a card still NEW (assigned to the learner)."""
        seen_or_suspended = Card.objects.filter(user=self.user).filter(
            ~Q(state=scheduling.NEW) | Q(is_suspended=True)
        )
        return (
            Question.objects.active()
            .filter(pack_id__in=self.visible_pack_ids())
            .exclude(pk__in=seen_or_suspended.values("question_id"))
        )

    def counts(self):
        if self._new_count is None:
            allowance = self._new_allowance()
            self._new_count = (
                self._new_questions().order_by("pk")[:allowance].count() if allowance else 0
            )
        return QueueCounts(
            new=self._new_count,
            learning=len(self._learning()),
            review=min(len(self._review()), self._review_allowance()),
        )

    def next_item(self, exclude_card=None):
        learning = [pk for pk, _ in self._learning() if pk != exclude_card]
        if learning:
            card = Card.objects.get(pk=learning[0])
            return NextItem(card.question_id, card, "learning")
        if self._review_allowance():
            card = self._most_overdue_review(exclude_card)
            if card is not None:
                return NextItem(card.question_id, card, "review")
        if self._new_allowance():
            return self._interleaved_new_item()
        return None

    def _most_overdue_review(self, exclude_card):
        rows = [row for row in self._review() if row[0] != exclude_card]
        if not rows:
            return None
        pk, _, _ = max(
            rows,
            key=lambda row: (
                (self.now - row[1]).total_seconds() / max((row[1] - row[2]).total_seconds(), 1.0),
                -row[0],
            ),
        )
        return Card.objects.get(pk=pk)

    def _interleaved_new_item(self):
        """
        Assigned questions (cards already waiting as NEW) first, oldest assignment first; then
        the first unseen question of each topic in turn, so one topic never floods a day. Once
        no assigned card is left, every new question is one without a card.
        """
        assigned = (
            self._cards()
            .filter(state=scheduling.NEW)
            .order_by("created_at", "question__position")
            .first()
        )
        if assigned is not None:
            return NextItem(assigned.question_id, assigned, "new")
        ranked = (
            self._new_questions()
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("topic_slug")],
                    order_by=[F("pack_id").asc(), F("position").asc()],
                )
            )
            .filter(rank=1)
            .values_list("pk", "topic_slug")
        )
        firsts = sorted(ranked, key=lambda row: row[1])
        if not firsts:
            return None
        return NextItem(firsts[self.done_today()[0] % len(firsts)][0], None, "new")

    def next_due(self):
        """When the next card falls due, for the 'done for today' page."""
        upcoming = (
            self._cards()
            .exclude(state=scheduling.NEW)
            .filter(due__isnull=False)
            .order_by("due")
            .values_list("due", flat=True)
            .first()
        )
        return upcoming if isinstance(upcoming, datetime) else None
