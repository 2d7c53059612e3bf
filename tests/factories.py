"""Small builders for question-bank rows and answer forms, so tests state only what matters."""

import hashlib
import re

from studyapp.questions.models import Option, Pack, Question
from studyapp.questions.option_tokens import OptionTokens


def make_pack(slug="test-pack", title="Test pack", owner=None, is_public=True):
    return Pack.objects.create(slug=slug, title=title, owner=owner, is_public=is_public)


def make_question(
    pack,
    qid,
    *,
    correct=(0,),
    option_count=4,
    topic="",
    anchor="",
    domain=1,
    stem=None,
    explanation="Because the documentation says so.",
    position=None,
    tags=(),
):
    stem = stem or f"Stem of {qid}?"
    question = Question.objects.create(
        pack=pack,
        qid=qid,
        position=pack.questions.count() if position is None else position,
        topic_slug=topic,
        topic_anchor=anchor,
        domain=domain,
        stem=stem,
        explanation=explanation,
        correct_count=len(correct),
        tags=list(tags),
        fingerprint=hashlib.sha256(f"{qid}{stem}{correct}".encode()).hexdigest(),
    )
    Option.objects.bulk_create(
        Option(
            question=question,
            position=index,
            text=f"Option {index + 1} of {qid}",
            is_correct=index in correct,
            feedback=f"Feedback {index + 1} of {qid}",
        )
        for index in range(option_count)
    )
    return question


def answer_form(page, question, positions):
    """
    The answer form data choosing the options at the author's `positions`, as the practice or
    review page `page` (its HTML) would post it: its showing id and those options' tokens.
    """
    showing = re.search(r'name="showing" value="([^"]+)"', page).group(1)
    tokens = OptionTokens.posted_showing(question.pk, showing)
    values = [tokens.token(position) for position in positions]
    shown = re.findall(r'name="option" value="([^"]+)"', page)
    assert set(values) <= set(shown), "the page does not show those options"
    return {"showing": showing, "option": values}


def sitting_answer(item, positions):
    """The exam form's option values choosing the options at the author's `positions`."""
    tokens = OptionTokens.of_sitting_question(item.pk)
    return [tokens.token(position) for position in positions]
