"""
Benchmark: is the readiness model (studyapp/readiness/model.py) calibrated?

Simulated learners with a known true ability per topic study for a few weeks through the app's
own code (FSRS scheduling from studyapp/review/scheduling.py decides when each card comes back,
the exam's draw from studyapp/exam/rules.py picks practice exams), then sit a full exam of
unseen questions on their exam date. The model's prediction for each of those questions is
compared with the simulated answer, beside two baselines: the learner's overall percent correct
so far, and FSRS retrievability now (what /stats/ called mastery). Reports log loss, Brier
score, a reliability table in ten bins, and how often the intervals hold the truth.

The simulated world is deliberately not the model's: ability is a logistic function of
(topic ability - question difficulty) with a guessing floor that differs between single- and
multiple-answer questions, questions differ in difficulty within a topic, what is learnt fades
exponentially at a rate of each learner's own, and a card's recall follows its own exponential
memory (not FSRS's power curve) with learner-specific growth, helped by topic understanding.
docs/readiness.md lists the parameters.

    .venv/bin/python bench/readiness.py [--learners 400] [--seed 1] [--json figures.json]

Plain Python, one process, no database; seeded and reproducible.
"""

import argparse
import json
import math
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studyapp.exam import rules  # noqa: E402
from studyapp.exam_guide import QUESTION_COUNT  # noqa: E402
from studyapp.readiness import model  # noqa: E402
from studyapp.review import scheduling  # noqa: E402

# The simulated world. Logits unless said otherwise.
TOPICS_PER_DOMAIN = {1: 5, 2: 4, 3: 4, 4: 3}
STUDY_QUESTIONS_PER_TOPIC = 30  # practised, reviewed, drawn for practice exams
HELD_OUT_QUESTIONS_PER_TOPIC = 15  # only ever seen in the final exam
MULTIPLE_ANSWER_SHARE = 0.2
GUESS_SINGLE, GUESS_MULTIPLE = 0.25, 0.1
TOPIC_DIFFICULTY_SPREAD = 0.5
QUESTION_DIFFICULTY_SPREAD = 0.9  # ability varies by question within a topic
GENERAL_ABILITY = (-0.3, 0.9)  # mean and spread over learners
TOPIC_ABILITY_SPREAD = 0.6  # a learner's topics around their general ability
LEARNT_CEILING = 2.0
LEARN_RATE = (0.02, 0.08)  # per question studied, before saturating at LEARNT_CEILING
REVIEW_LEARNING_SHARE = 0.5  # a review teaches half what a new question does
FORGETTING_DAYS = (20.0, 120.0)  # time constant of what is learnt, log-uniform over learners
FIRST_MEMORY_DAYS = (0.3, 2.0)  # a card's memory after first study, log-uniform
MEMORY_GROWTH = (1.8, 3.5)  # its memory multiplies by this on each successful recall
MEMORY_AFTER_LAPSE = 0.4
STUDY_DAYS = (14, 35)
STUDY_PROBABILITY = (0.5, 0.95)  # that a learner studies on a given day
NEW_PER_DAY = (5, 20)
MAX_REVIEWS_PER_DAY = 200
TOPICS_SKIPPED = (0, 4)
PRACTICE_EXAM_DAYS = (7, 14)
PRACTICE_EXAM_QUESTIONS = 20
EXAM_AFTER_LAST_STUDY_DAYS = (0, 10)
SECONDS_PER_REVIEW = 20
LEARN_AHEAD = timedelta(minutes=20)
START = datetime(2026, 1, 5, tzinfo=UTC)
SCHEDULER = scheduling.build_scheduler(scheduling.SchedulerSettings())
BINS = 10
BIN_ENOUGH = 100  # answers in a bin for its calibration to count against the target
CLIP = 0.01  # baselines' predictions kept within [CLIP, 1 - CLIP] so log loss stays finite


@dataclass(frozen=True)
class Question:
    id: int
    topic: str
    domain: int
    difficulty: float
    guess: float


@dataclass
class World:
    topics: dict  # slug -> domain
    study: list
    held_out: list

    def catalogue(self):
        counts = defaultdict(int)
        for question in self.study + self.held_out:
            counts[question.topic] += 1
        return [model.CatalogueTopic(slug, d, counts[slug]) for slug, d in self.topics.items()]


