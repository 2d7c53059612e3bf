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
    generate: Callable[[int], GeneratedQuestion]


GENERATORS = {
    generator.name: generator
    for generator in (
        Generator(placement.NAME, placement.TITLE, "placement", placement.generate),
        Generator(fargate.SIZE_NAME, fargate.SIZE_TITLE, "fargate", fargate.generate_size),
        Generator(fargate.COST_NAME, fargate.COST_TITLE, "fargate", fargate.generate_cost),
        Generator(capacity.NAME, capacity.TITLE, "capacity", capacity.generate),
        Generator(rolling.NAME, rolling.TITLE, "rolling", rolling.generate),
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
