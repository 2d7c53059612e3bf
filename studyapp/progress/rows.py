"""
A readiness's estimates as the rows pages show: percentages with their range and the evidence
behind them, weakest first, with topic titles and domain names.
"""

from dataclasses import dataclass

from studyapp.exam_guide import DOMAIN_WEIGHTS, DOMAINS
from studyapp.readiness.model import shown_percent
from studyapp.topics.models import Topic


@dataclass(frozen=True)
class Row:
    title: str
    percent: int
    low: int
    high: int
    answers: int
    reviews: int
    topic: str = ""  # the slug of a topic row, for its page and practice; "" if it has none
    domain: int | None = None  # the number of a domain row

    @property
    def evidence(self):
        return self.answers + self.reviews


def _row(title, estimate, **key):
    return Row(
        title,
        shown_percent(estimate.probability),
        shown_percent(estimate.low),
        shown_percent(estimate.high),
        estimate.evidence,
        estimate.reviews,
        **key,
    )


def topic_titles(slugs):
    if not slugs:
        return {}
    return dict(Topic.objects.filter(slug__in=slugs).values_list("slug", "title"))


def topic_rows(readiness):
    """Every topic of the readiness, weakest first (then by title)."""
    titles = topic_titles(list(readiness.topics))
    rows = []
    for slug, estimate in readiness.topics.items():
        domain = _stand_in_domain(slug)
        if domain is None:
            rows.append(_row(titles.get(slug, slug), estimate, topic=slug))
        else:
            rows.append(_row(f"{DOMAINS[domain]}: no topic", estimate))
    return sorted(rows, key=lambda row: (row.percent, row.title))


def domain_rows(readiness, order="weakest"):
    """The four exam domains, weakest first, or in the exam guide's order."""
    rows = [
        _row(f"{number}. {DOMAINS[number]}", readiness.domains[number], domain=number)
        for number in DOMAIN_WEIGHTS
    ]
    if order == "weakest":
        rows.sort(key=lambda row: (row.percent, row.domain))
    return rows


def _stand_in_domain(slug):
    """The domain evidence.topic_of names a domain's questions without a topic by, else None."""
    prefix, _, number = slug.partition("domain-")
    if not prefix and number.isdigit() and int(number) in DOMAINS:
        return int(number)
    return None
