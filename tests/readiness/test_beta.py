"""The Beta and Beta-binomial helpers against closed forms."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.readiness import beta

shapes = st.floats(min_value=0.2, max_value=300)


@given(st.floats(min_value=0, max_value=1))
def test_a_uniform_beta_has_the_identity_as_its_distribution(x):
    assert beta.cdf(x, 1, 1) == pytest.approx(x, abs=1e-9)


@given(st.floats(min_value=0.01, max_value=0.99), shapes)
def test_beta_a_1_has_the_closed_form_distribution(x, b):
    # Beta(1, b) has the distribution 1 - (1 - x)^b.
    assert beta.cdf(x, 1, b) == pytest.approx(1 - (1 - x) ** b, abs=1e-9)


@given(shapes, shapes, st.floats(min_value=0.05, max_value=0.95))
def test_the_quantile_inverts_the_distribution(a, b, q):
    x = beta.quantile(q, a, b)
    assert 0 <= x <= 1
    if a + b <= beta.NORMAL_ABOVE:
        assert beta.cdf(x, a, b) == pytest.approx(q, abs=1e-4)


@pytest.mark.parametrize(("a", "b"), [(300, 150), (20, 700), (500, 500)])
def test_the_normal_shortcut_for_large_shapes_agrees_with_bisection(a, b):
    for q in (0.1, 0.5, 0.9):
        low, high = 0.0, 1.0
        for _ in range(60):
            middle = (low + high) / 2
            low, high = (middle, high) if beta.cdf(middle, a, b) < q else (low, middle)
        assert beta.quantile(q, a, b) == pytest.approx(low, abs=1e-3)


@given(st.integers(min_value=0, max_value=65), shapes, shapes)
def test_beta_binomial_probabilities_add_up_to_one(n, a, b):
    assert math.fsum(beta.binomial_pmf(n, a, b)) == pytest.approx(1, abs=1e-9)


def test_beta_binomial_with_a_uniform_rate_is_uniform_over_counts():
    assert beta.binomial_pmf(9, 1, 1) == pytest.approx([0.1] * 10)


def test_binomial_quantile_is_the_first_count_reaching_the_share():
    pmf = [0.2, 0.3, 0.5]
    assert [beta.binomial_quantile(pmf, q) for q in (0.1, 0.2, 0.21, 0.5, 0.9, 1.0)] == [
        0,
        0,
        1,
        1,
        2,
        2,
    ]
