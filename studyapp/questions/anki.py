"""
Anki downloads: a pack's questions, or a learner's review cards, as .apkg files built by
packs.anki. Rendering the Markdown is what costs (up to 25 ms for a long question under load),
so a download holds one part of at most ANKI_PART_SIZE questions; every part goes to the same
deck, so importing them all gives one deck. Rendered fragments are cached by content, so the
next download of a pack costs little.
"""

import math

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from studyapp.questions.exporting import plain_question
from studyapp.questions.packs.anki import Entry, build_package
from studyapp.questions.rendering import cached_fragment

ANKI_PART_SIZE = 100
"""Questions per download: the longest questions an upload allows render within about 1 s."""
DECK_PREFIX = "DVA-C02 study"


def part_count(question_count):
    return max(1, math.ceil(question_count / ANKI_PART_SIZE))


def _part_entries(questions, part):
    """Entries of the `part`-th (from 1) slice of the ordered questions; 404 past the last."""
    # Checked against the count, not left to the database: a huge part would overflow OFFSET.
    if not 1 <= part <= part_count(questions.count()):
        raise Http404("No such part.")
    start = (part - 1) * ANKI_PART_SIZE
    rows = list(
        questions.select_related("pack").prefetch_related("options")[start : start + ANKI_PART_SIZE]
    )
    return [Entry(row.pack.slug, row.pack.title, plain_question(row)) for row in rows]


def pack_questions(pack):
    return pack.questions.active().order_by("position")


def pack_package(pack, part):
    entries = _part_entries(pack_questions(pack), part)
    return build_package(
        f"pack:{pack.slug}", f"{DECK_PREFIX}::{pack.title}", entries, render=cached_fragment
    )


def review_cards_package(user, questions, part):
    """`questions`: the active questions of the user's review cards that they may still see."""
    entries = _part_entries(questions.order_by("pack_id", "position"), part)
    return build_package(
        f"review-cards:{user.pk}",
        f"{DECK_PREFIX}::My review cards",
        entries,
        render=cached_fragment,
    )


def parts(question_count, url_of_part):
    """(part number, first question number, last question number, url) for the page."""
    return [
        (
            part,
            (part - 1) * ANKI_PART_SIZE + 1,
            min(part * ANKI_PART_SIZE, question_count),
            url_of_part(part),
        )
        for part in range(1, part_count(question_count) + 1)
    ]


def apkg_response(data, file_name):
    """A download of the package; the private cache header keeps shared caches from keeping it."""
    response = HttpResponse(data, content_type="application/apkg")
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    response["Cache-Control"] = "private, no-store"
    return response
