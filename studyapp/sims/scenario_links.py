"""
Links that open a simulator on one scenario and its result: "Try it in the placement simulator"
under a question, and the links generated questions carry. Every simulator page reads the same
`?s=` value (sharing.py: the document as compressed JSON), runs its engine on the document
exactly as the link holds it, and fills its fields from it so the learner can go on editing.

A simulator whose page reads `?s=` is linkable once it has an entry in LINKED_PAGES: its page's
URL name, and its name in "Try it in the ...".

Questions reach this module through questions/scenarios.py, which the app's ready() fills: a
pack's `scenario:` is checked here with the simulator's own validator, and linked from here.
"""

from dataclasses import dataclass

from django.urls import reverse

from studyapp.questions.scenarios import ScenarioSupport, TryIt
from studyapp.sims import registry
from studyapp.sims.presets import UnknownPreset, load_preset, preset_names
from studyapp.sims.sharing import encode_scenario
from studyapp.sims.validation import InvalidInput


@dataclass(frozen=True)
class LinkedPage:
    url_name: str
    title: str


LINKED_PAGES = {
    "placement": LinkedPage("sims:placement", "placement simulator"),
    "fargate": LinkedPage("sims:fargate", "Fargate sizing simulator"),
    "capacity": LinkedPage("sims:capacity", "capacity provider simulator"),
    "rolling": LinkedPage("sims:rolling", "rolling update simulator"),
    "bluegreen": LinkedPage("sims:bluegreen", "blue/green deployment simulator"),
}


def try_it_url(simulator: str, document: dict) -> str | None:
    """
    The page of `simulator` showing `document` and its result, or None when the simulator has
    no page that reads a link or the document is too large to put in one. The document is not
    judged here: the page shows the simulator's own errors with their paths.
    """
    page = LINKED_PAGES.get(simulator)
    if page is None:
        return None
    encoded = encode_scenario(document)
    return None if encoded is None else f"{reverse(page.url_name)}?s={encoded}"


def question_scenario_support():
    """How questions check and open their scenarios (questions/scenarios.py)."""
    return ScenarioSupport(check=check_scenario, link=scenario_try_it)


def scenario_document(scenario):
    """The document a question's scenario runs: its own, or its preset's (presets.py)."""
    if scenario.preset is None:
        return scenario.document
    return load_preset(scenario.preset, scenario.simulator)


def check_scenario(scenario):
    """The simulator's own validator on a question's scenario: problem texts, [] when it runs."""
    if scenario.simulator not in LINKED_PAGES:
        names = ", ".join(LINKED_PAGES)
        return [f"there is no simulator {scenario.simulator!r}; the simulators are {names}"]
    presets = preset_names(scenario.simulator)
    if scenario.preset is not None and not presets:
        return [f"the {scenario.simulator} simulator has no presets; give a JSON document"]
    try:
        registry.run(scenario.simulator, scenario_document(scenario))
    except UnknownPreset:
        return [f"there is no preset {scenario.preset!r}; the presets are {', '.join(presets)}"]
    except InvalidInput as invalid:
        return [
            f"{problem.path}: {problem.message}" if problem.path else problem.message
            for problem in invalid.problems
        ]
    if scenario_url(scenario) is None:
        return ["the scenario is too large to open from a link; make it smaller"]
    return []


def scenario_url(scenario):
    """The simulator page showing a question's scenario and its result, or None."""
    if scenario.preset is not None:
        return f"{reverse(LINKED_PAGES[scenario.simulator].url_name)}?preset={scenario.preset}"
    return try_it_url(scenario.simulator, scenario.document)


def scenario_try_it(scenario):
    """A question's "Try it in the ..." link, or None when its simulator has no linked page."""
    url = scenario_url(scenario)
    if url is None:
        return None
    return TryIt(url, LINKED_PAGES[scenario.simulator].title)
