import pytest

from studyapp.topics.loading import ContentErrors, sync_topics
from studyapp.topics.models import Topic, TopicHeading
from tests.conftest import topic_text, write_topic

pytestmark = pytest.mark.django_db


def test_first_sync_adds_every_topic_with_rendered_html_and_headings(content_dir):
    report = sync_topics(content_dir / "topics")
    assert sorted(report.added) == ["alpha-topic", "beta-topic", "gamma-topic"]
    topic = Topic.objects.get(slug="beta-topic")
    assert '<h2 id="first-section-of-beta-topic">' in topic.html
    assert topic.toc[0]["children"] == [{"anchor": "a-subsection", "title": "A subsection"}]
    assert list(topic.headings.values_list("anchor", flat=True)) == [
        "first-section-of-beta-topic",
        "a-subsection",
        "second-section",
    ]
    assert topic.intro == "Intro about Beta Topic."
    assert topic.headings.get(anchor="a-subsection").text == "aws ecs list-clusters"


def test_unchanged_files_are_not_rendered_again(content_dir, monkeypatch):
    sync_topics(content_dir / "topics")

    def fail(*args, **kwargs):
        raise AssertionError("the Markdown parser ran for an unchanged file")

    monkeypatch.setattr("studyapp.topics.loading.render_topic", fail)
    report = sync_topics(content_dir / "topics")
    assert sorted(report.unchanged) == ["alpha-topic", "beta-topic", "gamma-topic"]
    assert str(report) == "topics: 3 (0 added, 0 changed, 3 unchanged, 0 removed)"


def test_changed_and_removed_files_are_picked_up(content_dir):
    sync_topics(content_dir / "topics")
    write_topic(content_dir, "alpha-topic", topic_text("alpha-topic", 1, title="Alpha renamed"))
    (content_dir / "topics" / "gamma-topic.md").unlink()
    report = sync_topics(content_dir / "topics")
    assert report.changed == ["alpha-topic"]
    assert report.removed == ["gamma-topic"]
    assert Topic.objects.get(slug="alpha-topic").title == "Alpha renamed"
    assert not TopicHeading.objects.filter(topic__slug="gamma-topic").exists()


def test_one_bad_file_writes_nothing(content_dir):
    sync_topics(content_dir / "topics")
    write_topic(content_dir, "alpha-topic", topic_text("alpha-topic", 1, title="New title"))
    write_topic(content_dir, "broken", "---\ntitle: Broken\n---\n")
    with pytest.raises(ContentErrors) as caught:
        sync_topics(content_dir / "topics")
    assert any("broken.md:1: front matter is missing 'slug'" in str(e) for e in caught.value.errors)
    assert Topic.objects.get(slug="alpha-topic").title == "Alpha Topic"
