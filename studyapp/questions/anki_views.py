from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from studyapp.core.ratelimit import per_user_or_address, rate_limit
from studyapp.questions import anki, queries
from studyapp.questions.models import Pack


def _visible_pack(request, slug):
    """A pack the visitor may practise; any other pack does not exist for them (404)."""
    return get_object_or_404(Pack, slug=slug, pk__in=queries.visible_pack_ids(request.user))


def pack_anki(request, slug):
    """How to take the pack to Anki, with its download (one per part of a large pack)."""
    pack = _visible_pack(request, slug)
    count = anki.pack_questions(pack).count()
    parts = anki.parts(count, lambda part: reverse("questions:anki_pack", args=[slug, part]))
    return render(
        request,
        "questions/anki.html",
        {
            "title": pack.title,
            "question_count": count,
            "parts": parts,
            "part_size": anki.ANKI_PART_SIZE,
        },
    )


# A download renders and packs a part of a pack (a GET, as it changes nothing).
@rate_limit(30, 60 * 60, per_user_or_address, describe="Anki downloads", methods=("GET",))
def pack_download(request, slug, part):
    pack = _visible_pack(request, slug)
    data = anki.pack_package(pack, part)
    suffix = f"-part-{part}" if anki.part_count(anki.pack_questions(pack).count()) > 1 else ""
    return anki.apkg_response(data, f"{pack.slug}{suffix}.apkg")
