"""
Today's review queue for one learner: due learning cards, then due review cards (most overdue
relative to their interval first), then new questions up to the daily limit with topics
interleaved, then, as in Anki, learning cards that fall due within the learn-ahead limit, so
"done" never comes while a card is a minute away. The learning count includes those cards.

Every review request works out the queue, so its reads are fixed SQL statements rather than
QuerySets (review/queries.py): on the bundled pack, building each QuerySet took 10 to 40 times
as long as SQLite took to run it (bench/request_cost.py). tests/review/test_queue_rules.py
checks the queue against a plain-Python reading of the same rules on random sets of cards.
"""

from dataclasses import dataclass
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from studyapp.core import reads, sql
from studyapp.questions.queries import visible_pack_ids
from studyapp.readiness import plan
from studyapp.review import queries, scheduling
from studyapp.review.models import Card, StudySettings

# The study plan counts the learner's new questions up to this many (far more than the packs a
# learner can see hold today), so the count's cost has a bound.
MAX_PLANNED_QUESTIONS = 100_000


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
    """A question to study and its card, if the learner has one (card_id is None if not)."""

    question_id: int
    card_id: int | None
    kind: str


def settings_for(user):
    """The learner's study settings, made with the defaults the first time they are needed."""
    settings = reads.one(StudySettings, queries.SETTINGS_OF_USER, [user.pk])
    if settings is None:
        settings, _ = StudySettings.objects.get_or_create(user=user)
    return settings


def _as_datetime(value):
    """
    PostgreSQL hands datetimes back aware; SQLite hands them back naive, in UTC, or as text when
    they come from an expression such as MIN().
    """
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def _db_datetime(value):
    return sql.connection_for(Card).ops.adapt_datetimefield_value(value)


