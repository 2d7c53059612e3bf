"""
Whole numbers read from request text: query strings, form fields, headers; and the number rules
of the JSON that learners and authors write (plain Python).

`str.isdigit()` alone is not a safe test before `int()`: it accepts "²" and other digits that
`int()` refuses, so a view guarded by it answered such a value with a 500. And a number past
what a 64-bit column holds cannot be used in a query. Every view reads such numbers here.
"""

import math

# The largest value of a 64-bit signed column (ids, counts): anything larger matches nothing.
LARGEST_STORED = 2**63 - 1


def whole_number(text, largest=LARGEST_STORED):
    """
    `text` as an int when it is plain ASCII digits no larger than `largest` (None: no limit),
    otherwise None.
    """
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    if largest is not None and value > largest:
        return None
    return value


def finite_float(text):
    """json.loads' parse_float: a number too large for a float is refused, not infinity."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is too large")
    return value


def reject_json_constant(name):
    """json.loads' parse_constant: NaN and Infinity are Python's extensions, not JSON."""
    raise ValueError(f"{name} is not a JSON number")
