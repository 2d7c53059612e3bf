"""
The Markdown pack format that instructors write (docs/pack-format.md is its contract).

The parser works line by line in one pass and never stops at the first mistake: an instructor
fixing a 90-question file wants every error with its line in one go, not one per upload.
"""

import datetime
import re
from dataclasses import dataclass, field

from studyapp.markup.frontmatter import FrontMatterError, echo, split_front_matter

from .model import (
    DIFFICULTIES,
    DOMAINS,
    MAX_ERRORS,
    MAX_QUESTIONS,
    MAX_SLUG_LENGTH,
    SLUG_RULE,
    Option,
    Pack,
    PackError,
    Question,
    TooManyErrors,
    is_slug,
    size_errors,
    source_lines,
    too_many_questions,
    unstorable_error,
)
from .scenario import ScenarioError, read_document, read_field, simulator_name

PACK_KEYS = ("pack", "title", "version", "description", "author")
METADATA_KEYS = ("topic", "domain", "tags", "difficulty", "scenario")
TEXT_LIMITS = {"title": 200, "version": 50, "author": 200}
"""Lengths the database holds; checked here so an import fails with a line, not a crash."""
MAX_ANCHOR_LENGTH = 200

QUESTION_HEADING = re.compile(r"##(?:[ \t]+(.*?))?[ \t]*")
EXPLANATION_HEADING = re.compile(r"###[ \t]+explanation[ \t]*", re.IGNORECASE)
# The colon is required, so a plain "### Scenario" sub-heading in an explanation stays text.
SCENARIO_HEADING = re.compile(r"###[ \t]+scenario[ \t]*:[ \t]*(.*?)[ \t]*", re.IGNORECASE)
OPTION_LINE = re.compile(r"[-*+][ \t]+\[([ xX])\](?:[ \t]+(.*))?")
METADATA_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):(?:[ \t]+(.*))?")
FENCE_OPENING = re.compile(r"[ \t]*(`{3,}|~{3,})(.*)")
ANCHOR = re.compile(r"[^\s#]+")


