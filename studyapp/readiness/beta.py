"""
The Beta and Beta-binomial distributions the readiness model reports its intervals with.
Plain Python (no scipy): the regularized incomplete beta function by its continued fraction
(Lentz's method, as in Numerical Recipes 6.4) and quantiles by bisection.
"""

import math
import statistics

_TINY = 1e-300
_EPSILON = 1e-12
_MAX_TERMS = 300
_MAX_STEPS = 100  # of the quantile search; bisection alone would halve [0, 1] to 1e-30
NORMAL_ABOVE = 400


def _continued_fraction(a, b, x):
    c = 1.0
    d = 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, _MAX_TERMS + 1):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((a - 1.0 + m2) * (a + m2)),
            -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1.0 + m2)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            step = c * d
            result *= step
        if abs(step - 1.0) < _EPSILON:
            break
    return result


def cdf(x, a, b):
    """P(X <= x) for X ~ Beta(a, b), a and b > 0."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    # The continued fraction converges fast only on this side of the mean; use the symmetry
    # I_x(a, b) = 1 - I_{1-x}(b, a) on the other.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _continued_fraction(a, b, x) / a
    return 1.0 - front * _continued_fraction(b, a, 1.0 - x) / b


def density(x, a, b):
    """The probability density of Beta(a, b) at 0 < x < 1."""
    return math.exp(
        (a - 1) * math.log(x)
        + (b - 1) * math.log1p(-x)
        + math.lgamma(a + b)
        - math.lgamma(a)
        - math.lgamma(b)
    )


def quantile(q, a, b):
    """The x with P(X <= x) = q for X ~ Beta(a, b)."""
    mean = a / (a + b)
    deviation = math.sqrt(mean * (1 - mean) / (a + b + 1))
    guess = statistics.NormalDist(mean, deviation).inv_cdf(q)
    if a + b > NORMAL_ABOVE:
        # The continued fraction needs about sqrt(a + b) terms; this far up the Beta is a
        # normal to within 1e-3 (tests/readiness/test_beta.py), below any figure shown.
        return min(1.0, max(0.0, guess))
    # Newton's method from the normal guess, kept inside a bracket that shrinks with every
    # step, and bisecting whenever Newton would leave it: a handful of steps, never lost.
    low, high = 0.0, 1.0
    x = min(1 - 1e-9, max(1e-9, guess))
    for _ in range(_MAX_STEPS):
        error = cdf(x, a, b) - q
        if abs(error) < _EPSILON:
            break
        if error < 0:
            low = x
        else:
            high = x
        slope = density(x, a, b)
        step = x - error / slope if slope > 0 else -1.0
        x = step if low < step < high else (low + high) / 2
        if high - low < _EPSILON:
            break
    return x


def binomial_pmf(n, a, b):
    """P(K = k), k = 0..n, for K ~ Beta-binomial(n, a, b): n draws at a rate from Beta(a, b)."""
    log_beta_ab = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return [
        math.exp(
            math.lgamma(n + 1)
            - math.lgamma(k + 1)
            - math.lgamma(n - k + 1)
            + math.lgamma(k + a)
            + math.lgamma(n - k + b)
            - math.lgamma(n + a + b)
            - log_beta_ab
        )
        for k in range(n + 1)
    ]


def binomial_quantile(pmf, q):
    """The smallest k with P(K <= k) >= q, for the probabilities `pmf` of k = 0..n."""
    cumulative = 0.0
    for k, probability in enumerate(pmf):
        cumulative += probability
        if cumulative >= q - 1e-12:
            return k
    return len(pmf) - 1
