from studyapp.sims.validation import InvalidInput, Problem, child


def test_paths_join_members_and_items():
    assert child("", "placementStrategy") == "placementStrategy"
    assert child("placementStrategy", 1) == "placementStrategy[1]"
    assert child("placementStrategy[1]", "field") == "placementStrategy[1].field"


def test_invalid_input_serialises_every_problem():
    error = InvalidInput(
        [Problem("count", "must be at least 1"), Problem("", "the document must be an object")]
    )
    assert error.as_dict() == {
        "errors": [
            {"path": "count", "message": "must be at least 1"},
            {"path": "", "message": "the document must be an object"},
        ]
    }
    assert str(error) == "count: must be at least 1; (document): the document must be an object"
