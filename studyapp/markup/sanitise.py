"""
The one allow-list for HTML that came from Markdown written by authors and instructors.

It keeps what the renderer produces (tables, highlighted code spans, heading ids and
permalinks, admonitions, details) and drops everything that can run script: script and style
elements, event handler attributes, inline styles, and links with schemes other than those below.
"""

import nh3

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


def sanitise_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
