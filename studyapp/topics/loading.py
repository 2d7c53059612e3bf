"""
Loading topic files into the database: validate every file first, then write in one
transaction, so a broken file never leaves the library half-updated.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from studyapp.topics.documents import (
    content_hash,
    read_topic_folder,
    render_topic,
    section_texts,
)
from studyapp.topics.models import Topic, TopicHeading

# Entries are keyed by content hash, so an edited topic never shows a stale section title.
HEADINGS_SECONDS = 24 * 60 * 60

logger = logging.getLogger(__name__)

LISTED_FIELDS = ("slug", "title", "order", "content_hash", "source_path")
LISTING_CACHE_KEY = "topics:listing"
# A safety net only: sync_topics clears the listing whenever it runs, and servers
# that keep their cache in process are restarted after loadcontent (docs/deploy.md).
LISTING_SECONDS = 60


class ContentErrors(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __str__(self):
        return (
            f"topics: {len(self.added) + len(self.changed) + len(self.unchanged)} "
            f"({len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed)"
        )


def sync_topics(folder):
    """Bring the Topic table in line with the folder; on any error raise and write nothing."""
    documents, errors = read_topic_folder(folder)
    if errors:
        raise ContentErrors(errors)
    stored = {topic.slug: topic for topic in Topic.objects.defer("html", "toc")}
    report = SyncReport()
    with transaction.atomic():
        for document in documents:
            topic = stored.pop(document.slug, None)
            if topic is not None and topic.content_hash == document.content_hash:
                if topic.source_path != document.path:
                    Topic.objects.filter(pk=topic.pk).update(source_path=document.path)
                report.unchanged.append(document.slug)
                continue
            _save_rendered(document, topic)
            (report.changed if topic else report.added).append(document.slug)
        for slug, topic in stored.items():
            topic.delete()
            report.removed.append(slug)
    cache.delete(LISTING_CACHE_KEY)
    return report


def topic_listing():
    """
    The topics in order, each a dict of LISTED_FIELDS: what every topic page needs for its
    previous/next links and for the versions under which the page is cached.
    """
    listing = cache.get(LISTING_CACHE_KEY)
    if listing is None:
        listing = list(Topic.objects.order_by("order", "slug").values(*LISTED_FIELDS))
        cache.set(LISTING_CACHE_KEY, listing, LISTING_SECONDS)
    return listing


def section_titles(topic_row):
    """{anchor: title} of a topic's headings, for a row of `topic_listing()`."""
    return cache.get_or_set(
        f"topic-headings:{topic_row['slug']}:{topic_row['content_hash']}",
        lambda: dict(
            TopicHeading.objects.filter(topic__slug=topic_row["slug"]).values_list(
                "anchor", "title"
            )
        ),
        HEADINGS_SECONDS,
    )


def _save_rendered(document, topic):
    rendered = render_topic(document)
    intro, texts = section_texts(rendered.html, [h.anchor for h in rendered.headings])
    topic = topic or Topic(slug=document.slug)
    topic.title = document.title
    topic.order = document.order
    topic.summary = document.summary
    topic.intro = intro
    topic.domains = document.domains
    topic.related_sim = document.related_sim
    topic.source_path = document.path
    topic.content_hash = document.content_hash
    topic.html = rendered.html
    topic.toc = [
        {
            "anchor": entry["heading"].anchor,
            "title": entry["heading"].title,
            "children": [{"anchor": c.anchor, "title": c.title} for c in entry["children"]],
        }
        for entry in rendered.toc()
    ]
    topic.save()
    topic.headings.all().delete()
    TopicHeading.objects.bulk_create(
        TopicHeading(
            topic=topic,
            position=position,
            level=h.level,
            anchor=h.anchor,
            title=h.title,
            text=texts.get(h.anchor, ""),
        )
        for position, h in enumerate(rendered.headings)
    )


def files_changed(topic_rows):
    """
    Whether any stored topic's file differs from what was rendered, or files were added or removed.

    Hashing a few dozen small files costs well under a millisecond per file and calls no parser;
    used only when STUDYAPP_TOPICS_RELOAD is on (development).
    """
    folder_paths = {str(path) for path in topic_folder().glob("*.md")}
    if folder_paths != {row["source_path"] for row in topic_rows}:
        return True
    for row in topic_rows:
        try:
            if content_hash(Path(row["source_path"]).read_bytes()) != row["content_hash"]:
                return True
        except OSError:
            return True
    return False


def topic_folder():
    return settings.CONTENT_DIR / "topics"


def reload_if_changed(topic_rows):
    """Re-sync in development when a file changed; keep serving the last good version on errors."""
    if not files_changed(topic_rows):
        return False
    try:
        sync_topics(topic_folder())
    except ContentErrors as errors:
        logger.warning("Topic files have errors; serving the last good version:\n%s", errors)
        return False
    return True
