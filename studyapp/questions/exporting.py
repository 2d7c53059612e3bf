"""Turning stored packs and questions back into the plain model, to write them out."""

from studyapp.questions import packs
from studyapp.questions.models import Pack


def plain_question(question):
    """A stored question (its options prefetched) as a packs.Question."""
    return packs.Question(
        qid=question.qid,
        line=0,
        topic=question.topic_slug or None,
        topic_anchor=question.topic_anchor or None,
        domain=question.domain,
        tags=tuple(question.tags),
        difficulty=question.difficulty or None,
        stem=question.stem,
        options=tuple(
            packs.Option(text=o.text, correct=o.is_correct, feedback=o.feedback)
            for o in question.options.all()
        ),
        explanation=question.explanation,
        scenario=question.scenario,
    )


def stored_pack(slug):
    """The pack's current (non-retired) questions, in order, as a packs.Pack."""
    pack = Pack.objects.get(slug=slug)
    questions = pack.questions.active().prefetch_related("options").order_by("position")
    return packs.Pack(
        slug=pack.slug,
        title=pack.title,
        version=pack.version or None,
        description=pack.description or None,
        author=pack.author or None,
        questions=tuple(plain_question(question) for question in questions),
        source=pack.source_name,
    )
