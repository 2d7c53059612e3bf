"""The simulator API at its limits: the costliest regular expressions the query budget lets
through, and the largest documents the reader accepts."""

import json
import random

from django.test import Client

from studyapp.sims.documents import MAX_CONTAINERS, MAX_DOCUMENT_BYTES, MAX_NESTING
from studyapp.sims.placement.engine import EXPRESSION_CHARACTERS_PER_UNIT, MAX_WORK
from studyapp.sims.placement.javaregex import MAX_PATTERN_LENGTH, compile_java_regex
from studyapp.sims.placement.query import MAX_REGEX_WORK
from studyapp.sims.placement.scenario import (
    MAX_ATTRIBUTE_LENGTH,
    MAX_CONSTRAINTS,
    MAX_INSTANCES,
)

# The worst rate measured: an automaton that explodes builds a new state for every byte.
EXPLODING = "[ab]*a[ab]{16}"


class _Uncounted:
    def spend(self, units):
        pass


def _post(document):
    client = Client()
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    # Untimed: the first request of a fresh process imports the views and engines.
    client.post("/api/sims/placement", b"{}", content_type="application/json")
    return lambda: client.post("/api/sims/placement", body, content_type="application/json")


def _longest_pattern(variant):
    """EXPLODING, padded to MAX_PATTERN_LENGTH with alternatives that never match."""
    pattern = f"{EXPLODING}|{variant}"
    while len(pattern) + len("|c{1,9}d") <= MAX_PATTERN_LENGTH:
        pattern += "|c{1,9}d"
    return pattern + "c" * (MAX_PATTERN_LENGTH - len(pattern))


def _distinct_values(count):
    """Random a/b words: an exploding automaton meets a new state at nearly every byte."""
    chooser = random.Random(14)
    return ["".join(chooser.choices("ab", k=MAX_ATTRIBUTE_LENGTH)) for _ in range(count)]


def _regex_budget_spent_by_every_constraint(patterns):
    """MAX_CONSTRAINTS memberOf constraints over 5,000 instances with as many distinct 128-byte
    values as the query budget lets through."""
    program = max(compile_java_regex(p, _Uncounted()).program_size for p in patterns)
    affordable = MAX_REGEX_WORK // ((MAX_ATTRIBUTE_LENGTH + 1) * program)
    values = _distinct_values(affordable)
    values += [values[-1]] * (MAX_INSTANCES - len(values))
    document = {
        "containerInstances": [
            {
                "ec2InstanceId": f"i-{index:017x}",
                "attributes": [{"name": "a", "value": value}],
                "registeredResources": [
                    {"name": "CPU", "integerValue": 4096},
                    {"name": "MEMORY", "integerValue": 16384},
                ],
            }
            for index, value in enumerate(values)
        ],
        "taskDefinition": {
            "family": "web",
            "containerDefinitions": [{"name": "app", "cpu": 256, "memory": 512}],
        },
        "count": 1,
        "placementConstraints": [
            {"type": "memberOf", "expression": f"attribute:a =~ {pattern}"} for pattern in patterns
        ],
    }
    return _post(document)


def _filled(prefix, units, filler, suffix):
    """prefix, the units, then as many fillers as fit in MAX_DOCUMENT_BYTES, then suffix."""
    head = prefix + ",".join(units)
    room = MAX_DOCUMENT_BYTES - len(head) - len(suffix) - 1
    fillers = [filler] * (room // (len(filler) + 1))
    return (head + ("," if units and fillers else "") + ",".join(fillers) + suffix).encode()


def largest_document_nested_to_the_limits():
    """MAX_CONTAINERS lists nested MAX_NESTING deep, the rest of the 4 MB in numbers."""
    depth = MAX_NESTING - 2
    unit = "[" * depth + "0" + "]" * depth
    units = [unit] * ((MAX_CONTAINERS - 2) // depth)
    return _post(_filled('{"teaches": [', units, "1234567", "]}"))


def largest_document_of_numbers():
    """4 MB of distinct floats in one list: the most values the reader will build."""
    return _post(_filled('{"teaches": [', [], "0.12345", "]}"))


def largest_document_of_surrogate_escapes():
    """4 MB of escaped surrogate pairs: every string walked for a lone surrogate."""
    return _post(_filled('{"teaches": [', [], '"\\ud83d\\ude00"', "]}"))


def longest_patterns_spend_every_budget():
    """As many 1,000-character patterns as the placement work budget lets through (it charges
    each expression by its length, per instance), each spending its whole regex budget."""
    expression = f"attribute:a =~ {_longest_pattern('z0')}"
    per_constraint = MAX_INSTANCES * (1 + len(expression) // EXPRESSION_CHARACTERS_PER_UNIT)
    affordable = min(MAX_CONSTRAINTS, (MAX_WORK - 2 * MAX_INSTANCES) // per_constraint)
    patterns = [_longest_pattern(f"z{index}") for index in range(affordable)]
    return _regex_budget_spent_by_every_constraint(patterns)


def exploding_patterns_spend_every_budget():
    patterns = [f"{EXPLODING}|z{index}" for index in range(MAX_CONSTRAINTS)]
    return _regex_budget_spent_by_every_constraint(patterns)


CASES = {
    "1,000-char regexes, as many as the work budget allows, whole regex budget each": (
        longest_patterns_spend_every_budget
    ),
    "10 constraints, exploding regexes, whole budget each": exploding_patterns_spend_every_budget,
    "4 MB document, 250,000 lists nested 32 deep": largest_document_nested_to_the_limits,
    "4 MB document of numbers": largest_document_of_numbers,
    "4 MB document of surrogate escapes": largest_document_of_surrogate_escapes,
}
