import pytest
from django.urls import reverse

from studyapp.topics.loading import sync_topics
from studyapp.topics.models import Topic
from tests.conftest import topic_text, write_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(content_dir):
    sync_topics(content_dir / "topics")
    return content_dir


def test_index_lists_topics_in_order_with_domain_badges(client, loaded):
    response = client.get(reverse("topics:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Alpha Topic") < html.index("Beta Topic") < html.index("Gamma Topic")
    assert "Domain 3 · Deployment" in html


def test_detail_shows_article_toc_and_neighbours(client, loaded):
    response = client.get(reverse("topics:detail", args=["beta-topic"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="topic-title">Beta Topic</h1>' in html
    assert '<a href="#first-section-of-beta-topic">First section of beta-topic</a>' in html
    assert '<a href="#a-subsection">A subsection</a>' in html
    assert 'rel="prev" href="/topics/alpha-topic/"' in html
    assert 'rel="next" href="/topics/gamma-topic/"' in html
    assert '<div class="codehilite">' in html


def test_first_and_last_topics_have_one_neighbour(client, loaded):
    first = client.get(reverse("topics:detail", args=["alpha-topic"])).content.decode()
    last = client.get(reverse("topics:detail", args=["gamma-topic"])).content.decode()
    assert 'rel="prev"' not in first
    assert 'rel="next"' in first
    assert 'rel="next"' not in last
    assert 'rel="prev"' in last


def test_unknown_topic_is_a_404_page(client, loaded):
    response = client.get("/topics/no-such-topic/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_topic_page_makes_at_most_two_queries(client, loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("topics:detail", args=["beta-topic"]))
    assert response.status_code == 200


def test_a_repeat_visit_is_served_from_the_cache_without_a_query(
    client, loaded, django_assert_num_queries
):
    first = client.get(reverse("topics:detail", args=["beta-topic"]))
    with django_assert_num_queries(0):
        again = client.get(reverse("topics:detail", args=["beta-topic"]))
    assert again.content == first.content


def test_a_topic_removed_behind_the_cached_listing_is_a_404(client, loaded):
    client.get(reverse("topics:detail", args=["alpha-topic"]))  # caches the listing
    Topic.objects.filter(slug="beta-topic").delete()
    assert client.get(reverse("topics:detail", args=["beta-topic"])).status_code == 404


@pytest.mark.parametrize("edited", ["beta-topic", "gamma-topic"])
def test_loadcontent_replaces_a_cached_page_when_it_or_a_neighbour_changes(
    client, loaded, settings, edited
):
    settings.TOPICS_RELOAD_ON_REQUEST = False
    client.get(reverse("topics:detail", args=["beta-topic"]))
    order = {"beta-topic": 2, "gamma-topic": 3}[edited]
    write_topic(loaded, edited, topic_text(edited, order, title="Edited title"))
    sync_topics(loaded / "topics")
    response = client.get(reverse("topics:detail", args=["beta-topic"]))
    assert "Edited title" in response.content.decode()


@pytest.mark.parametrize("reload_on_request", [False, True])
def test_unchanged_files_are_never_parsed_on_request(
    client, loaded, settings, monkeypatch, django_assert_max_num_queries, reload_on_request
):
    settings.TOPICS_RELOAD_ON_REQUEST = reload_on_request

    def fail(*args, **kwargs):
        raise AssertionError("the Markdown parser ran during a request")

    monkeypatch.setattr("markdown.Markdown.convert", fail)
    with django_assert_max_num_queries(2):
        response = client.get(reverse("topics:detail", args=["beta-topic"]))
    assert response.status_code == 200


def test_development_mode_shows_an_edited_file_without_a_restart(client, loaded, settings):
    settings.TOPICS_RELOAD_ON_REQUEST = True
    write_topic(loaded, "beta-topic", topic_text("beta-topic", 2, title="Beta, edited"))
    response = client.get(reverse("topics:detail", args=["beta-topic"]))
    assert "Beta, edited" in response.content.decode()


def test_production_mode_waits_for_loadcontent(client, loaded, settings):
    settings.TOPICS_RELOAD_ON_REQUEST = False
    write_topic(loaded, "beta-topic", topic_text("beta-topic", 2, title="Beta, edited"))
    response = client.get(reverse("topics:detail", args=["beta-topic"]))
    assert "Beta, edited" not in response.content.decode()


def test_development_mode_keeps_the_last_good_version_of_a_broken_file(client, loaded, settings):
    settings.TOPICS_RELOAD_ON_REQUEST = True
    write_topic(loaded, "beta-topic", "---\nslug: beta-topic\n---\n")
    response = client.get(reverse("topics:detail", args=["beta-topic"]))
    assert response.status_code == 200
    assert "Beta Topic" in response.content.decode()
