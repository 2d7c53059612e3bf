"""
A generated question as plain data, and the check every one passes before it is shown.

A generator builds the simulator's document first and derives everything else from it: the
exhibits the learner reads (a table and the document itself as JSON), the key (the engine's
answer) and the distractors (the engine's answer to the document a typical mistake reads).
`checked` then reads the document back out of the JSON exhibit, as a learner pasting it into
the simulator would, and requires the tables drawn from it and the key the engine gives on it
to be exactly the ones shown, one key (or the stated number), and no two options alike.
"""

import json
from dataclasses import dataclass, replace

# A seed is a whole number a link can carry. A seed whose draw fails the check draws again from
# seed + k x (MAX_SEED + 1), k = 1, 2, ...: numbers no link carries, so the replacement is never
# another seed's question (the next question of a practice set is the next seed). At most
# MAX_TRIES draws; seeds 0..4,999 need at most 5.
MAX_SEED = 999_999_999
MAX_TRIES = 20


@dataclass(frozen=True)
class Option:
    text: str
    is_correct: bool
    feedback: str


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class GeneratedQuestion:
    """Everything a page shows, and the document the simulator opens for "Try it"."""

    generator: str
    simulator: str
    seed: int
    stem: str
    tables: tuple[Table, ...]
    document_json: str
    options: tuple[Option, ...]
    explanation: tuple[str, ...]
    choose: int = 1

    @property
    def document(self):
        return json.loads(self.document_json)

    @property
    def keys(self):
        return [option.text for option in self.options if option.is_correct]


class CheckFailed(ValueError):
    """A generated question is not fit to show: the reason says which rule it breaks."""


class NoQuestion(RuntimeError):
    """No seed from the one asked for, within MAX_TRIES, gave a question that passes the check."""


def document_text(document):
    return json.dumps(document, indent=2)


def checked(question, tables_of, keys_of):
    """
    `question` if it passes every rule, else CheckFailed. `tables_of(document)` draws the
    tables and `keys_of(document)` runs the engine for the key texts, on the document as shown.
    """
    correct = question.keys
    if len(correct) != question.choose:
        raise CheckFailed(f"{len(correct)} keys where the question asks for {question.choose}")
    texts = [option.text for option in question.options]
    if len(set(texts)) != len(texts):
        raise CheckFailed("two options read the same")
    if len(texts) < 3:
        raise CheckFailed("fewer than three options")
    shown = json.loads(question.document_json)
    if tables_of(shown) != question.tables:
        raise CheckFailed("the tables shown do not match the document shown")
    if sorted(keys_of(shown)) != sorted(correct):
        raise CheckFailed("the engine's answer on the document shown is not the key")
    return question


def first_passing(seed, build, tables_of, keys_of):
    """
    The question of the first draw for `seed` whose build passes the check (see MAX_SEED for the
    draws). `build(draw)` returns a GeneratedQuestion, or None when its draw cannot make a fair
    question (a tie the engine would break at random, too few distinct distractors).
    """
    for attempt in range(MAX_TRIES):
        question = build(seed + attempt * (MAX_SEED + 1))
        if question is None:
            continue
        try:
            return replace(checked(question, tables_of, keys_of), seed=seed)
        except CheckFailed:
            continue
    raise NoQuestion(f"no question from seed {seed} within {MAX_TRIES} tries")
