"""Markdown rendering with highlighted code, tables, admonitions and a table of contents."""

import threading
from dataclasses import dataclass

import markdown

from studyapp.markup.sanitise import sanitise_html

EXTENSIONS = [
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.details",
    "tables",
    "toc",
    "attr_list",
    "admonition",
    "def_list",
]


def _extension_configs(heading_permalinks):
    return {
        "pymdownx.highlight": {
            "css_class": "codehilite",
            "guess_lang": False,
            "use_pygments": True,
        },
        "toc": {
            "permalink": heading_permalinks,
            "permalink_title": "Link to this section",
            "toc_depth": "2-3",
        },
    }


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: list[Heading]

    def toc(self):
        """Nested [{heading, children}] for level-2 headings and their level-3 children."""
        tree = []
        for heading in self.headings:
            if heading.level == 2 or not tree:
                tree.append({"heading": heading, "children": []})
            else:
                tree[-1]["children"].append(heading)
        return tree


def _flatten(tokens):
    for token in tokens:
        yield Heading(level=token["level"], anchor=token["id"], title=token["name"])
        yield from _flatten(token["children"])


def render_markdown(text, *, heading_permalinks=True):
    """
    Render Markdown to sanitised HTML and list its headings.

    A new Markdown instance per call: instances keep state between conversions (the toc above
    all), and building one costs far less than the conversion itself.
    """
    converter = markdown.Markdown(
        extensions=EXTENSIONS, extension_configs=_extension_configs(heading_permalinks)
    )
    html = converter.convert(text)
    return Rendered(
        html=scrollable_tables(sanitise_html(html)),
        headings=list(_flatten(converter.toc_tokens)),
    )


SCROLL_WRAPPER = (
    '<div class="table-scroll" tabindex="0" role="region" aria-label="Table, scrolls sideways">'
)


def scrollable_tables(html):
    """
    Wide tables scroll sideways on a phone; the wrapper can take keyboard focus so they can
    be scrolled without a pointer. Added after sanitising: the markup is the app's own.
    """
    return html.replace("<table>", SCROLL_WRAPPER + "<table>").replace("</table>", "</table></div>")


_fragment_converters = threading.local()


def render_fragment(text):
    """
    Render a short piece of author Markdown (a question stem, an option, a feedback line) to
    sanitised HTML without heading permalinks.

    Fragments are rendered by the thousand, so one converter per thread is reused and reset
    between calls rather than built each time (building one costs about four conversions).
    """
    converter = getattr(_fragment_converters, "converter", None)
    if converter is None:
        converter = markdown.Markdown(
            extensions=EXTENSIONS, extension_configs=_extension_configs(False)
        )
        _fragment_converters.converter = converter
    converter.reset()
    return scrollable_tables(sanitise_html(converter.convert(text)))
