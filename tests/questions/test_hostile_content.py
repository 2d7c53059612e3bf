"""A pack cannot inject script: every field that is rendered goes through the sanitiser."""

import pytest
from django.urls import reverse

from tests.factories import answer_form, make_pack, make_question

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
]
FORBIDDEN = ["<script", "onerror", "onload", "javascript:", "<iframe", "<svg", "style="]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_rendered_field_are_neutralised(client, payload):
    pack = make_pack("hostile", "Hostile")
    question = make_question(pack, "q", stem=f"Stem {payload}", explanation=f"Why {payload}")
    question.options.update(text=f"Option {payload}", feedback=f"Feedback {payload}")
    url = reverse("questions:detail", args=["hostile", "q"])
    shown = client.get(url)
    revealed = client.post(url, answer_form(shown.content.decode(), question, [0]))
    assert "option__feedback" in revealed.content.decode()
    for page in (shown, revealed):
        body = page.content.decode().lower()
        start = body.index('<section id="question-card"')
        card = body[start : body.index("</section>", start)]
        for forbidden in FORBIDDEN:
            assert forbidden not in card, (payload, forbidden)
