"""
The parsed form of a question pack, shared by every input format and the exporter.

These are plain frozen dataclasses, free of Django, so that parsing and validating a file never
needs a database and the importer can compare questions by value.
"""

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from studyapp.markup.frontmatter import UNSTORABLE, echo

from .scenario import Scenario

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_LENGTH = 100
"""The database's limit for pack, question and topic slugs."""

SLUG_RULE = "use lowercase letters, digits and single hyphens"

MAX_QUESTIONS = 10_000
MAX_OPTIONS = 10
MAX_STEM_LENGTH = 4_000
MAX_EXPLANATION_LENGTH = 4_000
MAX_OPTION_LENGTH = 1_000
MAX_FEEDBACK_LENGTH = 1_000
"""
Bounds on what one question may hold, in characters: a long scenario with a code sample fits
(the bundled pack's longest stem is under 600), while the cost of rendering the Markdown of one
question, which grows faster than its length for some inputs, stays small.
"""
DIFFICULTIES = ("easy", "medium", "hard")
DOMAINS = range(1, 5)


def is_slug(text):
    return len(text) <= MAX_SLUG_LENGTH and SLUG_PATTERN.fullmatch(text) is not None


def slugify(text):
    """
    Turn a GIFT title or category into a slug; "" when nothing usable is left. Accents are
    dropped rather than the letters, so "Déploiement" gives "deploiement".
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


MAX_TITLE_ID_LENGTH = 80
"""An id made from a title leaves room for a `-N` suffix within the database's 100 characters."""


class TitleIds:
    """
    Question ids for formats whose questions carry titles rather than ids (GIFT, Moodle XML):
    the title as a slug, or `q-<line>` without one, with `-2`, `-3`... on a repeat.
    """

    def __init__(self):
        self.used_ids = set()
        self.last_suffix = {}

    def assign(self, title, line):
        base = slugify(title or "")[:MAX_TITLE_ID_LENGTH].strip("-") or f"q-{line}"
        # Each base remembers the last suffix it handed out, so a title repeated n times costs
        # n steps in all, not n squared; a suffix can still be taken by a title like "x-2".
        qid, suffix = base, self.last_suffix.get(base, 1)
        while qid in self.used_ids:
            suffix += 1
            qid = f"{base}-{suffix}"
        self.last_suffix[base] = suffix
        self.used_ids.add(qid)
        return qid


def source_lines(text):
    """
    Split a file into lines the way an editor numbers them, so that reported line numbers match
    what the author sees: Windows and old Mac line endings count as one break, and a UTF-8 byte
    order mark is not part of the first line.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


@dataclass(frozen=True)
class PackError:
    """One mistake in a file, located so the author can jump to it (line 0: the whole file)."""

    path: str
    line: int
    message: str

    def __str__(self):
        if not self.line:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


def unstorable_error(path, text):
    """
    A PackError at the first NUL or lone surrogate in the text, or None: neither can be stored
    (PostgreSQL refuses NUL in text) nor shown, so the file is refused rather than half-stored.
    """
    found = UNSTORABLE.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    return PackError(path, line, "the file holds a NUL character or a lone surrogate")


@dataclass(frozen=True)
class Skipped:
    """A GIFT or Moodle XML question the app cannot hold, reported instead of silently dropped."""

    line: int
    reason: str

    def __str__(self):
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    """
    One question as the author wrote it. `line` only locates it in its source file, so it takes
    no part in equality or the fingerprint: moving a question must not count as changing it.
    """

    qid: str
    line: int = field(compare=False)
    topic: str | None
    topic_anchor: str | None
    domain: int | None
    tags: tuple[str, ...]
    difficulty: str | None
    stem: str
    options: tuple[Option, ...]
    explanation: str
    scenario: Scenario | None = None

    @property
    def is_multiple_response(self):
        return sum(option.correct for option in self.options) > 1

    def fingerprint(self):
        """
        A digest of everything a learner sees or is scored on, so a re-import can tell an edited
        question from an unchanged one. None and "" hash alike because formats differ in which
        one they use for "not given".
        """
        content = [
            self.qid,
            self.topic or "",
            self.topic_anchor or "",
            self.domain,
            list(self.tags),
            self.difficulty or "",
            self.stem,
            [[option.text, option.correct, option.feedback or ""] for option in self.options],
            self.explanation or "",
        ]
        # Added only when there is one, so questions without a scenario keep their digests.
        if self.scenario is not None:
            content.append(self.scenario.content())
        encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(encoded.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Pack:
    slug: str
    title: str
    version: str | None
    description: str | None
    author: str | None
    questions: tuple[Question, ...]
    source: str


MAX_ERRORS = 1_000
"""Errors a parser collects from one file before it stops: past that, a list helps nobody."""


class QuestionError(Exception):
    """Raised inside a GIFT or Moodle XML parser: this question is wrong, at `line`."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line
        self.message = message


class SkipQuestion(Exception):
    """Raised inside a GIFT or Moodle XML parser: this question's type cannot be held here."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class TooManyErrors(Exception):
    """Raised by a parser's error collector once a file has MAX_ERRORS errors."""

    def __init__(self, path, line):
        super().__init__()
        self.error = PackError(
            path, line, f"stopped after {MAX_ERRORS:,} errors; fix these and import it again"
        )


def too_many_questions(path, line, max_questions):
    """
    The error at the first question past the limit. Parsers stop there, so a file of a hundred
    thousand tiny questions costs no more to refuse than one at the limit.
    """
    return PackError(
        path,
        line,
        f"this is question {max_questions + 1:,}: an import may hold at most "
        f"{max_questions:,} questions; split the pack",
    )


def size_errors(path, questions):
    """PackErrors, at each question's line, for questions past the size bounds above."""
    errors = []
    for question in questions:
        problems = []
        if len(question.stem) > MAX_STEM_LENGTH:
            problems.append(f"its text is longer than {MAX_STEM_LENGTH:,} characters")
        if len(question.explanation or "") > MAX_EXPLANATION_LENGTH:
            problems.append(f"its explanation is longer than {MAX_EXPLANATION_LENGTH:,} characters")
        if len(question.options) > MAX_OPTIONS:
            problems.append(f"it has {len(question.options)} options; at most {MAX_OPTIONS}")
        if any(len(option.text) > MAX_OPTION_LENGTH for option in question.options):
            problems.append(f"an option is longer than {MAX_OPTION_LENGTH:,} characters")
        if any(len(option.feedback or "") > MAX_FEEDBACK_LENGTH for option in question.options):
            problems.append(
                f"an option's feedback is longer than {MAX_FEEDBACK_LENGTH:,} characters"
            )
        errors += [
            PackError(path, question.line, f"question {echo(question.qid)}: {problem}")
            for problem in problems
        ]
    return errors
