"""
The questions a simulator page lists: those the visitor may see whose scenario runs in this
simulator. A question the visitor has answered whose scenario is the one on the page comes first,
marked; no other is marked or moved, because the mark and the order would give away which
question the scenario on the page answers (a preset named after a question's key, a constraint
that is the key). A page lists at most MAX_LISTED and says how many more there are.
"""

from dataclasses import dataclass

from django.db.models import Q

from studyapp.questions.models import Attempt
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


def questions_using(learner, simulator, document=None, preset=None):
    """
    The questions `learner` (practice.Learner) may see with a scenario for `simulator`, those they
    have answered whose scenario is the one shown (its `document`, or the `preset` it came from)
    first, or None when there are none.
    """
    available = visible_questions(learner.user).filter(scenario_simulator=simulator)
    shown = Q(pk__in=[])
    if document is not None:
        shown |= Q(scenario_digest=document_digest(document))
    if preset is not None:
        shown |= Q(scenario_preset=preset)
    shown &= Q(pk__in=_answered_by(learner))
    matching = list(available.filter(shown).select_related("pack")[:MAX_LISTED])
    others = list(available.exclude(shown).select_related("pack")[: MAX_LISTED - len(matching)])
    listed = [_listed(question, True) for question in matching]
    listed += [_listed(question, False) for question in others]
    if not listed:
        return None
    total = available.count() if len(listed) == MAX_LISTED else len(listed)
    return ScenarioQuestions(listed, total - len(listed))


def _answered_by(learner):
    if learner.user is not None:
        attempts = Attempt.objects.filter(user=learner.user)
    elif learner.session_key:
        attempts = Attempt.objects.filter(user=None, session_key=learner.session_key)
    else:
        attempts = Attempt.objects.none()
    return attempts.values("question_id")


def _listed(question, uses_shown_scenario):
    return ListedQuestion(
        url=question.get_absolute_url(),
        title=question.qid.replace("-", " ").capitalize(),
        pack_title=question.pack.title,
        uses_shown_scenario=uses_shown_scenario,
    )
