import random
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.exam import rules


def test_65_questions_split_by_the_exam_weights():
    plan = rules.plan_draw({1: 100, 2: 100, 3: 100, 4: 100}, 65)
    # 32/26/24/18 % of 65 = 20.8, 16.9, 15.6, 11.7 -> largest remainders round up 1, 2 and 4.
    assert plan.quotas == {1: 21, 2: 17, 3: 15, 4: 12}
    assert plan.total == 65
    assert plan.shortfalls == {}


@given(st.integers(min_value=1, max_value=300))
def test_quotas_always_add_up_to_the_request(count):
    assert sum(rules.plan_draw({}, count).quotas.values()) == count


def test_a_short_domain_gives_what_it_has_and_the_sitting_is_shorter():
    plan = rules.plan_draw({1: 30, 2: 5, 3: 30, 4: 30}, 65)
    assert plan.shortfalls == {2: 12}
    assert plan.per_domain() == {1: 21, 2: 5, 3: 15, 4: 12}
    assert plan.total == 53


def test_draw_takes_each_domains_quota_without_repeats():
    ids = {d: list(range(d * 100, d * 100 + 50)) for d in (1, 2, 3, 4)}
    plan = rules.plan_draw({d: 50 for d in ids}, 20)
    chosen = rules.draw(ids, plan, random.Random(3))
    assert len(chosen) == len(set(chosen)) == 20
    by_domain = {d: sum(1 for q in chosen if q // 100 == d) for d in ids}
    assert by_domain == plan.per_domain()


def test_draw_is_reproducible_with_a_seed():
    ids = {1: list(range(40))}
    plan = rules.plan_draw({1: 40}, 10)
    assert rules.draw(ids, plan, random.Random(5)) == rules.draw(ids, plan, random.Random(5))


@pytest.mark.parametrize(
    ("selected", "correct", "right"),
    [
        ([1], [1], True),
        ([0], [1], False),
        ([], [1], False),
        ([1, 3], [1, 3], True),
        ([1], [1, 3], False),
        ([1, 2, 3], [1, 3], False),
    ],
)
def test_multiple_response_is_right_only_with_exactly_the_right_set(selected, correct, right):
    assert rules.is_right(selected, correct) is right


def test_scaled_score_anchors():
    assert rules.scaled_score(0) == 100
    assert rules.scaled_score(0.72) == 720
    assert rules.scaled_score(1) == 1000
    assert rules.scaled_score(0.36) == 410


def test_score_reports_domains_and_pass():
    items = [(1, [0], [0]), (1, [1], [0]), (2, [], [2]), (3, [0, 1], [0, 1])]
    result = rules.score(items)
    assert (result.correct, result.total, result.percent) == (2, 4, 50.0)
    assert result.by_domain[1] == {"correct": 1, "total": 2, "percent": 50.0}
    assert result.by_domain[2]["correct"] == 0
    assert not result.passed


def test_options_come_in_the_sittings_order_with_later_changes_at_the_end():
    options = [SimpleNamespace(position=position) for position in (0, 1, 2, 4)]
    ordered = rules.in_sitting_order(options, [2, 3, 0, 1])
    assert [option.position for option in ordered] == [2, 0, 1, 4]


@given(st.lists(st.tuples(st.sampled_from(["ecr", "iam", ""]), st.booleans()), max_size=80))
def test_tally_counts_each_groups_right_answers_of_its_total(outcomes):
    groups = rules.tally(outcomes)
    assert list(groups) == list(dict.fromkeys(group for group, _ in outcomes))
    for group, row in groups.items():
        mine = [right for g, right in outcomes if g == group]
        assert row["total"] == len(mine)
        assert row["correct"] == sum(mine)
        assert row["percent"] == round(100 * sum(mine) / len(mine), 1)


def test_each_preset_keeps_two_minutes_a_question():
    assert {key: (p.questions, p.minutes) for key, p in rules.PRESETS.items()} == {
        "short": (10, 20),
        "half": (20, 40),
        "full": (65, 130),
    }
