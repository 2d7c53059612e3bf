"""
The error contract shared by every simulator engine (plain Python, no Django).

An engine's `simulate(document)` either returns its result dict or raises InvalidInput listing
every problem found, each with the JSON path of the offending value in the learner's document:
`placementStrategy[1].field`, `taskDefinition.containerDefinitions[0].memory`. The command line
and the HTTP API print `{"errors": [{"path": ..., "message": ...}]}` from it unchanged.

The engines read their documents through one set of specs (Integer, Number, Text, Boolean,
Choice, OneOf, List, Object): each spec both reads a value, recording every problem with its path
in one message style, and describes itself as JSON Schema, so the schema published at
/api/sims/schema/<name> is drawn from the very definitions that do the reading.
"""

import difflib
import re
from dataclasses import dataclass, field, replace


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


def is_integer(value):
    """A JSON whole number: Python's bool is an int, but true is not a number in JSON."""
    return isinstance(value, int) and not isinstance(value, bool)


def describe(value):
    """What a JSON value is, for messages: "a string", "a list", "null"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def either(values):
    """ "a", "a or b", "a, b or c"."""
    values = [str(value) for value in values]
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


# Problems one document may list. Past it they are counted in one closing line: a document of
# 300,000 unknown keys would otherwise answer with tens of megabytes of errors.
MAX_LISTED_PROBLEMS = 50
# Characters of a key the document itself wrote that a problem's path repeats.
MAX_ECHOED_KEY = 100


class Reader:
    """
    Collects the problems found while reading one document, so they are reported at once: the
    first MAX_LISTED_PROBLEMS, then how many more. `problem_count` counts them all.
    """

    def __init__(self):
        self.problems = []
        self.problem_count = 0

    @property
    def listing(self):
        """Whether a further problem would still be listed (worth its message's cost)."""
        return self.problem_count < MAX_LISTED_PROBLEMS

    def problem(self, path, message):
        self.problem_count += 1
        if self.problem_count <= MAX_LISTED_PROBLEMS:
            self.problems.append(Problem(path, message))
            return
        unlisted = self.problem_count - MAX_LISTED_PROBLEMS
        summary = Problem("", f"and {unlisted:,} more problem(s), not listed; mend these first")
        if unlisted == 1:
            self.problems.append(summary)
        else:
            self.problems[-1] = summary

    def read(self, spec, value, path):
        """The value as `spec` reads it, or None after recording why it cannot be read."""
        return spec.read(self, value, path)

    def member(self, shape, mapping, key, path):
        """
        Member `key` of `mapping` (the object at `path`) read by its field in the Object spec
        `shape`: its default when absent, "is required" when it has none and must be given.
        """
        member = shape.fields[key]
        if key not in mapping:
            if member.required:
                self.problem(child(path, key), member.missing)
                return None
            if isinstance(member.spec, Object):
                # An absent object reads as an empty one, so its own members' defaults apply.
                return member.spec.read(self, {}, child(path, key))
            return member.default
        return member.spec.read(self, mapping[key], child(path, key))

    def items(self, shape, value, path):
        """
        The items of the list at `path` as they are, after `shape` (a List spec) has checked the
        list itself, for an engine that reads each item with checks of its own.
        """
        return replace(shape, item=None).read(self, value, path)

    def raise_problems(self):
        if self.problems:
            raise InvalidInput(self.problems)


class Spec:
    """A kind of JSON value: `read` checks one and `schema` describes them as JSON Schema."""

    description = ""

    def read(self, reader, value, path):
        raise NotImplementedError

    def schema(self):
        described = self.shape()
        if self.description:
            described["description"] = self.description
        return described

    def shape(self):
        raise NotImplementedError


@dataclass(frozen=True)
class Anything(Spec):
    """
    Accepted as it is: the preset scenarios' title and teaches, or a value checked elsewhere
    (a task definition's containers are findings, not refusals), whose schema `like` gives.
    """

    like: Spec | None = None
    description: str = ""

    def read(self, reader, value, path):
        return value

    def shape(self):
        return self.like.schema() if self.like else {}


@dataclass(frozen=True)
class Integer(Spec):
    minimum: int = 0
    maximum: int | None = None
    description: str = ""

    @property
    def expected(self):
        if self.maximum is None:
            return f"a whole number of at least {self.minimum:,}"
        return f"a whole number from {self.minimum:,} to {self.maximum:,}"

    def read(self, reader, value, path):
        if not is_integer(value):
            reader.problem(path, f"must be {self.expected}, not {describe(value)}")
            return None
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            reader.problem(path, f"must be {self.expected}")
            return None
        return value

    def shape(self):
        shape = {"type": "integer", "minimum": self.minimum}
        if self.maximum is not None:
            shape["maximum"] = self.maximum
        return shape


@dataclass(frozen=True)
class Number(Spec):
    """Any finite JSON number in a range; `noun` and `note` say what it stands for."""

    minimum: float
    maximum: float
    noun: str = "a number"
    note: str = ""
    description: str = ""

    def read(self, reader, value, path):
        if not isinstance(value, int | float) or isinstance(value, bool):
            valid = False
        else:
            valid = self.minimum <= value <= self.maximum
        if valid:
            return value
        note = f" ({self.note})" if self.note else ""
        reader.problem(
            path,
            f"must be {self.noun} from {_number_text(self.minimum)} to "
            f"{_number_text(self.maximum)}{note}",
        )
        return None

    def shape(self):
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}


