"""Small builders for question-bank rows, so tests state only what matters to them."""

import hashlib

from studyapp.questions.models import Option, Pack, Question


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
