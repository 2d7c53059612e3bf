import pytest
from django.urls import reverse

from studyapp.topics.loading import sync_topics
from studyapp.topics.search import MAX_QUERY_LENGTH, clean_query, search_topics
from tests.conftest import topic_text, write_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(content_dir):
    write_topic(
        content_dir,
        "networking",
        topic_text("networking", 4, title="Networking modes", summary="ENIs for every task."),
    )
    sync_topics(content_dir / "topics")


def test_matches_topic_titles_first_then_headings(loaded):
    hits = search_topics("networking")
    assert hits[0].topic_slug == "networking"
    assert hits[0].anchor == ""
    assert ("networking", "first-section-of-networking") in [
        (hit.topic_slug, hit.anchor) for hit in hits
    ]


def test_matches_words_in_headings_with_their_anchor(loaded):
    hits = search_topics("subsection")
    assert {(hit.topic_slug, hit.anchor) for hit in hits} == {
        (slug, "a-subsection")
        for slug in ["alpha-topic", "beta-topic", "gamma-topic", "networking"]
    }


def test_empty_and_unmatched_queries_find_nothing(loaded):
    assert search_topics("   ") == []
    assert search_topics("kubernetes-operator-xyz") == []


def test_search_page_renders_hits_with_links(client, loaded):
    response = client.get(reverse("search"), {"q": "networking"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Search the topics</h1>" in html
    assert 'href="/topics/networking/#first-section-of-networking"' in html


def test_htmx_search_returns_only_the_results_fragment(client, loaded):
    response = client.get(reverse("search"), {"q": "networking"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" not in html
    assert 'href="/topics/networking/"' in html
    assert "HX-Request" in response["Vary"]


def test_search_escapes_the_query(client, loaded):
    response = client.get(reverse("search"), {"q": "<script>alert(1)</script>"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_control_characters_are_dropped_from_the_query(loaded):
    assert search_topics("net\x00work\x07ing") == search_topics("networking")


def test_the_page_shows_the_query_as_it_was_searched(client, loaded):
    response = client.get(reverse("search"), {"q": "  net\x00working \t  cluster " + "x" * 500})
    shown = clean_query("  net\x00working \t  cluster " + "x" * 500)
    assert shown.startswith("networking cluster x")
    assert len(shown) == MAX_QUERY_LENGTH
    assert f'value="{shown}"' in response.content.decode()