def build_world(rng):
    topics, study, held_out = {}, [], []
    for domain, count in TOPICS_PER_DOMAIN.items():
        for index in range(count):
            slug = f"d{domain}-topic-{index + 1}"
            topics[slug] = domain
            centre = rng.gauss(0, TOPIC_DIFFICULTY_SPREAD)
            for number in range(STUDY_QUESTIONS_PER_TOPIC + HELD_OUT_QUESTIONS_PER_TOPIC):
                question = Question(
                    id=len(study) + len(held_out),
                    topic=slug,
                    domain=domain,
                    difficulty=rng.gauss(centre, QUESTION_DIFFICULTY_SPREAD),
                    guess=GUESS_MULTIPLE if rng.random() < MULTIPLE_ANSWER_SHARE else GUESS_SINGLE,
                )
                (study if number < STUDY_QUESTIONS_PER_TOPIC else held_out).append(question)
    return World(topics, study, held_out)


def _log_uniform(rng, low, high):
    return math.exp(rng.uniform(math.log(low), math.log(high)))


@dataclass
class Learner:
    """One simulated learner's true state: known to the bench, hidden from the model."""

    base: dict  # topic -> ability before studying
    learn_rate: float
    forgetting_days: float
    first_memory_days: float
    memory_growth: float
    learnt: dict = field(default_factory=dict)  # topic -> (amount, as of)
    memory: dict = field(default_factory=dict)  # question id -> (days, last studied)

    def ability(self, topic, now):
        amount, since = self.learnt.get(topic, (0.0, now))
        days = (now - since).total_seconds() / 86400
        return self.base[topic] + amount * math.exp(-days / self.forgetting_days)

    def chance(self, question, now):
        """Of answering `question` right from understanding alone."""
        logit = self.ability(question.topic, now) - question.difficulty
        return question.guess + (1 - question.guess) / (1 + math.exp(-logit))

    def study(self, topic, now, share=1.0):
        amount = self.ability(topic, now) - self.base[topic]
        gain = share * self.learn_rate * max(0.0, 1 - amount / LEARNT_CEILING) * LEARNT_CEILING
        self.learnt[topic] = (amount + gain, now)

    def recall(self, question, now):
        """Of recalling a card: its own memory, or failing that, understanding."""
        days, since = self.memory[question.id]
        remembered = math.exp(-(now - since).total_seconds() / 86400 / days)
        return 1 - (1 - remembered) * (1 - self.chance(question, now))

    def remember(self, question, now, recalled):
        days, _ = self.memory.get(question.id, (self.first_memory_days, now))
        if question.id in self.memory:
            days = days * self.memory_growth if recalled else days * MEMORY_AFTER_LAPSE
        self.memory[question.id] = (max(days, 0.05), now)


def new_learner(world, rng):
    general = rng.gauss(*GENERAL_ABILITY)
    return Learner(
        base={slug: general + rng.gauss(0, TOPIC_ABILITY_SPREAD) for slug in world.topics},
        learn_rate=rng.uniform(*LEARN_RATE),
        forgetting_days=_log_uniform(rng, *FORGETTING_DAYS),
        first_memory_days=_log_uniform(rng, *FIRST_MEMORY_DAYS),
        memory_growth=rng.uniform(*MEMORY_GROWTH),
    )


@dataclass
class History:
    """What the app would hold for the learner: the model's and the baselines' inputs."""

    answers: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    cards: dict = field(default_factory=dict)  # question id -> scheduling.CardState


def _rating(rng, recalled):
    if not recalled:
        return 1
    draw = rng.random()
    return 2 if draw < 0.15 else 4 if draw > 0.9 else 3


def _review_due(learner, history, questions, clock, rng, reviewed_today):
    """Reviews every card due by `clock` (plus learn-ahead), as the review page serves them."""
    while reviewed_today < MAX_REVIEWS_PER_DAY:
        due = [
            (card.due, question_id)
            for question_id, card in history.cards.items()
            if card.due is not None and card.due <= clock + LEARN_AHEAD
        ]
        if not due:
            break
        for _, question_id in sorted(due):
            question = questions[question_id]
            recalled = rng.random() < learner.recall(question, clock)
            rating = _rating(rng, recalled)
            history.cards[question_id] = scheduling.rate(
                history.cards[question_id], rating, clock, SCHEDULER
            )
            history.reviews.append(
                model.Review(question_id, question.topic, question.domain, rating, clock)
            )
            learner.remember(question, clock, recalled)
            learner.study(question.topic, clock, REVIEW_LEARNING_SHARE)
            clock += timedelta(seconds=SECONDS_PER_REVIEW)
            reviewed_today += 1
            if reviewed_today >= MAX_REVIEWS_PER_DAY:
                break
    return clock, reviewed_today


def _answer(learner, history, question, clock, rng):
    correct = rng.random() < learner.chance(question, clock)
    history.answers.append(
        model.Answer(question.id, question.topic, question.domain, correct, clock)
    )
    learner.study(question.topic, clock)
    return correct


