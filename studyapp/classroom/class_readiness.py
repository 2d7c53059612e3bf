"""
Each student's readiness per exam domain and the class's weakest topics, for the class page.

Bounded cost: the first MAX_STUDENTS students in roster order are shown, and a visit shapes at
most FRESH_PER_VISIT readinesses not yet in the cache (seven queries each, see
progress/evidence.py), and starts none after FRESH_SECONDS (a long history takes up to 1.7 s);
the others are named as pending and come from the cache on a later visit. Cached readinesses
cost nothing beyond reading the cache.
"""

from dataclasses import dataclass

from studyapp.exam_guide import DOMAINS, PASSING_SCALED_SCORE
from studyapp.progress import cache, rows
from studyapp.readiness import cohort
from studyapp.readiness.model import shown_percent

MAX_STUDENTS = 200
FRESH_PER_VISIT = 20
FRESH_SECONDS = 2.0
WEAKEST_TOPICS = 5


@dataclass(frozen=True)
class StudentReadiness:
    student: object
    domains: list  # progress.rows.Row in the exam guide's order; empty while pending
    score: object  # readiness.model.ScoreProjection, None while pending


@dataclass(frozen=True)
class WeakTopic:
    title: str
    topic: str  # its slug, "" for a domain's questions without a topic
    percent: int
    students: int  # students with evidence on it
    answers: int
    reviews: int


@dataclass(frozen=True)
class ClassReadiness:
    students: list  # StudentReadiness, roster order
    weakest: list  # WeakTopic, weakest first
    untouched_topics: int
    pending: int  # students whose readiness a later visit will show
    not_shown: int  # students past MAX_STUDENTS

    domains = list(DOMAINS.items())
    pass_mark = PASSING_SCALED_SCORE

    @property
    def shown(self):
        return len(self.students) - self.pending


def class_readiness(members, now=None):
    """`members`: the class's students in roster order."""
    shown = members[:MAX_STUDENTS]
    found = cache.readinesses(shown, now=now, budget=FRESH_PER_VISIT, seconds=FRESH_SECONDS)
    students = []
    for student in shown:
        readiness = found.get(student.pk)
        students.append(
            StudentReadiness(
                student,
                rows.domain_rows(readiness, order="guide") if readiness else [],
                readiness.score if readiness else None,
            )
        )
    summaries, untouched = cohort.weakest_topics(found.values(), WEAKEST_TOPICS)
    names = rows.topic_names([summary.slug for summary in summaries])
    weakest = [
        WeakTopic(
            *names[summary.slug],
            shown_percent(summary.probability),
            summary.learners_with_evidence,
            summary.answers,
            summary.reviews,
        )
        for summary in summaries
    ]
    return ClassReadiness(
        students=students,
        weakest=weakest,
        untouched_topics=untouched,
        pending=len(shown) - len(found),
        not_shown=len(members) - len(shown),
    )
