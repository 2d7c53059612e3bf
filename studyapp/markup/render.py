"""Markdown rendering with highlighted code, tables, admonitions and a table of contents."""

import re
import threading
from dataclasses import dataclass

import markdown
from markdown.extensions import toc

from studyapp.markup.sanitise import AUTHOR_ID_PREFIX, SanitisedHtml, sanitise_html

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


# Ids the app's own templates give elements on pages that show rendered Markdown; a heading
# whose text would make one of them gets another, so content never takes the app's targets.
APP_IDS = frozenset(
    {
        "main",
        "answer-error",
        "explanation-heading",
        "site-menu",
        "site-search-q",
        "toc-heading",
        "topic-title",
    }
)


class GeneratedIds:
    """
    The heading ids the toc extension made up from heading text, as opposed to ids an author
    wrote: it records each slug it makes, and answers `in` for them and their de-duplicated forms
    (toc adds _1, _2 to a repeated slug).
    """

    DUPLICATE_SUFFIX = re.compile(r"_[0-9]+$")

    def __init__(self):
        self.slugs = set()

    def slugify(self, value, separator):
        slug = toc.slugify(value, separator)
        if slug in APP_IDS:
            slug = f"{slug}{separator}section"
        self.slugs.add(slug)
        return slug

    def __contains__(self, anchor):
        return anchor in self.slugs or self.DUPLICATE_SUFFIX.sub("", anchor) in self.slugs

    def anchor(self, heading_id):
        """The id the sanitiser leaves on the heading."""
        return heading_id if heading_id in self else AUTHOR_ID_PREFIX + heading_id


def _extension_configs(heading_permalinks, generated_ids):
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
            "slugify": generated_ids.slugify,
        },
    }


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class Rendered:
    html: SanitisedHtml
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


def _flatten(tokens, generated_ids):
    for token in tokens:
        anchor = generated_ids.anchor(token["id"])
        yield Heading(level=token["level"], anchor=anchor, title=token["name"])
        yield from _flatten(token["children"], generated_ids)


def render_markdown(text, *, heading_permalinks=True):
    """
    Render Markdown to sanitised HTML and list its headings.

    A new Markdown instance per call: instances keep state between conversions (the toc above
    all), and building one costs far less than the conversion itself.
    """
    generated_ids = GeneratedIds()
    converter = markdown.Markdown(
        extensions=EXTENSIONS,
        extension_configs=_extension_configs(heading_permalinks, generated_ids),
    )
    html = converter.convert(text)
    return Rendered(
        html=SanitisedHtml(scrollable_tables(sanitise_html(html, generated_ids))),
        headings=list(_flatten(converter.toc_tokens, generated_ids)),
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
        generated_ids = GeneratedIds()
        converter = markdown.Markdown(
            extensions=EXTENSIONS, extension_configs=_extension_configs(False, generated_ids)
        )
        _fragment_converters.converter = converter
        _fragment_converters.generated_ids = generated_ids
    converter.reset()
    generated_ids = _fragment_converters.generated_ids
    generated_ids.slugs.clear()
    return SanitisedHtml(scrollable_tables(sanitise_html(converter.convert(text), generated_ids)))


def unwrapped(html):
    """
    Rendered HTML (a SanitisedHtml) that is a single paragraph, without its <p>: for text that
    must be phrasing content, such as an option inside a <label>. Anything else (lists, code,
    several paragraphs) keeps its blocks.
    """
    # "<p" counts every paragraph, with attributes too (an admonition title), and <pre>.
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p") == 1:
        return SanitisedHtml(html[3:-4])
    return html
