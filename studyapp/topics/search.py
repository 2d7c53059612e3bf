"""Search over topic titles, summaries and section headings."""

from dataclasses import dataclass

from django.conf import settings

from studyapp.topics.models import Topic, TopicHeading

MAX_QUERY_LENGTH = 200
MAX_HITS = 30


@dataclass(frozen=True)
class SearchHit:
    topic_slug: str
    topic_title: str
    heading: str
    anchor: str


def clean_query(text):
    """
    The query as searched and shown back: printable characters only (NUL and other control
    characters mean nothing in a search, and PostgreSQL refuses NUL), single spaces, at most
    MAX_QUERY_LENGTH characters.
    """
    # Looking at a few times the kept length bounds the work a huge parameter can cause, while
    # leaving room for the spaces and control characters that are dropped.
    printable = "".join(char for char in text[: MAX_QUERY_LENGTH * 4] if char.isprintable())
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search_topics(query):
    """
    Hits for whole topics first, then for sections. PostgreSQL ranks with its English full-text
    search (stemming, websearch syntax); SQLite, the embedded default, requires every word to
    appear in the title (or summary) as a substring, which is plenty for a few hundred headings.
    """
    query = clean_query(query)
    if not query:
        return []
    if settings.USING_POSTGRES:
        topics, headings = _postgres_matches(query)
    else:
        topics, headings = _substring_matches(query)
    hits = [SearchHit(t.slug, t.title, "", "") for t in topics]
    hits += [SearchHit(h.topic.slug, h.topic.title, h.title, h.anchor) for h in headings]
    return hits[:MAX_HITS]


def _postgres_matches(query):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    search = SearchQuery(query, config="english", search_type="websearch")
    topic_vector = SearchVector("title", weight="A", config="english") + SearchVector(
        "summary", weight="B", config="english"
    )
    topics = (
        Topic.objects.annotate(document=topic_vector, rank=SearchRank(topic_vector, search))
        .filter(document=search)
        .only("slug", "title")
        .order_by("-rank", "order")[:MAX_HITS]
    )
    heading_vector = SearchVector("title", config="english")
    headings = (
        TopicHeading.objects.annotate(
            document=heading_vector, rank=SearchRank(heading_vector, search)
        )
        .filter(document=search)
        .select_related("topic")
        .only("title", "anchor", "topic__slug", "topic__title")
        .order_by("-rank", "topic__order", "position")[:MAX_HITS]
    )
    return list(topics), list(headings)


def _substring_matches(query):
    topics = Topic.objects.only("slug", "title")
    headings = TopicHeading.objects.select_related("topic").only(
        "title", "anchor", "topic__slug", "topic__title"
    )
    for word in query.split():
        topics = topics.filter(title__icontains=word) | topics.filter(summary__icontains=word)
        headings = headings.filter(title__icontains=word)
    return list(topics.order_by("order")[:MAX_HITS]), list(headings[:MAX_HITS])
