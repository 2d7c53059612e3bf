"""
The readiness model (issue 16): from what the app knows about one learner, the probability of
answering an unseen exam-style question correctly on the exam date, per topic and per DVA-C02
domain, and a projected scaled score, each with an interval. Plain data in and out; no Django.
docs/readiness.md explains the assumptions and the formulas; bench/readiness.py measures its
calibration on simulated learners.

In short: each answer to a question the learner had not seen before is a sample of exactly what
is asked, so it counts as a success or a failure. It loses half its weight every
EVIDENCE_HALF_LIFE_DAYS because the learner has moved on since, and all of it fades further by
the exam date as the learner's cards in that topic would by the FSRS forgetting curve: this is
where reviews come in, through the memory state their ratings built. The weighted counts update
Beta priors nested learner -> domain -> topic, so a topic with little evidence leans on its
domain, and a learner with none sits at a weak prior.
"""

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

from studyapp.exam.rules import scaled_score
from studyapp.exam_guide import DOMAIN_WEIGHTS, PASSING_SCALED_SCORE, QUESTION_COUNT
from studyapp.readiness import beta
from studyapp.review import scheduling

# Where a learner with no evidence starts: most DVA-C02 questions have four options and one
# answer (25 % by guessing), and a developer's general knowledge rules out some distractors.
# How far above guessing that goes is not known, so the prior is weak: worth four answers.
PRIOR_MEAN = 0.45
PRIOR_STRENGTH = 4.0
# How far a topic's estimate leans towards its domain's, and a domain's towards the learner's:
# as far as this many answers. A learner's topics differ, but less than learners do. The
# intervals still credit each prior with only PRIOR_STRENGTH answers' certainty.
SHRINKAGE = 8.0
# Evidence loses half its weight in this many days: a learner who studies changes.
EVIDENCE_HALF_LIFE_DAYS = 14.0
# The central share of the distribution the intervals cover.
INTERVAL = 0.8
# Bounded cost: only the newest MAX_EVIDENCE answers and reviews together, and the MAX_CARDS
# most recently reviewed cards, are read. Older evidence weighs little anyway (a learner
# answering 200 a day covers MAX_EVIDENCE in 50 days, three and a half half-lives, after
# which an answer weighs under a tenth), and the cards serve only to measure how fast the
# learner's topics fade, which the freshest cards tell best.
MAX_EVIDENCE = 10_000
MAX_CARDS = 2_000

_SCHEDULER = scheduling.build_scheduler(scheduling.SchedulerSettings(enable_fuzzing=False))
# FSRS's initial stability after a first Good: how fast a topic known only from answers, with no
# card to say otherwise, is assumed to fade.
FIRST_STABILITY_DAYS = _SCHEDULER.parameters[2]
_SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class Answer:
    """An answer in practice or in an exam; only a question's first sight counts (see above)."""

    question_id: object
    topic: str
    domain: int
    correct: bool
    when: datetime


@dataclass(frozen=True)
class Review:
    """One rating of a review card (1 Again ... 4 Easy); Again is a failure."""

    question_id: object
    topic: str
    domain: int
    rating: int
    when: datetime


@dataclass(frozen=True)
class Memory:
    """A card's FSRS memory state, as the review app keeps it."""

    question_id: object
    topic: str
    domain: int
    card: scheduling.CardState


@dataclass(frozen=True)
class CatalogueTopic:
    """A topic the exam can ask about, with how many questions it has (its share of its domain)."""

    slug: str
    domain: int
    questions: int = 1


@dataclass(frozen=True)
class Estimate:
    """
    A probability, its INTERVAL credible interval, the first-sight answers it rests on, and the
    reviews of the same topics (they reach it through the memory state, not as answers).
    """

    probability: float
    low: float
    high: float
    evidence: int
    reviews: int = 0


@dataclass(frozen=True)
class ScoreProjection:
    """The scaled score of a full exam: expected, its INTERVAL range, and the chance to pass."""

    expected: int
    low: int
    high: int
    pass_probability: float

    @property
    def pass_mark(self):
        return PASSING_SCALED_SCORE

    @property
    def pass_percent(self):
        return shown_percent(self.pass_probability)

    @property
    def interval_percent(self):
        """How much of the distribution the range low..high covers, in percent."""
        return round(INTERVAL * 100)


@dataclass(frozen=True)
class Readiness:
    exam_date: datetime
    topics: dict  # slug -> Estimate
    domains: dict  # domain number -> Estimate
    score: ScoreProjection
    answers: int
    reviews: int
    study_days: int
    untouched_topics: tuple
    summary: str


@dataclass(frozen=True)
class _Tally:
    """Weighted successes and weighted answers."""

    successes: float = 0.0
    weight: float = 0.0

    def plus(self, other):
        return _Tally(self.successes + other.successes, self.weight + other.weight)

    def pooled(self):
        """
        What this group tells about the level above, whose members differ from one another:
        however much evidence a group has, it counts as at most SHRINKAGE answers there
        (the precision of one member's mean as an estimate of its parent's, see
        docs/readiness.md).
        """
        share = SHRINKAGE / (SHRINKAGE + self.weight)
        return _Tally(self.successes * share, self.weight * share)

    def minus(self, other):
        return _Tally(
            max(self.successes - other.successes, 0.0), max(self.weight - other.weight, 0.0)
        )

    def mean(self, prior_mean, strength):
        return (prior_mean * strength + self.successes) / (strength + self.weight)