def parse_pack(data, path, known_topics=None, max_questions=MAX_QUESTIONS, check_scenario=None):
    """
    Parse one pack file; return (pack, []) or (None, errors), never both, so a caller cannot
    import half of a broken file.

    known_topics is None to skip the topic check, a set of topic slugs, or a dict of topic slug
    to its section anchors, which also checks `topic: slug#anchor`. check_scenario is None to
    check only a scenario's form, or the simulators' check (see scenario.py).
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            return None, [PackError(path, line, "the file is not valid UTF-8")]
    if unstorable := unstorable_error(path, data):
        return None, [unstorable]
    lines = source_lines(data)
    parser = _PackParser(path, lines, known_topics, max_questions, check_scenario)
    try:
        pack = parser.parse()
    except TooManyErrors as stop:
        parser.errors.append(stop.error)
    if parser.errors:
        return None, sorted(parser.errors, key=lambda error: error.line)
    return pack, []


def _ends_stem(line):
    return (line[:1] in ("-", "*", "+") and OPTION_LINE.fullmatch(line) is not None) or (
        line[:3] == "###" and EXPLANATION_HEADING.fullmatch(line) is not None
    )


@dataclass
class _OptionDraft:
    line: int
    correct: bool
    text_lines: list
    feedback_lines: list = field(default_factory=list)

    def add_indented(self, line):
        """
        Two spaces of indentation go, as a list item's content starts there; deeper indentation
        stays, since it matters inside code. Once feedback has started, plain lines extend it,
        like Markdown's lazy continuation of a block quote.
        """
        if line[:2] == "  ":
            line = line[2:]
        elif line[:1] in (" ", "\t"):
            line = line[1:]
        (self.feedback_lines if self.feedback_lines else self.text_lines).append(line)

    def add_feedback(self, line):
        quoted = line.lstrip(" \t")[1:]
        self.feedback_lines.append(quoted[1:] if quoted[:1] == " " else quoted)

    def add_blank(self):
        (self.feedback_lines if self.feedback_lines else self.text_lines).append("")

    def build(self):
        return Option(
            text="\n".join(self.text_lines).strip(),
            correct=self.correct,
            feedback="\n".join(self.feedback_lines).strip(),
        )


class _PackParser:
    def __init__(self, path, lines, known_topics, max_questions, check_scenario):
        self.path = path
        self.max_questions = max_questions
        self.lines = lines
        self.known_topics = known_topics
        self.check_scenario = check_scenario
        self.errors = []

    def error(self, index, message):
        """Record an error at a 0-based line index (reported 1-based and always in the file)."""
        line = min(max(index + 1, 1), len(self.lines))
        self.errors.append(PackError(self.path, line, message))
        if len(self.errors) >= MAX_ERRORS:
            raise TooManyErrors(self.path, line)

    def parse(self):
        text = "\n".join(self.lines)
        try:
            metadata, _body, body_line = split_front_matter(text)
        except FrontMatterError as error:
            self.error(error.line - 1, error.message)
            metadata, body_start = None, self._body_after_broken_front_matter()
        except RecursionError:
            self.error(1, "invalid front matter: it is nested too deeply")
            metadata, body_start = None, self._body_after_broken_front_matter()
        else:
            body_start = body_line - 1
        pack_fields = None
        if metadata is not None:
            pack_fields = self._pack_fields(metadata, front_matter_end=body_start - 1)
        questions = self._questions(body_start) if body_start is not None else []
        self.errors += size_errors(self.path, questions)
        if pack_fields is None:
            return None
        return Pack(questions=tuple(questions), source=self.path, **pack_fields)

    def _body_after_broken_front_matter(self):
        """
        Where the questions start when the front matter cannot be read, so their errors are
        reported too; None when an unclosed front matter swallows the whole file.
        """
        if self.lines[0].strip() != "---":
            return 0
        for index in range(1, len(self.lines)):
            if self.lines[index].strip() == "---":
                return index + 1
        return None

    def _pack_fields(self, metadata, front_matter_end):
        def key_line(key):
            pattern = re.compile(rf"{re.escape(str(key))}[ \t]*:")
            for index in range(1, front_matter_end):
                if pattern.match(self.lines[index]):
                    return index
            return 0

        for key in metadata:
            if key not in PACK_KEYS:
                self.error(
                    key_line(key),
                    f"unknown front matter key {echo(key)} (allowed: {', '.join(PACK_KEYS)})",
                )
        slug = metadata.get("pack")
        if slug is None:
            self.error(0, "the front matter has no 'pack': the pack's id, a slug like 'ecs-core'")
        elif not isinstance(slug, str) or not is_slug(slug):
            self.error(
                key_line("pack"),
                f"'pack' must be a slug of at most {MAX_SLUG_LENGTH} characters ({SLUG_RULE}), "
                f"not {echo(slug)}",
            )
        fields = {"slug": slug}
        for key in ("title", "version", "description", "author"):
            fields[key] = self._text_field(key, metadata.get(key), key_line(key))
        title = metadata.get("title")
        if "title" not in metadata:
            self.error(0, "the front matter has no 'title'")
        elif fields["title"] is None and (title is None or isinstance(title, str)):
            self.error(key_line("title"), "the title is empty")
        return fields

    def _text_field(self, key, value, index):
        """
        Front matter text as written. YAML turns `version: 1.10` into the float 1.1, so floats
        are refused with a hint to quote them rather than stored with the zero lost.
        """
        if value is None or isinstance(value, list | dict | set | bool):
            if value is not None:
                self.error(index, f"'{key}' must be text")
            return None
        if isinstance(value, float):
            self.error(index, f"'{key}' must be text: put it in quotes, like {key}: \"{value}\"")
            return None
        if isinstance(value, int | datetime.date):
            value = str(value)
        if not isinstance(value, str):
            self.error(index, f"'{key}' must be text")
            return None
        value = value.strip()
        limit = TEXT_LIMITS.get(key)
        if limit and len(value) > limit:
            self.error(index, f"'{key}' is longer than {limit} characters")
        return value or None

    def _fenced_lines(self, start):
        """
        Mark the lines inside code fences, so that a `## ` or `- [x]` in a code sample is never
        taken for a question or an option. The opening fence line itself is not marked.
        """
        fenced = [False] * len(self.lines)
        fence = None
        opened_at = 0
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            if fence is not None:
                fenced[index] = True
                stripped = line.strip()
                if len(stripped) >= len(fence) and stripped == fence[0] * len(stripped):
                    fence = None
            elif line.lstrip(" \t")[:3] in ("```", "~~~"):
                match = FENCE_OPENING.fullmatch(line)
                if match and not (match[1][0] == "`" and "`" in match[2]):
                    fence, opened_at = match[1], index
        if fence is not None:
            self.error(opened_at, "this code fence is never closed")
        return fenced

    def _questions(self, start):
        fenced = self._fenced_lines(start)
        headings = []
        text_before = None
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            if line[:2] == "##" and not fenced[index] and QUESTION_HEADING.fullmatch(line):
                headings.append(index)
            elif not headings and text_before is None and line.strip():
                text_before = index
        if text_before is not None:
            self.error(
                text_before, "text before the first question; questions start with '## <id>'"
            )
        if not headings:
            self.error(start, "the pack has no questions; each question starts with '## <id>'")
            return []
        if len(headings) > self.max_questions:
            past = headings[self.max_questions]
            self.errors.append(too_many_questions(self.path, past + 1, self.max_questions))
            headings = headings[: self.max_questions + 1]
        first_use = {}
        questions = []
        for position, heading in enumerate(headings[: self.max_questions]):
            end = headings[position + 1] if position + 1 < len(headings) else len(self.lines)
            qid = (QUESTION_HEADING.fullmatch(self.lines[heading])[1] or "").strip()
            if not qid:
                self.error(heading, "a question heading needs an id: '## <id>'")
            elif len(qid) > MAX_SLUG_LENGTH:
                self.error(
                    heading, f"question id {echo(qid)} is longer than {MAX_SLUG_LENGTH} characters"
                )
            elif not is_slug(qid):
                self.error(heading, f"question id {echo(qid)} is not a slug: {SLUG_RULE}")
            elif qid in first_use:
                self.error(
                    heading,
                    f"duplicate question id {echo(qid)} (first used on line {first_use[qid] + 1})",
                )
            else:
                first_use[qid] = heading
            question = self._question(qid, heading, end, fenced)
            if question is not None:
                questions.append(question)
        return questions

    def _question(self, qid, heading, end, fenced):
        name = f"question {echo(qid)}" if qid else "question"
        lines = self.lines
        section = self._scenario_section(heading, end, fenced)
        section_scenario = None
        if section is not None:
            section_scenario = self._section_scenario(name, section, end, fenced)
            end = section
        index = heading + 1
        metadata_lines = []
        while index < end and (match := METADATA_LINE.fullmatch(lines[index])):
            metadata_lines.append((index, match[1], (match[2] or "").strip()))
            index += 1
        metadata = self._metadata(name, metadata_lines)

        stem_start = index
        while index < end and (fenced[index] or not _ends_stem(lines[index])):
            index += 1
        stem = "\n".join(lines[stem_start:index]).strip()
        # A stem written right under the heading as `Note: ...` is already reported as an unknown
        # key, with the fix; saying the stem is missing too would only confuse.
        stem_taken_for_metadata = any(key not in METADATA_KEYS for _, key, _ in metadata_lines)
        if not stem and not stem_taken_for_metadata:
            self.error(heading, f"{name} has no stem (the question text before the options)")

        drafts, explanation_start = self._options(name, index, end, fenced)
        explanation = "\n".join(lines[explanation_start:end]).strip()
        options = self._checked_options(name, heading, drafts)
        if metadata is None or options is None or not stem:
            return None
        if section_scenario is not None:
            if metadata["scenario"] is not None:
                self.error(
                    section,
                    f"{name}: give the scenario once, as the 'scenario:' line or as this section",
                )
                return None
            metadata["scenario"] = section_scenario
        elif section is not None:
            return None
        return Question(
            qid=qid,
            line=heading + 1,
            stem=stem,
            options=options,
            explanation=explanation,
            **metadata,
        )

    def _scenario_section(self, heading, end, fenced):
        """The line of the question's last `### Scenario` heading outside code, or None."""
        for index in range(end - 1, heading, -1):
            line = self.lines[index]
            if line[:3] == "###" and not fenced[index] and SCENARIO_HEADING.fullmatch(line):
                return index
        return None

    def _section_scenario(self, name, section, end, fenced):
        """
        The Scenario of a `### Scenario: simulator` section (one fenced JSON block, nothing
        else), checked; None after reporting what is wrong.
        """
        lines = self.lines
        simulator = SCENARIO_HEADING.fullmatch(lines[section])[1]
        if not simulator:
            self.error(section, f"{name}: name the simulator: '### Scenario: <simulator>'")
            return None
        filled = [index for index in range(section + 1, end) if lines[index].strip()]
        opening = filled[0] if filled else None
        match = (
            opening is not None and not fenced[opening] and FENCE_OPENING.fullmatch(lines[opening])
        )
        closing = filled[-1] if filled else None
        if not (
            match
            and match[2].strip() in ("", "json")
            and closing > opening
            and all(fenced[opening + 1 : closing + 1])
            and lines[closing].strip()[:1] == match[1][0]
        ):
            self.error(
                section,
                f"{name}: a '### Scenario: <simulator>' section holds one ```json block and "
                "nothing else, at the end of the question",
            )
            return None
        try:
            simulator = simulator_name(simulator)
        except ScenarioError as error:
            self.error(section, f"{name}: scenario: {error.message}")
            return None
        try:
            scenario = read_document(simulator, "\n".join(lines[opening + 1 : closing]))
        except ScenarioError as error:
            self.error(opening + 1 + error.line_offset, f"{name}: scenario: {error.message}")
            return None
        return self._checked_scenario(name, section, scenario)

    def _checked_scenario(self, name, index, scenario):
        """The scenario once the simulators accept it, else None after reporting their problems."""
        problems = self.check_scenario(scenario) if self.check_scenario else []
        for problem in problems:
            self.error(index, f"{name}: scenario: {problem}")
        return None if problems else scenario

    def _options(self, name, index, end, fenced):
        """
        Collect the task list; return (option drafts, index where the explanation starts).
        Anything else between the options and `### Explanation` is reported, then skipped, so
        that options after it are still counted and no misleading count error follows.
        """
        lines = self.lines
        drafts = []
        current = None
        split_reported = False
        while index < end:
            line = lines[index]
            if fenced[index]:
                if current is not None:
                    current.add_indented(line)
            elif line[:1] in ("-", "*", "+") and (match := OPTION_LINE.fullmatch(line)):
                current = _OptionDraft(index, match[1] != " ", [match[2] or ""])
                drafts.append(current)
            elif not line.strip():
                if current is not None:
                    current.add_blank()
            elif line[:1] in (" ", "\t"):
                if current is not None and line.lstrip(" \t")[:1] == ">":
                    current.add_feedback(line)
                elif current is not None:
                    current.add_indented(line)
            elif EXPLANATION_HEADING.fullmatch(line):
                return drafts, index + 1
            else:
                if not split_reported:
                    self.error(
                        index,
                        f"{name}: the option list is split in two here; keep the options in one "
                        "list and put any text after them under '### Explanation'",
                    )
                    split_reported = True
                current = None
            index += 1
        return drafts, end

    def _checked_options(self, name, heading, drafts):
        if not drafts:
            self.error(
                heading,
                f"{name} has no options; add a task list of '- [x] right' and '- [ ] wrong' lines",
            )
            return None
        options = tuple(draft.build() for draft in drafts)
        valid = True
        for draft, option in zip(drafts, options, strict=True):
            if not option.text:
                self.error(draft.line, f"{name}: this option has no text")
                valid = False
        if len(options) < 2:
            self.error(drafts[0].line, f"{name} has only one option; it needs at least 2")
            valid = False
        if not any(option.correct for option in options):
            self.error(drafts[0].line, f"{name} has no correct option")
            valid = False
        return options if valid else None

    def _metadata(self, name, metadata_lines):
        """Validate the `key: value` lines under a heading; None if any of them is wrong."""
        values = {
            "topic": None,
            "topic_anchor": None,
            "domain": None,
            "tags": (),
            "difficulty": None,
            "scenario": None,
        }
        seen = set()
        valid = True
        for index, key, value in metadata_lines:
            problem = None
            if key not in METADATA_KEYS:
                problem = (
                    f"unknown metadata key {echo(key)} (allowed: {', '.join(METADATA_KEYS)}); if "
                    "this line is the question text, leave a blank line after the heading"
                )
            elif key in seen:
                problem = f"'{key}' is given twice"
            elif not value:
                problem = f"'{key}:' needs a value"
            elif key == "topic":
                problem = self._topic_problem(value, values)
            elif key == "domain":
                if not (value.isascii() and value.isdigit()):
                    problem = f"domain {echo(value)} is not a number; use 1 to 4"
                elif int(value) not in DOMAINS:
                    problem = f"domain {value} is out of range; use 1 to 4"
                else:
                    values["domain"] = int(value)
            elif key == "scenario":
                try:
                    scenario = self._checked_scenario(name, index, read_field(value))
                except ScenarioError as error:
                    problem = f"scenario: {error.message}"
                else:
                    values["scenario"] = scenario
                    valid = valid and scenario is not None
            elif key == "tags":
                values["tags"] = tuple(
                    tag for tag in (part.strip() for part in value.split(",")) if tag
                )
            elif value in DIFFICULTIES:
                values["difficulty"] = value
            else:
                problem = f"difficulty {echo(value)} is not one of {', '.join(DIFFICULTIES)}"
            seen.add(key)
            if problem:
                self.error(index, f"{name}: {problem}")
                valid = False
        return values if valid else None

    def _topic_problem(self, value, values):
        slug, has_anchor, anchor = (part.strip() for part in value.partition("#"))
        known = self.known_topics
        if not is_slug(slug):
            return f"topic {echo(slug)} is not a slug: {SLUG_RULE}"
        if has_anchor and not (ANCHOR.fullmatch(anchor) and len(anchor) <= MAX_ANCHOR_LENGTH):
            return f"topic {echo(value)} needs a section anchor after '#', without spaces"
        if known is not None and slug not in known:
            return f"unknown topic {echo(slug)}"
        if anchor and isinstance(known, dict) and anchor not in known[slug]:
            return f"topic {echo(slug)} has no section {echo('#' + anchor)}"
        values["topic"] = slug
        values["topic_anchor"] = anchor or None
        return None
