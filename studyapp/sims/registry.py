"""The simulators by name, each a plain-Python `simulate(document) -> dict` and `schema()`."""

from functools import cache
from importlib import import_module

SIMULATORS = {
    "placement": "studyapp.sims.placement",
    "fargate": "studyapp.sims.fargate",
    "capacity": "studyapp.sims.capacity",
    "rolling": "studyapp.sims.rolling",
    "bluegreen": "studyapp.sims.bluegreen",
}


def run(name, document):
    """Run a simulator on a parsed document; raises InvalidInput on bad input."""
    return import_module(SIMULATORS[name]).simulate(document)


@cache
def schema(name):
    """The JSON Schema of a simulator's document, drawn from the specs its reader uses."""
    return import_module(SIMULATORS[name]).schema()
