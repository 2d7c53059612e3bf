"""The bundled topic library: complete, loadable, and internally linked correctly."""

import html
import re

import pytest
from django.conf import settings

from studyapp.sims import registry
from studyapp.sims.presets import preset_names
from studyapp.topics.documents import read_topic_folder
from studyapp.topics.loading import sync_topics
from studyapp.topics.models import Topic

pytestmark = pytest.mark.django_db

BUNDLED = settings.BASE_DIR / "content" / "topics"

# Every section of the source document (shared/reference/ecs-deep-dive.txt) has a page.
REQUIRED_PAGES = {
    "what-is-ecs", "launch-types", "clusters", "task-definitions", "services",
    "networking-modes", "iam-roles", "ecr", "deployments", "auto-scaling", "fargate",
    "capacity-providers", "ecs-anywhere", "task-placement", "secrets-and-configuration",
    "logging-and-health-checks", "ecs-vs-eks", "dva-c02-quick-reference",
}  # fmt: skip
PLACEMENT_PRESETS = {
    "spread-az", "binpack-memory", "spread-az-binpack-memory", "distinct-instance",
    "memberof-instance-type", "bridge-port-conflict", "awsvpc-eni-exhaustion", "unplaceable-task",
    "service-default-placement",
}  # fmt: skip


@pytest.fixture
def library(settings):
    settings.CONTENT_DIR = BUNDLED.parent
    sync_topics(BUNDLED)
    return {topic.slug: topic for topic in Topic.objects.all()}


def test_the_bundled_files_have_no_errors():
    documents, errors = read_topic_folder(BUNDLED)
    assert errors == []
    assert {document.slug for document in documents} >= REQUIRED_PAGES


def test_every_topic_page_returns_200_with_all_its_headings(client, library):
    for slug, topic in library.items():
        response = client.get(f"/topics/{slug}/")
        page = response.content.decode()
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        assert response.status_code == 200, slug
        headings = list(topic.headings.all())
        assert len(headings) >= 4, f"{slug} has too few sections"
        for heading in headings:
            assert f'id="{heading.anchor}"' in page, (slug, heading.anchor)
            assert heading.title in text, (slug, heading.title)


def test_every_page_ends_with_exam_tips_and_self_checks(library):
    for slug, topic in library.items():
        anchors = [heading.anchor for heading in topic.headings.all()]
        assert anchors[-2:] == ["exam-tips", "check-yourself"], slug
        assert '<details class="question">' in topic.html, slug


def test_links_between_topics_point_at_existing_pages_and_sections(library):
    anchors = {slug: {h.anchor for h in topic.headings.all()} for slug, topic in library.items()}
    for slug, topic in library.items():
        for target, anchor in re.findall(r'href="/topics/([a-z0-9-]+)/(?:#([^"]+))?"', topic.html):
            assert target in anchors, f"{slug} links to missing topic {target}"
            if anchor:
                assert anchor in anchors[target], f"{slug} links to missing {target}#{anchor}"
        for anchor in re.findall(r'href="#([^"]+)"', topic.html):
            assert anchor in anchors[slug], f"{slug} links to missing #{anchor}"


def test_simulator_links_name_real_simulators_and_presets(library):
    for slug, topic in library.items():
        for preset in re.findall(r"/sims/placement/\?preset=([a-z0-9-]+)", topic.html):
            assert preset in PLACEMENT_PRESETS, f"{slug} links to unknown preset {preset}"
        for preset in re.findall(r"/sims/bluegreen/\?preset=([a-z0-9-]+)", topic.html):
            assert preset in preset_names("bluegreen"), f"{slug} links to unknown preset {preset}"
        for simulator in re.findall(r'href="/sims/([a-z]+)/', topic.html):
            assert simulator in registry.SIMULATORS, slug


def test_search_finds_sections_of_the_bundled_library(client, library):
    page = client.get("/search/", {"q": "awsvpc"}).content.decode()
    assert 'href="/topics/networking-modes/' in page
