"""Practice sets: a fixed, ordered choice of questions that ends with a summary."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from studyapp.exam_guide import DOMAINS
from studyapp.questions import queries
from studyapp.questions.models import PracticeSet, Question
from studyapp.questions.practice import SOURCES
from studyapp.questions.set_summary import summarise

# A set is stored as its question ids and walked one page at a time; 200 is three full exams,
# more than a sitting's worth of practice, and keeps the row and the summary page small.
MAX_SET_SIZE = 200


def _owner_fields(learner):
    if learner.user is not None:
        return {"owner": learner.user, "session_key": ""}
    return {"owner": None, "session_key": learner.session_key}


def describe(choice, pack_titles, topic_titles):
    """A set's title from the filter that chose it, e.g. "Core pack · ECR · Domain 3. ..."."""
    parts = [SOURCES[choice["source"]]] if choice.get("source") else []
    if choice.get("pack"):
        parts.append(pack_titles.get(choice["pack"], choice["pack"]))
    if choice.get("topic"):
        parts.append(topic_titles.get(choice["topic"], choice["topic"]))
    if choice.get("domain"):
        parts.append(f"Domain {choice['domain']}. {DOMAINS[choice['domain']]}")
    if choice.get("tag"):
        parts.append(f"Tag: {choice['tag']}")
    return " · ".join(parts) or "All questions"


def start(learner, pack_ids, choice, title, after_id=None):
    """
    A new set of the questions `choice` selects, in practice order (`after_id` last), and
    whether the choice matched more than MAX_SET_SIZE; (None, False) if none match.
    """
    rows = queries.questions_in_practice_order(
        pack_ids, choice, learner, limit=MAX_SET_SIZE + 1, after_id=after_id
    )
    if not rows:
        return None, False
    question_ids = [question_id for question_id, _, _ in rows[:MAX_SET_SIZE]]
    return create(learner, question_ids, title), len(rows) > MAX_SET_SIZE


def create(learner, question_ids, title):
    return PracticeSet.objects.create(
        question_ids=question_ids, title=title[:200], **_owner_fields(learner)
    )


def of_learner(learner, set_id):
    """The learner's own set with that id, or None (someone else's set is not found)."""
    if set_id is None:
        return None
    if learner.user is not None:
        return PracticeSet.objects.filter(pk=set_id, owner=learner.user).first()
    if not learner.session_key:
        return None
    return PracticeSet.objects.filter(
        pk=set_id, owner=None, session_key=learner.session_key
    ).first()


def record_first_answer(practice_set, question_id, is_correct):
    """Keep the first answer to each question of the set; stamp the set finished when all are."""
    with transaction.atomic():
        locked = PracticeSet.objects.select_for_update().get(pk=practice_set.pk)
        key = str(question_id)
        if key not in locked.first_answers:
            locked.first_answers[key] = is_correct
            if len(locked.first_answers) >= locked.size and locked.finished_at is None:
                locked.finished_at = timezone.now()
            locked.save(update_fields=["first_answers", "finished_at"])
    return locked


def position_of(practice_set, question_id):
    """The question's 0-based place in the set, or None if it is not in it."""
    try:
        return practice_set.question_ids.index(question_id)
    except ValueError:
        return None


def step_url(practice_set, position, pack_ids):
    """
    Where the set's place `position` leads: the first question from there on that is still in
    use and visible, with the set in its address; the summary past the end.
    """
    remaining = practice_set.question_ids[position:]
    found = {
        question_id: (pack_slug, qid)
        for question_id, pack_slug, qid in Question.objects.active()
        .filter(pk__in=remaining, pack_id__in=pack_ids)
        .values_list("pk", "pack__slug", "qid")
    }
    for question_id in remaining:
        if question_id in found:
            url = reverse("questions:detail", args=found[question_id])
            return f"{url}?set={practice_set.pk}"
    return reverse("questions:set_summary", args=[practice_set.pk])


def summary(practice_set):
    """The summary and the set's questions by id (with their packs), for the summary page."""
    questions = Question.objects.filter(pk__in=practice_set.question_ids).select_related("pack")
    by_id = {question.pk: question for question in questions}
    topic_of = {question.pk: question.topic_slug for question in questions}
    return summarise(practice_set.question_ids, practice_set.first_answers, topic_of), by_id


def retry_missed(learner, practice_set):
    """A new set of exactly the questions missed in `practice_set`, in the same order."""
    missed = summarise(practice_set.question_ids, practice_set.first_answers, {}).missed
    if not missed:
        return None
    return create(learner, missed, f"Missed from: {practice_set.title}")


def start_for_assignment(learner, assignment):
    """
    A set of a class assignment's questions (its pack, narrowed by its topic and domain), for
    the class pages to start; None when its pack is no longer shared with the class or it has
    no questions in use.
    """
    if not assignment.pack_is_available:
        return None
    choice = {
        "pack": assignment.pack.slug,
        "topic": assignment.topic_slug,
        "domain": assignment.domain,
    }
    pack_ids = queries.visible_pack_ids(learner.user)
    practice_set, _ = start(learner, pack_ids, choice, assignment.title)
    return practice_set