def _start_card(learner, history, question, clock):
    """A question sent to review becomes a new card; it is first rated when next due."""
    if question.id not in history.cards:
        history.cards[question.id] = scheduling.CardState(due=clock)
        learner.remember(question, clock, recalled=True)


def simulate_learner(world, rng):
    """(learner, history, now, exam date): a few weeks of study ending at `now`."""
    learner = new_learner(world, rng)
    history = History()
    questions = {question.id: question for question in world.study}
    skipped = set(rng.sample(sorted(world.topics), rng.randint(*TOPICS_SKIPPED)))
    preference = {
        slug: 0.0 if slug in skipped else rng.expovariate(1.0) ** 2 for slug in world.topics
    }
    unseen = defaultdict(list)
    for question in world.study:
        unseen[question.topic].append(question)
    for pool in unseen.values():
        rng.shuffle(pool)
    days = rng.randint(*STUDY_DAYS)
    studies = rng.uniform(*STUDY_PROBABILITY)
    clock = START
    for day in range(days):
        if rng.random() > studies and day != days - 1:
            continue
        clock = START + timedelta(days=day, hours=18 + rng.uniform(0, 4))
        clock, reviewed = _review_due(learner, history, questions, clock, rng, 0)
        for _ in range(rng.randint(*NEW_PER_DAY)):
            open_topics = [slug for slug in world.topics if unseen[slug] and preference[slug]]
            if not open_topics:
                break
            topic = rng.choices(open_topics, [preference[slug] for slug in open_topics])[0]
            question = unseen[topic].pop()
            _answer(learner, history, question, clock, rng)
            _start_card(learner, history, question, clock)
            clock += timedelta(seconds=60)
        if day in PRACTICE_EXAM_DAYS:
            by_domain = defaultdict(list)
            for question in world.study:
                by_domain[question.domain].append(question.id)
            plan = rules.plan_draw(
                {d: len(ids) for d, ids in by_domain.items()}, PRACTICE_EXAM_QUESTIONS
            )
            for question_id in rules.draw(by_domain, plan, rng):
                question = questions[question_id]
                if not _answer(learner, history, question, clock, rng):
                    _start_card(learner, history, question, clock)
                if question in unseen[question.topic]:
                    unseen[question.topic].remove(question)
                clock += timedelta(seconds=90)
        clock, _ = _review_due(learner, history, questions, clock, rng, reviewed)
    exam_date = START + timedelta(days=days + rng.randint(*EXAM_AFTER_LAST_STUDY_DAYS), hours=9)
    return learner, history, clock, exam_date


def final_exam(world, learner, exam_date, rng):
    """(question, right?) for a full exam of held-out questions drawn by domain weight."""
    by_domain = defaultdict(list)
    for question in world.held_out:
        by_domain[question.domain].append(question.id)
    plan = rules.plan_draw({d: len(ids) for d, ids in by_domain.items()}, QUESTION_COUNT)
    questions = {question.id: question for question in world.held_out}
    drawn = [questions[question_id] for question_id in rules.draw(by_domain, plan, rng)]
    return [(q, rng.random() < learner.chance(q, exam_date)) for q in drawn]


def _clip(probability):
    return min(1 - CLIP, max(CLIP, probability))


def overall_percent(history):
    correct = sum(answer.correct for answer in history.answers)
    return _clip((correct + 1) / (len(history.answers) + 2))


def retrievability_now(history, questions, now):
    """Mean FSRS retrievability now of each topic's cards; the learner's mean for the rest."""
    by_topic = defaultdict(list)
    for question_id, card in history.cards.items():
        if card.last_review is not None:
            value = scheduling.retrievability(card, now, SCHEDULER)
            by_topic[questions[question_id].topic].append(value)
    everything = [value for values in by_topic.values() for value in values]
    fallback = sum(everything) / len(everything) if everything else 0.5
    return defaultdict(
        lambda: _clip(fallback),
        {topic: _clip(sum(values) / len(values)) for topic, values in by_topic.items()},
    )


