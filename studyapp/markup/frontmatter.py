"""YAML front matter between two `---` lines at the top of a Markdown file."""

import re
from dataclasses import dataclass

import yaml

MAX_FRONT_MATTER_LINES = 200
MAX_FRONT_MATTER_BYTES = 16 * 1024
"""Front matter holds a handful of short keys; these bounds keep a hostile one cheap to read."""

MAX_NESTING = 20
MAX_INTEGER_DIGITS = 18
"""Any count or order a file needs fits in 18 digits; longer ones only cost time to convert."""

ECHO_LIMIT = 40
"""How much of an author's value an error message repeats: enough to recognise it, no more."""

UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
"""A NUL or a lone surrogate (only a `\\u` escape can make one) cannot be stored or shown."""


def echo(value):
    """An author's value quoted for an error message, cut short whatever its size."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > ECHO_LIMIT:
        text = text[:ECHO_LIMIT] + "…"
    return f"'{UNSTORABLE.sub('?', text)}'"


@dataclass
class FrontMatterError(Exception):
    """A problem with the front matter; `line` is 1-based within the whole file."""

    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


class _Refused(yaml.MarkedYAMLError):
    """A construct the front matter loader refuses, located by its mark."""

    def __init__(self, mark, problem):
        super().__init__(problem=problem, problem_mark=mark)


class _PlainLoader(yaml.SafeLoader):
    """
    Safe YAML reduced to plain data: mappings, lists, text, bounded integers, floats, booleans
    and null. Anchors and aliases are refused (an alias bomb of a few hundred bytes expands to
    gigabytes), so are explicit tags (`!!int abc`, `!!python/...`) and dates (`2001-02-30`
    raises inside the resolver, and no key needs a date).
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(event.start_mark, "anchors and aliases ('&' and '*') are not allowed")
        if getattr(event, "tag", None) is not None:
            raise _Refused(
                event.start_mark, f"explicit tags like {echo(event.tag)} are not allowed"
            )
        if self.depth >= MAX_NESTING:
            raise _Refused(event.start_mark, f"it is nested more than {MAX_NESTING} levels deep")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if UNSTORABLE.search(value):
            raise _Refused(node.start_mark, "a NUL or a lone surrogate ('\\ud800') is not text")
        return value

    def construct_yaml_int(self, node):
        digits = self.construct_scalar(node)
        if sum(character.isdigit() for character in digits) > MAX_INTEGER_DIGITS:
            raise _Refused(
                node.start_mark, f"a number longer than {MAX_INTEGER_DIGITS} digits: quote it"
            )
        return super().construct_yaml_int(node)


_PlainLoader.add_constructor("tag:yaml.org,2002:int", _PlainLoader.construct_yaml_int)


def _closing_line(lines):
    limit = min(len(lines), MAX_FRONT_MATTER_LINES + 2)
    for index in range(1, limit):
        if lines[index].strip() == "---":
            return index
    if limit < len(lines):
        raise FrontMatterError(
            1, f"the front matter is longer than {MAX_FRONT_MATTER_LINES} lines (or never closed)"
        )
    raise FrontMatterError(1, "the front matter opened on line 1 is never closed by '---'")


def load_yaml(source):
    """Parse front matter text with the plain-data loader; YAMLError on anything refused."""
    loader = _PlainLoader(source)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def split_front_matter(text):
    """
    Return (metadata dict, body, first line number of the body).

    The body's line number lets later parsers report positions in the file the author edits,
    not in the body alone.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "the file must start with a '---' line opening the front matter")
    closing = _closing_line(lines)
    source = "\n".join(lines[1:closing])
    if len(source.encode("utf-8", "surrogatepass")) > MAX_FRONT_MATTER_BYTES:
        raise FrontMatterError(
            1, f"the front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KB"
        )
    try:
        metadata = load_yaml(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or "it is not valid YAML"
        raise FrontMatterError(line, f"invalid front matter: {problem}") from None
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise FrontMatterError(2, "the front matter must be a mapping of 'key: value' lines")
    body = "\n".join(lines[closing + 1 :])
    return metadata, body, closing + 2
