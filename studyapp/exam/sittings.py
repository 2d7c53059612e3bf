"""Starting, answering, submitting and scoring practice exam sittings."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from studyapp.core import evidence_versions
from studyapp.exam import rules
from studyapp.exam.models import Sitting, SittingQuestion
from studyapp.questions.models import Option
from studyapp.questions.practice import visible_questions
from studyapp.review import actions


class DeadlinePassed(Exception):
    """An answer arrived after the sitting's deadline."""


class SittingClosed(Exception):
    """The sitting was already submitted."""


def questions_by_domain(user, pack_slug=""):
    questions = visible_questions(user).filter(domain__isnull=False)
    if pack_slug:
        questions = questions.filter(pack__slug=pack_slug)
    by_domain = {}
    for pk, domain in questions.values_list("pk", "domain"):
        by_domain.setdefault(domain, []).append(pk)
    return by_domain


def plan_for(user, count, pack_slug=""):
    by_domain = questions_by_domain(user, pack_slug)
    return rules.plan_draw({d: len(ids) for d, ids in by_domain.items()}, count), by_domain


def start(user, count, minutes, pack_slug="", seed=None, now=None):
    now = now or timezone.now()
    rng = random.Random(seed)
    plan, by_domain = plan_for(user, count, pack_slug)
    chosen = rules.draw(by_domain, plan, rng)
    positions = {}
    for question_id, position in Option.objects.filter(question_id__in=chosen).values_list(
        "question_id", "position"
    ):
        positions.setdefault(question_id, []).append(position)
    with transaction.atomic():
        sitting = Sitting.objects.create(
            user=user,
            pack_slug=pack_slug,
            started_at=now,
            deadline=now + timedelta(minutes=minutes),
            duration_minutes=minutes,
            question_total=len(chosen),
        )
        SittingQuestion.objects.bulk_create(
            SittingQuestion(
                sitting=sitting,
                position=index,
                question_id=question_id,
                option_order=rules.shuffled_options(sorted(positions[question_id]), rng),
            )
            for index, question_id in enumerate(chosen, start=1)
        )
    return sitting


def save_answer(sitting, item, selected, flagged, now=None):
    """Store an answer and flag; refused once submitted or past the deadline."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
        if locked.is_finished:
            raise SittingClosed
        if locked.is_past_deadline(now):
            finish(locked, now=now, auto=True)
            raise DeadlinePassed
        item.selected = sorted(selected)
        item.flagged = flagged
        item.answered_at = now if selected else item.answered_at
        item.save(update_fields=["selected", "flagged", "answered_at"])
        Sitting.objects.filter(pk=sitting.pk).update(current_position=item.position)


def finish(sitting, now=None, auto=False):
    """Score the sitting as it stands; a second call changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
        if sitting.is_finished:
            return sitting
        items = list(sitting.items.select_related("question"))
        correct = _correct_positions([item.question_id for item in items])
        result = rules.score(
            [(item.question.domain, item.selected, correct[item.question_id]) for item in items]
        )
        sitting.submitted_at = min(now, sitting.deadline) if auto else now
        sitting.auto_submitted = auto
        sitting.correct_count = result.correct
        sitting.scaled_score = result.scaled
        sitting.passed = result.passed
        sitting.domain_results = {str(d): row for d, row in sorted(result.by_domain.items())}
        sitting.save()
        # Only submitted sittings are evidence, so answers before this change nothing.
        evidence_versions.learner_changed(sitting.user_id)
    return sitting


def finish_if_expired(sitting, now=None):
    if not sitting.is_finished and sitting.is_past_deadline(now):
        return finish(sitting, now=now, auto=True)
    return sitting


def _correct_positions(question_ids):
    correct = {question_id: [] for question_id in question_ids}
    for question_id, position in Option.objects.filter(
        question_id__in=question_ids, is_correct=True
    ).values_list("question_id", "position"):
        correct[question_id].append(position)
    return correct


def report_rows(sitting):
    """
    Every question with the learner's answer, the key, and whether it was right; the options in
    the order the sitting showed them.
    """
    items = list(
        sitting.items.select_related("question__pack").prefetch_related("question__options")
    )
    rows = []
    for item in items:
        options = rules.in_sitting_order(item.question.options.all(), item.option_order)
        right = [option.position for option in options if option.is_correct]
        rows.append(
            {
                "item": item,
                "options": options,
                "is_right": rules.is_right(item.selected, right),
            }
        )
    return rows


def send_wrong_answers_to_review(sitting, now=None):
    """
    Put every question answered wrongly in the learner's review queue, due now; no review is
    recorded, since the learner has not reviewed them yet.
    """
    with transaction.atomic():
        locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
        if locked.sent_to_review or not locked.is_finished:
            return 0
        wrong = [row["item"].question for row in report_rows(locked) if not row["is_right"]]
        sent = actions.send_to_review(locked.user, wrong, now=now)
        locked.sent_to_review = True
        locked.save(update_fields=["sent_to_review"])
    return sent
