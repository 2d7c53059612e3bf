"""
Markdown in, safe HTML out. Used for topic pages and, later, for everything an instructor writes
in a question pack. Plain Python: no Django imports, so it is tested without a database.
"""

from studyapp.markup.frontmatter import FrontMatterError, split_front_matter
from studyapp.markup.render import (
    Heading,
    Rendered,
    render_fragment,
    render_markdown,
    unwrap_paragraph,
)
from studyapp.markup.sanitise import sanitise_html

__all__ = [
    "FrontMatterError",
    "Heading",
    "Rendered",
    "render_fragment",
    "render_markdown",
    "sanitise_html",
    "split_front_matter",
    "unwrap_paragraph",
]
