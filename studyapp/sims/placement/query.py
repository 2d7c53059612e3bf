r"""
The ECS cluster query language: `subject operator [argument]`, combined with and/or/not.

`parse_query(text)` returns a Query whose `matches(instance)` says whether a container instance
satisfies the expression, or raises QuerySyntaxError carrying the 1-based column of the problem.

Grammar (keywords and word operators are case-insensitive; subjects are case-sensitive):

    expression := term (("or" | "||") term)*
    term       := factor (("and" | "&&") factor)*
    factor     := ("not" | "!") factor | "(" expression ")" | subject operator [argument]
    argument   := value | "[" value ("," value)* "]"        (the list only after in / !in)

`not` binds tighter than `and`, which binds tighter than `or`. Parentheses nest at most 50 deep.

Values are quoted ('...' or "...") or unquoted. Inside quotes `\'` (or `\"`) stands for the quote;
every other backslash is kept as written, so regular expressions need no double escaping. An
unquoted value ends at white space, a parenthesis, a bracket, a comma, a quote, `&` or `|`;
after =~ and !~ the value is a Java regular expression (see javaregex, which runs it on RE2 in
linear time) and may hold balanced parentheses and brackets and single `|`s. The patterns of one
query compile to at most MAX_QUERY_PROGRAM_SIZE RE2 instructions together.

Subjects, the operators each accepts (ECS's documented lists; exists/!exists only where a subject
can be absent), and how arguments compare:

- attribute:NAME: == != in !in =~ !~ exists !exists; string comparison.
- ec2InstanceId: == != in !in =~ !~; string comparison.
- agentConnected: == != in !in =~ !~; the argument is true or false (=~ sees "true"/"false").
- agentVersion: == != > >= < <=; numeric version order, missing parts count as 0 (1.14 == 1.14.0).
- registeredAt: == != > >= < <=; the argument takes the four documented forms
  2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 (UTC) and 2018-06-18.
  A date alone compares whole UTC days: `registeredAt == 2018-06-18` is any time that day,
  `registeredAt < 2018-06-18` is before that day began, `> 2018-06-18` after it ended.
- runningTasksCount: == != > >= < <=; whole numbers; counts every task on the instance.
- task:group: == != in !in =~ !~ exists !exists; the instance hosts a set of groups, so
  `== g` means "hosts a task of group g", `=~ r` "hosts a task whose group matches r", and the
  negated operators are exact negations (an empty instance satisfies `task:group != database`);
  `exists` means the instance hosts any task at all.

Rule chosen where ECS documents nothing: when an instance has no value for a single-valued
subject (the attribute is absent or has no value, no agentVersion, no registeredAt), every
comparison on it is false, the negated ones included, and only `!exists` is true. This follows
the documented example `attribute:stack != prod`, which lists instances that have the `stack`
attribute with another value; to include instances without it, write
`not(attribute:stack == prod)`.

`runningTasksCount` and `task:group` change as tasks are placed, so queries using them are
`dynamic` and the engine re-evaluates them; the other subjects are fixed for a run.
"""

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from studyapp.sims.placement.javaregex import RegexError, compile_java_regex
from studyapp.sims.validation import InvalidInput, Problem

