from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from studyapp.topics.loading import reload_if_changed
from studyapp.topics.models import Topic
from studyapp.topics.search import MAX_QUERY_LENGTH, search_topics

LISTED_FIELDS = ("slug", "title", "order", "content_hash", "source_path")


def topic_index(request):
    topics = Topic.objects.only("slug", "title", "order", "summary", "domains", "related_sim")
    return render(request, "topics/index.html", {"topics": topics})


def topic_detail(request, slug):
    """
    Two queries: the ordered list of topics (for previous/next and, in development, to notice
    edited files) and the page itself. The stored HTML is served as is; nothing is parsed.
    """
    listing = list(Topic.objects.values(*LISTED_FIELDS))
    if settings.TOPICS_RELOAD_ON_REQUEST and reload_if_changed(listing):
        listing = list(Topic.objects.values(*LISTED_FIELDS))
    slugs = [row["slug"] for row in listing]
    if slug not in slugs:
        raise Http404(f"No topic '{slug}'.")
    position = slugs.index(slug)
    topic = Topic.objects.get(slug=slug)
    return render(
        request,
        "topics/detail.html",
        {
            "topic": topic,
            "previous": listing[position - 1] if position > 0 else None,
            "next": listing[position + 1] if position + 1 < len(listing) else None,
        },
    )


@vary_on_headers("HX-Request")
def search(request):
    query = "".join(c for c in request.GET.get("q", "")[:MAX_QUERY_LENGTH] if c.isprintable())
    query = query.strip()
    hits = search_topics(query)
    template = "topics/search.html#results" if request.htmx else "topics/search.html"
    return render(request, template, {"query": query, "hits": hits})