class Queue:
    def __init__(self, user, settings=None, now=None):
        self.user = user
        self.settings = settings or settings_for(user)
        self.now = now or timezone.now()
        self.learn_ahead_until = self.now + timedelta(minutes=self.settings.learn_ahead_minutes)
        self.day_start, self.day_end = scheduling.study_day(
            self.now, self.settings.time_zone, self.settings.day_starts_at
        )
        self._today = None
        self._due_rows = None
        self._pack_ids = None
        self._new_count = None
        self._new_limit = None
        self._new_left = None

    def visible_pack_ids(self):
        """A short list of ids keeps the queue's statements free of the visibility joins."""
        if self._pack_ids is None:
            self._pack_ids = visible_pack_ids(self.user)
        return self._pack_ids

    def for_next_card(self):
        """
        A queue for the card after a rating: the same learner, settings and visible packs, but
        the cards' state read afresh.
        """
        queue = Queue(self.user, settings=self.settings)
        queue._pack_ids = self._pack_ids
        return queue

    def _rows(self, template, params):
        """
        Rows of a statement built on queries.STUDIABLE_CARDS or NEW_QUESTIONS, whose `{packs}`
        becomes one placeholder per visible pack; `params(packs)` gives the parameters in order.
        No rows, and no statement, when the learner can see no pack.
        """
        packs = self.visible_pack_ids()
        if not packs:
            return []
        template = sql.fill(template, packs=sql.placeholders(packs))
        return sql.rows(Card, template, params(packs), **queries.TABLES)

    def _studiable(self, select, condition, extra=()):
        return self._rows(
            queries.studiable_cards(select, condition),
            lambda packs: [self.user.pk, *packs, *extra],
        )

    def _new_questions(self, template, extra=()):
        return self._rows(template, lambda packs: [*packs, self.user.pk, scheduling.NEW, *extra])

    def studiable(self, card_id):
        """The learner's card with this id if it can be studied now, else None."""
        rows = self._studiable("{card.id}", "AND {card.id} = %s", [card_id])
        return reads.one(Card, "{pk} = %s", [rows[0][0]]) if rows else None

    def done_today(self):
        """(new cards introduced, review cards reviewed) since the study day began."""
        if self._today is None:
            rows = sql.rows(
                Card,
                queries.REVIEWS_SINCE_BY_STATE,
                [self.user.pk, _db_datetime(self.day_start)],
                **queries.TABLES,
            )
            by_state = dict(rows)
            self._today = (by_state.get(scheduling.NEW, 0), by_state.get(scheduling.REVIEW, 0))
        return self._today

    def _due(self):
        """
        (pk, question id, state, due, last review) of the learning and relearning cards due
        within the learn-ahead limit and the review cards due before the study day ends: one
        statement for both.
        """
        if self._due_rows is None:
            rows = self._studiable(
                "{card.id}, {card.question}, {card.state}, {card.due}, {card.last_review}",
                "AND (({card.state} IN (%s, %s) AND {card.due} <= %s)"
                " OR ({card.state} = %s AND {card.due} < %s))",
                [
                    scheduling.LEARNING,
                    scheduling.RELEARNING,
                    _db_datetime(self.learn_ahead_until),
                    scheduling.REVIEW,
                    _db_datetime(self.day_end),
                ],
            )
            self._due_rows = [
                (pk, question_id, state, _as_datetime(due), _as_datetime(last))
                for pk, question_id, state, due, last in rows
            ]
        return self._due_rows

    def _learning(self):
        """
        (due, pk, question id) of the learning and relearning cards due within the learn-ahead
        limit, soonest first.
        """
        return sorted(
            (due, pk, question_id)
            for pk, question_id, state, due, _ in self._due()
            if state != scheduling.REVIEW
        )

    def _review(self):
        """(pk, question id, due, last review) of the review cards due before the day ends."""
        return [
            (pk, question_id, due, last)
            for pk, question_id, state, due, last in self._due()
            if state == scheduling.REVIEW
        ]

    def _review_allowance(self):
        return max(0, self.settings.max_reviews_per_day - self.done_today()[1])

    @property
    def today(self):
        """The study day's date in the learner's time zone, as an exam date is written."""
        return self.day_start.astimezone(ZoneInfo(self.settings.time_zone)).date()

    def new_questions_left(self):
        """How many questions are still new to the learner, up to MAX_PLANNED_QUESTIONS."""
        if self._new_left is None:
            rows = self._new_questions(queries.NEW_QUESTION_COUNT, [MAX_PLANNED_QUESTIONS])
            self._new_left = rows[0][0] if rows else 0
        return self._new_left

    def new_limit(self):
        """
        The day's new-question limit: the study plan's figure while the learner has an exam
        date ahead and lets the plan set it (StudySettings.follows_plan), else their own. The
        plan counts the questions new at the start of the day, so its figure holds all day.
        """
        if self._new_limit is None:
            self._new_limit = self.settings.new_per_day
            if self.settings.follows_plan and self.settings.exam_date > self.today:
                new_at_day_start = self.new_questions_left() + self.done_today()[0]
                _, self._new_limit, _ = plan.new_per_day(
                    self.today,
                    self.settings.exam_date,
                    new_at_day_start,
                    self.settings.exam_date_set_on,
                )
        return self._new_limit

    def _new_allowance(self):
        return max(0, self.new_limit() - self.done_today()[0])

    def counts(self):
        if self._new_count is None:
            allowance = self._new_allowance()
            if self._new_left is not None:
                # The plan already counted them (up to a bound above any daily allowance).
                self._new_count = min(self._new_left, allowance)
            else:
                rows = (
                    self._new_questions(queries.NEW_QUESTION_COUNT, [allowance])
                    if allowance
                    else []
                )
                self._new_count = rows[0][0] if rows else 0
        return QueueCounts(
            new=self._new_count,
            learning=len(self._learning()),
            review=min(len(self._review()), self._review_allowance()),
        )

    def next_item(self, exclude_card=None):
        learning = [row for row in self._learning() if row[1] != exclude_card]
        if learning and learning[0][0] <= self.now:
            _, pk, question_id = learning[0]
            return NextItem(question_id, pk, "learning")
        if self._review_allowance():
            review = self._most_overdue_review(exclude_card)
            if review is not None:
                pk, question_id = review
                return NextItem(question_id, pk, "review")
        if self._new_allowance():
            item = self._interleaved_new_item()
            if item is not None:
                return item
        if learning:
            _, pk, question_id = learning[0]
            return NextItem(question_id, pk, "learning")
        return None

    def _most_overdue_review(self, exclude_card):
        """(pk, question id) of the card most overdue relative to its interval, if any."""
        rows = [row for row in self._review() if row[0] != exclude_card]
        if not rows:
            return None
        pk, question_id, _, _ = max(
            rows,
            key=lambda row: (
                (self.now - row[2]).total_seconds() / max((row[2] - row[3]).total_seconds(), 1.0),
                -row[0],
            ),
        )
        return pk, question_id

    def _interleaved_new_item(self):
        """
        Assigned questions (cards already waiting as NEW) first, oldest assignment first; then
        the first unseen question of each topic in turn, so one topic never floods a day. Once
        no assigned card is left, every new question is one without a card.
        """
        assigned = self._studiable(
            "{card.id}, {card.question}",
            "AND {card.state} = %s"
            " ORDER BY {card.created_at}, {question.position}, {card.id} LIMIT 1",
            [scheduling.NEW],
        )
        if assigned:
            card_id, question_id = assigned[0]
            return NextItem(question_id, card_id, "new")
        firsts = sorted(
            self._new_questions(queries.FIRST_NEW_QUESTION_OF_EACH_TOPIC), key=lambda row: row[1]
        )
        if not firsts:
            return None
        return NextItem(firsts[self.done_today()[0] % len(firsts)][0], None, "new")

    def next_due(self):
        """
        When the next card falls due after now, for the 'done' page; None if no card is
        scheduled. (Cards due already but held back by the daily review limit wait for
        tomorrow's allowance, so they are not "next".)
        """
        rows = self._studiable(
            "MIN({card.due})",
            "AND {card.state} <> %s AND {card.due} > %s",
            [scheduling.NEW, _db_datetime(self.now)],
        )
        return _as_datetime(rows[0][0]) if rows else None

    def learning_later_today(self):
        """
        How many learning and relearning cards fall due later in the study day, beyond the
        learn-ahead limit (review cards due today already count as due now).
        """
        rows = self._learning_beyond_learn_ahead("COUNT(*)")
        return rows[0][0] if rows else 0

    def _learning_beyond_learn_ahead(self, select):
        """`select` over the learning cards due after the learn-ahead limit, before the day ends."""
        return self._studiable(
            select,
            "AND {card.state} IN (%s, %s) AND {card.due} > %s AND {card.due} < %s",
            [
                scheduling.LEARNING,
                scheduling.RELEARNING,
                _db_datetime(self.learn_ahead_until),
                _db_datetime(self.day_end),
            ],
        )

    def next_learning_today(self):
        """
        When the page should look again: the moment the next learning card due before the
        study day ends comes within the learn-ahead limit; None if no such card.
        """
        rows = self._learning_beyond_learn_ahead("MIN({card.due})")
        due = _as_datetime(rows[0][0]) if rows else None
        return due - (self.learn_ahead_until - self.now) if due is not None else None
