import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.classroom.models import Assignment, Classroom, Membership
from studyapp.questions.models import Question
from studyapp.search.search import (
    MAX_HITS,
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    TooManyWords,
    clean_query,
    marked,
    query_words,
    site_search,
)
from studyapp.topics.loading import sync_topics
from studyapp.topics.models import Topic
from tests.conftest import topic_text, write_topic
from tests.factories import make_pack, make_question

pytestmark = pytest.mark.django_db

STORAGE_TOPIC = """\
---
title: "Storage on Fargate"
slug: storage
order: 9
summary: "Where a task keeps its files."
domains: [1]
---

Every task gets a scratch disk.

## Ephemeral storage

Twenty GiB by default, raised with a parameter.

## Volumes

Bind mounts share files between containers; they are ephemeral too. Never run
`<img src=x onerror=alert(1)>` from a volume.
"""


@pytest.fixture
def loaded(content_dir):
    write_topic(
        content_dir,
        "networking",
        topic_text("networking", 4, title="Networking modes", summary="ENIs for every task."),
    )
    write_topic(content_dir, "storage", STORAGE_TOPIC)
    sync_topics(content_dir / "topics")


def urls(hits):
    return [hit.url for hit in hits]


def test_a_title_word_finds_the_topic_first_then_its_sections(loaded):
    hits = site_search("networking")
    assert hits[0].url == "/topics/networking/"
    assert hits[0].kind == "topic"
    assert "/topics/networking/#first-section-of-networking" in urls(hits)


def test_words_in_headings_find_their_sections(loaded):
    hits = site_search("subsection")
    assert sorted(urls(hits)) == [
        f"/topics/{slug}/#a-subsection"
        for slug in ["alpha-topic", "beta-topic", "gamma-topic", "networking"]
    ]


def test_words_in_the_text_of_a_section_find_that_section(loaded):
    hits = site_search("bind mounts")
    assert urls(hits) == ["/topics/storage/#volumes"]
    assert "<mark>Bind</mark> <mark>mounts</mark> share files" in hits[0].snippet
    assert hits[0].title == "Volumes"
    assert hits[0].context == "in Storage on Fargate"


def test_words_before_the_first_heading_find_the_topic(loaded):
    assert urls(site_search("scratch disk")) == ["/topics/storage/"]


def test_every_word_must_match_and_words_are_stemmed(loaded):
    assert urls(site_search("mount binding")) == ["/topics/storage/#volumes"]
    assert site_search("bind kubernetes") == []


def test_a_heading_match_outranks_a_mention_in_the_text(loaded):
    hits = site_search("ephemeral")
    assert urls(hits) == ["/topics/storage/#ephemeral-storage", "/topics/storage/#volumes"]
    assert hits[0].title == "<mark>Ephemeral</mark> storage"


def test_empty_and_unmatched_queries_find_nothing(loaded):
    assert site_search("   ") == []
    assert site_search("?!  --") == []
    assert site_search("kubernetes-operator-xyz") == []


def test_the_index_follows_edits_and_removals_of_topics(loaded, content_dir):
    write_topic(content_dir, "storage", STORAGE_TOPIC.replace("Bind mounts", "Tmpfs mounts"))
    (content_dir / "topics" / "networking.md").unlink()
    sync_topics(content_dir / "topics")
    assert site_search("bind") == []
    assert urls(site_search("tmpfs")) == ["/topics/storage/#volumes"]
    assert site_search("networking") == []


