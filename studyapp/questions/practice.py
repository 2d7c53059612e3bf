"""Choosing, grading and recording practice questions."""

import json
from collections import Counter
from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.db import connection
from django.db.models import Count

from studyapp.core import reads
from studyapp.dva import DOMAINS
from studyapp.questions.models import Attempt, Option, Pack, Question
from studyapp.questions.option_tokens import OptionTokens, UnknownToken


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


# Public packs, the user's own, and those assigned to a class the user belongs to by the class's
# own instructor, who owns them (classroom.models.Assignment.pack_is_available). A fixed
# statement: nearly every request asks, and as a QuerySet the question cost far more to build
# than to answer.
VISIBLE_PACK_IDS_SQL = """
    SELECT id FROM questions_pack
    WHERE is_public OR owner_id = %s OR id IN (
        SELECT assignment.pack_id
        FROM classroom_assignment assignment
        JOIN classroom_membership membership
            ON membership.classroom_id = assignment.classroom_id
        JOIN classroom_classroom classroom ON classroom.id = assignment.classroom_id
        JOIN questions_pack pack ON pack.id = assignment.pack_id
        WHERE membership.student_id = %s AND pack.owner_id = classroom.instructor_id
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


PUBLIC_TOPIC_COUNTS_KEY = "questions:public-topic-counts"
# A safety net: an import clears the counts at once; making a pack public or private shows
# in the anonymous topics index within this time.
PUBLIC_TOPIC_COUNTS_SECONDS = 60


def topic_question_counts(user):
    """
    {topic slug: questions in use that `user` may practise on it}, in one grouped query. The
    counts every visitor shares (public packs only) are cached, so the anonymous topics index
    costs no query for them.
    """

    def count():
        questions = visible_questions(user).exclude(topic_slug="")
        return dict(questions.values_list("topic_slug").annotate(n=Count("id")).order_by())

    if user.is_authenticated:
        return count()
    return cache.get_or_set(PUBLIC_TOPIC_COUNTS_KEY, count, PUBLIC_TOPIC_COUNTS_SECONDS)


# The reads below are made by every question and review request, so they are fixed statements.


def active_question(pack_ids, question_id):
    """The question with that id if it is in use and in one of `pack_ids`, else None."""
    return reads.one(
        Question,
        f"id = %s AND NOT is_retired AND pack_id IN ({reads.placeholders(pack_ids)})",
        [question_id, *pack_ids],
    )


def active_question_at(pack_ids, pack_slug, qid):
    """
    The question at that permalink, with its pack, if it is in use and in one of `pack_ids`;
    else None.
    """
    question = reads.one(
        Question,
        f"qid = %s AND NOT is_retired AND pack_id IN ({reads.placeholders(pack_ids)})"
        " AND pack_id IN (SELECT id FROM questions_pack WHERE slug = %s)",
        [qid, *pack_ids, pack_slug],
    )
    if question is not None:
        question.pack = reads.one(Pack, "id = %s", [question.pack_id])
    return question


def options_of(question):
    """The question's options in the author's order."""
    return reads.many(Option, "question_id = %s", [question.pk], order_by="position")


SOURCES = {"bookmarks": "My bookmarks", "missed": "Missed last time"}


class PracticeFilter(forms.Form):
    """The learner's choice of questions; every field is optional and narrows the set."""

    source = forms.ChoiceField(required=False, choices=[("", "All questions"), *SOURCES.items()])
    pack = forms.SlugField(required=False)
    topic = forms.SlugField(required=False)
    domain = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any domain")] + [(str(n), f"{n}. {name}") for n, name in DOMAINS.items()],
    )
    # A question's tags are free text written by the pack's author; the page offers those in use.
    tag = forms.CharField(required=False, max_length=100)


def filter_counts(questions):
    """How many questions each pack, topic, domain and tag holds, for the filter's labels."""
    # Tags are a JSON list per question, which neither database groups by portably; the lists
    # are short and the visible bank is bounded by the pack size limits.
    tags = Counter(tag for tags in questions.values_list("tags", flat=True) for tag in set(tags))
    return {
        "pack": dict(questions.values_list("pack__slug").annotate(n=Count("id"))),
        "topic": dict(questions.values_list("topic_slug").annotate(n=Count("id"))),
        "domain": dict(questions.values_list("domain").annotate(n=Count("id"))),
        "tag": dict(sorted(tags.items(), key=lambda item: item[0].casefold())),
        "total": questions.count(),
    }


