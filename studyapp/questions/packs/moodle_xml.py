"""
Moodle XML, the format Moodle's question bank exports by default, read and written.

What maps to the app's questions (answer options, some of them right) comes across: multiple
choice, single and multiple answer, with per-answer feedback. Every other type (true/false too,
as in GIFT: the exam has none), and any question showing an image (the app stores none), is
reported as skipped with its line, never dropped silently, as GIFT does.

The file is parsed with defusedxml: a DTD, and with it every entity declaration and external
reference, is refused, so a "billion laughs" or a reference to a local file cannot be read in.
Elements keep the line they start on, so every error and skip names file:line.

Moodle has no place for some of what a pack holds; this module writes them where Moodle keeps
them and reads them back from there (docs/pack-format.md lists the mapping): the pack is the
first category, its id the category's idnumber; a question's id is its idnumber and name; its
topic, section, domain and difficulty are tags like `topic:task-definitions`.
"""

import math
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser

from studyapp.markup.frontmatter import echo

from .markdown_format import MAX_ANCHOR_LENGTH, TEXT_LIMITS
from .model import (
    DIFFICULTIES,
    DOMAINS,
    MAX_ERRORS,
    MAX_QUESTIONS,
    Option,
    Pack,
    PackError,
    Question,
    QuestionError,
    Skipped,
    SkipQuestion,
    TitleIds,
    TooManyErrors,
    is_slug,
    size_errors,
    slugify,
    too_many_questions,
    unstorable_error,
)