def test_the_search_page_links_to_sections_and_marks_the_words(client, loaded):
    response = client.get(reverse("search"), {"q": "bind mounts"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Search the topics</h1>" in html
    assert '<a href="/topics/storage/#volumes">Volumes</a>' in html
    assert "<mark>Bind</mark> <mark>mounts</mark> share files" in html


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


def test_snippets_escape_the_content_and_mark_only_the_words(client, loaded):
    response = client.get(reverse("search"), {"q": "alert"})
    html = response.content.decode()
    assert "&lt;img src=x onerror=<mark>alert</mark>(1)&gt;" in html
    assert "<img src=x" not in html


def test_marking_escapes_everything_and_never_leaves_a_tag_open():
    assert (
        marked("<b>\x02x\x03</b> & \x02y\x03")
        == "&lt;b&gt;<mark>x</mark>&lt;/b&gt; &amp; <mark>y</mark>"
    )
    assert marked("a\x02b \x02c\x03 d\x03e") == "ab <mark>c</mark> de"
    assert marked("\x03\x02") == ""


def test_control_characters_are_dropped_from_the_query(loaded):
    assert site_search("net\x00work\x07ing") == site_search("networking")


def test_the_page_shows_the_query_as_it_was_searched(client, loaded):
    response = client.get(reverse("search"), {"q": "  net\x00working \t  cluster " + "x" * 500})
    shown = clean_query("  net\x00working \t  cluster " + "x" * 500)
    assert shown.startswith("networking cluster x")
    assert len(shown) == MAX_QUERY_LENGTH
    assert f'value="{shown}"' in response.content.decode()


# The word limit and the cost of a query ----------------------------------------------------


def search_statements(query):
    """The SQL of the search statement `query` runs (its parameters included)."""
    with CaptureQueriesContext(connection) as captured:
        site_search(query)
    return [
        q["sql"]
        for q in captured.captured_queries
        if "topics_search" in q["sql"] or "tsquery" in q["sql"]
    ]


def test_the_query_grows_by_a_few_characters_per_word(loaded):
    """
    Regression: each word used to double the SQL (16 words killed a worker). Now the
    statement is fixed and only its match parameter grows, by the word, its quotes and a space
    each time the parameter appears (twice at most).
    """
    word = "topic"
    (one_word,) = search_statements(word)
    for count in range(2, MAX_QUERY_WORDS + 1):
        (statement,) = search_statements(" ".join([word] * count))
        assert len(statement) <= len(one_word) + (count - 1) * 2 * (len(word) + 3)


def test_the_longest_allowed_query_is_one_statement_of_bounded_size(loaded):
    query = " ".join(["topic"] * MAX_QUERY_WORDS)
    statements = search_statements(query)
    assert len(statements) == 1
    assert len(statements[0]) < 3000
    assert site_search(query)


def test_past_the_word_limit_the_page_says_so_with_a_400_and_runs_no_query(client, loaded):
    query = " ".join(f"word{n}" for n in range(16))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("search"), {"q": query})
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Search takes at most {MAX_QUERY_WORDS} words; this search has 16." in html
    assert captured.captured_queries == []


def test_the_htmx_fragment_also_names_the_limit(client, loaded):
    query = " ".join(["a"] * (MAX_QUERY_WORDS + 1))
    response = client.get(reverse("search"), {"q": query}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert f"at most {MAX_QUERY_WORDS} words" in response.content.decode()


def test_words_are_letters_and_digits_so_punctuation_counts_towards_nothing():
    assert query_words('"NEAR(a* b)" -c:d ^e_f') == ["NEAR", "a", "b", "c", "d", "e", "f"]
    with pytest.raises(TooManyWords):
        query_words("-".join(["x"] * (MAX_QUERY_WORDS + 1)))


@pytest.mark.parametrize(
    "query",
    [
        '"',
        'bind"',
        '"bind',
        "bind*",
        "*",
        "NEAR(bind mounts)",
        "NEAR",
        "bind AND",
        "OR bind",
        "NOT",
        "bind NOT mounts",
        "-bind",
        "title:bind",
        "body : bind",
        "^bind",
        "(bind",
        "bind)",
        "{title body}: bind",
        "bind + mounts",
        "'; DROP TABLE topics_topic; --",
        "%s %% ?",
        "\\",
        "_",
        "🙂 bind",
        "ﬁle ǅ ß Ü",
        "&amp; <b>",
        "bind & mounts | !volumes <-> x:*",
    ],
)
def test_search_syntax_in_a_query_is_only_ever_words(client, loaded, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200


def test_operators_are_searched_as_words_not_obeyed(loaded):
    assert urls(site_search("bind OR kubernetes")) == []
    assert urls(site_search("-bind mounts")) == ["/topics/storage/#volumes"]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([*"\"*:^()-+{}'\\%?;&|!<> \x00\t\n", "NEAR", "AND", "OR", "NOT"]),
            st.sampled_from(["bind", "mounts", "ephemeral", "topic", "section", "networking"]),
            st.text(max_size=8),
        ),
        max_size=40,
    ).map("".join)
)
def test_whatever_is_typed_the_answer_is_a_page_or_a_400_with_bounded_hits(client, loaded, text):
    response = client.get(reverse("search"), {"q": text})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert f"at most {MAX_QUERY_WORDS} words" in response.content.decode()
    else:
        assert response.content.decode().count('<li class="search-hit ') <= MAX_HITS


