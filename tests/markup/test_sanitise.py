import pytest

from studyapp.markup import render_markdown, sanitise_html

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


def test_ids_are_kept_only_on_headings():
    cleaned = sanitise_html('<h2 id="ok">A</h2><p id="evil">B</p><div id="x" class="note">C</div>')
    assert cleaned == '<h2 id="ok">A</h2><p>B</p><div class="note">C</div>'
