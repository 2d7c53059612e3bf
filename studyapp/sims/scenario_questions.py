"""
The questions a simulator page lists: those the visitor may see whose scenario runs in this
simulator, the ones using the scenario on the page first. A page lists at most MAX_LISTED and
says how many more there are.
"""

from dataclasses import dataclass

from django.db.models import Q

from studyapp.questions.packs.scenario import document_digest
from studyapp.questions.practice import visible_questions

MAX_LISTED = 8


@dataclass(frozen=True)
class ListedQuestion:
    url: str
    title: str
    pack_title: str
    uses_shown_scenario: bool


@dataclass(frozen=True)
class ScenarioQuestions:
    questions: list
    more: int


def questions_using(user, simulator, document=None, preset=None):
    """
    The questions `user` may see with a scenario for `simulator`, those whose scenario is the one
    shown (its `document`, or the `preset` it came from) first, or None when there are none.
    """
    available = visible_questions(user).filter(scenario_simulator=simulator)
    shown = Q(pk__in=[])
    if document is not None:
        shown |= Q(scenario_digest=document_digest(document))
    if preset is not None:
        shown |= Q(scenario_preset=preset)
    matching = list(available.filter(shown).select_related("pack")[:MAX_LISTED])
    others = list(available.exclude(shown).select_related("pack")[: MAX_LISTED - len(matching)])
    listed = [_listed(question, True) for question in matching]
    listed += [_listed(question, False) for question in others]
    if not listed:
        return None
    total = available.count() if len(listed) == MAX_LISTED else len(listed)
    return ScenarioQuestions(listed, total - len(listed))


def _listed(question, uses_shown_scenario):
    return ListedQuestion(
        url=question.get_absolute_url(),
        title=question.qid.replace("-", " ").capitalize(),
        pack_title=question.pack.title,
        uses_shown_scenario=uses_shown_scenario,
    )