ONLY_OPTIONS = "the app only holds questions with answer options"
SKIPPED_TYPES = {
    "truefalse": (
        "true/false question: the DVA-C02 exam has none, so the app holds only "
        "multiple-choice questions; rewrite it with answer options"
    ),
    "shortanswer": f"short-answer question: the learner types the answer, and {ONLY_OPTIONS}",
    "matching": f"matching question: {ONLY_OPTIONS}, not pairs to match",
    "match": f"matching question: {ONLY_OPTIONS}, not pairs to match",
    "numerical": f"numerical question: {ONLY_OPTIONS}",
    "essay": f"essay question: {ONLY_OPTIONS}",
    "description": "description: it holds text only, no question to answer",
    "cloze": f"embedded answers (cloze) question: {ONLY_OPTIONS}",
    "multianswer": f"embedded answers (cloze) question: {ONLY_OPTIONS}",
    "calculated": f"calculated question: {ONLY_OPTIONS}",
    "calculatedsimple": f"calculated question: {ONLY_OPTIONS}",
    "calculatedmulti": "calculated multiple-choice question: its options are formulas",
}
IMAGE_REFERENCE = re.compile(r"@@PLUGINFILE@@/([^\"'<>\s?#]+)")
CATEGORY_SEPARATOR = re.compile(r"(?<!/)/(?!/)")
"""Moodle writes a `/` inside a category name as `//`; a single one separates the levels."""
PLACEHOLDER_CATEGORIES = re.compile(r"\$\w+\$|top|default for .*", re.IGNORECASE)
META_TAGS = ("topic", "section", "domain", "difficulty")
XML_UNSAFE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot carry, even in CDATA: most control characters and U+FFFE/U+FFFF."""


@dataclass(slots=True)
class _Element:
    tag: str
    attributes: dict
    line: int
    children: list = field(default_factory=list)
    text_parts: list = field(default_factory=list)

    @property
    def text(self):
        return "".join(self.text_parts)

    def child(self, tag):
        return next((child for child in self.children if child.tag == tag), None)

    def all(self, tag):
        return [child for child in self.children if child.tag == tag]

    def child_text(self, *path):
        """The text of the element at `path` below this one, stripped as Moodle does; "" if none."""
        element = self
        for tag in path:
            element = element.child(tag)
            if element is None:
                return ""
        return element.text.strip()

    def descendants(self):
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(element.children)


# Elements and nesting one file may hold. A real bank needs about 30 elements a question, at
# most 6 levels deep; without a bound, 2 MB of empty elements built half a million of them.
MAX_ELEMENTS = 100_000
MAX_DEPTH = 32


class _Stop(Exception):
    """Raised from inside the parser to stop at the first element past a limit."""

    def __init__(self, line, message=None):
        self.line = line
        self.message = message


class _TreeBuilder:
    """A parser target building _Elements with their start line, counting questions as it goes."""

    def __init__(self, max_questions):
        self.parser = None
        self.max_questions = max_questions
        self.questions = 0
        self.elements = 0
        self.root = None
        self.open = []

    def start(self, tag, attributes):
        line = self.parser.parser.CurrentLineNumber
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise _Stop(line, f"the file holds more than {MAX_ELEMENTS:,} XML elements")
        if len(self.open) >= MAX_DEPTH:
            raise _Stop(line, f"elements are nested more than {MAX_DEPTH} deep")
        element = _Element(tag, dict(attributes), line)
        if self.open:
            self.open[-1].children.append(element)
        else:
            self.root = element
        if tag == "question" and len(self.open) == 1 and attributes.get("type") != "category":
            self.questions += 1
            if self.questions > self.max_questions:
                raise _Stop(element.line)
        self.open.append(element)

    def end(self, tag):
        self.open.pop()

    def data(self, text):
        if self.open:
            self.open[-1].text_parts.append(text)

    def close(self):
        return self.root


def parse_moodle_xml(text, path, pack_slug, title, known_topics=None, max_questions=MAX_QUESTIONS):
    """
    Return (pack or None, errors, skipped); the pack is None whenever there is an error.
    pack_slug and title are used unless the file's first category names the pack (see above).
    known_topics is None, a set of topic slugs, or a dict of topic slug to its section anchors.
    """
    if unstorable := unstorable_error(path, text):
        return None, [unstorable], []
    root, error = _parse_tree(text, path, max_questions)
    if error is not None:
        return None, [error], []
    if root.tag != "quiz":
        message = f"the root element is <{root.tag}>, not <quiz>: is this a Moodle XML export?"
        return None, [PackError(path, root.line, message)], []
    reader = _QuizReader(path, pack_slug, title, known_topics)
    try:
        reader.read(root)
    except TooManyErrors as stop:
        reader.errors.append(stop.error)
    reader.errors += size_errors(path, reader.questions)
    if not reader.questions and not reader.errors:
        reader.errors.append(
            PackError(path, root.line, "the file has no question the app can import")
        )
    if reader.errors:
        return None, sorted(reader.errors, key=lambda error: error.line), reader.skipped
    pack = Pack(
        reader.pack_slug,
        reader.title,
        None,
        reader.description,
        None,
        tuple(reader.questions),
        path,
    )
    return pack, [], reader.skipped


def _parse_tree(text, path, max_questions):
    """The root _Element and None, or None and the PackError that stopped the parse."""
    builder = _TreeBuilder(max_questions)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(text)
        return parser.close(), None
    except _Stop as stop:
        if stop.message:
            return None, PackError(path, stop.line, stop.message)
        return None, too_many_questions(path, stop.line, max_questions)
    except DTDForbidden:
        line = parser.parser.CurrentLineNumber
        message = (
            "the file declares a DTD (<!DOCTYPE ...>); Moodle XML has none, and DTDs are refused"
        )
        return None, PackError(path, line, message)
    except DefusedXmlException:
        line = parser.parser.CurrentLineNumber
        return None, PackError(path, line, "entities and external references are refused")
    except ParseError as error:
        line = error.position[0]
        reason = str(error).split(": line ")[0]
        return None, PackError(path, line, f"this is not well-formed XML: {reason}")


class _QuizReader:
    def __init__(self, path, pack_slug, title, known_topics):
        self.path = path
        self.pack_slug = pack_slug
        self.title = title
        self.description = None
        self.known_topics = known_topics
        self.questions = []
        self.errors = []
        self.skipped = []
        self.ids = TitleIds()
        self.category = None
        self.seen_category = False

    def error(self, line, message):
        self.errors.append(PackError(self.path, line, message))
        if len(self.errors) >= MAX_ERRORS:
            raise TooManyErrors(self.path, line)

    def read(self, root):
        for element in root.all("question"):
            kind = element.attributes.get("type", "")
            if kind == "category":
                self._category(element)
                continue
            try:
                self.questions.append(self._question(element, kind))
            except QuestionError as error:
                self.error(error.line, error.message)
            except SkipQuestion as skip:
                self.skipped.append(Skipped(element.line, skip.reason))

    def _category(self, element):
        """
        The first category may name the pack, by an idnumber that is a slug (this module's
        exports write one); any other category's last level is a topic, when the app has a
        topic of that name, or else a tag of the questions after it.
        """
        parts = [
            part.replace("//", "/").strip()
            for part in CATEGORY_SEPARATOR.split(element.child_text("category", "text"))
        ]
        name = parts[-1] if parts else ""
        idnumber = element.child_text("idnumber")
        first, self.seen_category = not self.seen_category, True
        if first and is_slug(idnumber):
            if len(name) > TEXT_LIMITS["title"]:
                self.error(
                    element.line,
                    f"the category's name is the pack's title, and it is longer than "
                    f"{TEXT_LIMITS['title']} characters",
                )
            self.pack_slug = idnumber
            self.title = name or self.title
            self.description = element.child_text("info", "text") or None
            self.category = None
        elif not name or PLACEHOLDER_CATEGORIES.fullmatch(name):
            self.category = None
        else:
            self.category = slugify(name) or None

    def _question(self, element, kind):
        if kind != "multichoice":
            reason = SKIPPED_TYPES.get(kind, f"question of type {echo(kind)}: {ONLY_OPTIONS}")
            raise SkipQuestion(reason)
        _check_images(element)
        stem = element.child_text("questiontext", "text")
        if not stem:
            raise QuestionError(element.line, "this question has no text (<questiontext>)")
        options = self._multichoice_options(element)
        metadata = self._metadata(element)
        title = element.child_text("idnumber") or element.child_text("name", "text")
        return Question(
            qid=self.ids.assign(title, element.line),
            line=element.line,
            stem=stem,
            options=options,
            explanation=element.child_text("generalfeedback", "text"),
            **metadata,
        )

    def _answers(self, element):
        """(answer element, fraction, Option with correct=False) for each <answer>."""
        answers = []
        for answer in element.all("answer"):
            raw = answer.attributes.get("fraction", "0")
            try:
                fraction = float(raw)
            except ValueError:
                fraction = math.nan
            if not math.isfinite(fraction):
                raise QuestionError(
                    answer.line, f"the answer's fraction {echo(raw)} is not a number"
                )
            text = answer.child_text("text")
            if not text:
                raise QuestionError(answer.line, "an answer has no text")
            feedback = answer.child_text("feedback", "text")
            answers.append((answer, fraction, Option(text, False, feedback)))
        if len(answers) < 2:
            raise QuestionError(element.line, "a question needs at least 2 answers")
        return answers

    def _multichoice_options(self, element):
        """
        As in Moodle, <single> is true unless it says false. One answer at 100% is right in a
        single-answer question (partial credit is dropped: the app scores right or wrong); in a
        multiple-answer one, every answer with a positive fraction is right.
        """
        single = element.child_text("single") not in ("false", "0")
        answers = self._answers(element)
        if single:
            right = [abs(fraction - 100) < 1e-6 for _, fraction, _ in answers]
            if sum(right) > 1:
                raise SkipQuestion(
                    f"single-answer question with {sum(right)} answers at 100%: in Moodle any one "
                    "of them is right, but the app marks an answer right only for the exact set"
                )
            missing = "no answer has fraction 100, so none is right"
        else:
            right = [fraction > 0 for _, fraction, _ in answers]
            missing = "no answer has a positive fraction, so none is right"
        if not any(right):
            raise QuestionError(element.line, missing)
        return tuple(
            Option(option.text, is_right, option.feedback)
            for (_, _, option), is_right in zip(answers, right, strict=True)
        )

    def _metadata(self, element):
        values = {
            "topic": None,
            "topic_anchor": None,
            "domain": None,
            "tags": [],
            "difficulty": None,
        }
        tags = element.child("tags")
        for tag in tags.all("tag") if tags is not None else []:
            text = tag.child_text("text")
            key, colon, value = text.partition(":")
            if not colon or key not in META_TAGS:
                if text:
                    values["tags"].append(text)
                continue
            problem = self._meta_tag(key, value.strip(), values)
            if problem:
                raise QuestionError(tag.line, f"tag {echo(text)}: {problem}")
        if values["topic_anchor"] and not values["topic"]:
            raise QuestionError(element.line, "a 'section:' tag needs a 'topic:' tag")
        self._check_topic(element, values)
        if self.category:
            if values["topic"] is None and self._is_topic(self.category):
                values["topic"] = self.category
            elif self.category not in values["tags"]:
                values["tags"].append(self.category)
        values["tags"] = tuple(values["tags"])
        return values

    def _meta_tag(self, key, value, values):
        if key == "topic":
            if not is_slug(value):
                return "the topic must be a slug: lowercase letters, digits and single hyphens"
            values["topic"] = value
        elif key == "section":
            if not value or any(character.isspace() or character == "#" for character in value):
                return "a section anchor has no spaces or '#'"
            if len(value) > MAX_ANCHOR_LENGTH:
                return f"a section anchor is at most {MAX_ANCHOR_LENGTH} characters"
            values["topic_anchor"] = value
        elif key == "domain":
            if not (value.isascii() and value.isdigit() and int(value) in DOMAINS):
                return "the domain must be 1 to 4"
            values["domain"] = int(value)
        elif value in DIFFICULTIES:
            values["difficulty"] = value
        else:
            return f"the difficulty must be one of {', '.join(DIFFICULTIES)}"
        return None

    def _is_topic(self, slug):
        return self.known_topics is not None and slug in self.known_topics

    def _check_topic(self, element, values):
        topic, anchor, known = values["topic"], values["topic_anchor"], self.known_topics
        if topic is None or known is None:
            return
        if topic not in known:
            raise QuestionError(element.line, f"unknown topic {echo(topic)}")
        if anchor and isinstance(known, dict) and anchor not in known[topic]:
            raise QuestionError(element.line, f"topic {echo(topic)} has no section {echo(anchor)}")


def _check_images(element):
    """
    The app stores no files, so a question showing an image is skipped, whether the file holds
    the image (a <file> element) or only refers to it: without the picture it may be unanswerable.
    """
    held, referred = set(), []
    for child in element.descendants():
        if child.tag in ("file", "image_base64"):
            held.add(child.attributes.get("name", ""))
        elif child.tag == "image" and child.text.strip():
            raise SkipQuestion(
                f"it shows image {echo(child.text.strip())}: the app stores no images"
            )
        elif child.tag == "text" and "@@PLUGINFILE@@" in (text := child.text):
            referred += IMAGE_REFERENCE.findall(text)
    if referred:
        name = referred[0]
        if name in held:
            raise SkipQuestion(f"it shows image {echo(name)}: the app stores no images")
        raise SkipQuestion(f"it refers to image {echo(name)}, which the file does not hold")


class UnexportableText(ValueError):
    """A text holds a character XML 1.0 cannot carry; says which question and field."""


def export_moodle_xml(pack: Pack) -> str:
    """
    The pack as a Moodle XML file that Moodle's question bank imports and parse_moodle_xml reads
    back unchanged (the version and author excepted: Moodle has no place for them). Texts are
    written in Moodle's Markdown format, so Moodle renders them as the app does.
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    category = "$course$/top/" + pack.title.replace("/", "//")
    lines += [
        '  <question type="category">',
        f"    <category>{_text(category, 'the pack title')}</category>",
        f'    <info format="markdown">{_text(pack.description or "", "the description")}</info>',
        f"    <idnumber>{pack.slug}</idnumber>",
        "  </question>",
    ]
    for question in pack.questions:
        lines += _question_xml(question)
    lines.append("</quiz>")
    return "\n".join(lines) + "\n"


