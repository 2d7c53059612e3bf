from django.shortcuts import get_object_or_404

from studyapp.core.ratelimit import per_user_or_address, rate_limit
from studyapp.questions import anki, practice
from studyapp.questions.models import Pack


# A download renders and packs a whole pack (a GET, as it changes nothing).
@rate_limit(30, 60 * 60, per_user_or_address, describe="Anki downloads", methods=("GET",))
def pack_download(request, slug):
    """A pack the visitor may practise, as an Anki package; any other pack does not exist (404)."""
    pack = get_object_or_404(Pack, slug=slug, pk__in=practice.visible_pack_ids(request.user))
    try:
        data = anki.pack_package(pack)
    except anki.TooManyQuestions as problem:
        return anki.refusal(request, problem)
    return anki.apkg_response(data, f"{pack.slug}.apkg")
