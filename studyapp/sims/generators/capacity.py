"""
How many tasks does each capacity provider get? A FARGATE / FARGATE_SPOT strategy with a base
and weights; the key is the capacity simulator's split and the distractors its split of the
strategy a typical mistake reads (base ignored, base counted twice, weights swapped).
"""

import random

from studyapp.sims import capacity
from studyapp.sims.generators.question import (
    GeneratedQuestion,
    Option,
    Table,
    document_text,
    first_passing,
)

NAME = "capacity"
TITLE = "Capacity providers: tasks per provider"


def generate(seed):
    return first_passing(seed, build, tables_of, keys_of)


def split_text(tasks):
    return ", ".join(f"{name}: {count}" for name, count in tasks.items())


def build(seed):
    rng = random.Random(f"{NAME}:{seed}")
    providers = ["FARGATE", "FARGATE_SPOT"]
    rng.shuffle(providers)
    strategy = [
        {"capacityProvider": providers[0], "base": rng.randint(1, 4), "weight": rng.randint(1, 3)},
        {"capacityProvider": providers[1], "weight": rng.randint(1, 4)},
    ]
    # The tasks after the base split exactly by weight: AWS does not document how it rounds a
    # fractional share, so a key resting on the simulator's rounding rule could be wrong.
    base, total_weight = strategy[0]["base"], strategy[0]["weight"] + strategy[1]["weight"]
    rounds = rng.randint(1, max(1, (20 - base) // total_weight))
    document = {"capacityProviderStrategy": strategy, "desiredCount": base + rounds * total_weight}
    result = capacity.simulate(document)
    key = split_text(result["tasks"])
    desired = document["desiredCount"]
    without_base = _split({**document, "capacityProviderStrategy": _without_base(strategy)})
    twice = dict(without_base)
    twice[providers[0]] += base
    twice[providers[1]] = desired - twice[providers[0]]
    swapped = [
        {**strategy[0], "weight": strategy[1]["weight"]},
        {**strategy[1], "weight": strategy[0]["weight"]},
    ]
    wrong = {}
    if twice[providers[1]] >= 0:
        wrong[split_text(twice)] = (
            "The base counted twice: the base tasks come out of the desired count before the "
            "weights share the rest, not on top of a share of every task."
        )
    wrong.setdefault(
        split_text(without_base),
        f"The base is ignored: {providers[0]} first runs its base of {base} tasks, and only "
        "the tasks after the base are shared by weight.",
    )
    wrong.setdefault(
        split_text(_split({**document, "capacityProviderStrategy": swapped})),
        "The weights are swapped: each provider's share follows its own weight.",
    )
    wrong.pop(key, None)
    if len(wrong) < 2:
        return None
    options = [Option(key, True, "Right: the base first, then the rest shared by weight.")]
    options += [Option(text, False, feedback) for text, feedback in wrong.items()]
    rng.shuffle(options)
    return GeneratedQuestion(
        generator=NAME,
        simulator="capacity",
        seed=seed,
        stem=(
            f"A service with the capacity provider strategy below runs {desired} tasks. How many "
            "tasks does each capacity provider get?"
        ),
        tables=tables_of(document),
        document_json=document_text(document),
        options=tuple(options),
        explanation=(
            f"{providers[0]} takes its base first: {_tasks(min(base, desired))}.",
            _weights_sentence(strategy, desired - min(base, desired)),
            result["rule"],
            f"Result: {key}.",
        ),
    )


def _tasks(count):
    return f"{count} task" if count == 1 else f"{count} tasks"


def _weights_sentence(strategy, rest):
    total = sum(item["weight"] for item in strategy)
    shares = " and ".join(
        f"{item['capacityProvider']} {item['weight']}/{total}" for item in strategy
    )
    return f"The other {_tasks(rest)} are shared by weight: {shares}."


def _without_base(strategy):
    return [{**item, "base": 0} for item in strategy]


def _split(document):
    return capacity.simulate(document)["tasks"]


def keys_of(document):
    return [split_text(_split(document))]


def tables_of(document):
    return (
        Table(
            "Capacity provider strategy",
            ("Capacity provider", "Base", "Weight"),
            tuple(
                (item["capacityProvider"], str(item.get("base", 0)), str(item["weight"]))
                for item in document["capacityProviderStrategy"]
            ),
        ),
    )
