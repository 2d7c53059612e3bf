"""
A question's scenario: the simulator case that reproduces the question, which "Try it" opens once
the answer is revealed. A Markdown pack gives it as a preset (`scenario: placement/spread-az`), as
a one-line document (`scenario: rolling {"desiredCount": 4}`), or as a `### Scenario: rolling`
section holding one fenced JSON block at the end of the question.

Plain Python: the simulators' own check, which sits in a higher layer, is handed to the parser
by the importer (`check_scenario`, a callable taking a Scenario and returning problem texts).
"""

import hashlib
import json
import re
from dataclasses import dataclass

from studyapp.core.numbers import finite_float, reject_json_constant

MAX_SCENARIO_LENGTH = 16_000
"""Characters of a scenario's JSON: the largest preset has 3,500, and a link holds about 20,000."""

SIMULATOR_NAME = re.compile(r"[a-z][a-z0-9-]{0,31}")
PRESET_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
FIELD_FORMS = "'simulator/preset', like placement/spread-az, or 'simulator {JSON}'"


@dataclass(frozen=True)
class Scenario:
    """A preset of a simulator, or a document (kept as compact JSON, so questions stay hashable)."""

    simulator: str
    preset: str | None = None
    document_json: str | None = None

    @property
    def document(self):
        return None if self.document_json is None else json.loads(self.document_json)

    def content(self):
        """What the question's fingerprint counts."""
        return [self.simulator, self.preset or "", self.document_json or ""]


def document_digest(document):
    """
    The same for two documents that hold the same members, whatever their order or spacing: how
    a simulator page finds the questions whose scenario it is showing.
    """
    canonical = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


class ScenarioError(ValueError):
    """What is wrong with a scenario; `line_offset` counts lines into its JSON text."""

    def __init__(self, message, line_offset=0):
        super().__init__(message)
        self.message = message
        self.line_offset = line_offset


def simulator_name(text):
    if not SIMULATOR_NAME.fullmatch(text):
        raise ScenarioError(
            f"'{text[:40]}' is not a simulator name (lowercase letters, digits and hyphens)"
        )
    return text


def read_field(value):
    """The Scenario a `scenario:` metadata value names, or ScenarioError."""
    if "{" in value or "[" in value:
        name, _, text = value.partition(" ")
        return read_document(simulator_name(name.strip()), text.strip())
    name, slash, preset = value.partition("/")
    if not slash:
        raise ScenarioError(f"give {FIELD_FORMS}")
    if not PRESET_NAME.fullmatch(preset.strip()):
        raise ScenarioError(
            f"'{preset.strip()[:40]}' is not a preset name (lowercase letters, digits and hyphens)"
        )
    return Scenario(simulator_name(name.strip()), preset=preset.strip())


def read_document(simulator, text):
    """A document scenario from JSON text, or ScenarioError saying where the JSON is wrong."""
    if len(text) > MAX_SCENARIO_LENGTH:
        raise ScenarioError(f"its JSON is longer than {MAX_SCENARIO_LENGTH:,} characters")
    try:
        document = json.loads(text, parse_float=finite_float, parse_constant=reject_json_constant)
    except json.JSONDecodeError as error:
        raise ScenarioError(
            f"not valid JSON: {error.msg} (column {error.colno})", error.lineno - 1
        ) from None
    except ValueError as error:
        raise ScenarioError(f"not valid JSON: {error}") from None
    except RecursionError:
        raise ScenarioError("its JSON is nested too deeply") from None
    if not isinstance(document, dict):
        raise ScenarioError("it must be a JSON object ({...})")
    compact = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Scenario(simulator, document_json=compact)
