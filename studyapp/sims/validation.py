"""
The error contract shared by every simulator engine (plain Python, no Django).

An engine's `simulate(document)` either returns its result dict or raises InvalidInput listing
every problem found, each with the JSON path of the offending value in the learner's document:
`placementStrategy[1].field`, `taskDefinition.containerDefinitions[0].memory`. The command line
and the HTTP API print `{"errors": [{"path": ..., "message": ...}]}` from it unchanged.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def as_dict(self):
        return {"path": self.path, "message": self.message}


class InvalidInput(Exception):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.path or '(document)'}: {p.message}" for p in self.problems))

    def as_dict(self):
        return {"errors": [problem.as_dict() for problem in self.problems]}


def child(path, key):
    """The path of a member or an item: child("a", "b") == "a.b", child("a", 2) == "a[2]"."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class WorkBudget:
    """
    An engine's work counted in its own units (candidate instances examined, for instance), so
    that a document within every size limit but too costly to simulate stops with InvalidInput,
    a 400 naming the limit, instead of holding a worker. Counting operations rather than reading
    a clock keeps the outcome the same on any machine and lets tests assert on `spent`.
    """

    def __init__(self, limit, unit, advice):
        self.limit = limit
        self.unit = unit
        self.advice = advice
        self.spent = 0

    def spend(self, units):
        self.spent += units
        if self.spent > self.limit:
            raise InvalidInput(
                [
                    Problem(
                        "",
                        f"simulating this document takes more than {self.limit:,} {self.unit}, "
                        f"the simulator's work limit; {self.advice}",
                    )
                ]
            )
