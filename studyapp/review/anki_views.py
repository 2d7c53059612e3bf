from django.contrib.auth.decorators import login_required

from studyapp.core.ratelimit import per_user, rate_limit
from studyapp.questions import anki, practice
from studyapp.questions.models import Question


@login_required
@rate_limit(30, 60 * 60, per_user, describe="Anki downloads", methods=("GET",))
def review_cards_download(request):
    """The questions of the learner's review cards, in packs they may still see, for Anki."""
    questions = Question.objects.active().filter(
        cards__user=request.user, pack_id__in=practice.visible_pack_ids(request.user)
    )
    try:
        data = anki.review_cards_package(request.user, questions)
    except anki.TooManyQuestions as problem:
        return anki.refusal(request, problem)
    return anki.apkg_response(data, "review-cards.apkg")
