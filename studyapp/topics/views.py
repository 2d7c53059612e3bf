from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from studyapp.accounts import pagecache
from studyapp.topics.loading import reload_if_changed, topic_listing
from studyapp.topics.models import Topic


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
