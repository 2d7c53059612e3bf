import pytest


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """
    Run a write as a request outside the test's transaction would: it commits, and what waits
    for the commit (the evidence version's move, core/evidence_versions.py) runs.
    """

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run
