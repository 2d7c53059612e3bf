from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from studyapp.core.ratelimit import per_user, rate_limit
from studyapp.questions import anki, queries
from studyapp.questions.models import Question


def _card_questions(user):
    """
    The questions of the learner's review cards that they have already rated, in packs they may
    still see. A card never reviewed may be an assigned question not yet answered, whose first
    attempt counts in class: its answer stays out of the deck until then.
    """
    return Question.objects.active().filter(
        cards__user=user, cards__reps__gt=0, pack_id__in=queries.visible_pack_ids(user)
    )


@login_required
def review_cards_anki(request):
    count = _card_questions(request.user).count()
    parts = anki.parts(count, lambda part: reverse("review:anki_cards", args=[part]))
    return render(
        request,
        "questions/anki.html",
        {
            "title": "Your review cards",
            "question_count": count,
            "parts": parts,
            "part_size": anki.ANKI_PART_SIZE,
        },
    )


@login_required
@rate_limit(30, 60 * 60, per_user, describe="Anki downloads", methods=("GET",))
def review_cards_download(request, part):
    questions = _card_questions(request.user)
    data = anki.review_cards_package(request.user, questions, part)
    suffix = f"-part-{part}" if anki.part_count(questions.count()) > 1 else ""
    return anki.apkg_response(data, f"review-cards{suffix}.apkg")
