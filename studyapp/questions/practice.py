"""Choosing, grading and recording practice questions."""

import hashlib
import random
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db import connection
from django.db.models import Count, Max, Q

from studyapp.core import rows
from studyapp.dva import DOMAINS
from studyapp.questions.models import Attempt, Option, Pack, Question


@dataclass(frozen=True)
class Learner:
    """Whoever is practising: a signed-in user, or an anonymous browser session."""

    user: object
    session_key: str

    @classmethod
    def from_request(cls, request, create_session=False):
        if request.user.is_authenticated:
            return cls(user=request.user, session_key="")
        if create_session and not request.session.session_key:
            request.session.save()
        return cls(user=None, session_key=request.session.session_key or "")

    @property
    def shuffle_key(self):
        """Per user; all anonymous visitors share one, as their session may start mid-question."""
        return f"user:{self.user.pk}" if self.user is not None else "anonymous"

    def attempts(self):
        if self.user is not None:
            return Attempt.objects.filter(user=self.user)
        if not self.session_key:
            return Attempt.objects.none()
        return Attempt.objects.filter(user=None, session_key=self.session_key)


# Public packs, the user's own, and those assigned to a class the user belongs to. A fixed
# statement: nearly every request asks, and as a QuerySet the question cost far more to build
# than to answer.
VISIBLE_PACK_IDS_SQL = """
    SELECT id FROM questions_pack
    WHERE is_public OR owner_id = %s OR id IN (
        SELECT assignment.pack_id
        FROM classroom_assignment assignment
        JOIN classroom_membership membership
            ON membership.classroom_id = assignment.classroom_id
        WHERE membership.student_id = %s
    )
"""
PUBLIC_PACK_IDS_SQL = "SELECT id FROM questions_pack WHERE is_public"


def visible_pack_ids(user):
    """The ids of the packs `user` (anonymous or not) may practise and review."""
    with connection.cursor() as cursor:
        if user is not None and user.is_authenticated:
            cursor.execute(VISIBLE_PACK_IDS_SQL, [user.pk, user.pk])
        else:
            cursor.execute(PUBLIC_PACK_IDS_SQL)
        return [pack_id for (pack_id,) in cursor.fetchall()]


def visible_packs(user):
    return Pack.objects.filter(pk__in=visible_pack_ids(user))


def visible_questions(user):
    return Question.objects.active().filter(pack_id__in=visible_pack_ids(user))


# The reads below are made by every question and review request, so they are fixed statements.


def active_question(pack_ids, question_id):
    """The question with that id if it is in use and in one of `pack_ids`, else None."""
    return rows.one(
        Question,
        f"id = %s AND NOT is_retired AND pack_id IN ({rows.placeholders(pack_ids)})",
        [question_id, *pack_ids],
    )


def active_question_at(pack_ids, pack_slug, qid):
    """
    The question at that permalink, with its pack, if it is in use and in one of `pack_ids`;
    else None.
    """
    question = rows.one(
        Question,
        f"qid = %s AND NOT is_retired AND pack_id IN ({rows.placeholders(pack_ids)})"
        " AND pack_id IN (SELECT id FROM questions_pack WHERE slug = %s)",
        [qid, *pack_ids, pack_slug],
    )
    if question is not None:
        question.pack = rows.one(Pack, "id = %s", [question.pack_id])
    return question


def options_of(question):
    """The question's options in the author's order."""
    return rows.many(Option, "question_id = %s", [question.pk], order_by="position")


class PracticeFilter(forms.Form):
    """The learner's choice of questions; every field is optional and narrows the set."""

    pack = forms.SlugField(required=False)
    topic = forms.SlugField(required=False)
    domain = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any domain")] + [(str(n), f"{n}. {name}") for n, name in DOMAINS.items()],
    )

    def apply(self, questions):
        data = self.cleaned_data
        if data.get("pack"):
            questions = questions.filter(pack__slug=data["pack"])
        if data.get("topic"):
            questions = questions.filter(topic_slug=data["topic"])
        if data.get("domain"):
            questions = questions.filter(domain=data["domain"])
        return questions

    def query_string(self):
        data = self.cleaned_data
        return urlencode({key: data[key] for key in ("pack", "topic", "domain") if data.get(key)})


def filter_counts(questions):
    """How many questions each pack, topic and domain holds, for the filter's labels."""
    return {
        "pack": dict(questions.values_list("pack__slug").annotate(n=Count("id"))),
        "topic": dict(questions.values_list("topic_slug").annotate(n=Count("id"))),
        "domain": dict(questions.values_list("domain").annotate(n=Count("id"))),
        "total": questions.count(),
    }


def next_question(questions, learner, after_id=None):
    """
    Never-attempted questions first, in random order; once all are attempted, the one
    attempted longest ago. `after_id` (the question just answered) is not offered again at once.
    """
    if after_id is not None and questions.exclude(pk=after_id).exists():
        questions = questions.exclude(pk=after_id)
    attempted = learner.attempts().values("question_id")
    fresh = questions.exclude(pk__in=attempted).order_by("?").first()
    if fresh is not None:
        return fresh
    return (
        questions.annotate(
            last_attempt=Max("attempts__created_at", filter=_attempt_filter(learner))
        )
        .order_by("last_attempt", "position")
        .first()
    )


def _attempt_filter(learner):
    if learner.user is not None:
        return Q(attempts__user=learner.user)
    return Q(attempts__user=None, attempts__session_key=learner.session_key)


def grade(options, selected_positions):
    """Right only with exactly the set of correct options, as the exam scores it."""
    correct = {option.position for option in options if option.is_correct}
    return set(selected_positions) == correct


def record_attempt(question, learner, selected_positions, is_correct):
    return Attempt.objects.create(
        question=question,
        user=learner.user,
        session_key=learner.session_key if learner.user is None else "",
        selected=sorted(selected_positions),
        is_correct=is_correct,
    )


def read_selection(raw_values, question, options):
    """The chosen option positions from a form, or (None, a message saying what is wrong)."""
    positions = {option.position for option in options}
    try:
        selected = {int(value) for value in raw_values}
    except ValueError:
        return None, "That answer is not one of the options."
    if not selected:
        return None, f"Choose {_how_many(question.correct_count)} before checking."
    if not selected <= positions:
        return None, "That answer is not one of the options."
    if len(selected) != question.correct_count:
        return None, f"This question asks you to choose {_how_many(question.correct_count)}."
    return selected, None


def _how_many(count):
    words = {1: "one option", 2: "two options", 3: "three options", 4: "four options"}
    return words.get(count, f"{count} options")


def display_order(options, question, learner_key):
    """
    The options in the order this learner sees them: shuffled, so the key's position in the
    author's file tells nothing, but stable per learner and question, so a reload or the reveal
    shows the same order. Attempts record the author's positions, never the display order.
    """
    seed = hashlib.sha256(f"{learner_key}:{question.pk}".encode()).digest()
    ordered = sorted(options, key=lambda option: option.position)
    random.Random(seed).shuffle(ordered)
    return ordered
