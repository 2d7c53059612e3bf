"""
The learner's study plan (readiness/plan.py) from what the database holds: the questions still
new to them in the packs the review queue draws from, and the cards already scheduled. Two
queries besides the queue's own.
"""

from zoneinfo import ZoneInfo

from studyapp.readiness import plan
from studyapp.review import scheduling, stats


def study_plan(queue):
    """The plan for the queue's learner, or None without an exam date."""
    settings = queue.settings
    if settings.exam_date is None:
        return None
    return plan.plan(
        queue.today,
        settings.exam_date,
        queue.new_questions_left() + queue.done_today()[0],
        stats.due_by_day(
            stats.scheduled_due_moments(queue.user),
            ZoneInfo(settings.time_zone),
            settings.day_starts_at,
            queue.today,
        ),
        planned_from=settings.exam_date_set_on,
    )


def study_date(settings, now):
    """The date of the learner's study day holding `now` (Queue.today without the queue)."""
    start, _ = scheduling.study_day(now, settings.time_zone, settings.day_starts_at)
    return start.astimezone(ZoneInfo(settings.time_zone)).date()


def exam_moment(settings, now):
    """
    The moment readiness is projected to (evidence.readiness_of's exam_date): the end of the
    learner's exam day, a study day as their settings draw it (time zone and day-start hour).
    It holds all that study day, so a readiness cached for the study day stays valid, and the
    model's "projected to the exam in N days" counts the days the pages show. None without an
    exam date ahead.
    """
    exam_date = settings.exam_date
    start, end = scheduling.study_day(now, settings.time_zone, settings.day_starts_at)
    today = start.astimezone(ZoneInfo(settings.time_zone)).date()
    if exam_date is None or exam_date <= today:
        return None
    return end + (exam_date - today)