def _question_xml(question):
    def text(value, what):
        return _text(value, f"question {question.qid}: {what}")

    right_count = sum(option.correct for option in question.options)
    single = right_count == 1
    lines = [
        '  <question type="multichoice">',
        f"    <name>{text(question.qid, 'its id')}</name>",
        f'    <questiontext format="markdown">{text(question.stem, "its text")}</questiontext>',
        '    <generalfeedback format="markdown">'
        f"{text(question.explanation or '', 'its explanation')}</generalfeedback>",
        "    <defaultgrade>1</defaultgrade>",
        "    <penalty>0.3333333</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{question.qid}</idnumber>",
        f"    <single>{'true' if single else 'false'}</single>",
        "    <shuffleanswers>true</shuffleanswers>",
        "    <answernumbering>abc</answernumbering>",
        "    <showstandardinstruction>0</showstandardinstruction>",
    ]
    # Moodle accepts only fractions from its list of grades; 100/n for n up to 10 are all there.
    # A wrong pick in a multiple-answer question cancels a right one, as the app's exact-set
    # scoring would rather it did than reward ticking everything.
    share = _percent(100 / right_count)
    for number, option in enumerate(question.options, start=1):
        wrong = "0" if single else f"-{share}"
        fraction = share if option.correct else wrong
        lines += [
            f'    <answer fraction="{fraction}" format="markdown">',
            f"      {text(option.text, f'option {number}')}",
            f'      <feedback format="markdown">{text(option.feedback or "", f"feedback {number}")}'
            "</feedback>",
            "    </answer>",
        ]
    tags = list(question.tags)
    if question.topic:
        tags.append(f"topic:{question.topic}")
    if question.topic_anchor:
        tags.append(f"section:{question.topic_anchor}")
    if question.domain is not None:
        tags.append(f"domain:{question.domain}")
    if question.difficulty:
        tags.append(f"difficulty:{question.difficulty}")
    if tags:
        lines.append("    <tags>")
        lines += [f"      <tag>{text(tag, 'a tag')}</tag>" for tag in tags]
        lines.append("    </tags>")
    lines.append("  </question>")
    return lines


def _percent(value):
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _text(value, what):
    """A <text> element, its content in CDATA as Moodle writes it (`]]>` split in two)."""
    if unsafe := XML_UNSAFE.search(value):
        raise UnexportableText(
            f"{what} holds the character U+{ord(unsafe[0]):04X}, which XML cannot carry"
        )
    if not value:
        return "<text></text>"
    return "<text><![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]></text>"
