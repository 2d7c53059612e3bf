"""
The coverage map: which questions test which section of which topic page, and which sections
no question tests. Plain Python, plain data in and out: topic outlines (the headings of each
page) and question references (where each question's `topic:` points), so it is built the
same way from files (contentreport) as it would be from any other source.

A question that names only a page (`topic: fargate`) tests the page as a whole. A question
that names a section (`topic: fargate#fargate-spot`) tests that section, and a level-2 section
counts the questions of its subsections too. The closing review sections every page has
(REVIEW_ANCHORS) teach nothing new, so they are never reported as untested.
"""

from dataclasses import dataclass, field
from pathlib import Path

from studyapp.exam_guide import DOMAINS
from studyapp.markup import Heading
from studyapp.questions.packs import parse_pack
from studyapp.topics.documents import read_topic_folder, render_topic

REVIEW_ANCHORS = frozenset({"exam-tips", "check-yourself"})


@dataclass(frozen=True)
class TopicOutline:
    slug: str
    title: str
    sections: tuple[Heading, ...]


@dataclass(frozen=True)
class QuestionRef:
    """Where one question points, and where it is written, for messages that name file:line."""

    pack: str
    qid: str
    topic: str
    anchor: str
    domain: int | None
    source: str
    line: int

    @property
    def label(self):
        return f"{self.pack}/{self.qid}"

    @property
    def location(self):
        return f"{self.source}:{self.line}"


class _Covered:
    """What a page and a section report alike, given the questions that test them."""

    @property
    def domains(self):
        return sorted({q.domain for q in self.questions if q.domain is not None})


@dataclass
class SectionCoverage(_Covered):
    section: Heading
    # Questions pointing at this section's own anchor.
    own: list = field(default_factory=list)
    # For a level-2 section: the questions of its level-3 and deeper subsections.
    nested: list = field(default_factory=list)

    @property
    def questions(self):
        return self.own + self.nested

    @property
    def is_review(self):
        return self.section.anchor in REVIEW_ANCHORS


@dataclass
class TopicCoverage(_Covered):
    outline: TopicOutline
    whole_page: list = field(default_factory=list)
    sections: list = field(default_factory=list)

    @property
    def questions(self):
        return self.whole_page + [q for s in self.sections for q in s.own]

    @property
    def untested_sections(self):
        return [s for s in self.sections if not s.questions and not s.is_review]


@dataclass
class CoverageMap:
    topics: list
    # Questions whose topic or section does not exist: what the anchor check reports.
    dangling: list
    # Questions that name no topic at all.
    unplaced: list

    @property
    def question_count(self):
        return sum(len(topic.questions) for topic in self.topics) + len(self.dangling)

    def errors(self):
        """One `file:line: message` per dangling question, in file order."""
        topics = {topic.outline.slug for topic in self.topics}
        messages = []
        for ref in sorted(self.dangling, key=lambda ref: (ref.source, ref.line)):
            if ref.topic not in topics:
                problem = f"unknown topic '{ref.topic}'"
            else:
                problem = f"topic '{ref.topic}' has no section '#{ref.anchor}'"
            messages.append(f"{ref.location}: question '{ref.qid}': {problem}")
        return messages


def coverage_map(outlines, questions):
    """Place every question reference on its page and section."""
    topics = {outline.slug: _empty_coverage(outline) for outline in outlines}
    dangling, unplaced = [], []
    for ref in questions:
        if not ref.topic:
            unplaced.append(ref)
            continue
        topic = topics.get(ref.topic)
        if topic is None:
            dangling.append(ref)
            continue
        if not ref.anchor:
            topic.whole_page.append(ref)
            continue
        placed = _place(topic, ref)
        if not placed:
            dangling.append(ref)
    return CoverageMap(topics=list(topics.values()), dangling=dangling, unplaced=unplaced)


def _empty_coverage(outline):
    return TopicCoverage(outline, sections=[SectionCoverage(s) for s in outline.sections])


def _place(topic, ref):
    parent = None
    for coverage in topic.sections:
        if coverage.section.level <= 2:
            parent = coverage
        if coverage.section.anchor == ref.anchor:
            coverage.own.append(ref)
            if parent is not None and parent is not coverage:
                parent.nested.append(ref)
            return True
    return False