def run(learners, seed):
    rng = random.Random(seed)
    # fsrs fuzzes long intervals with the global random module: seed it too.
    random.seed(seed)
    world = build_world(rng)
    catalogue = world.catalogue()
    questions = {question.id: question for question in world.study}
    rows = []  # (model, overall, retrievability, outcome)
    score_hits = topic_hits = topic_total = 0
    assess_seconds = []
    for _ in range(learners):
        learner, history, now, exam_date = simulate_learner(world, rng)
        memories = [
            model.Memory(q, questions[q].topic, questions[q].domain, card)
            for q, card in history.cards.items()
        ]
        started = time.perf_counter()
        readiness = model.assess(
            history.answers, history.reviews, memories, catalogue, now, exam_date
        )
        assess_seconds.append(time.perf_counter() - started)
        overall = overall_percent(history)
        retrievability = retrievability_now(history, questions, now)
        answered = final_exam(world, learner, exam_date, rng)
        for question, right in answered:
            rows.append(
                (
                    readiness.topics[question.topic].probability,
                    overall,
                    retrievability[question.topic],
                    right,
                )
            )
        scaled = rules.scaled_score(sum(right for _, right in answered) / len(answered))
        score_hits += readiness.score.low <= scaled <= readiness.score.high
        for slug in world.topics:
            members = [q for q in world.held_out if q.topic == slug]
            truth = sum(learner.chance(q, exam_date) for q in members) / len(members)
            estimate = readiness.topics[slug]
            topic_hits += estimate.low <= truth <= estimate.high
            topic_total += 1
    return {
        "learners": learners,
        "seed": seed,
        "answers": len(rows),
        "predictors": {
            name: _scores([(row[index], row[3]) for row in rows])
            for index, name in enumerate(("model", "overall percent", "retrievability now"))
        },
        "reliability": _reliability([(row[0], row[3]) for row in rows]),
        "score_interval_coverage": score_hits / learners,
        "topic_interval_coverage": topic_hits / topic_total,
        "assess_ms_median": 1000 * sorted(assess_seconds)[len(assess_seconds) // 2],
        "assess_ms_max": 1000 * max(assess_seconds),
    }


def _scores(pairs):
    log_loss = -sum(math.log(p if right else 1 - p) for p, right in pairs) / len(pairs)
    brier = sum((p - right) ** 2 for p, right in pairs) / len(pairs)
    return {"log_loss": log_loss, "brier": brier}


def _reliability(pairs):
    bins = [[0, 0.0, 0] for _ in range(BINS)]
    for probability, right in pairs:
        row = bins[min(int(probability * BINS), BINS - 1)]
        row[0] += 1
        row[1] += probability
        row[2] += right
    return [
        {
            "bin": f"{index / BINS:.1f}-{(index + 1) / BINS:.1f}",
            "answers": count,
            "predicted": total / count if count else None,
            "observed": right / count if count else None,
        }
        for index, (count, total, right) in enumerate(bins)
    ]


def verdict(figures):
    """The issue's targets: (met?, reasons)."""
    reasons = []
    mine = figures["predictors"]["model"]["log_loss"]
    for name in ("overall percent", "retrievability now"):
        theirs = figures["predictors"][name]["log_loss"]
        if mine >= theirs:
            reasons.append(f"log loss {mine:.4f} is not below {name}'s {theirs:.4f}")
    for row in figures["reliability"]:
        if row["answers"] >= BIN_ENOUGH and abs(row["observed"] - row["predicted"]) > 0.1:
            reasons.append(
                f"bin {row['bin']}: observed {row['observed']:.3f} vs predicted "
                f"{row['predicted']:.3f} over {row['answers']} answers"
            )
    return not reasons, reasons


def report(figures, seconds):
    lines = [
        f"{figures['learners']} learners, seed {figures['seed']}, "
        f"{figures['answers']:,} held-out exam answers, {seconds:.1f} s",
        "",
        "| predictor | log loss | Brier |",
        "|---|---:|---:|",
    ]
    for name, scores in figures["predictors"].items():
        lines.append(f"| {name} | {scores['log_loss']:.4f} | {scores['brier']:.4f} |")
    lines += ["", "| predicted | answers | mean predicted | observed |", "|---|---:|---:|---:|"]
    for row in figures["reliability"]:
        if row["answers"]:
            lines.append(
                f"| {row['bin']} | {row['answers']:,} | {row['predicted']:.3f} | "
                f"{row['observed']:.3f} |"
            )
        else:
            lines.append(f"| {row['bin']} | 0 | | |")
    met, reasons = verdict(figures)
    lines += [
        "",
        f"80 % score interval held the exam's scaled score for "
        f"{figures['score_interval_coverage']:.1%} of learners; 80 % topic intervals held the "
        f"true topic probability {figures['topic_interval_coverage']:.1%} of the time.",
        f"model.assess per learner: median {figures['assess_ms_median']:.1f} ms, "
        f"max {figures['assess_ms_max']:.1f} ms.",
        "Targets met." if met else "Targets missed: " + "; ".join(reasons),
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=400, help="simulated learners")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    started = time.perf_counter()
    figures = run(args.learners, args.seed)
    print(report(figures, time.perf_counter() - started))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0 if verdict(figures)[0] else 1


if __name__ == "__main__":
    sys.exit(main())