def shown_percent(probability):
    """A whole percentage that reads 0 or 100 only for a certainty, which the model never claims."""
    shown = round(100 * probability)
    if 0 < probability < 1:
        return min(max(shown, 1), 99)
    return shown


def assess(answers, reviews, memories, catalogue, now, exam_date=None):
    """
    The learner's readiness on `exam_date` (default and earliest: `now`). `answers`, `reviews`
    and `memories` are iterables of Answer, Review and Memory; `catalogue` of CatalogueTopic.
    """
    exam_date = max(exam_date or now, now)
    newest = sorted((*answers, *reviews), key=attrgetter("when"), reverse=True)[:MAX_EVIDENCE]
    answers = [item for item in newest if isinstance(item, Answer)]
    reviews = [item for item in newest if isinstance(item, Review)]
    memories = sorted(
        (m for m in memories if m.card.last_review is not None),
        key=lambda memory: memory.card.last_review,
        reverse=True,
    )[:MAX_CARDS]
    shares = {topic.slug: (topic.domain, max(topic.questions, 0)) for topic in catalogue}
    for item in newest:
        shares.setdefault(item.topic, (item.domain, 1))

    fading = _fading(memories, now, exam_date)
    topic_tallies = {slug: _Tally() for slug in shares}
    counts = Counter()
    review_counts = Counter(review.topic for review in reviews)
    for topic, outcome, weight in _first_sight_evidence(answers, reviews, now):
        faded = weight * fading.get(topic, fading[None])
        topic_tallies[topic] = topic_tallies[topic].plus(_Tally(outcome * faded, faded))
        counts[topic] += 1

    domain_members = {domain: [] for domain in DOMAIN_WEIGHTS}
    for slug, (domain, _) in shares.items():
        domain_members.setdefault(domain, []).append(slug)
    domain_tallies = {
        domain: _sum(topic_tallies[slug].pooled() for slug in members)
        for domain, members in domain_members.items()
    }
    learner = _sum(tally.pooled() for tally in domain_tallies.values())

    topics, domains, spreads = {}, {}, {}
    for domain, members in domain_members.items():
        domain_tally = domain_tallies[domain]
        # Each level's prior is the level above without this one's own evidence, so no answer
        # is counted twice.
        domain_prior = learner.minus(domain_tally.pooled()).mean(PRIOR_MEAN, PRIOR_STRENGTH)
        topic_spreads = {}
        for slug in members:
            tally = topic_tallies[slug]
            topic_prior = domain_tally.minus(tally.pooled()).mean(domain_prior, SHRINKAGE)
            mean = tally.mean(topic_prior, SHRINKAGE)
            topic_spreads[slug] = _Spread(
                _deviation(mean, PRIOR_STRENGTH + tally.weight),
                PRIOR_STRENGTH / (PRIOR_STRENGTH + tally.weight),
            )
            topics[slug] = _estimate(
                mean, topic_spreads[slug].deviation, counts[slug], review_counts[slug]
            )
        if sum(shares[slug][1] for slug in members):
            mean = _weighted_mean([(topics[slug].probability, shares[slug][1]) for slug in members])
            spreads[domain] = _Spread.combine(
                [(topic_spreads[slug], shares[slug][1]) for slug in members]
            )
        else:
            mean = domain_tally.mean(domain_prior, SHRINKAGE)
            spreads[domain] = _Spread(
                _deviation(mean, PRIOR_STRENGTH + domain_tally.weight),
                PRIOR_STRENGTH / (PRIOR_STRENGTH + domain_tally.weight),
            )
        evidence = sum(counts[slug] for slug in members)
        reviewed = sum(review_counts[slug] for slug in members)
        domains[domain] = _estimate(mean, spreads[domain].deviation, evidence, reviewed)

    touched = {item.topic for item in newest}
    untouched = tuple(sorted(slug for slug in shares if slug not in touched))
    days = len({item.when.date() for item in newest})
    return Readiness(
        exam_date=exam_date,
        topics=topics,
        domains=domains,
        score=_project_score(domains, spreads),
        answers=len(answers),
        reviews=len(reviews),
        study_days=days,
        untouched_topics=untouched,
        summary=_summary(len(answers), len(reviews), days, len(untouched), now, exam_date),
    )


@dataclass(frozen=True)
class _Spread:
    """
    An estimate's standard deviation, and the share of it that comes from its prior. That share
    is common to estimates built on the same prior (an untouched learner's topics are all
    unknown in the same way), the rest is the estimate's own.
    """

    deviation: float
    shared: float

    @classmethod
    def combine(cls, parts):
        """The spread of the weighted mean of (spread, weight) parts."""
        total = sum(weight for _, weight in parts)
        common = sum(weight * p.shared * p.deviation for p, weight in parts) / total
        own = sum((weight * p.deviation) ** 2 * (1 - p.shared**2) for p, weight in parts)
        deviation = math.sqrt(common**2 + own / total**2)
        return cls(deviation, common / deviation if deviation else 0.0)


