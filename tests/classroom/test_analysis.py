"""Item analysis on a hand-computed example, and against the textbook correlation."""

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.classroom.analysis import ItemSums, combined, item_statistics

# Five students x three questions (1 = right on the first attempt).
#            q1 q2 q3
#   ann       1  1  1
#   ben       1  1  0
#   cat       1  0  0
#   dan       0  0  0
#   eve       1  1  1
SCORES = {
    "ann": {1: 1, 2: 1, 3: 1},
    "ben": {1: 1, 2: 1, 3: 0},
    "cat": {1: 1, 2: 0, 3: 0},
    "dan": {1: 0, 2: 0, 3: 0},
    "eve": {1: 1, 2: 1, 3: 1},
}


def analyse(question_ids, scores):
    """The sums the database adds up (classroom.services), here from a table of scores."""
    totals = {student: sum(row.values()) for student, row in scores.items()}
    results = []
    for question_id in question_ids:
        takers = [(row[question_id], totals[s]) for s, row in scores.items() if question_id in row]
        sums = ItemSums(
            question_id,
            takers=len(takers),
            right=sum(x for x, _ in takers),
            totals=sum(t for _, t in takers),
            totals_squared=sum(t * t for _, t in takers),
            right_times_totals=sum(x * t for x, t in takers),
        )
        results.append(item_statistics(sums))
    return results


def test_facility_is_the_mean_score_as_a_percentage():
    stats = {s.question_id: s for s in analyse([1, 2, 3], SCORES)}
    assert stats[1].facility == 80.0
    assert stats[2].facility == 60.0
    assert stats[3].facility == 40.0


def test_discrimination_is_the_correlation_with_the_rest_of_the_test():
    # q2: item = [1,1,0,0,1]; rest (q1+q3) = [2,1,1,0,2].
    # mean item 0.6, mean rest 1.2; cov = 0.4*0.8+0.4*-0.2+-0.6*-0.2+-0.6*-1.2+0.4*0.8 = 1.4
    # var item = 3*0.16 + 2*0.36 = 1.2; var rest = 0.64+0.04+0.04+1.44+0.64 = 2.8
    # r = 1.4 / sqrt(1.2 * 2.8) = 0.7638 -> 76.4
    stats = {s.question_id: s for s in analyse([1, 2, 3], SCORES)}
    assert stats[2].discrimination == 76.4
    # q1: item = [1,1,1,0,1] (mean 0.8); rest (q2+q3) = [2,1,0,0,2] (mean 1.0)
    # cov = 0.2*1 + 0.2*0 + 0.2*-1 + -0.8*-1 + 0.2*1 = 1.0; var item 0.8; var rest 4.0
    # r = 1.0 / sqrt(0.8 * 4.0) = 0.5590 -> 55.9
    assert stats[1].discrimination == 55.9


def test_flags_follow_moodles_thresholds():
    scores = {f"s{n}": {1: 1, 2: 1 if n < 1 else 0, 3: n % 2} for n in range(10)}
    stats = {s.question_id: s for s in analyse([1, 2, 3], scores)}
    assert stats[1].flags == ["too easy"]  # facility 100
    assert "too hard" in stats[2].flags  # facility 10
    assert stats[1].discrimination is None  # everyone right: nothing to correlate


def test_unattempted_questions_have_no_statistics():
    [stats] = analyse([9], SCORES)
    assert (stats.attempts, stats.facility, stats.discrimination) == (0, None, None)


def test_too_few_students_for_a_discrimination():
    [stats] = analyse([1], {"ann": {1: 1, 2: 0}, "ben": {1: 0, 2: 1}})
    assert (stats.attempts, stats.facility, stats.discrimination) == (2, 50.0, None)


score_tables = st.dictionaries(
    st.integers(0, 40),
    st.dictionaries(st.integers(1, 6), st.integers(0, 1), min_size=1),
    min_size=3,
)


@given(score_tables)
def test_the_sums_give_the_textbook_correlation(scores):
    for stats in analyse(range(1, 7), scores):
        takers = [row for row in scores.values() if stats.question_id in row]
        item = [row[stats.question_id] for row in takers]
        rest = [sum(row.values()) - row[stats.question_id] for row in takers]
        if len(item) < 3 or len(set(item)) < 2 or len(set(rest)) < 2:
            assert stats.discrimination is None
        else:
            expected = statistics.correlation(item, rest)
            assert stats.discrimination == pytest.approx(round(100 * expected, 1), abs=0.11)
            assert -100 <= stats.discrimination <= 100


@given(
    st.lists(st.tuples(st.integers(0, 1), st.integers(0, 5)), min_size=1, max_size=20),
    st.integers(0, 20),
)
def test_combining_two_groups_gives_the_statistics_of_the_whole(pairs, split):
    """Sums are additive: two classes combined analyse like one class of all their students."""

    def sums(group):
        return ItemSums(
            1,
            takers=len(group),
            right=sum(x for x, _ in group),
            totals=sum(x + rest for x, rest in group),
            totals_squared=sum((x + rest) ** 2 for x, rest in group),
            right_times_totals=sum(x * (x + rest) for x, rest in group),
        )

    together = item_statistics(sums(pairs))
    apart = item_statistics(combined(sums(pairs[:split]), sums(pairs[split:])))
    assert apart == together
