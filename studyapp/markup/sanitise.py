"""
The one allow-list for HTML that came from Markdown written by authors and instructors.

It keeps what the renderer produces (tables, highlighted code spans, heading ids and
permalinks, admonitions, details) and drops everything that can run script: script and style
elements, event handler attributes, inline styles, and links with schemes other than those below.

Classes and ids are limited too, so content cannot dress up as the app's own controls or take
their ids: only the classes the Markdown extensions produce, each on the element that carries
it, and only the heading ids the renderer generated; an id an author wrote gets a `c-` prefix.
"""

import re

import nh3
from pygments.token import STANDARD_TYPES

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul", "var",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "*": {"class"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "details": {"open"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "dt": {"id"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
}

ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

AUTHOR_ID_PREFIX = "c-"

# The kinds `!!! kind` (admonition) and `??? kind` (details) may name, as rST and Material for
# MkDocs know them. They are classes only beside the class that marks the box.
ADMONITION_KINDS = {
    "abstract", "attention", "bug", "caution", "danger", "error", "example", "failure", "hint",
    "important", "info", "note", "question", "quote", "success", "tip", "warning",
}  # fmt: skip
# Pygments' token classes: the standard ones, and a standard one with subtypes (l-Scalar-Plain).
CODE_TOKEN_CLASS = re.compile(
    "(?:" + "|".join(sorted(filter(None, STANDARD_TYPES.values()))) + ")(?:-[A-Za-z0-9]+)*"
)
CODE_SPAN_CLASSES = {"hll"}


def _class_allowed(element, name, classes):
    if element == "div":
        return (
            name == "codehilite"
            or name == "admonition"
            or ("admonition" in classes and name in ADMONITION_KINDS)
        )
    if element == "details":
        return name in ADMONITION_KINDS
    if element == "p":
        return name == "admonition-title"
    if element == "a":
        return name == "headerlink"
    if element == "span":
        return name in CODE_SPAN_CLASSES or CODE_TOKEN_CLASS.fullmatch(name) is not None
    return False


class SanitisedHtml(str):
    """
    HTML the renderer made: sanitised by sanitise_html, with only the renderer's own markup
    added since. It is marked safe here, once, in code, so that no template needs `|safe` on
    it, as django.contrib.flatpages marks its pages' content safe rather than leave it to the
    template. Django's templates leave any value with an `__html__` method unescaped (the
    protocol django.utils.safestring.SafeString and MarkupSafe share); a str subclass of this
    package's own, rather than SafeString itself, keeps the renderer free of Django, as the
    import contract in pyproject.toml requires. Slicing or joining one gives a plain str,
    which templates escape again: only the renderer's functions hand these out.
    """

    def __html__(self):
        return self


def sanitise_html(html, generated_ids=frozenset()):
    """
    Clean `html`; `generated_ids` holds (or answers `in` for) the ids the renderer made up,
    which are kept as they are.
    """

    def filter_attribute(element, attribute, value):
        if attribute == "class":
            classes = value.split()
            kept = [name for name in classes if _class_allowed(element, name, classes)]
            return " ".join(kept) or None
        if attribute == "id":
            return value if value in generated_ids else AUTHOR_ID_PREFIX + value
        if attribute == "href" and value.startswith("#") and value[1:] not in generated_ids:
            # The link follows the id it names, which was prefixed above.
            return "#" + AUTHOR_ID_PREFIX + value[1:]
        return value

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=filter_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
