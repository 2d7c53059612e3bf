from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """
    A simulator page lists the questions with a scenario there, read from the database: every
    test here that fetches pages with the test client may use it.
    """
    for item in items:
        if "client" in getattr(item, "fixturenames", ()) and HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.django_db)