FIXED_SUBJECTS = (
    "agentConnected",
    "agentVersion",
    "ec2InstanceId",
    "registeredAt",
    "runningTasksCount",
    "task:group",
)
ATTRIBUTE_PREFIX = "attribute:"
OPERATOR_SPELLINGS = {
    "==": "==",
    "equals": "==",
    "!=": "!=",
    "not_equals": "!=",
    ">": ">",
    "greater_than": ">",
    ">=": ">=",
    "greater_than_equal": ">=",
    "<": "<",
    "less_than": "<",
    "<=": "<=",
    "less_than_equal": "<=",
    "exists": "exists",
    "!exists": "!exists",
    "not_exists": "!exists",
    "in": "in",
    "!in": "!in",
    "not_in": "!in",
    "=~": "=~",
    "matches": "=~",
    "!~": "!~",
    "not_matches": "!~",
}
SYMBOLIC_OPERATORS = ("!exists", "!in", "==", "!=", ">=", "<=", "=~", "!~", ">", "<")
ORDERING = ("==", "!=", ">", ">=", "<", "<=")
MATCHING = ("==", "!=", "in", "!in", "=~", "!~")
PRESENCE = ("exists", "!exists")
OPERATORS_BY_SUBJECT = {
    "attribute": MATCHING + PRESENCE,
    "ec2InstanceId": MATCHING,
    "agentConnected": MATCHING,
    "agentVersion": ORDERING,
    "registeredAt": ORDERING,
    "runningTasksCount": ORDERING,
    "task:group": MATCHING + PRESENCE,
}
DYNAMIC_SUBJECTS = ("runningTasksCount", "task:group")
MAX_NESTING = 50
# The regular expressions of one query together, in RE2 program instructions: each pattern is
# capped on its own (javaregex), and this caps how many large ones a query may hold.
MAX_QUERY_PROGRAM_SIZE = 20_000
# Matching work of one query's patterns over a whole simulation, in (text bytes + 1) x program
# instructions (see javaregex.JavaRegex): about 0.06 s at the worst rate measured, so ten
# constraints spending all of it take about 0.6 s (bench/worst_cases/simsapi.py). Just enough
# for 5,000 distinct 19-character instance ids against `i-0.*` (15 instructions).
MAX_REGEX_WORK = 1_500_000
MAX_QUOTED = 60

WORD = re.compile(r"[A-Za-z_]+")
SUBJECT_END = frozenset(" \t\r\n()[],'\"=!<>~&|")
VALUE_END = frozenset(" \t\r\n()[],'\"&|")
VERSION = re.compile(r"\d+(?:\.\d+)*", re.ASCII)
WHOLE_NUMBER = re.compile(r"\d+", re.ASCII)
DATE_FORMS = (
    re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", re.ASCII),
    re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", re.ASCII),
    re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", re.ASCII),
)
DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class QuerySyntaxError(ValueError):
    def __init__(self, column, message):
        self.column = column
        self.message = message
        super().__init__(f"column {column}: {message}")


class RegexWork:
    """What one query's regular expressions have cost so far; past MAX_REGEX_WORK the
    simulation stops with InvalidInput, a 400 naming the query and the limit."""

    def __init__(self, text):
        self.text = text
        self.spent = 0

    def spend(self, units):
        self.spent += units
        if self.spent > MAX_REGEX_WORK:
            shown = self.text if len(self.text) <= MAX_QUOTED else self.text[:MAX_QUOTED] + "..."
            raise InvalidInput(
                [
                    Problem(
                        "",
                        f"the regular expressions of the query {shown!r} take more than "
                        f"{MAX_REGEX_WORK:,} units of matching work (text bytes x RE2 program "
                        "size) on this cluster; simplify them or match shorter values",
                    )
                ]
            )


@dataclass(frozen=True)
class Query:
    text: str
    matches: Any
    dynamic: bool


def parse_query(text):
    parser = _Parser(text)
    matches = parser.parse()
    return Query(text=text, matches=matches, dynamic=parser.dynamic)


