"""The end-of-set summary's arithmetic, without a database."""

from hypothesis import given
from hypothesis import strategies as st

from studyapp.questions.set_summary import summarise


@given(
    st.lists(st.integers(1, 50), unique=True, max_size=12).flatmap(
        lambda ids: st.tuples(
            st.just(ids),
            st.dictionaries(st.sampled_from(ids or [0]), st.booleans()),
            st.dictionaries(st.sampled_from(ids or [0]), st.sampled_from(["a", "b", ""])),
        )
    )
)
def test_the_per_topic_rows_add_up_to_the_score(case):
    ids, answers, topic_of = case
    answers = {key: value for key, value in answers.items() if key in ids}
    summary = summarise(ids, {str(key): value for key, value in answers.items()}, topic_of)
    assert summary.right == sum(answers.values())
    assert sum(row.right for row in summary.topics) == summary.right
    assert sum(row.total for row in summary.topics) == len(ids)
    assert set(summary.missed) | {k for k, v in answers.items() if v} == set(ids)
    assert summary.skipped == set(ids) - set(answers)
