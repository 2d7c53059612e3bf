"""
A simulator's scenario carried in a link: `?s=` holds the scenario as compact JSON, compressed
with zlib and written in base64url without padding, so a learner can share exactly what they
built, and a question can open the scenario it is about (scenario_links.py).

Both directions are bounded. A link longer than MAX_LINK_LENGTH is not offered (gunicorn, in
front of the app, refuses request lines over 4,094 bytes by default), and decoding stops at
MAX_SCENARIO_BYTES so a small link cannot inflate into a huge document.
"""

import base64
import binascii
import json
import zlib

from studyapp.sims.documents import load_document
from studyapp.sims.validation import InvalidInput, Problem

MAX_LINK_LENGTH = 3_500
MAX_SCENARIO_BYTES = 256 * 1024


def encode_scenario(document):
    """The `s` value for a document, or None when the link would be too long to share."""
    compact = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    packed = base64.urlsafe_b64encode(zlib.compress(compact.encode("utf-8"), 9))
    text = packed.decode("ascii").rstrip("=")
    return text if len(text) <= MAX_LINK_LENGTH else None


def decode_scenario(text):
    """The document in an `s` value; InvalidInput saying what is wrong with the link."""
    if len(text) > MAX_LINK_LENGTH:
        raise _broken(f"it is longer than {MAX_LINK_LENGTH:,} characters")
    try:
        packed = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise _broken("it is not base64url text") from None
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(packed, MAX_SCENARIO_BYTES + 1)
    except zlib.error:
        raise _broken("it is not a compressed scenario (was the link cut short?)") from None
    if len(raw) > MAX_SCENARIO_BYTES or inflater.unconsumed_tail:
        raise _broken(f"the scenario in it is larger than {MAX_SCENARIO_BYTES // 1024} KB")
    if not inflater.eof:
        raise _broken("it is incomplete (was the link cut short?)")
    return load_document(raw)


def _broken(reason):
    return InvalidInput([Problem("", f"The scenario in this link (?s=) cannot be read: {reason}.")])
