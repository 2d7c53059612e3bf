"""
Reading a learner's JSON safely before any engine sees it: bounded size, bounded nesting,
finite numbers, text that is all characters, and errors that say where. Plain Python.
"""

import itertools
import json
import operator
import re

import re2

from studyapp.core.numbers import finite_float, reject_json_constant
from studyapp.sims.validation import InvalidInput, Problem, child

MAX_DOCUMENT_BYTES = 4 * 1024 * 1024
MAX_NESTING = 32
# Objects and lists together: a placement document at its limits (5,000 instances with their
# attributes and resources, 10,000 running tasks) holds about 120,000; 4 MB of `[0],` would
# make a million lists, seconds of parsing and hundreds of MB.
MAX_CONTAINERS = 250_000
OPENING = 2
BRACKET_STEPS = bytes.maketrans(b"[{]}", bytes([OPENING, OPENING, 0, 0]))
NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
# JSON can spell a lone UTF-16 surrogate ("\ud800"); Python keeps it in the string, and it
# cannot be written back out as UTF-8, so any page or link showing it would fail.
SURROGATE = re.compile("[\ud800-\udfff]")
_SCANNING = re2.Options()
_SCANNING.log_errors = False
MAY_OVERFLOW = re2.compile(r"[0-9]{200}|[eE][+-]?[0-9]{3}", _SCANNING)


def _bracket_steps(text):
    """
    The brackets outside strings, each opening one as OPENING and each closing one as 0: what
    is checked before parsing, so a hostile document can neither exhaust the parser's
    recursion nor make it build millions of containers. Built with str and bytes methods, in
    C: a character loop in Python, or Python's re, took up to a second over 4 MB.
    """
    unescaped = text.replace("\\\\", "").replace('\\"', "")
    # Without escaped quotes, every quote opens or closes a string.
    outside = "".join(unescaped.split('"')[0::2]).encode("utf-8", "surrogatepass")
    return outside.translate(BRACKET_STEPS, NOT_BRACKETS)


def _deepest(steps):
    """The deepest nesting: the running sum of the steps, less one per bracket, is the depth."""
    depths = map(operator.sub, itertools.accumulate(steps), range(1, len(steps) + 1))
    return max(0, max(depths, default=0))


def load_document(raw):
    """Parse bytes or text into a JSON value, or raise InvalidInput saying what is wrong."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise InvalidInput(
            [Problem("", f"the document is larger than {MAX_DOCUMENT_BYTES // 1024 // 1024} MB")]
        )
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = error.object[error.start]
            raise InvalidInput(
                [
                    Problem(
                        "",
                        "the document is not UTF-8 text "
                        f"(the byte at offset {error.start} is {byte:#04x})",
                    )
                ]
            ) from None
    steps = _bracket_steps(raw)
    if steps.count(OPENING) > MAX_CONTAINERS:
        raise InvalidInput(
            [Problem("", f"the document holds more than {MAX_CONTAINERS:,} objects and lists")]
        )
    if _deepest(steps) > MAX_NESTING:
        raise InvalidInput([Problem("", f"the document nests deeper than {MAX_NESTING} levels")])
    # Checking every number in Python took a second for 4 MB of them; only a number with 200
    # digits in a row or a 3-digit exponent can overflow to infinity, so only then. RE2 scans
    # 4 MB in milliseconds where Python's re took half a second.
    may_overflow = MAY_OVERFLOW.search(raw.encode("utf-8", "surrogatepass"))
    parse_float = finite_float if may_overflow else float
    try:
        document = json.loads(raw, parse_float=parse_float, parse_constant=reject_json_constant)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            [
                Problem(
                    "", f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
                )
            ]
        ) from None
    except ValueError as error:
        raise InvalidInput([Problem("", f"not valid JSON: {error}")]) from None
    if ("\\ud" in raw or "\\uD" in raw or not _writable(raw)) and not _writable(document):
        path = _lone_surrogate_path(document, "")
        raise InvalidInput(
            [Problem(path, "a string or key holds a lone UTF-16 surrogate such as \\ud800")]
        )
    return document


def _writable(value):
    """Whether a text, or a document's JSON, can be written out as UTF-8 (by C encoders)."""
    try:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _lone_surrogate_path(value, path):
    """The path of the first string, or of the object whose key, holds a lone surrogate."""
    if isinstance(value, str):
        return path if SURROGATE.search(value) else None
    if isinstance(value, list):
        items = enumerate(value)
    elif isinstance(value, dict):
        if any(SURROGATE.search(key) for key in value):
            return path
        items = value.items()
    else:
        return None
    for key, item in items:
        found = _lone_surrogate_path(item, child(path, key))
        if found is not None:
            return found
    return None
