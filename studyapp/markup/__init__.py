"""
Markdown in, safe HTML out: SanitisedHtml, which templates show without `|safe`. Used for topic
pages and for everything an instructor writes in a question pack. Plain Python: no Django
imports, so it is tested without a database.
"""

from studyapp.markup.frontmatter import FrontMatterError, split_front_matter
from studyapp.markup.render import Heading, Rendered, render_fragment, render_markdown, unwrapped
from studyapp.markup.sanitise import SanitisedHtml, sanitise_html

__all__ = [
    "FrontMatterError",
    "Heading",
    "Rendered",
    "SanitisedHtml",
    "render_fragment",
    "render_markdown",
    "sanitise_html",
    "split_front_matter",
    "unwrapped",
]
