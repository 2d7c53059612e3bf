import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from studyapp.questions.importing import import_packs
from studyapp.questions.packs import parse_pack
from studyapp.topics.loading import sync_topics
from studyapp.topics.models import Topic
from tests.conftest import topic_text, write_topic
from tests.factories import make_pack, make_question

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


def test_index_shows_how_many_questions_each_topic_has(client, loaded):
    pack = make_pack()
    for qid in ("one", "two"):
        make_question(pack, qid, topic="alpha-topic")
    make_question(pack, "three", topic="beta-topic", anchor="first-section-of-beta-topic")
    retired = make_question(pack, "old", topic="gamma-topic")
    retired.is_retired = True
    retired.save()
    html = client.get(reverse("topics:index")).content.decode()
    assert '<a href="/practice/?topic=alpha-topic">2 practice questions</a>' in html
    assert '<a href="/practice/?topic=beta-topic">1 practice question</a>' in html
    gamma = html[html.index("Gamma Topic") :]
    assert "No practice questions yet" in gamma


def test_index_counts_only_the_packs_the_visitor_may_practise(client, loaded):
    owner = get_user_model().objects.create_user("author", password="pw-for-tests-only")
    private = make_pack(slug="private", owner=owner, is_public=False)
    make_question(private, "mine", topic="alpha-topic")
    assert "1 practice question" not in client.get(reverse("topics:index")).content.decode()
    client.force_login(owner)
    assert "1 practice question" in client.get(reverse("topics:index")).content.decode()


def test_index_costs_the_same_queries_however_many_topics_and_questions(
    client, loaded, django_assert_num_queries
):
    pack = make_pack()
    for number in range(30):
        make_question(pack, f"q{number}", topic=("alpha-topic", "beta-topic")[number % 2])
    with django_assert_num_queries(3):  # topics, visible packs, counts grouped by topic
        client.get(reverse("topics:index"))
    with django_assert_num_queries(1):  # the public counts are cached
        client.get(reverse("topics:index"))


def test_an_import_shows_in_the_cached_counts_at_once(client, loaded):
    client.get(reverse("topics:index"))
    pack, errors = parse_pack(
        "---\npack: fresh\ntitle: Fresh\n---\n\n## new-one\ntopic: gamma-topic\n\n"
        "Which?\n\n- [x] This\n- [ ] That\n",
        "fresh.md",
    )
    assert errors == []
    import_packs([pack])
    html = client.get(reverse("topics:index")).content.decode()
    assert '<a href="/practice/?topic=gamma-topic">1 practice question</a>' in html


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
