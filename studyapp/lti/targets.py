"""
What an LMS link opens, written as the one custom parameter the tool puts on the links it makes
through Deep Linking (`studyapp_target`), and read back from every launch:

- ``practice:<pack>`` or ``practice:<pack>:<topic>``: a class assignment of the pack, or of its
  questions on one topic; the only graded kind (its score goes to the LMS gradebook);
- ``exam``: a practice exam;
- ``topic:<topic>``: a topic page.

Plain data in and out; no Django.
"""

import re
from typing import NamedTuple

CUSTOM_PARAMETER = "studyapp_target"
MAX_LENGTH = 250
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


class TargetError(ValueError):
    """A target the tool cannot open; the message says what is wrong with it."""


class Target(NamedTuple):
    kind: str  # "practice", "exam" or "topic"
    pack: str = ""
    topic: str = ""

    @property
    def is_graded(self):
        return self.kind == "practice"

    def spec(self):
        if self.kind == "exam":
            return "exam"
        if self.kind == "topic":
            return f"topic:{self.topic}"
        return f"practice:{self.pack}:{self.topic}" if self.topic else f"practice:{self.pack}"


def _slug(value, what, spec):
    if not _SLUG.fullmatch(value):
        raise TargetError(f"{what} {value!r} in target {spec!r} is not a slug")
    return value


def parse(spec):
    """The Target a `studyapp_target` value names; TargetError says what is wrong."""
    if not isinstance(spec, str) or not spec:
        raise TargetError("the link has no studyapp_target")
    if len(spec) > MAX_LENGTH:
        raise TargetError(f"target is longer than {MAX_LENGTH} characters")
    kind, _, rest = spec.partition(":")
    if kind == "exam" and not rest:
        return Target("exam")
    if kind == "topic":
        return Target("topic", topic=_slug(rest, "topic", spec))
    if kind == "practice":
        pack, _, topic = rest.partition(":")
        return Target(
            "practice",
            pack=_slug(pack, "pack", spec),
            topic=_slug(topic, "topic", spec) if topic else "",
        )
    raise TargetError(f"target {spec!r} is not practice:<pack>[:<topic>], exam or topic:<topic>")