def _sum(tallies):
    total = _Tally()
    for tally in tallies:
        total = total.plus(tally)
    return total


def _weighted_mean(pairs):
    return sum(value * weight for value, weight in pairs) / sum(weight for _, weight in pairs)


def _first_sight_evidence(answers, reviews, now):
    """
    (topic, 1 or 0, weight) for each answer to a question not met before. A question already
    seen (a review, a repeated exam question) is not counted as an answer: it tests memory of
    that question, not an unseen one, and the review queue brings a card back when recall is
    about 90 % by design. bench/readiness.py measured counting them at even 0.2 of an
    answer's weight as overconfident by 0.1 to 0.14 (docs/readiness.md).
    """
    seen = {}
    for review in reviews:
        seen[review.question_id] = min(review.when, seen.get(review.question_id, review.when))
    for answer in sorted(answers, key=attrgetter("when")):
        met = seen.setdefault(answer.question_id, answer.when)
        if answer.when > met:
            continue
        age_days = max(0.0, (now - answer.when).total_seconds() / _SECONDS_PER_DAY)
        staleness = 0.5 ** (age_days / EVIDENCE_HALF_LIFE_DAYS)
        yield answer.topic, 1.0 if answer.correct else 0.0, staleness


def _fading(memories, now, exam_date):
    """
    Per topic, how much of what is known now is still known on the exam date: the FSRS
    retrievability of the topic's cards on the exam date over their retrievability now. Key
    None is the learner-wide figure, used for topics without cards.
    """
    if exam_date <= now:
        return {None: 1.0}
    sums = {}
    for memory in memories:
        later = scheduling.retrievability(memory.card, exam_date, _SCHEDULER)
        current = scheduling.retrievability(memory.card, now, _SCHEDULER)
        for key in (memory.topic, None):
            pair = sums.setdefault(key, [0.0, 0.0])
            pair[0] += later
            pair[1] += current
    fading = {key: later / current for key, (later, current) in sums.items() if current > 0}
    if None not in fading:
        fresh = scheduling.CardState(
            state=scheduling.REVIEW,
            stability=FIRST_STABILITY_DAYS,
            difficulty=5.0,
            due=now,
            last_review=now,
        )
        fading[None] = scheduling.retrievability(fresh, exam_date, _SCHEDULER)
    return fading


def _deviation(mean, concentration):
    """The standard deviation of a Beta with this mean and a + b = concentration."""
    return math.sqrt(mean * (1 - mean) / (concentration + 1))


def _beta_parameters(mean, deviation):
    """The Beta with this mean and standard deviation (moment matching)."""
    concentration = max(mean * (1 - mean) / max(deviation**2, 1e-12) - 1, 1e-3)
    return mean * concentration, (1 - mean) * concentration


def _estimate(mean, deviation, evidence, reviews):
    a, b = _beta_parameters(mean, deviation)
    tail = (1 - INTERVAL) / 2
    return Estimate(
        probability=mean,
        low=beta.quantile(tail, a, b),
        high=beta.quantile(1 - tail, a, b),
        evidence=evidence,
        reviews=reviews,
    )


def _project_score(domains, spreads):
    """
    The score of a full exam (QUESTION_COUNT questions drawn by domain weight). Its expected
    fraction correct is the weighted mean of the domains, with their combined spread; then
    comes the luck of which questions come up (a Beta-binomial draw).
    """
    fraction = _weighted_mean([(domains[d].probability, w) for d, w in DOMAIN_WEIGHTS.items()])
    spread = _Spread.combine([(spreads[d], w) for d, w in DOMAIN_WEIGHTS.items()])
    pmf = beta.binomial_pmf(QUESTION_COUNT, *_beta_parameters(fraction, spread.deviation))
    tail = (1 - INTERVAL) / 2
    return ScoreProjection(
        expected=scaled_score(fraction),
        low=scaled_score(beta.binomial_quantile(pmf, tail) / QUESTION_COUNT),
        high=scaled_score(beta.binomial_quantile(pmf, 1 - tail) / QUESTION_COUNT),
        pass_probability=sum(
            probability
            for correct, probability in enumerate(pmf)
            if scaled_score(correct / QUESTION_COUNT) >= PASSING_SCALED_SCORE
        ),
    )


def _summary(answers, reviews, days, untouched, now, exam_date):
    if not answers and not reviews:
        return (
            "No answers or reviews yet: every figure is a starting guess for someone who has "
            "not studied, and the ranges are wide."
        )
    parts = [
        f"Based on {_count(answers, 'answer')} and {_count(reviews, 'review')} "
        f"over {_count(days, 'day')}"
    ]
    if untouched:
        parts.append(f"{_count(untouched, 'topic')} never practised")
    days_left = math.floor((exam_date - now).total_seconds() / _SECONDS_PER_DAY)
    if days_left >= 1:
        parts.append(f"projected to the exam in {_count(days_left, 'day')}")
    return "; ".join(parts) + "."


def _count(number, noun):
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"
