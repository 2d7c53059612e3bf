"""YAML front matter between two `---` lines at the top of a Markdown file."""

from dataclasses import dataclass

import yaml


@dataclass
class FrontMatterError(Exception):
    """A problem with the front matter; `line` is 1-based within the whole file."""

    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


def split_front_matter(text):
    """
    Return (metadata dict, body, first line number of the body).

    The body's line number lets later parsers report positions in the file the author edits,
    not in the body alone.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "the file must start with a '---' line opening the front matter")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            closing = index
            break
    else:
        raise FrontMatterError(1, "the front matter opened on line 1 is never closed by '---'")

    try:
        metadata = yaml.safe_load("\n".join(lines[1:closing]))
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
