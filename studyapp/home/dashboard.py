"""
What a signed-in learner's home page shows (issue 16), read in a fixed number of queries:
today's cards, what they left unfinished, their last exam, their next class assignment, their
exam date and study plan, their readiness, and one recommended next step (next_step.py).

Topic reading is not recorded anywhere, so "continue" offers the open exam and the open
practice set only.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from studyapp import exam_guide
from studyapp.classroom import services
from studyapp.classroom.models import Assignment
from studyapp.exam import sittings
from studyapp.exam.models import Sitting
from studyapp.exam_guide import DOMAINS
from studyapp.home import next_step
from studyapp.progress import cache, evidence, rows
from studyapp.questions.models import PracticeSet
from studyapp.review import planning
from studyapp.review.queue import Queue

# How many of the soonest-due assignments are checked for one the learner has not finished.
NEXT_ASSIGNMENTS_LOOKED_AT = 5


@dataclass(frozen=True)
class LastExam:
    sitting: Sitting
    weakest_domain: int
    weakest_domain_name: str
    weakest_percent: float


def open_sitting(user, now):
    """The learner's newest exam sitting still open and before its deadline, or None."""
    return (
        Sitting.objects.filter(user=user, submitted_at=None, deadline__gt=now)
        .order_by("-started_at")
        .only("pk", "started_at", "deadline", "current_position", "question_total")
        .first()
    )


def finish_expired_sitting(user, now):
    """
    Score the learner's newest sitting whose time ran out unsubmitted, as opening it would, so
    it shows as their last exam and counts as readiness evidence.
    """
    expired = (
        Sitting.objects.filter(user=user, submitted_at=None, deadline__lte=now)
        .order_by("-started_at")
        .first()
    )
    if expired is not None:
        sittings.finish_if_expired(expired, now)


def open_practice_set(user):
    """The learner's newest unfinished practice set and the place of its first unanswered
    question, or (None, None)."""
    practice_set = (
        PracticeSet.objects.filter(owner=user, finished_at=None).order_by("-created_at").first()
    )
    if practice_set is None:
        return None, None
    position = next(
        (
            place
            for place, question_id in enumerate(practice_set.question_ids)
            if str(question_id) not in practice_set.first_answers
        ),
        0,
    )
    return practice_set, position


def last_exam(user):
    """The learner's newest submitted sitting with its weakest domain (lowest percent right)."""
    sitting = (
        Sitting.objects.filter(user=user, submitted_at__isnull=False)
        .order_by("-submitted_at")
        .first()
    )
    if sitting is None:
        return None
    if not sitting.domain_results:
        return LastExam(sitting, 0, "", 0.0)
    number, row = min(sitting.domain_results.items(), key=lambda item: item[1]["percent"])
    return LastExam(sitting, int(number), DOMAINS[int(number)], row["percent"])


def next_assignment(user, now):
    """
    The learner's unfinished class assignment falling due soonest from now, or None. Only the
    NEXT_ASSIGNMENTS_LOOKED_AT soonest are checked, so a learner far ahead of their classes
    costs a bounded number of queries.
    """
    upcoming = (
        Assignment.objects.filter(classroom__memberships__student=user, due_at__gte=now)
        .select_related("classroom", "pack")
        .order_by("due_at", "pk")[:NEXT_ASSIGNMENTS_LOOKED_AT]
    )
    for assignment in upcoming:
        if not services.progress(assignment, user, now)["completed"]:
            return assignment
    return None


def weakest(readiness, catalogue):
    """
    The domain with the lowest readiness among those the learner has questions in, and its
    weakest topic (None when the learner can study no question with a domain).
    """
    topics_by_domain = {}
    for topic in catalogue:
        # A readiness read from the cache may predate a topic the learner can now study.
        if topic.slug in readiness.topics and topic.domain in readiness.domains:
            topics_by_domain.setdefault(topic.domain, []).append(topic.slug)
    if not topics_by_domain:
        return None
    domain = min(topics_by_domain, key=lambda d: (readiness.domains[d].probability, d))
    slug = min(topics_by_domain[domain], key=lambda s: (readiness.topics[s].probability, s))
    title, practised_slug = rows.topic_names([slug])[slug]
    # A question without a topic counts under a stand-in topic named after its domain, which the
    # practice filter cannot choose (no slug to practise): the whole domain is practised instead.
    if not practised_slug:
        return next_step.Weakest(domain, DOMAINS[domain], readiness.domains[domain].probability)
    return next_step.Weakest(
        domain, DOMAINS[domain], readiness.domains[domain].probability, slug, title
    )


def collect(user, now):
    queue = Queue(user, now=now)
    settings = queue.settings
    sitting = open_sitting(user, now)
    finish_expired_sitting(user, now)
    practice_set, practice_position = open_practice_set(user)
    exam = last_exam(user)
    assignment = next_assignment(user, now)
    readiness = cache.readiness(user, settings, now)
    counts = queue.counts()
    context = {
        "counts": counts,
        "later_today": queue.learning_later_today(),
        "open_sitting": sitting,
        "practice_set": practice_set,
        "practice_position": practice_position,
        "last_exam": exam,
        "assignment": assignment,
        "time_zone": settings.time_zone,
        "exam_date": settings.exam_date,
        "days_to_exam": (settings.exam_date - queue.today).days if settings.exam_date else None,
        "plan": planning.study_plan(queue),
        "readiness": readiness,
        "exam": exam_guide,
    }
    context["is_new"] = not (
        readiness.answers
        or readiness.reviews
        or sitting
        or practice_set
        or exam
        or counts.learning
        or counts.review
    )
    if context["is_new"]:
        return context
    # Days as the learner counts them: the due date in their time zone from their study day.
    assignment_days = (
        (assignment.due_at.astimezone(ZoneInfo(settings.time_zone)).date() - queue.today).days
        if assignment is not None
        else None
    )
    situation = next_step.Situation(
        open_exam=sitting is not None,
        assignment=assignment.title if assignment is not None else "",
        assignment_days_left=assignment_days,
        due_now=counts.learning + counts.review,
        answers=readiness.answers,
        has_taken_exam=exam is not None,
        weakest=weakest(readiness, evidence.catalogue(user)),
    )
    return context | {"step": next_step.recommend(situation), "weakest": situation.weakest}
