"""
Links that open a simulator on one scenario and its result: "Try it in the placement simulator"
under a question, and the links generated questions carry. Every simulator page reads the same
`?s=` value (sharing.py: the document as compressed JSON), runs its engine on the document
exactly as the link holds it, and fills its fields from it so the learner can go on editing.

A simulator whose page reads `?s=` is linkable once it has an entry in LINKED_PAGES.
"""

from django.urls import reverse

from studyapp.sims.sharing import encode_scenario

LINKED_PAGES = {
    "placement": "sims:placement",
    "fargate": "sims:fargate",
    "capacity": "sims:capacity",
    "rolling": "sims:rolling",
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
    return None if encoded is None else f"{reverse(page)}?s={encoded}"