def parse_version(text):
    """A comparable agent version, or None if `text` is not digits separated by dots."""
    if not VERSION.fullmatch(text):
        return None
    parts = [int(part) for part in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def parse_query_date(text):
    """A date (for the date-only form) or an aware UTC datetime, or None if not a valid form."""
    try:
        if DATE_ONLY.fullmatch(text):
            return date.fromisoformat(text)
        if any(form.fullmatch(text) for form in DATE_FORMS):
            moment = datetime.fromisoformat(text)
            return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
    return None


def _compare(operator, left, right):
    if operator == "==":
        return left == right
    if operator == "!=":
        return left != right
    if operator == ">":
        return left > right
    if operator == ">=":
        return left >= right
    if operator == "<":
        return left < right
    return left <= right


class _Parser:
    def __init__(self, text):
        self.text = text
        self.position = 0
        self.depth = 0
        self.dynamic = False
        self.program_size = 0
        self.regex_work = RegexWork(text)

    def fail(self, message, position=None):
        raise QuerySyntaxError((self.position if position is None else position) + 1, message)

    def skip_space(self):
        text = self.text
        while self.position < len(text) and text[self.position].isspace():
            self.position += 1

    def at_end(self):
        return self.position >= len(self.text)

    def describe_here(self):
        return f"{self.text[self.position]!r}" if not self.at_end() else "the end of the expression"

    def keyword(self, *words):
        self.skip_space()
        word = WORD.match(self.text, self.position)
        if word and word.group().lower() in words:
            self.position = word.end()
            return True
        return False

    def symbol(self, *symbols):
        self.skip_space()
        for candidate in symbols:
            if self.text.startswith(candidate, self.position):
                self.position += len(candidate)
                return True
        return False

    def parse(self):
        self.skip_space()
        if self.at_end():
            self.fail("the expression is empty")
        matches = self.expression()
        self.skip_space()
        if not self.at_end():
            self.fail(f"unexpected {self.describe_here()}; expected and, or, or the end")
        return matches

    def expression(self):
        terms = [self.term()]
        while self.keyword("or") or self.symbol("||"):
            terms.append(self.term())
        if len(terms) == 1:
            return terms[0]
        return lambda instance: any(term(instance) for term in terms)

    def term(self):
        factors = [self.factor()]
        while self.keyword("and") or self.symbol("&&"):
            factors.append(self.factor())
        if len(factors) == 1:
            return factors[0]
        return lambda instance: all(factor(instance) for factor in factors)

    def factor(self):
        negations = 0
        while True:
            self.skip_space()
            text = self.text
            if text.startswith("!", self.position) and not text.startswith(
                ("!=", "!~"), self.position
            ):
                self.position += 1
                negations += 1
            elif not self.keyword("not"):
                break
            else:
                negations += 1
        matches = self.operand()
        if negations % 2:
            return lambda instance: not matches(instance)
        return matches

    def operand(self):
        self.skip_space()
        if self.at_end():
            self.fail("expected a condition such as attribute:NAME == value")
        opened_at = self.position
        if self.symbol("("):
            self.depth += 1
            if self.depth > MAX_NESTING:
                self.fail(f"parentheses nest more than {MAX_NESTING} deep", opened_at)
            matches = self.expression()
            if not self.symbol(")"):
                self.fail(
                    f"expected ')' to close the '(' at column {opened_at + 1}, "
                    f"found {self.describe_here()}"
                )
            self.depth -= 1
            return matches
        return self.comparison()

    def comparison(self):
        text = self.text
        start = self.position
        while self.position < len(text) and text[self.position] not in SUBJECT_END:
            self.position += 1
        subject = text[start : self.position]
        if not subject:
            self.fail(
                f"expected a subject (attribute:NAME, ec2InstanceId, agentConnected, agentVersion, "
                f"registeredAt, runningTasksCount or task:group), found {self.describe_here()}"
            )
        kind = self.subject_kind(subject, start)
        self.skip_space()
        operator_at = self.position
        operator = self.operator(subject)
        allowed = OPERATORS_BY_SUBJECT[kind]
        if operator not in allowed:
            self.fail(
                f"{subject} does not support {operator}; it supports {' '.join(allowed)}",
                operator_at,
            )
        if kind in DYNAMIC_SUBJECTS:
            self.dynamic = True
        if operator in PRESENCE:
            return _presence(kind, subject, operator)
        if operator in ("in", "!in"):
            arguments = self.value_list(kind)
            return _membership(kind, subject, operator, arguments)
        self.skip_space()
        value_at = self.position
        raw = self.value(pattern=operator in ("=~", "!~"))
        if operator in ("=~", "!~"):
            try:
                pattern = compile_java_regex(raw, self.regex_work)
            except RegexError as error:
                self.fail(str(error), value_at)
            self.program_size += pattern.program_size
            if self.program_size > MAX_QUERY_PROGRAM_SIZE:
                self.fail(
                    f"the regular expressions in this query are too large together (more than "
                    f"{MAX_QUERY_PROGRAM_SIZE:,} RE2 instructions); simplify them",
                    value_at,
                )
            return _pattern_match(kind, subject, operator, pattern)
        argument = self.convert(kind, raw, value_at)
        return _comparison(kind, subject, operator, argument)

    def subject_kind(self, subject, start):
        if subject.startswith(ATTRIBUTE_PREFIX):
            if len(subject) == len(ATTRIBUTE_PREFIX):
                self.fail("attribute: needs a name, as in attribute:ecs.instance-type", start)
            return "attribute"
        if subject in FIXED_SUBJECTS:
            return subject
        by_lowercase = {name.lower(): name for name in (*FIXED_SUBJECTS, ATTRIBUTE_PREFIX)}
        if subject.lower() in by_lowercase:
            hint = f"; subjects are case-sensitive: {by_lowercase[subject.lower()]}"
        else:
            close = difflib.get_close_matches(subject.lower(), list(by_lowercase), n=1)
            hint = f"; did you mean {by_lowercase[close[0]]}?" if close else ""
        self.fail(f"unknown subject {subject!r}{hint}", start)

    def operator(self, subject):
        text = self.text
        for spelled in SYMBOLIC_OPERATORS:
            if text.startswith(spelled, self.position):
                follows = text[self.position + len(spelled) : self.position + len(spelled) + 1]
                if spelled.startswith("!") and spelled[1].isalpha() and WORD.match(follows):
                    continue
                self.position += len(spelled)
                return OPERATOR_SPELLINGS[spelled]
        word = WORD.match(text, self.position)
        if word and word.group().lower() in OPERATOR_SPELLINGS:
            self.position = word.end()
            return OPERATOR_SPELLINGS[word.group().lower()]
        if text.startswith("=", self.position):
            self.fail("'=' is not an operator; use == (or equals)")
        self.fail(
            f"expected an operator after {subject} (==, !=, >, >=, <, <=, =~, !~, in, !in, "
            f"exists, !exists or a word form such as equals), found {self.describe_here()}"
        )

    def value_list(self, kind):
        if not self.symbol("["):
            self.fail(f"in and !in take a list such as [a, b], found {self.describe_here()}")
        values = []
        while True:
            self.skip_space()
            value_at = self.position
            values.append(self.convert(kind, self.value(pattern=False), value_at))
            if self.symbol("]"):
                return values
            if not self.symbol(","):
                self.fail(f"expected ',' or ']' in the list, found {self.describe_here()}")

    def value(self, pattern):
        self.skip_space()
        if self.at_end():
            self.fail("expected a value")
        if self.text[self.position] in "'\"":
            return self.quoted()
        start = self.position
        if pattern:
            self.unquoted_pattern()
        else:
            text = self.text
            while self.position < len(text) and text[self.position] not in VALUE_END:
                self.position += 1
        if self.position == start:
            self.fail(f"expected a value, found {self.describe_here()}")
        return self.text[start : self.position]

    def unquoted_pattern(self):
        text = self.text
        depth = 0
        while self.position < len(text):
            char = text[self.position]
            if char == "\\":
                self.position += 2
                continue
            if depth == 0 and (char.isspace() or text.startswith(("&&", "||"), self.position)):
                break
            if char in "([":
                depth += 1
            elif char in ")]":
                if depth == 0:
                    break
                depth -= 1
            self.position += 1
        self.position = min(self.position, len(text))

    def quoted(self):
        text = self.text
        quote = text[self.position]
        opened_at = self.position
        self.position += 1
        pieces = []
        while self.position < len(text):
            char = text[self.position]
            if char == "\\" and self.position + 1 < len(text):
                following = text[self.position + 1]
                pieces.append(following if following == quote else char + following)
                self.position += 2
                continue
            if char == quote:
                self.position += 1
                return "".join(pieces)
            pieces.append(char)
            self.position += 1
        self.fail(f"the quote opened at column {opened_at + 1} is never closed", opened_at)

    def convert(self, kind, raw, position):
        if kind == "agentConnected":
            if raw.lower() not in ("true", "false"):
                self.fail(f"agentConnected compares with true or false, not {raw!r}", position)
            return raw.lower() == "true"
        if kind == "agentVersion":
            version = parse_version(raw)
            if version is None:
                self.fail(f"{raw!r} is not a version such as 1.14.5", position)
            return version
        if kind == "registeredAt":
            moment = parse_query_date(raw)
            if moment is None:
                self.fail(
                    f"{raw!r} is not a valid date in a documented form: 2018-06-18T22:28:28+00:00, "
                    "2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18",
                    position,
                )
            return moment
        if kind == "runningTasksCount":
            if not WHOLE_NUMBER.fullmatch(raw):
                self.fail(f"runningTasksCount compares with a whole number, not {raw!r}", position)
            return int(raw)
        return raw


def _single_value_reader(kind, subject):
    if kind == "attribute":
        name = subject[len(ATTRIBUTE_PREFIX) :]
        return lambda instance: instance.attributes.get(name)
    if kind == "ec2InstanceId":
        return lambda instance: instance.ec2_instance_id
    if kind == "agentConnected":
        return lambda instance: instance.agent_connected
    if kind == "agentVersion":
        return lambda instance: instance.agent_version
    if kind == "registeredAt":
        return lambda instance: instance.registered_at
    return lambda instance: instance.running_tasks_count


def _presence(kind, subject, operator):
    wanted = operator == "exists"
    if kind == "task:group":
        return lambda instance: bool(instance.task_groups) == wanted
    name = subject[len(ATTRIBUTE_PREFIX) :]
    return lambda instance: (name in instance.attributes) == wanted


def _membership(kind, subject, operator, arguments):
    choices = frozenset(arguments)
    if kind == "task:group":
        if operator == "in":
            return lambda instance: not choices.isdisjoint(instance.task_groups)
        return lambda instance: choices.isdisjoint(instance.task_groups)
    read = _single_value_reader(kind, subject)
    if operator == "in":
        return lambda instance: (value := read(instance)) is not None and value in choices
    return lambda instance: (value := read(instance)) is not None and value not in choices


def _pattern_match(kind, subject, operator, pattern):
    wanted = operator == "=~"
    matches = pattern.matches
    if kind == "task:group":
        return lambda instance: any(map(matches, instance.task_groups)) == wanted
    read = _single_value_reader(kind, subject)
    if kind == "agentConnected":
        return lambda instance: matches("true" if read(instance) else "false") == wanted
    return lambda instance: (value := read(instance)) is not None and matches(value) == wanted


def _comparison(kind, subject, operator, argument):
    if kind == "task:group":
        if operator == "==":
            return lambda instance: argument in instance.task_groups
        return lambda instance: argument not in instance.task_groups
    read = _single_value_reader(kind, subject)
    if kind == "registeredAt" and not isinstance(argument, datetime):

        def read_day(instance):
            moment = instance.registered_at
            return None if moment is None else moment.date()

        read = read_day
    if operator == "==":
        return lambda instance: (value := read(instance)) is not None and value == argument
    if operator == "!=":
        return lambda instance: (value := read(instance)) is not None and value != argument
    return lambda instance: (
        (value := read(instance)) is not None and _compare(operator, value, argument)
    )
