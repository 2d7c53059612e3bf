from django.template import Context, Template

from studyapp.markup import SanitisedHtml, render_fragment, render_markdown, unwrapped

DOCUMENT = """\
Intro.

## Launch types *compared*

| Launch type | You manage |
|---|---|
| EC2 | instances |
| Fargate | nothing |

### CLI

```bash
aws ecs create-cluster --cluster-name demo # a comment
```

```json
{"family": "web", "cpu": "256"}
```

```yaml
family: web
```

```python
print("hi")
```

```dockerfile
FROM nginx:1.25-alpine
```

!!! tip "Exam tip"
    The task role is for your code.

??? question "Which role pulls the image?"
    The task execution role.
"""


def test_tables_render_with_header_cells_in_a_keyboard_scrollable_region():
    html = render_markdown(DOCUMENT).html
    assert '<div class="table-scroll" tabindex="0" role="region"' in html
    assert "<table>" in html
    assert html.count("</table></div>") == 1
    assert "<th>Launch type</th>" in html
    assert "<td>Fargate</td>" in html


def test_code_fences_are_highlighted_for_each_language():
    html = render_markdown(DOCUMENT).html
    assert html.count('<div class="codehilite">') == 5
    # Pygments marks tokens with short classes: a shell comment, a JSON key, a Dockerfile keyword.
    assert '<span class="c1"># a comment</span>' in html
    assert '<span class="nt">"family"</span>' in html
    assert '<span class="k">FROM</span>' in html


def test_headings_get_ids_and_permalinks_and_are_listed():
    rendered = render_markdown(DOCUMENT)
    assert '<h2 id="launch-types-compared">' in rendered.html
    assert 'href="#launch-types-compared"' in rendered.html
    assert [(h.level, h.anchor, h.title) for h in rendered.headings] == [
        (2, "launch-types-compared", "Launch types compared"),
        (3, "cli", "CLI"),
    ]


def test_toc_nests_level_three_under_level_two():
    toc = render_markdown(DOCUMENT).toc()
    assert [entry["heading"].anchor for entry in toc] == ["launch-types-compared"]
    assert [child.anchor for child in toc[0]["children"]] == ["cli"]


def test_admonitions_and_collapsible_details_survive_sanitising():
    html = render_markdown(DOCUMENT).html
    assert '<div class="admonition tip">' in html
    assert '<p class="admonition-title">Exam tip</p>' in html
    assert '<details class="question">' in html
    assert "<summary>Which role pulls the image?</summary>" in html


def test_permalinks_can_be_turned_off():
    html = render_markdown("## Title", heading_permalinks=False).html
    assert html == '<h2 id="title">Title</h2>'


def test_fragments_render_without_permalinks_and_do_not_leak_state():
    from studyapp.markup import render_fragment

    first = render_fragment("## Heading\n\nUse `awsvpc`.[^1]\n\n[^1]: note")
    second = render_fragment("Plain **option** text")
    assert "headerlink" not in first
    assert "<code>awsvpc</code>" in first
    assert second == "<p>Plain <strong>option</strong> text</p>"


def test_fragments_are_sanitised():
    from studyapp.markup import render_fragment

    html = render_fragment('<img src=x onerror="alert(1)"> [a](javascript:alert(1)) <b>ok</b>')
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<b>ok</b>" in html


def test_rendered_html_is_marked_safe_once_so_templates_show_it_as_is():
    fragment = render_fragment("**bold** <script>alert(1)</script>")
    page = render_markdown("# Title\n\nA [link](https://example.com)").html
    template = Template("{{ fragment }}|{{ page }}|{{ plain }}")
    shown = template.render(Context({"fragment": fragment, "page": page, "plain": str(fragment)}))
    assert shown.split("|")[0] == fragment
    assert "<strong>bold</strong>" in shown.split("|")[0]
    assert "<script>" not in shown
    assert shown.split("|")[1] == page
    # A plain str of the same text, as a database hands it back, is escaped again.
    assert shown.split("|")[2].startswith("&lt;p&gt;")


def test_unwrapping_a_single_paragraph_keeps_the_mark():
    single = unwrapped(render_fragment("Use *awsvpc*"))
    assert single == "Use <em>awsvpc</em>"
    assert isinstance(single, SanitisedHtml)
    blocks = render_fragment("- one\n- two")
    assert unwrapped(blocks) is blocks


def test_two_paragraphs_stay_whole_when_the_second_has_attributes():
    # Cutting the outer tags off these would leave a stray </p> and an open <p> in a <label>.
    two = render_fragment('a\n\n<p class="admonition-title">b</p>')
    assert two.count("<p") == 2
    assert unwrapped(two) is two
