"""
Questions computed by the simulators (plain Python, no Django): like Moodle's calculated
questions, but the key is the ECS engine's answer on a scenario drawn from a seed.

`GENERATORS` maps each generator's name to its Generator; `generate(seed)` is deterministic, so
a seed in a link shows the same question to everyone. Every question goes through
question.checked before it is returned (see question.py): one key, distinct options, and the
engine's answer re-derived from the document as displayed; a seed whose question fails is
replaced by the next one, at most question.MAX_TRIES times.
"""

from collections.abc import Callable
from dataclasses import dataclass

from studyapp.sims.generators import capacity, fargate, placement, rolling
from studyapp.sims.generators.question import (
    MAX_SEED,
    GeneratedQuestion,
    NoQuestion,
    Option,
    Table,
)


@dataclass(frozen=True)
class Generator:
    name: str
    title: str
    simulator: str
    # The DVA-C02 domain an exam counts its questions under (exam_guide.DOMAINS).
    domain: int
    generate: Callable[[int], GeneratedQuestion]


GENERATORS = {
    generator.name: generator
    for generator in (
        # Placing a service's tasks and rolling it out are deployment (3); sizing a task
        # definition is development (1); its cost and the Spot mix are optimisation (4).
        Generator(placement.NAME, placement.TITLE, "placement", 3, placement.generate),
        Generator(fargate.SIZE_NAME, fargate.SIZE_TITLE, "fargate", 1, fargate.generate_size),
        Generator(fargate.COST_NAME, fargate.COST_TITLE, "fargate", 4, fargate.generate_cost),
        Generator(capacity.NAME, capacity.TITLE, "capacity", 4, capacity.generate),
        Generator(rolling.NAME, rolling.TITLE, "rolling", 3, rolling.generate),
    )
}

__all__ = [
    "GENERATORS",
    "MAX_SEED",
    "GeneratedQuestion",
    "Generator",
    "NoQuestion",
    "Option",
    "Table",
]
