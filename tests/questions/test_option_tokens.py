from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.questions.option_tokens import OptionTokens, UnknownToken


def options(count):
    return [SimpleNamespace(position=position) for position in range(count)]


@given(st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=10**9))
def test_every_position_maps_back_from_its_token_and_no_token_names_it(count, question_id):
    tokens = OptionTokens.new_showing(question_id)
    other_showing = OptionTokens.new_showing(question_id)
    by_position = {position: tokens.token(position) for position in range(count)}
    assert len(set(by_position.values())) == count
    for position, token in by_position.items():
        assert tokens.positions([token], range(count)) == {position}
        # A token names no position: the same position has another token in another showing.
        assert other_showing.token(position) != token
    assert tokens.positions(by_position.values(), range(count)) == set(range(count))


def test_a_showing_posted_back_has_the_same_tokens_and_order():
    shown = OptionTokens.new_showing(7)
    posted = OptionTokens.posted_showing(7, shown.showing_id)
    assert [posted.token(p) for p in range(5)] == [shown.token(p) for p in range(5)]
    assert posted.shuffled(options(5)) == shown.shuffled(options(5))


def test_tokens_belong_to_one_question_and_one_showing():
    shown = OptionTokens.new_showing(7)
    other_question = OptionTokens.posted_showing(8, shown.showing_id)
    other_showing = OptionTokens.new_showing(7)
    for other in (other_question, other_showing, OptionTokens.of_sitting_question(7)):
        with pytest.raises(UnknownToken):
            shown.positions([other.token(0)], range(4))


@pytest.mark.parametrize("showing_id", [None, "", "short", "x" * 17, "a" * 15 + "!", ["a" * 16]])
def test_only_showing_ids_this_app_makes_are_read(showing_id):
    assert OptionTokens.posted_showing(1, showing_id) is None


def test_positions_refuses_anything_but_a_token_of_this_showing():
    tokens = OptionTokens.of_sitting_question(3)
    for value in ("0", "1", tokens.token(9), tokens.token(0).upper(), ""):
        with pytest.raises(UnknownToken):
            tokens.positions([tokens.token(0), value], range(4))


def test_the_order_differs_between_showings_and_keeps_every_option():
    orders = {
        tuple(o.position for o in OptionTokens.new_showing(1).shuffled(options(4)))
        for _ in range(40)
    }
    assert all(sorted(order) == [0, 1, 2, 3] for order in orders)
    assert len(orders) > 1
    assert {order[0] for order in orders} != {0}
