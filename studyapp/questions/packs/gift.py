"""
Moodle's GIFT format, for instructors who bring an existing question bank.

Only multiple-choice questions fit the app; every other GIFT type is reported as skipped with
its line, never dropped silently, so the instructor knows what did not come across.
"""

import bisect
import re

from .model import (
    MAX_QUESTIONS,
    Option,
    Pack,
    PackError,
    Question,
    QuestionError,
    Skipped,
    SkipQuestion,
    TitleIds,
    size_errors,
    slugify,
    source_lines,
    too_many_questions,
    unstorable_error,
)

ESCAPE = re.compile(r"\\(.)", re.DOTALL)
ESCAPED_CHARACTERS = set("~=#{}:\\")
WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
FORMAT_MARKER = re.compile(r"\s*\[(?:markdown|html|plain|moodle)\]", re.IGNORECASE)
TRUE_FALSE = {"T", "F", "TRUE", "FALSE"}
BLANK = "_____"

ONLY_OPTIONS = "the app only holds questions with answer options"


def parse_gift(text, path, pack_slug, title, max_questions=MAX_QUESTIONS):
    """Return (pack or None, errors, skipped); the pack is None whenever there is an error."""
    if unstorable := unstorable_error(path, text):
        return None, [unstorable], []
    parser = _GiftParser(path, max_questions)
    parser.parse(source_lines(text))
    parser.errors += size_errors(path, parser.questions)
    if not parser.questions and not parser.errors:
        parser.errors.append(PackError(path, 1, "the file has no question the app can import"))
    if parser.errors:
        return None, parser.errors, parser.skipped
    pack = Pack(pack_slug, title, None, None, None, tuple(parser.questions), path)
    return pack, [], parser.skipped


def _unescape(text):
    def replace(match):
        character = match[1]
        if character == "n":
            return "\n"
        return character if character in ESCAPED_CHARACTERS else match[0]

    return ESCAPE.sub(replace, text).strip()


def _mask_escapes(text):
    """
    The text with every backslash escape blanked out, same length: searching it for `{`, `~`,
    `#`... finds only the unescaped ones, and its positions slice the original text.
    """
    return ESCAPE.sub("\0\0", text)


class _Block:
    """One question's lines (comments left out), mapping text positions back to file lines."""

    def __init__(self, numbered_lines):
        self.line_numbers = [index + 1 for index, _ in numbered_lines]
        self.text = "\n".join(line for _, line in numbered_lines)
        self.masked = _mask_escapes(self.text)
        self.starts = []
        offset = 0
        for _, line in numbered_lines:
            self.starts.append(offset)
            offset += len(line) + 1

    @property
    def first_line(self):
        return self.line_numbers[0]

    def line_at(self, position):
        return self.line_numbers[bisect.bisect_right(self.starts, position) - 1]


