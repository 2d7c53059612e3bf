"""
Reading a learner's JSON safely before any engine sees it: bounded size, bounded nesting,
finite numbers, text that is all characters, and errors that say where. Plain Python.
"""

import json
import math
import re

from studyapp.sims.validation import InvalidInput, Problem, child

MAX_DOCUMENT_BYTES = 4 * 1024 * 1024
MAX_NESTING = 32
# JSON can spell a lone UTF-16 surrogate ("\ud800"); Python keeps it in the string, and it
# cannot be written back out as UTF-8, so any page or link showing it would fail.
SURROGATE = re.compile("[\ud800-\udfff]")
MAY_HOLD_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is too large")
    return value


def _reject_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def _nesting_depth(text):
    """Deepest bracket nesting outside strings; checked before parsing so a hostile document
    cannot exhaust the parser's recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_NESTING:
                return deepest
        elif char in "]}":
            depth -= 1
    return deepest


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
    if _nesting_depth(raw) > MAX_NESTING:
        raise InvalidInput([Problem("", f"the document nests deeper than {MAX_NESTING} levels")])
    try:
        document = json.loads(raw, parse_float=_finite_float, parse_constant=_reject_constant)
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
    if MAY_HOLD_SURROGATE.search(raw):
        path = _lone_surrogate_path(document, "")
        if path is not None:
            raise InvalidInput(
                [Problem(path, "a string or key holds a lone UTF-16 surrogate such as \\ud800")]
            )
    return document


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
