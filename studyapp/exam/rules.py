"""
The practice exam's rules as plain functions: drawing questions by DVA-C02 domain weight,
scoring as AWS does, and the scaled-score approximation. No Django.
"""

import math
from dataclasses import dataclass, field

from studyapp.exam_guide import DOMAIN_WEIGHTS, PASSING_SCALED_SCORE, SCALED_SCORE_RANGE

# AWS does not publish how raw results map to the 100-1000 scale. This app assumes the pass
# mark, 720, corresponds to 72 % correct and interpolates linearly on either side of it.
ASSUMED_PASS_FRACTION = 0.72
SCALING_NOTE = (
    "AWS does not publish how it converts answers to the 100-1,000 scale. Here 0 % correct is "
    "100, 72 % is the pass mark of 720, and 100 % is 1,000, with straight lines in between: "
    "treat the scaled score as an estimate."
)


@dataclass(frozen=True)
class Preset:
    questions: int
    minutes: int
    label: str


# The lengths offered with one click; each keeps the real exam's two minutes a question.
PRESETS = {
    "short": Preset(10, 20, "Short"),
    "half": Preset(20, 40, "Medium"),
    "full": Preset(65, 130, "Full exam"),
}


@dataclass(frozen=True)
class DrawPlan:
    requested: int
    quotas: dict[int, int]
    available: dict[int, int]
    shortfalls: dict[int, int] = field(default_factory=dict)

    @property
    def total(self):
        return sum(min(self.quotas[d], self.available.get(d, 0)) for d in self.quotas)

    def per_domain(self):
        return {d: min(self.quotas[d], self.available.get(d, 0)) for d in self.quotas}


def plan_draw(available, count):
    """
    Split `count` questions over the four domains by weight (largest remainder, so the parts
    add up exactly). A domain with too few questions gives what it has; the sitting is then
    shorter rather than skewed towards the other domains.
    """
    total_weight = sum(DOMAIN_WEIGHTS.values())
    exact = {d: count * w / total_weight for d, w in DOMAIN_WEIGHTS.items()}
    quotas = {d: math.floor(value) for d, value in exact.items()}
    leftover = count - sum(quotas.values())
    for domain in sorted(exact, key=lambda d: (-(exact[d] - quotas[d]), d))[:leftover]:
        quotas[domain] += 1
    shortfalls = {
        d: quotas[d] - available.get(d, 0) for d in quotas if available.get(d, 0) < quotas[d]
    }
    return DrawPlan(count, quotas, dict(available), shortfalls)


def draw(ids_by_domain, plan, rng):
    """The question ids of a sitting: each domain's quota at random, then shuffled together."""
    chosen = []
    for domain, number in plan.per_domain().items():
        pool = sorted(ids_by_domain.get(domain, []))
        chosen += rng.sample(pool, number)
    rng.shuffle(chosen)
    return chosen


def shuffled_options(option_positions, rng):
    order = list(option_positions)
    rng.shuffle(order)
    return order


def in_sitting_order(options, option_order):
    """
    The options (anything with a `position`) as the sitting shows them; any the question gained
    since the sitting started come last, and positions it lost are skipped.
    """
    rank = {position: index for index, position in enumerate(option_order)}
    return sorted(
        options, key=lambda option: (rank.get(option.position, len(rank)), option.position)
    )


def is_right(selected, correct):
    """Exactly the right set; an unanswered question is wrong. No partial credit."""
    return bool(selected) and set(selected) == set(correct)


def scaled_score(fraction_correct):
    low, high = SCALED_SCORE_RANGE
    if fraction_correct <= ASSUMED_PASS_FRACTION:
        value = low + (PASSING_SCALED_SCORE - low) * fraction_correct / ASSUMED_PASS_FRACTION
    else:
        value = PASSING_SCALED_SCORE + (high - PASSING_SCALED_SCORE) * (
            fraction_correct - ASSUMED_PASS_FRACTION
        ) / (1 - ASSUMED_PASS_FRACTION)
    return round(value)


@dataclass(frozen=True)
class Result:
    correct: int
    total: int
    scaled: int
    passed: bool
    by_domain: dict

    @property
    def percent(self):
        return round(100 * self.correct / self.total, 1) if self.total else 0.0


def tally(outcomes):
    """`outcomes`: (group, right?) pairs. Right / total / percent per group, in first-seen order."""
    groups = {}
    for group, right in outcomes:
        row = groups.setdefault(group, {"correct": 0, "total": 0})
        row["total"] += 1
        row["correct"] += bool(right)
    for row in groups.values():
        row["percent"] = round(100 * row["correct"] / row["total"], 1)
    return groups


def score(items):
    """`items`: (domain, selected positions, correct positions) for every question."""
    outcomes = [(domain, is_right(selected, right)) for domain, selected, right in items]
    correct = sum(right for _, right in outcomes)
    total = len(items)
    scaled = scaled_score(correct / total) if total else SCALED_SCORE_RANGE[0]
    return Result(correct, total, scaled, scaled >= PASSING_SCALED_SCORE, tally(outcomes))
