"""The projection partial (templates/progress/_projection.html) drawn from model readinesses."""

from datetime import UTC, datetime, timedelta

from django.template.loader import render_to_string

from studyapp.exam_guide import DOMAIN_WEIGHTS, PASSING_SCALED_SCORE
from studyapp.readiness import model

NOW = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)
CATALOGUE = [
    model.CatalogueTopic(f"d{domain}-t{index}", domain, 10)
    for domain in DOMAIN_WEIGHTS
    for index in range(3)
]


def answers(count, correct):
    return [
        model.Answer(n, f"d{1 + n % 4}-t0", 1 + n % 4, correct, NOW - timedelta(days=n % 9))
        for n in range(count)
    ]


def render(readiness):
    return render_to_string("progress/_projection.html", {"readiness": readiness})


def test_states_the_score_its_range_the_pass_mark_and_what_it_rests_on():
    readiness = model.assess(answers(84, correct=False), (), (), CATALOGUE, NOW)
    html = render(readiness)
    score = readiness.score
    assert f"<strong>{score.expected}</strong>" in html
    assert f"likely {score.low} to {score.high}" in html
    assert f"Below the pass mark of {PASSING_SCALED_SCORE}" in html
    assert "Based on 84 answers and 0 reviews over 9 days; 8 topics never practised." in html
    assert f'x1="{score.low}" y1="10" x2="{score.high}"' in html


def test_says_in_words_when_the_projection_reaches_the_pass_mark():
    readiness = model.assess(answers(400, correct=True), (), (), CATALOGUE, NOW)
    assert readiness.score.expected >= PASSING_SCALED_SCORE
    assert f"At or above the pass mark of {PASSING_SCALED_SCORE}" in render(readiness)


def test_a_learner_without_evidence_is_told_the_figure_is_a_starting_guess():
    html = render(model.assess((), (), (), CATALOGUE, NOW))
    assert "every figure is a starting guess" in html
    assert "Chance of passing: about" in html
