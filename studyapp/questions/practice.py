"""Choosing, grading and recording practice questions."""

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.db.models import Count

from studyapp.core import evidence_versions
from studyapp.exam_guide import DOMAINS
from studyapp.questions.models import Attempt, Pack, Question
from studyapp.questions.option_tokens import OptionTokens, UnknownToken
from studyapp.questions.queries import (
    options_of,
    visible_pack_ids,
)


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


def grade(options, selected_positions):
    """Right only with exactly the set of correct options, as the exam scores it."""
    correct = {option.position for option in options if option.is_correct}
    return set(selected_positions) == correct


def record_attempt(question, learner, selected_positions, is_correct):
    attempt = Attempt.objects.create(
        question=question,
        user=learner.user,
        session_key=learner.session_key if learner.user is None else "",
        selected=sorted(selected_positions),
        is_correct=is_correct,
    )
    # After the write: outside a transaction the version moves at once, and a reader must not
    # store what it read before the answer under the new version.
    if learner.user is not None:
        evidence_versions.learner_changed(learner.user.pk)
    return attempt


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
