"""
What a question's scenario needs from the simulators, which sit in a higher layer (sims): the
simulators' app provides it when Django starts (SimsConfig.ready calls `provide`), so importing,
practice and the exam report use it without importing upwards.

- check(scenario): the problems the simulator's own validator finds in a packs.Scenario, as
  texts naming their JSON path; [] when it runs.
- link(scenario): a TryIt (the simulator page showing the scenario and its result, and the
  simulator's name for "Try it in the ..."), or None.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TryIt:
    url: str
    simulator_title: str


@dataclass(frozen=True)
class ScenarioSupport:
    check: Callable
    link: Callable


_provided = []


def provide(support):
    _provided[:] = [support]


def _support():
    if not _provided:
        raise LookupError("the simulators app (studyapp.sims) provides scenario support")
    return _provided[0]


def check(scenario):
    return _support().check(scenario)


def link(scenario):
    return None if scenario is None else _support().link(scenario)
