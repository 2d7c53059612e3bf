"""Stored questions that an import would now refuse still show, as escaped text (issue 14)."""

import pytest

from studyapp.questions import rendering
from studyapp.questions.packs.model import MAX_STEM_LENGTH
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db


def rendered(question):
    return rendering.render_question(question, list(question.options.all()))


def test_a_stored_stem_past_the_limit_is_shown_escaped_without_rendering(monkeypatch):
    def no_rendering(text):
        if len(text) > MAX_STEM_LENGTH:
            raise AssertionError("a stem past the limit was rendered")
        return f"<p>{text}</p>"

    monkeypatch.setattr(rendering, "render_fragment", no_rendering)
    stem = "<b>[a](" * 1_000
    question = make_question(make_pack("old", "Old"), "long", stem=stem)
    html = rendered(question).stem_html
    assert html.startswith("<p>&lt;b&gt;[a](")
    assert "<b>" not in html


def test_a_renderer_failure_shows_the_text_escaped_instead_of_an_error(client, monkeypatch):
    def crash(text):
        raise RecursionError

    monkeypatch.setattr(rendering, "render_fragment", crash)
    question = make_question(make_pack("old", "Old"), "broken", stem="Deep\n> > > <i>x</i>")
    result = rendered(question)
    assert result.stem_html == "<p>Deep<br>&gt; &gt; &gt; &lt;i&gt;x&lt;/i&gt;</p>"
    assert result.options[0].html == "Option 1 of broken"
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