def _number_text(value):
    """A bound as a reader expects it: 31,536,000 rather than 3.1536e+07, and 0.7 as 0.7."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Text(Spec):
    """
    A non-empty string of at most `maximum` characters, all matching `pattern` (a regular
    expression both Python and JSON Schema read) when given, which `form` describes.
    """

    maximum: int | None = None
    pattern: str = ""
    form: str = ""
    description: str = ""

    def read(self, reader, value, path):
        if not isinstance(value, str):
            reader.problem(path, f"must be a string, not {describe(value)}")
            return None
        if not value:
            reader.problem(path, "must not be empty")
            return None
        if self.maximum is not None and len(value) > self.maximum:
            reader.problem(path, f"must be at most {self.maximum:,} characters")
            return None
        if self.pattern and not re.fullmatch(self.pattern, value):
            reader.problem(path, f"must be {self.form}")
            return None
        return value

    def shape(self):
        shape = {"type": "string", "minLength": 1}
        if self.maximum is not None:
            shape["maxLength"] = self.maximum
        if self.pattern:
            shape["pattern"] = f"^(?:{self.pattern})$"
        return shape


@dataclass(frozen=True)
class Boolean(Spec):
    description: str = ""

    def read(self, reader, value, path):
        if isinstance(value, bool):
            return value
        reader.problem(path, f"must be true or false, not {describe(value)}")
        return None

    def shape(self):
        return {"type": "boolean"}


@dataclass(frozen=True)
class Choice(Spec):
    """One of a few fixed values; `why` is added to the message to say where they come from."""

    values: tuple
    why: str = ""
    description: str = ""

    def read(self, reader, value, path):
        if isinstance(value, str | int | float) and value in self.values:
            return value
        reader.problem(path, f"must be {either(self.values)}{self.why}")
        return None

    def shape(self):
        return {"enum": list(self.values)}


@dataclass(frozen=True)
class OneOf(Spec):
    """A value any of `options` reads, with one message naming them all when none does."""

    options: tuple
    message: str
    description: str = ""

    def read(self, reader, value, path):
        for option in self.options:
            trial = Reader()
            read = option.read(trial, value, path)
            if not trial.problems:
                return read
        reader.problem(path, self.message)
        return None

    def shape(self):
        return {"anyOf": [option.schema() for option in self.options]}


@dataclass(frozen=True)
class List(Spec):
    """
    A list of `minimum` to `maximum` items, each read by `item` when given; without `item` the
    items are returned as they are, for the engine to read one by one. Past the maximum no item
    is read, so the cost of reading stays bounded.
    """

    item: Spec | None = None
    minimum: int = 0
    maximum: int | None = None
    limit_note: str = ""
    description: str = ""

    def read(self, reader, value, path):
        if not isinstance(value, list):
            reader.problem(path, f"must be a list, not {describe(value)}")
            return []
        if len(value) < self.minimum:
            plural = "s" if self.minimum > 1 else ""
            reader.problem(path, f"needs at least {self.minimum} item{plural}")
        if self.maximum is not None and len(value) > self.maximum:
            reader.problem(
                path, f"has {len(value):,} items; the limit is {self.maximum:,}{self.limit_note}"
            )
            return []
        if self.item is None:
            return value
        return [
            self.item.read(reader, item, child(path, index)) for index, item in enumerate(value)
        ]

    def shape(self):
        shape = {"type": "array"}
        if self.item is not None:
            shape["items"] = self.item.schema()
        if self.minimum:
            shape["minItems"] = self.minimum
        if self.maximum is not None:
            shape["maxItems"] = self.maximum
        return shape


REQUIRED = object()


@dataclass(frozen=True)
class Field:
    """
    An object's member: its spec, and either its default (used when it is absent) or REQUIRED,
    with `missing` saying what to give.
    """

    spec: Spec
    default: object = None
    missing: str = "is required"

    @property
    def required(self):
        return self.default is REQUIRED


@dataclass(frozen=True)
class Object(Spec):
    """
    A JSON object whose members are `fields`. Other keys are errors with a "did you mean" hint
    when `closed` (a typo there would silently change the result) and are ignored otherwise
    (real AWS JSON carries many members a simulator has no use for).
    """

    fields: dict = field(default_factory=dict)
    closed: bool = True
    description: str = ""

    def read(self, reader, value, path):
        """The members, absent ones at their defaults; None when `value` is not an object."""
        mapping = self.mapping(reader, value, path)
        if mapping is None:
            return None
        return {key: reader.member(self, mapping, key, path) for key in self.fields}

    def mapping(self, reader, value, path):
        """`value` when it is an object, with its unknown keys reported; else None."""
        if not isinstance(value, dict):
            what = "the document must be a JSON object" if path == "" else "must be an object"
            reader.problem(path, f"{what}, not {describe(value)}")
            return None
        if self.closed:
            for key in value:
                if key not in self.fields:
                    key = str(key)
                    shown = key if len(key) <= MAX_ECHOED_KEY else f"{key[:MAX_ECHOED_KEY]}…"
                    message = self.unknown_key(key) if reader.listing else "unknown key"
                    reader.problem(child(path, shown), message)
        return value

    def unknown_key(self, key):
        close = difflib.get_close_matches(key, list(self.fields), n=1)
        if close:
            return f"unknown key; did you mean {close[0]}?"
        return f"unknown key; the keys are {', '.join(self.fields)}"

    def shape(self):
        properties = {}
        for name, member in self.fields.items():
            properties[name] = member.spec.schema()
            if not member.required and member.default is not None:
                properties[name]["default"] = member.default
        shape = {"type": "object", "properties": properties}
        required = [name for name, member in self.fields.items() if member.required]
        if required:
            shape["required"] = required
        if self.closed:
            shape["additionalProperties"] = False
        return shape


SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def document_schema(spec, title):
    """A whole document's JSON Schema, ready to publish."""
    return {"$schema": SCHEMA_DIALECT, "title": title, **spec.schema()}
