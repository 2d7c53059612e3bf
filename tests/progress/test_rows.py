"""A readiness's rows as pages show them (studyapp/progress/rows.py)."""

from datetime import UTC, datetime

import pytest

from studyapp.progress import rows
from studyapp.readiness import model
from studyapp.topics.models import Topic

NOW = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_topics_take_their_page_title_and_a_domains_untopical_questions_have_no_page():
    Topic.objects.create(slug="ecs-services", title="Services", order=1, summary="S.")
    names = rows.topic_names(["ecs-services", "no-page-yet", "domain-3"])
    assert names == {
        "ecs-services": ("Services", "ecs-services"),
        "no-page-yet": ("no-page-yet", "no-page-yet"),
        "domain-3": ("Deployment: no topic", ""),
    }


@pytest.mark.django_db
def test_rows_run_weakest_first_with_their_evidence():
    catalogue = [model.CatalogueTopic("a", 1), model.CatalogueTopic("b", 2)]
    answers = [model.Answer(n, "a", 1, False, NOW) for n in range(3)]
    readiness = model.assess(answers, (), (), catalogue, NOW)
    topics = rows.topic_rows(readiness)
    assert {(row.topic, row.answers) for row in topics} == {("a", 3), ("b", 0)}
    assert topics[0].percent <= topics[1].percent
    assert topics[0].percent == model.shown_percent(
        min(estimate.probability for estimate in readiness.topics.values())
    )
    domains = rows.domain_rows(readiness)
    assert [row.percent for row in domains] == sorted(row.percent for row in domains)
    assert {row.domain: row.evidence for row in domains} == {1: 3, 2: 0, 3: 0, 4: 0}
    assert [row.domain for row in rows.domain_rows(readiness, order="guide")] == [1, 2, 3, 4]