def test_hits_stop_at_the_limit(content_dir):
    for order in range(MAX_HITS + 5):
        write_topic(content_dir, f"many-{order}", topic_text(f"many-{order}", 100 + order))
    sync_topics(content_dir / "topics")
    assert len(site_search("section")) == MAX_HITS


# Question stems --------------------------------------------------------------------------------


@pytest.fixture
def packs(django_user_model):
    instructor = django_user_model.objects.create_user("teacher")
    public = make_pack("public", "Public pack")
    make_question(
        public,
        "eni-limit",
        stem="How many ENIs <img src=x onerror=alert(2)> does an **awsvpc** task get?",
        explanation="Secretword in the explanation.",
    )
    retired = make_question(public, "old", stem="An awsvpc question that was retired")
    Question.objects.filter(pk=retired.pk).update(is_retired=True)
    private = make_pack("private", "Private pack", owner=instructor, is_public=False)
    make_question(private, "hidden", stem="Which awsvpc setting does the private pack ask about?")
    return {"instructor": instructor, "public": public, "private": private}


def test_a_public_question_stem_is_found_with_a_link_to_the_question(client, packs):
    response = client.get(reverse("search"), {"q": "ENIs"})
    html = response.content.decode()
    assert '<a href="/questions/public/eni-limit/">Practice question</a>' in html
    assert "in Public pack" in html
    assert "<mark>ENIs</mark>" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<img src=x" not in html


def test_private_and_retired_stems_stay_hidden_from_outsiders(client, packs, django_user_model):
    assert urls(site_search("awsvpc")) == ["/questions/public/eni-limit/"]
    outsider = django_user_model.objects.create_user("outsider")
    assert urls(site_search("awsvpc", outsider)) == ["/questions/public/eni-limit/"]
    client.force_login(outsider)
    assert "private" not in client.get(reverse("search"), {"q": "awsvpc"}).content.decode()


def test_the_owner_and_the_class_of_a_private_pack_find_its_stems(packs, django_user_model):
    expected = {"/questions/public/eni-limit/", "/questions/private/hidden/"}
    assert set(urls(site_search("awsvpc", packs["instructor"]))) == expected
    student = django_user_model.objects.create_user("student")
    classroom = Classroom.objects.create(name="Class", instructor=packs["instructor"])
    Membership.objects.create(classroom=classroom, student=student)
    assert set(urls(site_search("awsvpc", student))) == {"/questions/public/eni-limit/"}
    Assignment.objects.create(classroom=classroom, pack=packs["private"])
    assert set(urls(site_search("awsvpc", student))) == expected


def test_options_feedback_and_explanations_are_never_searched(packs):
    assert site_search("Secretword") == []
    assert site_search("Feedback") == []
    assert site_search("Option") == []


def test_the_index_follows_stem_edits_and_deletions(packs):
    Question.objects.filter(qid="eni-limit").update(stem="Which network mode gives an ENI?")
    assert site_search("awsvpc") == []
    assert urls(site_search("network mode")) == ["/questions/public/eni-limit/"]
    Question.objects.get(qid="eni-limit").pack.delete()
    assert site_search("network mode") == []


def test_a_topic_created_through_the_orm_is_searchable():
    Topic.objects.create(
        slug="ecr",
        title="Elastic Container Registry",
        order=1,
        summary="Images",
        domains=[1],
        source_path="p",
        content_hash="h",
        html="",
        toc=[],
    )
    assert urls(site_search("registry")) == ["/topics/ecr/"]
    assert re.fullmatch(
        r"Elastic Container <mark>Registry</mark>", site_search("registry")[0].title
    )
