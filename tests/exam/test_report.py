"""The report: each question as shown, links to study it, per-domain and per-topic tables."""

import re

import pytest
from django.urls import reverse

from studyapp.exam.models import Sitting
from studyapp.questions.models import Question
from studyapp.topics.models import Topic, TopicHeading
from tests.exam.test_sittings import start
from tests.factories import sitting_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(bank):
    """Domain 1's questions teach ECR (its auth section), domain 2's IAM (no section)."""
    ecr = Topic.objects.create(
        slug="ecr", title="Amazon ECR", order=1, summary="s", domains=[1],
        source_path="p", content_hash="h1", html="", toc=[],
    )  # fmt: skip
    Topic.objects.create(
        slug="iam", title="IAM", order=2, summary="s", domains=[2],
        source_path="q", content_hash="h2", html="", toc=[],
    )  # fmt: skip
    TopicHeading.objects.create(topic=ecr, position=0, level=2, anchor="auth", title="Auth")
    Question.objects.filter(domain=1).update(topic_slug="ecr", topic_anchor="auth")
    Question.objects.filter(domain=2).update(topic_slug="iam")
    Question.objects.filter(domain=3).update(topic_slug="gone")


def answer_domain_one_right_and_the_rest_wrong(client, sitting):
    for item in sitting.items.select_related("question"):
        right = sorted(o.position for o in item.question.options.all() if o.is_correct)
        wrong = [p for p in range(5) if p not in right][:1]
        chosen = right if item.question.domain == 1 else wrong
        client.post(
            reverse("exam:question", args=[sitting.pk, item.position]),
            {"option": sitting_answer(item, chosen)},
        )
    client.post(reverse("exam:submit", args=[sitting.pk]))


def report(client, sitting):
    return client.get(reverse("exam:report", args=[sitting.pk])).content.decode()


def test_each_question_links_to_the_section_or_page_that_teaches_it(signed_in, topics):
    sitting, _ = start(signed_in, questions=24)
    signed_in.post(reverse("exam:submit", args=[sitting.pk]))
    page = report(signed_in, sitting)
    items = page.split('class="question-card report-item"')[1:]
    domains = [item.question.domain for item in sitting.items.select_related("question")]
    for domain, shown in zip(domains, items, strict=True):
        if domain == 1:
            assert 'href="/topics/ecr/#auth">Study this: Amazon ECR › Auth</a>' in shown
        elif domain == 2:
            assert 'href="/topics/iam/">Study this: IAM</a>' in shown
        else:
            assert "Study this" not in shown


def test_the_report_shows_the_choice_the_key_and_the_explanation(signed_in, topics):
    sitting, _ = start(signed_in, questions=24)
    answer_domain_one_right_and_the_rest_wrong(signed_in, sitting)
    page = report(signed_in, sitting)
    items = page.split('class="question-card report-item"')[1:]
    for item, shown in zip(sitting.items.order_by("position"), items, strict=True):
        assert shown.count("Your choice") == len(item.selected)
        assert "Because the documentation says so." in shown
        marks = re.findall(r'class="option__verdict">(Correct|Incorrect)<', shown)
        assert len(marks) == 5
        assert "Correct" in marks


def test_the_topic_table_counts_right_of_total_weakest_first(signed_in, topics):
    sitting, _ = start(signed_in, questions=24)
    answer_domain_one_right_and_the_rest_wrong(signed_in, sitting)
    page = report(signed_in, sitting)
    table = page[page.index('id="by-topic"') : page.index("</table>", page.index('id="by-topic"'))]
    rows = [
        re.sub(r"<[^>]+>", "", row).split() for row in re.findall(r"<tr><td>(.*?)</td><td>", table)
    ]
    counts = re.findall(r"</td><td>(\d+) / (\d+)</td>", table)
    assert [" ".join(row) for row in rows] == ["IAM", "No topic", "gone", "Amazon ECR"]
    drawn = {
        domain: sitting.items.filter(question__domain=domain).count() for domain in (1, 2, 3, 4)
    }
    assert counts == [
        ("0", str(drawn[2])),
        ("0", str(drawn[4])),
        ("0", str(drawn[3])),
        (str(drawn[1]), str(drawn[1])),
    ]
    assert '<a href="/topics/ecr/">Amazon ECR</a>' in table
    assert '<a href="/topics/gone/">' not in table
    assert "100.0 %" in table


def test_the_domain_table_still_counts_each_domain(signed_in, topics):
    sitting, _ = start(signed_in, questions=24)
    answer_domain_one_right_and_the_rest_wrong(signed_in, sitting)
    sitting = Sitting.objects.get(pk=sitting.pk)
    ones = sitting.items.filter(question__domain=1).count()
    twos = sitting.items.filter(question__domain=2).count()
    assert sitting.domain_results["1"] == {"correct": ones, "total": ones, "percent": 100.0}
    assert sitting.domain_results["2"] == {"correct": 0, "total": twos, "percent": 0.0}
    assert f"{ones} / {ones}" in report(signed_in, sitting)


def test_a_long_report_comes_in_pages_and_the_topic_table_still_counts_every_question(
    signed_in, topics, monkeypatch
):
    from studyapp.exam import views

    monkeypatch.setattr(views, "REPORT_PAGE_QUESTIONS", 10)
    sitting, _ = start(signed_in, questions=24)
    answer_domain_one_right_and_the_rest_wrong(signed_in, sitting)
    total = sitting.items.count()
    url = reverse("exam:report", args=[sitting.pk])
    shown = []
    for number in (1, 2, 3):
        page = signed_in.get(url, {"page": number}).content.decode()
        shown += [int(p) for p in re.findall(r'id="report-q(\d+)"', page)]
        assert f"of {total}:" in page
        assert ">100.0 %</meter>" in page  # the topic table: ECR, every question counted
    assert shown == list(range(1, total + 1))
    out_of_range = signed_in.get(url, {"page": "999"}).content.decode()
    assert re.findall(r'id="report-q(\d+)"', out_of_range) == [str(n) for n in shown[20:]]


def test_durations_read_as_words_never_as_zero_minutes(signed_in, bank):
    sitting, _ = start(signed_in)
    page = signed_in.get(reverse("exam:start")).content.decode()
    assert "(started less than a minute ago)" in page
    signed_in.post(reverse("exam:submit", args=[sitting.pk]))
    report = signed_in.get(reverse("exam:report", args=[sitting.pk])).content.decode()
    assert "time used less than a minute" in report
    assert "0 min" not in report


def test_try_it_shows_on_the_report_and_never_on_the_exam_pages(signed_in, bank):
    Question.objects.filter(domain=1).update(
        scenario_simulator="placement", scenario_preset="spread-az"
    )
    sitting, _ = start(signed_in, questions=24)
    for item in sitting.items.all():
        page = signed_in.get(reverse("exam:question", args=[sitting.pk, item.position]))
        assert "Try it" not in page.content.decode()
        assert "/sims/placement/" not in page.content.decode()
    signed_in.post(reverse("exam:submit", args=[sitting.pk]))
    items = report(signed_in, sitting).split('class="question-card report-item"')[1:]
    domains = [item.question.domain for item in sitting.items.order_by("position")]
    for domain, shown in zip(domains, items, strict=True):
        offered = (
            '<a class="try-it__link" href="/sims/placement/?preset=spread-az">'
            "Try it in the placement simulator</a>"
        ) in shown
        assert offered == (domain == 1)
