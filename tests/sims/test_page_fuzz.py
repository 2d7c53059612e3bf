"""
A share link carries any JSON its sender wrote, and each simulator page reads `?s=` into its
form before its engine validates the document: whatever the link holds, the page answers with
the simulator's own problems (or its result), never a 500.
"""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from studyapp.sims.scenario_links import LINKED_PAGES, try_it_url
from tests.sims.test_api_fuzz import SEEDS, hostile, mutated

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(LINKED_PAGES))
@hypothesis_settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_share_link_never_breaks_its_simulator_page(name, data):
    document = data.draw(mutated(SEEDS[name]) | hostile, label="document")
    try:
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 link can carry it
        return
    url = try_it_url(name, document)
    if url is None:  # too long for a link: nothing to open
        return
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code in (200, 400), response.status_code
