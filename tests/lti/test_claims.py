from hypothesis import given
from hypothesis import strategies as st

from studyapp.lti import claims

LTI = claims.LTI
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


def good():
    return {
        "sub": "u1",
        LTI + "roles": ["Learner"],
        LTI + "context": {"id": "c1", "title": "Course"},
        LTI + "resource_link": {"id": "r1"},
        LTI + "custom": {"studyapp_target": "exam"},
    }


def test_a_well_formed_launch_has_no_problems():
    assert claims.problems(good()) == []


def test_each_problem_names_its_json_path():
    body = good()
    body["sub"] = 7
    body[LTI + "context"]["title"] = "x" * 501
    body[LTI + "roles"] = "Learner"
    body[LTI + "custom"]["n"] = 3
    assert claims.problems(body) == [
        "$.sub must be a string",
        f'$."{LTI}context".title is longer than 500 characters',
        f'$."{LTI}roles" must be a list of strings',
        f'$."{LTI}custom".n must be a string of at most 1000 characters',
    ]


def test_a_claim_that_should_be_an_object_is_named():
    body = good()
    body[LTI + "context"] = ["c1"]
    assert claims.problems(body) == [f'$."{LTI}context" must be an object']


@given(st.dictionaries(st.sampled_from([*good(), "email", LTI + "tool_platform"]), json_values))
def test_any_claims_give_a_list_of_messages(body):
    assert all(isinstance(problem, str) for problem in claims.problems(body))
