"""What an instructor can add to an LMS course through Deep Linking, as content items."""

from typing import NamedTuple

from lti_tool.models import LtiRegistration
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from studyapp.classroom.models import assignable_packs
from studyapp.lti import targets
from studyapp.questions.models import Question
from studyapp.topics.models import Topic

DEEP_LINKING_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
# Graded links report a percentage: the first-attempt score of classroom/scoring.py.
SCORE_MAXIMUM = 100
LINE_ITEM_TAG = "studyapp"


class Choice(NamedTuple):
    spec: str
    title: str
    graded: bool


def choices(instructor):
    """Practice on each pack the instructor may assign (whole, or one topic), the exam, topics."""
    topic_titles = dict(Topic.objects.values_list("slug", "title"))
    offered = []
    packs = assignable_packs(instructor).order_by("title")
    pack_topics = {}
    for pack_id, topic_slug in (
        Question.objects.active()
        .filter(pack__in=packs)
        .exclude(topic_slug="")
        .values_list("pack_id", "topic_slug")
        .distinct()
        .order_by("pack_id", "topic_slug")
    ):
        pack_topics.setdefault(pack_id, []).append(topic_slug)
    for pack in packs:
        offered.append(Choice(targets.Target("practice", pack.slug).spec(), pack.title, True))
        for topic in pack_topics.get(pack.pk, []):
            title = f"{pack.title} · {topic_titles.get(topic, topic)}"
            offered.append(Choice(targets.Target("practice", pack.slug, topic).spec(), title, True))
    offered.append(Choice("exam", "Practice exam", False))
    for slug, title in sorted(topic_titles.items(), key=lambda item: item[1]):
        offered.append(Choice(targets.Target("topic", topic=slug).spec(), f"Read: {title}", False))
    return offered


def registration(issuer, client_id):
    """pylti1p3's Registration (with the tool's current key) for a registered platform."""
    return LtiRegistration.objects.get(issuer=issuer, client_id=client_id).to_registration()


def content_item(choice, launch_url):
    """The LtiResourceLink content item; graded ones ask the platform for a line item."""
    resource = (
        DeepLinkResource()
        .set_url(launch_url)
        .set_title(choice.title)
        .set_custom_params({targets.CUSTOM_PARAMETER: choice.spec})
    )
    if choice.graded:
        resource.set_lineitem(
            LineItem()
            .set_score_maximum(SCORE_MAXIMUM)
            .set_label(choice.title)
            .set_resource_id(choice.spec)
            .set_tag(LINE_ITEM_TAG)
        )
    return resource
