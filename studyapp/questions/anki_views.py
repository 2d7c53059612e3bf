from django.apps import apps
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from studyapp.core.ratelimit import per_user_or_address, rate_limit
from studyapp.questions import anki, queries
from studyapp.questions.models import Pack


def _downloadable_pack(request, slug):
    """
    A pack the visitor may take to Anki: a public pack, their own, or one a class of theirs was
    assigned with the download offered. A deck holds every answer, so a pack seen only through
    a class is not downloadable by default: class scores count first attempts. Any other pack
    does not exist for them (404).
    """
    user = request.user
    offered = Q(is_public=True)
    if user.is_authenticated:
        # Looked up by name: classroom sits above questions.
        assignment = apps.get_model("classroom", "Assignment")
        offered |= Q(owner=user) | Q(
            pk__in=assignment.objects.filter(
                offers_anki=True, classroom__memberships__student=user
            ).values("pack_id")
        )
    pack = Pack.objects.filter(offered, slug=slug, pk__in=queries.visible_pack_ids(user)).first()
    if pack is None:
        raise Http404("No pack you may download has that name.")
    return pack


def pack_anki(request, slug):
    """How to take the pack to Anki, with its download (one per part of a large pack)."""
    pack = _downloadable_pack(request, slug)
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
    pack = _downloadable_pack(request, slug)
    data = anki.pack_package(pack, part)
    suffix = f"-part-{part}" if anki.part_count(anki.pack_questions(pack).count()) > 1 else ""
    return anki.apkg_response(data, f"{pack.slug}{suffix}.apkg")
