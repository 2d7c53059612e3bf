"""Turning a stored pack back into the plain model, so it can be written out as Markdown."""

from studyapp.questions import packs
from studyapp.questions.models import Pack


def stored_pack(slug):
    """The pack's current (non-retired) questions, in order, as a packs.Pack."""
    pack = Pack.objects.get(slug=slug)
    questions = []
    for question in pack.questions.active().prefetch_related("options").order_by("position"):
        questions.append(
            packs.Question(
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
            )
        )
    return packs.Pack(
        slug=pack.slug,
        title=pack.title,
        version=pack.version or None,
        description=pack.description or None,
        author=pack.author or None,
        questions=tuple(questions),
        source=pack.source_name,
    )