# The questions of a new practice set, in order. The learner's last attempt at each question is
# joined in; the order puts the question just answered last, then never-attempted questions in
# random order, then the one attempted longest ago. {attempts} is the learner's attempts,
# {choice} the filters the learner chose.
PRACTICE_ORDER = """
    SELECT question.id, pack.slug, question.qid
    FROM questions_question question
    JOIN questions_pack pack ON pack.id = question.pack_id
    LEFT JOIN (
        SELECT question_id, MAX(created_at) AS last_attempt
        FROM questions_attempt
        WHERE {attempts}
        GROUP BY question_id
    ) seen ON seen.question_id = question.id
    WHERE NOT question.is_retired AND question.pack_id IN ({packs}){choice}
    ORDER BY question.id = %s, seen.last_attempt IS NOT NULL, seen.last_attempt,
        CASE WHEN seen.last_attempt IS NULL THEN RANDOM() ELSE question.position END
    LIMIT %s
"""


# "Missed last time": the learner's latest attempt at the question was wrong.
LATEST_ATTEMPT_WRONG = """question.id IN (
    SELECT latest.question_id FROM questions_attempt latest
    WHERE {attempts} AND NOT latest.is_correct AND latest.created_at = (
        SELECT MAX(created_at) FROM questions_attempt
        WHERE {attempts} AND question_id = latest.question_id
    )
)"""


# The question's tags (a JSON list) hold the tag: jsonb containment on PostgreSQL, json_each on
# SQLite.
HAS_TAG = {
    "postgresql": "question.tags @> %s::jsonb",
    "sqlite": "EXISTS (SELECT 1 FROM json_each(question.tags) tag WHERE tag.value = %s)",
}


def questions_in_practice_order(pack_ids, choice, learner, limit, after_id=None):
    """
    Up to `limit` (id, pack slug, qid) rows of the questions `choice` (a PracticeFilter's cleaned
    data) selects among `pack_ids`, in the order a practice set takes them: never attempted first
    (at random), then the one attempted longest ago. `after_id`, a question just answered, comes
    last.
    """
    if learner.user is not None:
        attempts, attempt_params = "user_id = %s", [learner.user.pk]
    elif learner.session_key:
        attempts, attempt_params = "user_id IS NULL AND session_key = %s", [learner.session_key]
    else:
        attempts, attempt_params = "1 = 0", []
    conditions, choice_params = [], []
    if choice.get("source") == "bookmarks":
        conditions.append(
            "question.id IN (SELECT question_id FROM questions_bookmark WHERE user_id = %s)"
        )
        choice_params.append(learner.user.pk if learner.user is not None else 0)
    if choice.get("source") == "missed":
        conditions.append(LATEST_ATTEMPT_WRONG.format(attempts=attempts))
        choice_params.extend([*attempt_params, *attempt_params])
    if choice.get("pack"):
        conditions.append("question.pack_id IN (SELECT id FROM questions_pack WHERE slug = %s)")
        choice_params.append(choice["pack"])
    if choice.get("topic"):
        conditions.append("question.topic_slug = %s")
        choice_params.append(choice["topic"])
    if choice.get("domain"):
        conditions.append("question.domain = %s")
        choice_params.append(choice["domain"])
    if choice.get("tag"):
        conditions.append(HAS_TAG[connection.vendor])
        choice_params.append(
            json.dumps([choice["tag"]]) if connection.vendor == "postgresql" else choice["tag"]
        )
    sql = PRACTICE_ORDER.format(
        attempts=attempts,
        packs=reads.placeholders(pack_ids),
        choice="".join(f" AND {condition}" for condition in conditions),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*attempt_params, *pack_ids, *choice_params, after_id or 0, limit])
        return cursor.fetchall()


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


def show(question, showing_id=None):
    """
    How a practice or review page shows `question`: (its OptionTokens, the options in its
    order). The showing the answer form posted back (`showing_id`) if it is valid, so the reveal
    lists the options as the learner saw them; a new one, in a new order, otherwise.
    """
    tokens = OptionTokens.posted_showing(question.pk, showing_id) or OptionTokens.new_showing(
        question.pk
    )
    return tokens, tokens.shuffled(options_of(question))


def read_selection(post, question, tokens, options):
    """
    The chosen option positions from an answer form shown with `tokens`, or (None, a message
    saying what is wrong).
    """
    if post.get("showing") != tokens.showing_id:
        return None, "This answer form is out of date or incomplete. Choose again."
    try:
        selected = tokens.positions(post.getlist("option"), {o.position for o in options})
    except UnknownToken:
        return None, "That answer is not one of the options. Choose again."
    if not selected:
        return None, f"Choose {_how_many(question.correct_count)} before checking."
    if len(selected) != question.correct_count:
        return None, f"This question asks you to choose {_how_many(question.correct_count)}."
    return selected, None


def _how_many(count):
    words = {1: "one option", 2: "two options", 3: "three options", 4: "four options"}
    return words.get(count, f"{count} options")