def _domain_list(domains):
    return ", ".join(str(number) for number in domains) or "none"


def report_lines(coverage):
    """The text contentreport prints: per topic, per section, then the gaps."""
    lines = [
        f"{coverage.question_count + len(coverage.unplaced)} questions;"
        f" {len(coverage.topics)} topics.",
        "Domains: " + "; ".join(f"{n} {name}" for n, name in DOMAINS.items()),
        "",
    ]
    for topic in coverage.topics:
        lines.append(
            f"{topic.outline.slug}: {len(topic.questions)} questions,"
            f" domains {_domain_list(topic.domains)}"
        )
        if topic.whole_page:
            lines.append(f"  (whole page): {len(topic.whole_page)}")
        for section in topic.sections:
            if section.is_review:
                continue
            indent = "  " * max(section.section.level - 1, 1)
            count = len(section.questions)
            domains = f", domains {_domain_list(section.domains)}" if count else ""
            lines.append(f"{indent}#{section.section.anchor}: {count}{domains}")
    lines += ["", "Sections no question tests:"]
    gaps = [
        f"  {topic.outline.slug}#{section.section.anchor}"
        for topic in coverage.topics
        for section in topic.untested_sections
    ]
    lines += gaps or ["  none"]
    if coverage.unplaced:
        lines += ["", "Questions without a topic:"]
        lines += [f"  {ref.label} ({ref.location})" for ref in coverage.unplaced]
    return lines


def markdown_index(coverage):
    """The generated index kept in docs/coverage.md: every section with the questions testing it."""
    lines = [
        "# Coverage map",
        "",
        "Generated by `python manage.py contentreport --format markdown > docs/coverage.md`"
        " from `content/topics/` and `content/packs/`; a test fails when it is out of date.",
        "Each section lists the questions whose `topic:` points at it (a level-2 section also",
        "counts its subsections'); *untested* marks a section no question tests yet.",
        "",
    ]
    for topic in coverage.topics:
        lines += [
            f"## {topic.outline.title} (`{topic.outline.slug}`)",
            "",
            f"{len(topic.questions)} questions; domains {_domain_list(topic.domains)}.",
            "",
        ]
        if topic.whole_page:
            lines.append(f"- *Whole page*: {_question_list(topic.whole_page)}")
        for section in topic.sections:
            if section.is_review:
                continue
            indent = "  " * (max(section.section.level, 2) - 2)
            tested = _question_list(section.own) if section.own else ""
            if not section.questions:
                tested = "*untested*"
            elif not section.own:
                tested = f"(in its subsections: {len(section.nested)})"
            lines.append(f"{indent}- `#{section.section.anchor}` {section.section.title}: {tested}")
        lines.append("")
    return "\n".join(lines)


def _question_list(refs):
    return ", ".join(f"`{ref.label}`" for ref in refs)


def outline_of(document):
    """A topic file's outline: its title and the headings its rendered page carries."""
    return TopicOutline(document.slug, document.title, tuple(render_topic(document).headings))


def question_refs(pack):
    return [
        QuestionRef(
            pack=pack.slug,
            qid=question.qid,
            topic=question.topic or "",
            anchor=question.topic_anchor or "",
            domain=question.domain,
            source=pack.source,
            line=question.line,
        )
        for question in pack.questions
    ]


def read_content(topic_folder, pack_folder):
    """
    (CoverageMap or None, errors) from the topic files in one folder and the Markdown packs in
    another. Errors are `file:line: message` texts: the files' own errors first (then there is
    no map), else the questions whose topic or section does not exist.
    """
    documents, topic_errors = read_topic_folder(topic_folder)
    errors = [str(error) for error in topic_errors]
    packs = []
    for path in sorted(Path(pack_folder).glob("*.md")):
        pack, pack_errors = parse_pack(path.read_bytes(), str(path))
        errors += [str(error) for error in pack_errors]
        if pack is not None:
            packs.append(pack)
    if errors:
        return None, errors
    coverage = coverage_map(
        [outline_of(document) for document in sorted(documents, key=lambda d: d.order)],
        [ref for pack in packs for ref in question_refs(pack)],
    )
    return coverage, coverage.errors()
