"""
A group of learners' readinesses taken together (a class, for its instructor): which topics the
group is weakest in, and how much evidence says so. Plain data in and out; no Django.

A topic's figure is the mean of the learners' estimates on it. Only topics some learner has
answered or reviewed are ranked: the others sit near the model's prior for everyone, which says
that nothing is known, not that the group is weak there.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TopicSummary:
    slug: str
    probability: float  # the mean of the learners' estimates
    learners: int  # learners the topic is open to
    learners_with_evidence: int
    answers: int
    reviews: int


def weakest_topics(readinesses, limit):
    """
    The `limit` topics with the lowest mean estimate among those with any evidence, weakest
    first, and how many topics no learner has touched.
    """
    estimates = {}
    for readiness in readinesses:
        for slug, estimate in readiness.topics.items():
            estimates.setdefault(slug, []).append(estimate)
    summaries = [
        TopicSummary(
            slug,
            sum(e.probability for e in group) / len(group),
            len(group),
            sum(1 for e in group if e.evidence or e.reviews),
            sum(e.evidence for e in group),
            sum(e.reviews for e in group),
        )
        for slug, group in estimates.items()
    ]
    touched = [s for s in summaries if s.learners_with_evidence]
    touched.sort(key=lambda s: (s.probability, s.slug))
    return touched[:limit], len(summaries) - len(touched)
