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


def topic_names(slugs):
    """
    {slug: (title, the slug to link to and practise)} for the model's topic slugs; a domain's
    questions without a topic (evidence.topic_of) have no page, so an empty slug.
    """
    if not slugs:
        return {}
    titles = dict(Topic.objects.filter(slug__in=slugs).values_list("slug", "title"))
    names = {}
    for slug in slugs:
        domain = _stand_in_domain(slug)
        if domain is None:
            names[slug] = (titles.get(slug, slug), slug)
        else:
            names[slug] = (f"{DOMAINS[domain]}: no topic", "")
    return names


def topic_rows(readiness):
    """Every topic of the readiness, weakest first (then by title)."""
    names = topic_names(list(readiness.topics))
    rows = [
        _row(names[slug][0], estimate, topic=names[slug][1])
        for slug, estimate in readiness.topics.items()
    ]
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
