"""
A study plan for an exam date (issue 16): how many new questions a day bring every question of
the learner's packs into review in time, leaving the last days before the exam for review only,
and about how many reviews a day that makes. Plain data in and out; no Django.

The review load is the cards already scheduled (each counted on the day it falls due) plus the
reviews the planned new questions bring: each is assumed to follow the path of a card answered
Good every time under the default scheduler (REVIEW_PATH). Later reviews of cards already
scheduled are not counted, so for a learner with many cards the figure is a floor.
docs/readiness.md ("Plan") says why these choices.
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from studyapp.review import scheduling

# The last days before the exam are for review only: a question first seen the day before the
# exam has had no chance to be reviewed. A week leaves room for one review of the questions
# introduced last (FSRS's first review interval after Good is about 2 to 3 days).
REVIEW_ONLY_DAYS = 7
# More new questions a day than this is not a plan a person can follow: at about a minute per
# new question and its same-day learning steps, 100 is already well over two hours.
MOST_NEW_PER_DAY = 100


def _review_path(settings, horizon_days=400):
    """
    The days after its first sight on which a card answered Good every time is seen again,
    learning steps included (several on one day count several times).
    """
    scheduler = scheduling.build_scheduler(settings)
    start = datetime(2000, 1, 1, tzinfo=UTC)
    card = scheduling.rate(scheduling.CardState(), 3, start, scheduler)
    days = []
    while card.due - start < timedelta(days=horizon_days):
        days.append((card.due - start).days)
        card = scheduling.rate(card, 3, card.due, scheduler)
    return tuple(days)


REVIEW_PATH = _review_path(scheduling.SchedulerSettings(enable_fuzzing=False))


@dataclass(frozen=True)
class Plan:
    exam_date: date
    # Study days left: today up to the day before the exam.
    days_left: int
    # Questions not yet introduced at the start of today.
    new_questions: int
    # Days on which new questions are introduced, from today; the rest are review only.
    new_days: int
    new_per_day: int
    reviews_per_day: int
    busiest_day_reviews: int
    # Questions the plan cannot introduce before the exam (0 when it covers them all).
    unseen_at_exam: int

    @property
    def review_only_days(self):
        return self.days_left - self.new_days

    @property
    def in_time(self):
        """Whether every question is introduced before the exam."""
        return self.days_left > 0 and self.unseen_at_exam == 0

    @property
    def summary(self):
        return _summary(self)


def new_per_day(today, exam_date, new_questions):
    """
    (days with new questions, new questions a day, questions left unseen at the exam) for the
    not-yet-introduced `new_questions` at the start of `today`. No day is left when the exam is
    today or past: (0, 0, new_questions).
    """
    days_left = (exam_date - today).days
    if days_left <= 0:
        return 0, 0, new_questions
    # With less than two weeks left, half the time goes to new questions and half to review.
    new_days = days_left - min(REVIEW_ONLY_DAYS, days_left // 2)
    per_day = min(math.ceil(new_questions / new_days), MOST_NEW_PER_DAY)
    return new_days, per_day, max(new_questions - per_day * new_days, 0)


def plan(today, exam_date, new_questions, due_by_day, review_path=REVIEW_PATH):
    """
    The plan for `new_questions` not introduced at the start of `today` and an exam on
    `exam_date`. `due_by_day` maps days from today (0 = today, overdue included) to the number
    of cards already scheduled then.
    """
    days_left = max((exam_date - today).days, 0)
    new_days, per_day, unseen = new_per_day(today, exam_date, new_questions)
    load = [due_by_day.get(day, 0) for day in range(days_left)]
    left = new_questions
    for day in range(new_days):
        introduced = min(per_day, left)
        left -= introduced
        for offset in review_path:
            if day + offset < days_left:
                load[day + offset] += introduced
    return Plan(
        exam_date=exam_date,
        days_left=days_left,
        new_questions=new_questions,
        new_days=new_days,
        new_per_day=per_day,
        reviews_per_day=round(sum(load) / len(load)) if load else 0,
        busiest_day_reviews=max(load, default=0),
        unseen_at_exam=unseen,
    )


def _summary(plan):
    if plan.days_left == 0:
        return "The exam date is today or past: set your next exam date in the review settings."
    if plan.new_questions == 0:
        return (
            f"Every question is already in your reviews: about {_count(plan.reviews_per_day)} "
            f"a day until the exam in {_days(plan.days_left)}."
        )
    introduce = (
        f"Introduce {plan.new_per_day} new question{'s' if plan.new_per_day != 1 else ''} a day "
        f"for {_days(plan.new_days)}"
    )
    reviews = (
        f"about {_count(plan.reviews_per_day)} a day "
        f"(at most {_count(plan.busiest_day_reviews)} on the busiest day)"
    )
    if plan.unseen_at_exam:
        return (
            f"Not possible in time: even at {MOST_NEW_PER_DAY} new questions a day, "
            f"{plan.unseen_at_exam:,} of {plan.new_questions:,} would still be unseen on the "
            f"exam day. {introduce} and expect {reviews}; a later exam date or fewer packs "
            "would let you cover them all."
        )
    if plan.review_only_days == 0:
        return f"{introduce}: {reviews}. With one day left there is no time for review only."
    if plan.review_only_days < REVIEW_ONLY_DAYS:
        return (
            f"{introduce}, then review only for the last {_days(plan.review_only_days)}: "
            f"{reviews}. With {_days(plan.days_left)} left there is no room for a full week "
            "of review only."
        )
    return f"{introduce}, then review only for the last {_days(plan.review_only_days)}: {reviews}."


def _count(number):
    return f"{number:,} review{'s' if number != 1 else ''}"


def _days(number):
    return f"{number:,} day{'s' if number != 1 else ''}"
