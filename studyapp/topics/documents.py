"""
Reading one topic file: front matter checked field by field, body rendered.

Plain Python. Every problem is collected with its line so an author fixes a file in one pass.
"""

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from studyapp.exam_guide import DOMAINS
from studyapp.markup import FrontMatterError, Rendered, render_markdown, split_front_matter
from studyapp.markup.frontmatter import echo

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SIMULATORS = ("placement", "fargate", "capacity", "rolling")
REQUIRED_FIELDS = ("title", "slug", "order", "summary", "domains")
OPTIONAL_FIELDS = ("related_sim",)


@dataclass(frozen=True)
class ContentError:
    path: str
    line: int
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class TopicDocument:
    path: str
    slug: str
    title: str
    order: int
    summary: str
    domains: list[int]
    related_sim: str
    content_hash: str
    body: str


# Part of every stored hash: bump it when rendering changes, so loadcontent renders every
# page again instead of keeping HTML made by the older renderer.
RENDERER_VERSION = b"5"


def content_hash(raw_bytes):
    return hashlib.sha256(RENDERER_VERSION + b"\0" + raw_bytes).hexdigest()


def _field_lines(text):
    """Map each top-level front matter key to its line number, for error messages."""
    lines = {}
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.strip() == "---":
            break
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match:
            lines[match.group(1)] = number
    return lines


def parse_topic(path, raw_bytes):
    """Return (TopicDocument or None, [ContentError]); never raises for bad content."""
    path = str(path)
    errors = []

    def error(line, message):
        errors.append(ContentError(path, line, message))

    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        error(line, "the file is not valid UTF-8")
        return None, errors

    try:
        meta, body, _ = split_front_matter(text)
    except FrontMatterError as exc:
        error(exc.line, exc.message)
        return None, errors

    lines = _field_lines(text)
    for key in meta:
        if key not in REQUIRED_FIELDS and key not in OPTIONAL_FIELDS:
            known = ", ".join(REQUIRED_FIELDS + OPTIONAL_FIELDS)
            error(lines.get(str(key), 1), f"unknown front matter key {echo(key)} (known: {known})")
    for key in REQUIRED_FIELDS:
        if key not in meta:
            error(1, f"front matter is missing '{key}'")

    slug = meta.get("slug")
    if "slug" in meta and not (isinstance(slug, str) and SLUG_PATTERN.match(slug)):
        error(lines["slug"], "slug must be lowercase letters, digits and single hyphens")
    elif isinstance(slug, str) and slug != Path(path).stem:
        error(lines["slug"], f"slug {echo(slug)} must match the file name '{Path(path).stem}.md'")

    for key in ("title", "summary"):
        if key in meta and not (isinstance(meta[key], str) and meta[key].strip()):
            error(lines[key], f"{key} must be non-empty text")

    order = meta.get("order")
    if "order" in meta and (isinstance(order, bool) or not isinstance(order, int)):
        error(lines["order"], "order must be a whole number")

    domains = meta.get("domains")
    if "domains" in meta and not (
        isinstance(domains, list)
        and domains
        and all(isinstance(d, int) and not isinstance(d, bool) for d in domains)
        and all(d in DOMAINS for d in domains)
    ):
        error(lines["domains"], "domains must be a list of exam domain numbers 1-4, e.g. [1, 3]")

    related_sim = meta.get("related_sim", "")
    if related_sim and related_sim not in SIMULATORS:
        error(lines["related_sim"], f"related_sim must be one of {', '.join(SIMULATORS)}")

    if errors:
        return None, errors
    document = TopicDocument(
        path=path,
        slug=slug,
        title=meta["title"].strip(),
        order=order,
        summary=meta["summary"].strip(),
        domains=sorted(set(domains)),
        related_sim=related_sim or "",
        content_hash=content_hash(raw_bytes),
        body=body,
    )
    return document, []


def render_topic(document) -> Rendered:
    return render_markdown(document.body)


HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Tags inside a line of text; every other tag separates words.
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s"}
    | {"samp", "small", "span", "strong", "sub", "sup", "u", "var"}
)


class _SectionSplitter(HTMLParser):
    """
    Collects the text of rendered HTML section by section: a heading whose id is one of
    `anchors` starts a section. The heading's own text and its permalink are left out, the
    heading being searched as a title of its own.
    """

    def __init__(self, anchors):
        super().__init__(convert_charrefs=True)
        self.anchors = anchors
        self.current = ""
        self.parts = {"": []}
        self.heading_depth = 0

    def handle_starttag(self, tag, attrs):
        self._separate(tag)
        if tag not in HEADING_TAGS:
            return
        if self.heading_depth:
            self.heading_depth += 1
            return
        anchor = dict(attrs).get("id")
        if anchor in self.anchors:
            self.current = anchor
            self.parts.setdefault(anchor, [])
            self.heading_depth = 1

    def handle_endtag(self, tag):
        if tag in HEADING_TAGS and self.heading_depth:
            self.heading_depth -= 1
        self._separate(tag)

    def _separate(self, tag):
        if tag not in INLINE_TAGS:
            self.handle_data(" ")

    def handle_data(self, data):
        if not self.heading_depth:
            self.parts[self.current].append(data)


def section_texts(html, anchors):
    """
    (text before the first heading, {anchor: text of its section}) of a rendered page: the
    plain text that search indexes, whitespace collapsed. A section ends at the next heading
    in `anchors`; a heading not in `anchors` stays part of its section's text.
    """
    splitter = _SectionSplitter(frozenset(anchors))
    splitter.feed(html)
    splitter.close()
    texts = {anchor: " ".join("".join(parts).split()) for anchor, parts in splitter.parts.items()}
    return texts.pop(""), texts


def read_topic_folder(folder):
    """Parse every *.md file in a folder; (documents, errors) with duplicate orders caught."""
    documents, errors = [], []
    for path in sorted(Path(folder).glob("*.md")):
        document, file_errors = parse_topic(path, path.read_bytes())
        errors.extend(file_errors)
        if document:
            documents.append(document)
    seen_orders = {}
    for document in documents:
        if document.order in seen_orders:
            errors.append(
                ContentError(
                    document.path,
                    1,
                    f"order {document.order} is also used by {seen_orders[document.order]}",
                )
            )
        seen_orders[document.order] = document.path
    return documents, errors
