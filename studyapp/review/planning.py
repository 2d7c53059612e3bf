"""
The learner's study plan (readiness/plan.py) from what the database holds: the questions still
new to them in the packs the review queue draws from, and the cards already scheduled. Two
queries besides the queue's own.
"""

from zoneinfo import ZoneInfo

from studyapp.readiness import plan
from studyapp.review import scheduling, stats
from studyapp.review.models import Card


def study_plan(queue):
    """The plan for the queue's learner, or None without an exam date."""
    settings = queue.settings
    if settings.exam_date is None:
        return None
    due_moments = (
        Card.objects.filter(user=queue.user, is_suspended=False)
        .exclude(state=scheduling.NEW)
        .values_list("due", flat=True)
    )
    return plan.plan(
        queue.today,
        settings.exam_date,
        queue.new_questions_left() + queue.done_today()[0],
        stats.due_by_day(
            due_moments.iterator(),
            ZoneInfo(settings.time_zone),
            settings.day_starts_at,
            queue.today,
        ),
    )


def exam_moment(queue):
    """
    The moment readiness is projected to (evidence.readiness_of's exam_date): the end of the
    learner's exam day. It holds all day, so a readiness cached for the day stays valid, and
    the model's "projected to the exam in N days" counts the days the pages show. None without
    an exam date ahead.
    """
    exam_date = queue.settings.exam_date
    if exam_date is None or exam_date <= queue.today:
        return None
    return queue.day_end + (exam_date - queue.today)
