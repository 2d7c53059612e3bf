import re
from pathlib import Path

import pytest
from django.conf import settings

from studyapp.markup import render_markdown, sanitise_html
from studyapp.markup.render import APP_IDS

HOSTILE_MARKDOWN = """\
## Heading

<script>alert("x")</script>

<img src="x" onerror="alert(1)">

<a href="javascript:alert(1)">click</a>

[markdown link](javascript:alert(2))

<p onclick="alert(3)" style="color: red">styled</p>

<iframe src="https://evil.example"></iframe>

<svg><script>alert(4)</script></svg>

<a href="https://docs.aws.amazon.com/">fine</a>
"""


@pytest.fixture(scope="module")
def html():
    return render_markdown(HOSTILE_MARKDOWN).html


@pytest.mark.parametrize(
    "forbidden",
    ["<script", "alert(", "onerror", "onclick", "javascript:", "style=", "<iframe", "<svg", "<img"],
)
def test_hostile_markup_is_removed(html, forbidden):
    assert forbidden not in html.lower()


def test_safe_content_is_kept(html):
    assert '<h2 id="heading">' in html
    assert ">styled</p>" in html
    assert 'href="https://docs.aws.amazon.com/"' in html
    assert 'rel="noopener noreferrer"' in html


def test_ids_are_kept_only_on_headings_and_prefixed_unless_generated():
    cleaned = sanitise_html(
        '<h2 id="ok">A</h2><h3 id="main">M</h3><p id="evil">B</p><div id="x">C</div>', {"ok"}
    )
    assert cleaned == '<h2 id="ok">A</h2><h3 id="c-main">M</h3><p>B</p><div>C</div>'


@pytest.mark.parametrize(
    ("written", "kept", "dropped"),
    [
        ('<a class="button" href="https://x.example/">Sign in</a>', "<a rel=", "button"),
        ('<div class="alert alert--error">Your password expired</div>', "<div>Your", "alert"),
        ('<p class="hint">Muted like the small print</p>', "<p>Muted", "hint"),
        ('<div class="note">A kind without its box</div>', "<div>A kind", "note"),
        (
            '<div class="admonition warning site-header">x</div>',
            '<div class="admonition warning">',
            "site-header",
        ),
        (
            '<details class="question evil"><summary>Q</summary>A</details>',
            '<details class="question">',
            "evil",
        ),
        (
            '<span class="k nb l-Scalar-Plain hll button">x</span>',
            '<span class="k nb l-Scalar-Plain hll">',
            "button",
        ),
        ('<a class="headerlink skip-link" href="#a">¶</a>', 'class="headerlink"', "skip-link"),
        (
            '<p class="admonition-title message--success">T</p>',
            '<p class="admonition-title">',
            "message",
        ),
        (
            '<div class="codehilite table-scroll"><pre>x</pre></div>',
            '<div class="codehilite">',
            "scroll",
        ),
    ],
)
def test_only_the_classes_the_extensions_produce_are_kept(written, kept, dropped):
    cleaned = sanitise_html(written)
    assert kept in cleaned
    assert dropped not in cleaned


def test_markdown_attributes_cannot_add_classes_or_take_the_apps_ids():
    rendered = render_markdown(
        "## Sign in {: .button #main }\n\n## Plain\n\n## Plain\n\nText {: .alert }\n"
    )
    assert rendered.html.startswith('<h2 id="c-main">Sign in')
    assert 'class="button"' not in rendered.html
    assert 'class="alert"' not in rendered.html
    assert '<h2 id="plain">' in rendered.html
    assert '<h2 id="plain_1">' in rendered.html
    # The table of contents points at the ids the page carries.
    assert [h.anchor for h in rendered.headings] == ["c-main", "plain", "plain_1"]


def test_what_the_extensions_produce_keeps_its_classes():
    html = render_markdown(
        "## Code\n\n```yaml\nkey: value\n```\n\n!!! warning\n    Careful.\n\n"
        '??? question "Why?"\n    Because.\n'
    ).html
    assert '<div class="codehilite">' in html
    assert 'class="headerlink"' in html
    assert '<div class="admonition warning">' in html
    assert '<p class="admonition-title">' in html
    assert '<details class="question">' in html
    assert '<span class="nt">' in html


def test_links_to_an_authors_id_follow_its_prefix():
    html = render_markdown("See [the part](#myid).\n\n## Part {#myid}\n").html
    assert '<a href="#c-myid"' in html
    assert '<h2 id="c-myid">Part<a class="headerlink" href="#c-myid"' in html


def test_a_heading_never_takes_an_id_the_app_uses():
    rendered = render_markdown("## Main\n\n## X {#main_1}\n")
    assert [h.anchor for h in rendered.headings] == ["main-section", "c-main_1"]
    assert 'id="main"' not in rendered.html


def test_the_app_ids_list_every_fixed_id_of_the_pages_that_show_markdown():
    templates = Path(settings.BASE_DIR) / "templates"
    pages = ["base.html", "topics/detail.html", "questions/_reveal.html", "questions/_choices.html"]
    fixed = set()
    for page in pages:
        fixed |= set(re.findall(r'\bid="([a-z][a-z0-9_-]*)"', (templates / page).read_text()))
    assert fixed <= APP_IDS
