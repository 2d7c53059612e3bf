"""
Anki downloads: a pack's questions, or a learner's review cards, as an .apkg built by
packs.anki. Rendered Markdown is cached by content, so a pack costs one render, not one per
download; the number of questions in one download is bounded.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from studyapp.questions.exporting import plain_question
from studyapp.questions.packs.anki import Entry, build_package
from studyapp.questions.rendering import cached_fragment

MAX_ANKI_QUESTIONS = 1_000
"""As many as an upload may hold, so every uploaded pack fits in one download."""
DECK_PREFIX = "DVA-C02 study"


class TooManyQuestions(Exception):
    def __init__(self, what):
        super().__init__(
            f"{what} holds more than {MAX_ANKI_QUESTIONS:,} questions, the most one Anki "
            "download may hold."
        )


def _entries(questions, what):
    """Entries of the questions (a queryset with pack selected), at most MAX_ANKI_QUESTIONS."""
    rows = list(
        questions.select_related("pack").prefetch_related("options")[: MAX_ANKI_QUESTIONS + 1]
    )
    if len(rows) > MAX_ANKI_QUESTIONS:
        raise TooManyQuestions(what)
    return [Entry(row.pack.slug, row.pack.title, plain_question(row)) for row in rows]


def pack_package(pack):
    questions = pack.questions.active().order_by("position")
    entries = _entries(questions, f"The pack {pack.title}")
    return build_package(
        f"pack:{pack.slug}", f"{DECK_PREFIX}::{pack.title}", entries, render=cached_fragment
    )


def review_cards_package(user, questions):
    """`questions`: the active questions of the user's review cards that they may still see."""
    entries = _entries(questions.order_by("pack_id", "position"), "Your review queue")
    return build_package(
        f"review-cards:{user.pk}",
        f"{DECK_PREFIX}::My review cards",
        entries,
        render=cached_fragment,
    )


def apkg_response(data, file_name):
    """A download of the package; the private cache header keeps shared caches from keeping it."""
    response = HttpResponse(data, content_type="application/apkg")
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    response["Cache-Control"] = "private, no-store"
    return response


def refusal(request, problem):
    """The 400 page for a download past MAX_ANKI_QUESTIONS, naming the limit."""
    return render(request, "questions/anki_refused.html", {"message": str(problem)}, status=400)