class _GiftParser:
    def __init__(self, path, max_questions):
        self.path = path
        self.max_questions = max_questions
        self.blocks = 0
        self.questions = []
        self.errors = []
        self.skipped = []
        self.ids = TitleIds()
        self.category_tag = None

    def parse(self, lines):
        block = []
        for index, line in enumerate(lines):
            stripped = line.strip()
            if not stripped:
                self._flush(block)
                block = []
                if self.blocks > self.max_questions:
                    return
            elif stripped.startswith("//"):
                continue
            elif not block and stripped.startswith("$CATEGORY:"):
                category = stripped.removeprefix("$CATEGORY:").strip().rstrip("/")
                self.category_tag = slugify(category.rsplit("/", 1)[-1]) or None
            else:
                block.append((index, line))
        self._flush(block)

    def _flush(self, numbered_lines):
        if not numbered_lines:
            return
        self.blocks += 1
        if self.blocks > self.max_questions:
            first_line = numbered_lines[0][0] + 1
            self.errors.append(too_many_questions(self.path, first_line, self.max_questions))
            return
        block = _Block(numbered_lines)
        try:
            self.questions.append(self._question(block))
        except QuestionError as error:
            self.errors.append(PackError(self.path, error.line, error.message))
        except SkipQuestion as skip:
            self.skipped.append(Skipped(block.first_line, skip.reason))

    def _question(self, block):
        text, masked = block.text, block.masked
        start = len(masked) - len(masked.lstrip())
        title = None
        if masked.startswith("::", start):
            title_end = masked.find("::", start + 2)
            if title_end < 0:
                raise QuestionError(
                    block.line_at(start), "the title opened with '::' is never closed"
                )
            title = _unescape(text[start + 2 : title_end])
            start = title_end + 2

        opening = masked.find("{", start)
        if opening < 0:
            raise QuestionError(
                block.first_line, "this question has no answers: put them between { and }"
            )
        closing = masked.find("}", opening)
        if closing < 0:
            raise QuestionError(block.line_at(opening), "the '{' here is never closed")
        for position in (masked.find("{", opening + 1, closing), masked.find("{", closing)):
            if position >= 0:
                raise QuestionError(
                    block.line_at(position),
                    "a second '{' in one question; write \\{ for a literal brace",
                )

        options, explanation = self._answers(block, opening + 1, closing)
        stem = self._stem(text[start:opening], text[closing + 1 :])
        if not stem:
            raise QuestionError(block.first_line, "this question has no text")
        return Question(
            qid=self.ids.assign(title, block.first_line),
            line=block.first_line,
            topic=None,
            topic_anchor=None,
            domain=None,
            tags=(self.category_tag,) if self.category_tag else (),
            difficulty=None,
            stem=stem,
            options=options,
            explanation=explanation,
        )

    def _stem(self, before, after):
        """Text after the answers makes a GIFT "missing word" question: show the gap."""
        if marker := FORMAT_MARKER.match(before):
            before = before[marker.end() :]
        before, after = _unescape(before), _unescape(after)
        return f"{before} {BLANK} {after}".strip() if after else before

    def _answers(self, block, start, end):
        masked = block.masked
        general = masked.find("####", start, end)
        answers_end = general if general >= 0 else end
        explanation = _unescape(block.text[general + 4 : end]) if general >= 0 else ""
        answers = masked[start:answers_end]
        head = answers.lstrip()
        if not head:
            raise SkipQuestion(f"essay question: {ONLY_OPTIONS}")
        if head.startswith("#"):
            raise SkipQuestion(f"numerical question: {ONLY_OPTIONS}")
        if head.split("#", 1)[0].strip().upper() in TRUE_FALSE:
            raise SkipQuestion(
                "true/false question: the DVA-C02 exam has none, so the app holds only "
                "multiple-choice questions; rewrite it with answer options"
            )
        markers = [start + match.start() for match in re.finditer(r"[=~]", answers)]
        if not markers or masked[start : markers[0]].strip():
            raise QuestionError(
                block.line_at(start), "the answers must start with '=' (right) or '~' (wrong)"
            )
        spans = list(zip(markers, [*markers[1:], answers_end], strict=True))
        if any("->" in masked[marker:following] for marker, following in spans):
            raise SkipQuestion(f"matching question: {ONLY_OPTIONS}")
        parsed = [self._answer(block, marker, following) for marker, following in spans]
        return self._options(block, start, parsed), explanation

    def _answer(self, block, marker, end):
        """One `=text#feedback` or `~%weight%text#feedback`; returns (marker, weight, option)."""
        text, masked = block.text, block.masked
        body = marker + 1
        weight = None
        if masked.startswith("%", body):
            match = WEIGHT.match(masked, body)
            if match is None or match.end() > end:
                raise QuestionError(block.line_at(marker), "a weight must look like %50% or %-100%")
            weight = float(match[1])
            body = match.end()
        feedback = masked.find("#", body, end)
        answer_end = feedback if feedback >= 0 else end
        answer_text = _unescape(text[body:answer_end])
        if not answer_text:
            raise QuestionError(block.line_at(marker), "an answer has no text")
        feedback_text = _unescape(text[feedback + 1 : end]) if feedback >= 0 else ""
        return text[marker], weight, Option(answer_text, False, feedback_text)

    def _options(self, block, start, parsed):
        """
        Decide which options are right. With an `=` answer the question is single-answer and
        only `=` is right (partial-credit weights are dropped); without one, answers with a
        positive weight are right, as in Moodle's multiple-answer questions.
        """
        right_count = sum(marker == "=" for marker, _, _ in parsed)
        if right_count == len(parsed):
            raise SkipQuestion(f"short-answer question: {ONLY_OPTIONS}")
        if right_count > 1:
            raise SkipQuestion(
                f"single-answer question with {right_count} '=' answers: in GIFT any one of "
                "them is right, but the app marks an answer right only for the exact set"
            )
        options = tuple(
            Option(
                option.text,
                marker == "=" if right_count else (weight or 0) > 0,
                option.feedback,
            )
            for marker, weight, option in parsed
        )
        if len(options) < 2:
            raise QuestionError(block.line_at(start), "a question needs at least 2 answers")
        if not any(option.correct for option in options):
            raise QuestionError(
                block.line_at(start),
                "no right answer: mark it with '=', or give right answers a positive weight "
                "like ~%50%",
            )
        return options
