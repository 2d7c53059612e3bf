from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from studyapp.core import pagecache
from studyapp.questions.practice import topic_question_counts
from studyapp.topics.loading import reload_if_changed, topic_listing
from studyapp.topics.models import Topic
from studyapp.topics.search import TooManyWords, clean_query, site_search


def topic_index(request):
    """Every topic with how many practice questions the visitor can answer on it."""
    topics = Topic.objects.only("slug", "title", "order", "summary", "domains", "related_sim")
    counts = topic_question_counts(request.user)
    return render(
        request,
        "topics/index.html",
        {"topics": [(topic, counts.get(topic.slug, 0)) for topic in topics]},
    )


def topic_detail(request, slug):
    """
    Served whole from the cache, under the versions of the topic and its neighbours, with the
    topic listing (for previous/next) cached too: no query on a hit. Rendering the page on a
    miss fetches the topic and serves its stored HTML as is; nothing is parsed.
    """
    listing = topic_listing()
    if settings.TOPICS_RELOAD_ON_REQUEST and reload_if_changed(listing):
        listing = topic_listing()
    slugs = [row["slug"] for row in listing]
    if slug not in slugs:
        raise Http404(f"No topic '{slug}'.")
    position = slugs.index(slug)
    neighbours = {
        "previous": listing[position - 1] if position > 0 else None,
        "next": listing[position + 1] if position + 1 < len(listing) else None,
    }
    versions = [listing[position]] + [row for row in neighbours.values() if row]
    key = "topic:" + ":".join(f"{row['slug']}@{row['content_hash']}" for row in versions)

    def render_page(context):
        # The listing may be up to a minute older than a loadcontent that removed the topic.
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            raise Http404(f"No topic '{slug}'.")
        return render(request, "topics/detail.html", {"topic": topic} | neighbours | context)

    return pagecache.serve(request, key, render_page)


@vary_on_headers("HX-Request")
def search(request):
    """The results page, or for htmx only the results; a 400 naming the limit past it."""
    query = clean_query(request.GET.get("q", ""))
    try:
        hits, error = site_search(query, request.user), ""
    except TooManyWords as too_many:
        hits, error = [], str(too_many)
    template = "topics/search.html#results" if request.htmx else "topics/search.html"
    context = {"query": query, "hits": hits, "error": error}
    return render(request, template, context, status=400 if error else 200)
